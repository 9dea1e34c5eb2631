"""The Pod of a user's notebook server, built as a manifest."""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .._core.convert import Irregular, convert_irregular, fast_converter, is_model, to_wire
from .._core.errors import (
    DUPLICATE,
    NO_VALUE,
    WRONG_TYPE,
    Problem,
    combined,
    raise_for,
)
from .._rules import check_pod
from .origins import Wiring
from .overrides import apply_overrides

NOTEBOOK = "spec.containers[0]"
SSL_VOLUME = "jupyterhub-internal-certs"
SSL_FILES = {
    "JUPYTERHUB_SSL_KEYFILE": "ssl.key",
    "JUPYTERHUB_SSL_CERTFILE": "ssl.crt",
    "JUPYTERHUB_SSL_CLIENT_CA": "notebooks-ca_trust.crt",
}
_ENV_REFERENCE = re.compile(r"\$\(([^)]+)\)")
_convert_env_var = fast_converter("V1EnvVar")
# {resources section: the parameters of its cpu, its memory and its further resources}
_RESOURCE_PARAMETERS = {
    "limits": ("cpu_limit", "mem_limit", "extra_resource_limits"),
    "requests": ("cpu_guarantee", "mem_guarantee", "extra_resource_guarantees"),
}
# Field paths are formatted once, here, not on every call.
# {resources section: its path, its cpu's and its memory's}
_RESOURCE_PATHS = {
    section: (path, f"{path}.cpu", f"{path}.memory")
    for section, path in (
        (section, f"{NOTEBOOK}.resources.{section}") for section in _RESOURCE_PARAMETERS
    )
}
_REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
_PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"
_NODE_PREFERRED_PATH = f"spec.affinity.nodeAffinity.{_PREFERRED}"
_NODE_TERMS_PATH = f"spec.affinity.nodeAffinity.{_REQUIRED}.nodeSelectorTerms"
# (affinity field, its preferred and its required terms' parameter and path)
_POD_AFFINITIES = tuple(
    (
        field,
        preferred,
        required,
        f"spec.affinity.{field}.{_PREFERRED}",
        f"spec.affinity.{field}.{_REQUIRED}",
    )
    for field, preferred, required in (
        ("podAffinity", "pod_affinity_preferred", "pod_affinity_required"),
        ("podAntiAffinity", "pod_anti_affinity_preferred", "pod_anti_affinity_required"),
    )
)

default_logger = logging.getLogger("kubespawner.objects")


def make_pod_manifest(
    name: str,
    cmd: Sequence[str] | None,
    port: int,
    image: str,
    image_pull_policy: str | None = None,
    image_pull_secrets: Sequence[str | Mapping[str, Any] | Any] | None = None,
    node_selector: Mapping[str, str] | None = None,
    uid: int | None = None,
    gid: int | None = None,
    fs_gid: int | None = None,
    supplemental_gids: Sequence[int] | None = None,
    privileged: bool = False,
    allow_privilege_escalation: bool | None = True,
    container_security_context: Mapping[str, Any] | Any | None = None,
    pod_security_context: Mapping[str, Any] | Any | None = None,
    env: Mapping[str, str | Mapping[str, Any] | Any] | None = None,
    working_dir: str | None = None,
    volumes: Sequence[Mapping[str, Any] | Any] | None = None,
    volume_mounts: Sequence[Mapping[str, Any] | Any] | None = None,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
    cpu_limit: float | str | None = None,
    cpu_guarantee: float | str | None = None,
    mem_limit: str | int | None = None,
    mem_guarantee: str | int | None = None,
    extra_resource_limits: Mapping[str, str | float] | None = None,
    extra_resource_guarantees: Mapping[str, str | float] | None = None,
    lifecycle_hooks: Mapping[str, Any] | Any | None = None,
    init_containers: Sequence[Mapping[str, Any] | Any] | None = None,
    service_account: str | None = None,
    automount_service_account_token: bool | None = None,
    extra_container_config: Mapping[str, Any] | Any | None = None,
    extra_pod_config: Mapping[str, Any] | Any | None = None,
    extra_containers: Sequence[Mapping[str, Any] | Any] | None = None,
    scheduler_name: str | None = None,
    tolerations: Sequence[Mapping[str, Any] | Any] | None = None,
    node_affinity_preferred: Sequence[Mapping[str, Any] | Any] | None = None,
    node_affinity_required: Sequence[Mapping[str, Any] | Any] | None = None,
    pod_affinity_preferred: Sequence[Mapping[str, Any] | Any] | None = None,
    pod_affinity_required: Sequence[Mapping[str, Any] | Any] | None = None,
    pod_anti_affinity_preferred: Sequence[Mapping[str, Any] | Any] | None = None,
    pod_anti_affinity_required: Sequence[Mapping[str, Any] | Any] | None = None,
    priority_class_name: str | None = None,
    ssl_secret_name: str | None = None,
    ssl_secret_mount_path: str | None = None,
    logger: logging.Logger | logging.LoggerAdapter[Any] | None = None,
) -> dict[str, Any]:
    """Make a k8s pod specification for running a user notebook.

    Parameters:
      name: Name of the pod, unique in its namespace. The API server accepts
        a DNS subdomain (lowercase alphanumerics, '-' and '.', at most 253
        characters); a DNS label (at most 63, no '.') is safest, since the
        pod's hostname is derived from it.
      cmd: The command that starts the single-user server, as a list of
        strings; it becomes the container's ``args`` (the image's entrypoint
        is kept). None leaves the image's default.
      port: Port the notebook server listens on (1-65535); exposed as
        ``notebook-port``.
      image: Image to run, as given to ``docker pull`` (``name:tag``).
      image_pull_policy: ``Always``, ``IfNotPresent`` or ``Never``; None
        leaves the field out, and ``""`` is written as given (the API server
        fills in its default for either).
      image_pull_secrets: Secrets with registry credentials: a list of secret
        names, or of ``{"name": ...}`` references.
      node_selector: Node labels the pod's node must carry.
      uid: User id the notebook container runs as; None keeps the image's user.
      gid: Primary group id of the notebook container; None keeps the
        image's group.
      fs_gid: Group that owns fresh volumes mounted into the pod (the pod's
        ``fsGroup``); the user should be a member of it.
      supplemental_gids: Extra group ids for the pod's processes.
      privileged: Run the notebook container privileged (off by default).
      allow_privilege_escalation: Whether a process may gain more privileges
        than its parent. True or None leaves the field unset; False sets it
        to false.
      container_security_context: A Kubernetes ``SecurityContext`` (camelCase
        keys only) for the notebook container; its keys win over ``uid``,
        ``gid``, ``privileged`` and ``allow_privilege_escalation``.
      pod_security_context: A Kubernetes ``PodSecurityContext`` (camelCase keys
        only); its keys win over ``fs_gid`` and ``supplemental_gids``.
      env: Environment variables of the notebook container: a string value,
        or a full ``EnvVar`` (e.g. with ``valueFrom``) whose ``name`` defaults
        to the key. A variable that refers to others with ``$(NAME)`` is
        placed after them.
      working_dir: Working directory of the notebook container.
      volumes: Kubernetes ``Volume`` objects of the pod.
      volume_mounts: Kubernetes ``VolumeMount`` objects of the notebook
        container; each names one of ``volumes``.
      labels: Labels of the pod.
      annotations: Annotations of the pod.
      cpu_limit: Most CPU cores the notebook may use: a number (``0.5``
        becomes ``500m``) or a quantity string.
      cpu_guarantee: CPU cores the scheduler reserves for the notebook.
      mem_limit: Most memory the notebook may use: a quantity string such as
        ``1Gi`` or ``512M``, or a number of bytes.
      mem_guarantee: Memory the scheduler reserves for the notebook.
      extra_resource_limits: Further limits, such as ``{"nvidia.com/gpu": 1}``.
      extra_resource_guarantees: Further requests.
      lifecycle_hooks: A Kubernetes ``Lifecycle`` (``postStart``, ``preStop``)
        of the notebook container.
      init_containers: Kubernetes ``Container`` objects run before the notebook.
      service_account: Service account of the pod. Without one, and with
        ``automount_service_account_token`` None, no API token is mounted.
      automount_service_account_token: Whether to mount the service account's
        API token; None means "only with a service_account".
      extra_container_config: Further ``Container`` fields of the notebook
        container (e.g. ``envFrom``); each key replaces the generated field.
      extra_pod_config: Further ``PodSpec`` fields (e.g. ``dnsPolicy``); each
        key replaces the generated field.
      extra_containers: Kubernetes ``Container`` objects run beside the
        notebook (sidecars).
      scheduler_name: The scheduler that places the pod.
      tolerations: Kubernetes ``Toleration`` objects, letting the pod run on
        tainted nodes.
      node_affinity_preferred: ``PreferredSchedulingTerm`` objects.
      node_affinity_required: ``NodeSelectorTerm`` objects.
      pod_affinity_preferred: ``WeightedPodAffinityTerm`` objects.
      pod_affinity_required: ``PodAffinityTerm`` objects.
      pod_anti_affinity_preferred: ``WeightedPodAffinityTerm`` objects.
      pod_anti_affinity_required: ``PodAffinityTerm`` objects.
      priority_class_name: The PriorityClass of the pod.
      ssl_secret_name: Secret holding the server's TLS files; with
        ``ssl_secret_mount_path`` it is mounted and the ``JUPYTERHUB_SSL_*``
        variables point to ``ssl.key``, ``ssl.crt`` and
        ``notebooks-ca_trust.crt`` inside it, replacing the values ``env``
        gives them (JupyterHub's ``get_env()`` sets them to the hub's own
        paths). None or an empty string turns internal SSL off.
      ssl_secret_mount_path: Directory where that secret is mounted; None or
        an empty string turns internal SSL off.
      logger: Receives a warning whenever ``extra_container_config`` or
        ``extra_pod_config`` replaces a non-empty generated value, and a
        debug line for each ``env`` variable the SSL options replace; the
        ``kubespawner.objects`` logger when None.

    Every mapping and list may use Kubernetes' camelCase field names, the
    client's snake_case attribute names, or client model instances, at any
    depth. Arguments are never modified. A falsy value of a type the parameter
    does not take (``labels=0``, ``tolerations=""``) is a wrong type, not a way
    to leave a field out.

    Returns:
      The pod as a plain manifest dict (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        field path and parameter; InvalidTypeError (also a TypeError) when a
        value has a wrong type.
    """
    # Each step converts its parameters in turn; the order of the steps is the order of the
    # problems in an error and of the fields in the manifest.
    wire = Wiring()
    log = default_logger if logger is None else _checked_logger(logger)
    metadata = wire.metadata(name, labels, annotations)
    container = _notebook_container(wire, image, cmd, image_pull_policy, port, working_dir)
    ssl_mount_path = _ssl_mount_path(wire, ssl_secret_name, ssl_secret_mount_path)
    container["env"] = env_entries = _notebook_env(wire, env, ssl_mount_path, log)
    if lifecycle_hooks:
        container["lifecycle"] = wire.convert(
            lifecycle_hooks, "V1Lifecycle", "spec.containers[0].lifecycle", "lifecycle_hooks"
        )
    elif lifecycle_hooks is not None:  # {}, KubeSpawner's default: no lifecycle, as there
        _check_unset(
            wire, lifecycle_hooks, "V1Lifecycle", "spec.containers[0].lifecycle", "lifecycle_hooks"
        )
    # Both sections are always present.
    container["resources"] = {
        "limits": _resources(wire, "limits", cpu_limit, mem_limit, extra_resource_limits),
        "requests": _resources(
            wire, "requests", cpu_guarantee, mem_guarantee, extra_resource_guarantees
        ),
    }
    container["volumeMounts"] = _notebook_mounts(wire, volume_mounts, ssl_mount_path)
    security_context = _container_security_context(
        wire, uid, gid, privileged, allow_privilege_escalation, container_security_context
    )
    if security_context:
        container["securityContext"] = security_context

    spec: dict[str, Any] = {"containers": [container], "restartPolicy": "OnFailure"}
    _add_pull_secrets(wire, spec, image_pull_secrets)
    if node_selector:
        spec["nodeSelector"] = wire.convert(
            node_selector, "{str}", "spec.nodeSelector", "node_selector"
        )
    elif node_selector is not None:
        _check_unset(wire, node_selector, "{str}", "spec.nodeSelector", "node_selector")
    pod_context = _pod_security_context(wire, fs_gid, supplemental_gids, pod_security_context)
    if pod_context:
        spec["securityContext"] = pod_context
    _add_service_account(wire, spec, service_account, automount_service_account_token)
    if init_containers:
        spec["initContainers"] = wire.convert(
            init_containers, "[V1Container]", "spec.initContainers", "init_containers"
        )
    elif init_containers is not None:
        _check_unset(
            wire, init_containers, "[V1Container]", "spec.initContainers", "init_containers"
        )
    ssl_secret = ssl_secret_name if ssl_mount_path is not None else None
    spec["volumes"] = _pod_volumes(wire, volumes, ssl_secret)
    _add_scheduling(
        wire,
        spec,
        scheduler_name,
        tolerations,
        {
            "node_affinity_preferred": node_affinity_preferred,
            "node_affinity_required": node_affinity_required,
            "pod_affinity_preferred": pod_affinity_preferred,
            "pod_affinity_required": pod_affinity_required,
            "pod_anti_affinity_preferred": pod_anti_affinity_preferred,
            "pod_anti_affinity_required": pod_anti_affinity_required,
        },
        priority_class_name,
    )
    _apply_extras(
        wire,
        spec,
        extra_container_config,
        extra_containers,
        extra_pod_config,
        log,
    )

    manifest = {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec}
    # The rules run even on a call with wrong types, so one error lists everything.
    found = check_pod(manifest)
    if found or wire.problems:
        what = f"Pod {name!r}" if isinstance(name, str) else "Pod"
        rule_problems = wire.origins.attribute(found)
        if rule_problems and container.get("env") is env_entries:  # not replaced by an extra
            rule_problems = _env_by_name(rule_problems, env_entries)
        raise_for(combined(wire.problems, rule_problems), what)
    return manifest


def _checked_logger(logger: Any) -> logging.Logger | logging.LoggerAdapter[Any]:
    """``logger``; anything without ``warning`` and ``debug`` is refused now, not found
    out when a warning happens to be logged."""
    if not (
        callable(getattr(logger, "warning", None)) and callable(getattr(logger, "debug", None))
    ):
        raise TypeError(
            "logger must be a logging.Logger or LoggerAdapter (or have their warning and "
            f"debug methods), not {type(logger).__name__}"
        )
    return logger  # type: ignore[no-any-return]


def _env_by_name(problems: list[Problem], entries: list[dict[str, Any]]) -> list[Problem]:
    """``problems`` with the notebook's variables named as ``env`` names them.

    ``env`` is a mapping whose entries the pod lists sorted, so an index would not say
    which variable is meant; named, a rule problem also matches the conversion problem
    that already reported it.
    """
    prefix = f"{NOTEBOOK}.env["
    named = []
    for problem in problems:
        if problem.path.startswith(prefix):
            index, _, rest = problem.path[len(prefix) :].partition("]")
            if index.isdigit() and int(index) < len(entries):
                name = entries[int(index)].get("name")
                if isinstance(name, str):
                    problem = replace(problem, path=f"{prefix}{name!r}]{rest}")
        named.append(problem)
    return named


def _notebook_container(
    wire: Wiring, image: Any, cmd: Any, image_pull_policy: Any, port: Any, working_dir: Any
) -> dict[str, Any]:
    """The notebook container's name, image, command, pull policy, port and working directory."""
    container: dict[str, Any] = {
        "name": "notebook",
        "image": wire.convert(image, "str", "spec.containers[0].image", "image"),
    }
    if cmd is not None:
        container["args"] = wire.convert(cmd, "[str]", "spec.containers[0].args", "cmd")
    if image_pull_policy is not None:
        # Checked with the rest of the pod, by the API server's rule: "" is accepted there.
        container["imagePullPolicy"] = wire.convert(
            image_pull_policy, "str", "spec.containers[0].imagePullPolicy", "image_pull_policy"
        )
    container["ports"] = [
        {
            "name": "notebook-port",
            "containerPort": wire.convert(
                port, "int", "spec.containers[0].ports[0].containerPort", "port"
            ),
        }
    ]
    if working_dir is not None:
        container["workingDir"] = wire.convert(
            working_dir, "str", "spec.containers[0].workingDir", "working_dir"
        )
    return container


def _ssl_mount_path(wire: Wiring, secret_name: Any, mount_path: Any) -> str | None:
    """Where the internal-SSL secret is mounted, or None when internal SSL is off.

    It is on when both ``ssl_secret_name`` and ``ssl_secret_mount_path`` are
    given, as strings; as in KubeSpawner, which tests both for truth, an empty
    string means "off".
    """
    # The common cases first: both strings, or off with no other type in either.
    if type(secret_name) is str and type(mount_path) is str:
        return mount_path if secret_name and mount_path else None
    if (secret_name is None or type(secret_name) is str) and (
        mount_path is None or type(mount_path) is str
    ):
        return None
    # Each is checked even when the other turns SSL off: a wrong type is never ignored.
    problems = wire.problems
    if secret_name is not None:
        to_wire(secret_name, "str", "spec.volumes", problems, "ssl_secret_name")
    if mount_path is not None:
        to_wire(mount_path, "str", f"{NOTEBOOK}.volumeMounts", problems, "ssl_secret_mount_path")
    if isinstance(secret_name, str) and isinstance(mount_path, str) and secret_name and mount_path:
        return mount_path
    return None


def _notebook_env(
    wire: Wiring,
    env: Any,
    ssl_mount_path: str | None,
    log: logging.Logger | logging.LoggerAdapter[Any],
) -> list[dict[str, Any]]:
    """The notebook's EnvVars: the caller's, and the SSL files' paths when SSL is on.

    With SSL on, the SSL files' variables point inside the pod, whatever
    ``env`` says: KubeSpawner passes JupyterHub's ``get_env()``, which sets
    them to the hub's paths, which do not exist in the pod.
    """
    problems, origins = wire.problems, wire.origins
    env_items = _plain_env(env)
    if env_items is None:
        env_items = _env_items(env, problems)
    ssl_variables = set()
    if ssl_mount_path is not None:
        for variable, file_name in SSL_FILES.items():
            in_pod = posixpath.join(ssl_mount_path, file_name)
            if variable in env_items:
                # The value is not logged: env may be anything, this only says what changed.
                log.debug(
                    "env %s replaced by %s, its path inside the pod (ssl_secret_mount_path)",
                    variable,
                    in_pod,
                )
            env_items[variable] = in_pod
            ssl_variables.add(variable)
    entries = _ordered_env(env_items)
    origins.record("spec.containers[0].env", "env")
    if ssl_variables:
        for index, entry in enumerate(entries):
            if entry["name"] in ssl_variables:
                origins.record(f"{NOTEBOOK}.env[{index}]", "ssl_secret_mount_path")
    return entries


def _notebook_mounts(
    wire: Wiring, volume_mounts: Any, ssl_mount_path: str | None
) -> list[dict[str, Any]]:
    """The notebook's volume mounts: the caller's, then the SSL secret's when SSL is on."""
    mounts: list[dict[str, Any]] = wire.convert(
        [] if volume_mounts is None else volume_mounts,
        "[V1VolumeMount]",
        "spec.containers[0].volumeMounts",
        "volume_mounts",
    )
    if ssl_mount_path is not None:
        wire.origins.record(f"{NOTEBOOK}.volumeMounts[{len(mounts)}]", "ssl_secret_mount_path")
        mounts.append({"name": SSL_VOLUME, "mountPath": ssl_mount_path})
    return mounts


def _pod_volumes(wire: Wiring, volumes: Any, ssl_secret_name: Any) -> list[dict[str, Any]]:
    """The pod's volumes: the caller's, then the SSL secret's when SSL is on."""
    volume_list: list[dict[str, Any]] = wire.convert(
        [] if volumes is None else volumes, "[V1Volume]", "spec.volumes", "volumes"
    )
    if ssl_secret_name is not None:
        wire.origins.record(f"spec.volumes[{len(volume_list)}]", "ssl_secret_name")
        secret = {"secretName": ssl_secret_name, "defaultMode": 511}
        volume_list.append({"name": SSL_VOLUME, "secret": secret})
    return volume_list


def _add_pull_secrets(wire: Wiring, spec: dict[str, Any], image_pull_secrets: Any) -> None:
    """``imagePullSecrets``, each given as a secret's name or as a reference."""
    if image_pull_secrets is None:
        return
    parameter = "image_pull_secrets"
    secrets = _sequence(image_pull_secrets, "spec.imagePullSecrets", parameter, wire.problems)
    # Converted as one list: each reference's path is then formatted only for a problem.
    references = [{"name": secret} if isinstance(secret, str) else secret for secret in secrets]
    spec["imagePullSecrets"] = wire.convert(
        references, "[V1LocalObjectReference]", "spec.imagePullSecrets", parameter
    )


def _add_service_account(
    wire: Wiring, spec: dict[str, Any], service_account: Any, automount: Any
) -> None:
    """The pod's service account, and whether its API token is mounted."""
    if service_account is not None:
        spec["serviceAccountName"] = wire.convert(
            service_account, "str", "spec.serviceAccountName", "service_account"
        )
    if automount is not None:
        spec["automountServiceAccountToken"] = wire.convert(
            automount,
            "bool",
            "spec.automountServiceAccountToken",
            "automount_service_account_token",
        )
    elif service_account is None:
        # Without a service account of its own, a user's server gets no API credentials.
        spec["automountServiceAccountToken"] = False


def _add_scheduling(
    wire: Wiring,
    spec: dict[str, Any],
    scheduler_name: Any,
    tolerations: Any,
    affinity_terms: dict[str, Any],
    priority_class_name: Any,
) -> None:
    """Where and how the pod is scheduled: scheduler, tolerations, affinity, priority."""
    if scheduler_name:
        spec["schedulerName"] = wire.convert(
            scheduler_name, "str", "spec.schedulerName", "scheduler_name"
        )
    elif scheduler_name is not None:
        _check_unset(wire, scheduler_name, "str", "spec.schedulerName", "scheduler_name")
    if tolerations:
        spec["tolerations"] = wire.convert(
            tolerations, "[V1Toleration]", "spec.tolerations", "tolerations"
        )
    elif tolerations is not None:
        _check_unset(wire, tolerations, "[V1Toleration]", "spec.tolerations", "tolerations")
    affinity = _affinity(wire, affinity_terms)
    if affinity:
        spec["affinity"] = affinity
    if priority_class_name:
        spec["priorityClassName"] = wire.convert(
            priority_class_name, "str", "spec.priorityClassName", "priority_class_name"
        )
    elif priority_class_name is not None:
        _check_unset(
            wire, priority_class_name, "str", "spec.priorityClassName", "priority_class_name"
        )


def _apply_extras(
    wire: Wiring,
    spec: dict[str, Any],
    extra_container_config: Any,
    extra_containers: Any,
    extra_pod_config: Any,
    log: logging.Logger | logging.LoggerAdapter[Any],
) -> None:
    """The caller's extra notebook fields, sidecar containers and extra pod fields, in that order.

    Extra fields replace generated ones (logged on ``log``); sidecars follow
    the notebook container.
    """
    problems, origins = wire.problems, wire.origins
    if extra_container_config is not None:
        apply_overrides(
            spec["containers"][0],
            extra_container_config,
            "V1Container",
            NOTEBOOK,
            "extra_container_config",
            problems,
            origins,
            log,
        )
    if extra_containers:
        sequence = _sequence(extra_containers, "spec.containers", "extra_containers", problems)
        for index, extra in enumerate(sequence, start=1):
            path = f"spec.containers[{index}]"
            spec["containers"].append(wire.convert(extra, "V1Container", path, "extra_containers"))
    elif extra_containers is not None:
        _check_unset(wire, extra_containers, "[V1Container]", "spec.containers", "extra_containers")
    if extra_pod_config is not None:
        apply_overrides(
            spec, extra_pod_config, "V1PodSpec", "spec", "extra_pod_config", problems, origins, log
        )


def _check_unset(wire: Wiring, value: Any, type_ref: str, path: str, parameter: str) -> None:
    """Refuse a falsy ``value`` that is not the empty value of ``type_ref``.

    An empty list, mapping or string leaves its field unset, as in KubeSpawner
    (which tests these parameters for truth); any other falsy value (0, False,
    "" for a list) is a wrong type, not a way to leave the field out. Only
    called for a falsy value: converting reports its wrong type, and the empty
    result is dropped.
    """
    wire.convert(value, type_ref, path, parameter)


def _sequence(value: Any, path: str, parameter: str, problems: list[Problem]) -> Sequence[Any]:
    """``value`` if it is a list or tuple; else a problem, and nothing."""
    if isinstance(value, (list, tuple)):
        return value
    problems.append(
        Problem(
            path, WRONG_TYPE, f"must be a list, not {type(value).__name__}", parameter=parameter
        )
    )
    return ()


def _plain_env(env: Any) -> dict[str, str | dict[str, Any]] | None:
    """What :func:`_env_items` returns for ``env``, when it is what callers pass; else None.

    That is a dict of string keys to strings, or to EnvVar dicts that convert
    without a problem. Anything else goes to :func:`_env_items`, which reports
    each problem.
    """
    if type(env) is not dict:
        return None
    items: dict[str, str | dict[str, Any]] = env.copy()
    # Both types tested in one loop: fewer instructions than C iterator chains over the keys
    # and the values, which call a function for each item.
    for key, value in env.items():
        if type(value) is str and type(key) is str:
            continue
        if type(value) is not dict or type(key) is not str:
            return None
        try:
            items[key] = _convert_env_var(value if "name" in value else {"name": key, **value})
        except Irregular:
            return None
    return items


def _env_items(env: Any, problems: list[Problem]) -> dict[str, str | dict[str, Any]]:
    """The caller's env as {key: value string or EnvVar wire dict}, every entry checked."""
    path = f"{NOTEBOOK}.env"
    if env is None:
        return {}
    if type(env) is not dict and not isinstance(env, Mapping):  # the ABC test costs more
        detail = f"must be a mapping of variable names to values, not {type(env).__name__}"
        problems.append(Problem(path, WRONG_TYPE, detail, parameter="env"))
        return {}
    items: dict[str, str | dict[str, Any]] = {}
    for key, value in env.items():
        # The common case, needing no path: exact strings (the cheapest test), or subclasses.
        if (type(key) is str and type(value) is str) or (
            isinstance(key, str) and isinstance(value, str)
        ):
            items[key] = value
        elif not isinstance(key, str):
            detail = f"variable names must be strings, not {type(key).__name__}"
            problems.append(Problem(f"{path}[{key!r}]", WRONG_TYPE, detail, parameter="env"))
        elif type(value) is dict or isinstance(value, Mapping):  # the ABC test costs more
            named = value if "name" in value else {"name": key, **value}
            items[key] = _env_var(named, key, problems)
        elif is_model(value):
            items[key] = _env_var(value, key, problems)
        else:
            detail = f"must be a string or an EnvVar mapping, not {type(value).__name__}"
            # A number or boolean is shown (env values are not secret); anything else is not.
            shown = value if isinstance(value, (bool, int, float)) else NO_VALUE
            entry_path = f"{path}[{key!r}]"
            problems.append(Problem(entry_path, WRONG_TYPE, detail, shown, parameter="env"))
    return items


def _env_var(value: Any, key: str, problems: list[Problem]) -> dict[str, Any]:
    """``value`` of ``env[key]`` as an EnvVar wire dict; its path is only built for a problem."""
    entry: dict[str, Any]
    try:
        entry = _convert_env_var(value)
    except Irregular:
        path = f"{NOTEBOOK}.env[{key!r}]"
        entry = convert_irregular(value, "V1EnvVar", path, problems, "env")
    return entry


def _ordered_env(items: dict[str, str | dict[str, Any]]) -> list[dict[str, Any]]:
    """EnvVars ordered so that one referring to others with $(NAME) comes after them.

    Rounds take every variable whose references are all placed, in key order;
    what is left when a round places nothing (cycles, references to variables
    defined elsewhere) follows in key order.
    """
    ordered: list[dict[str, Any]] = []
    pending: dict[str, tuple[dict[str, Any], set[str]]] = {}
    renamed = False  # whether an EnvVar is named other than its key
    for key in sorted(items):
        item = items[key]
        # Most values refer to nothing: the first round takes them after one test.
        if isinstance(item, str):
            entry: dict[str, Any] = {"name": key, "value": item}
            if "$(" not in item:
                ordered.append(entry)
                continue
            value: Any = item
        else:
            entry = item
            renamed = renamed or entry.get("name") != key
            value = entry.get("value")
            if not isinstance(value, str) or "$(" not in value:
                ordered.append(entry)
                continue
        references = set(_ENV_REFERENCE.findall(value)) - {entry.get("name")}
        if references:
            pending[key] = (entry, references)
        else:
            ordered.append(entry)
    if not pending:
        return ordered
    # Each placed variable is named by its key unless renamed: a set difference done in C.
    placed: set[Any] = (  # an EnvVar's name may be anything, which the rules report
        {entry.get("name") for entry in ordered} if renamed else items.keys() - pending.keys()
    )
    while pending:
        # pending is in key order, and so is every round.
        ready = [key for key, (_, references) in pending.items() if references <= placed]
        for key in ready or list(pending):
            entry, _ = pending.pop(key)
            ordered.append(entry)
            placed.add(entry.get("name"))
    return ordered


def _resources(wire: Wiring, section: str, cpu: Any, memory: Any, extra: Any) -> dict[str, str]:
    """The notebook's ``limits`` or ``requests``: ``cpu``, ``memory``, then the ``extra`` mapping.

    A resource that ``cpu`` or ``memory`` sets may not be set again by ``extra``.
    """
    cpu_parameter, memory_parameter, extra_parameter = _RESOURCE_PARAMETERS[section]
    path, cpu_path, memory_path = _RESOURCE_PATHS[section]
    values: dict[str, str] = {}
    if cpu is not None:
        values["cpu"] = wire.convert(cpu, "quantity", cpu_path, cpu_parameter)
    if memory is not None:
        values["memory"] = wire.convert(memory, "quantity", memory_path, memory_parameter)
    if extra is not None:
        problems = wire.problems
        for resource, value in to_wire(
            extra, "{quantity}", path, problems, extra_parameter
        ).items():
            resource_path = f"{path}.{resource}"  # path is never empty
            if resource in values:  # so far, only cpu and memory are in values
                set_by = cpu_parameter if resource == "cpu" else memory_parameter
                detail = f"set by both {set_by} and {extra_parameter}"
                problems.append(Problem(resource_path, DUPLICATE, detail, value, extra_parameter))
                continue
            values[resource] = value
            wire.origins.record(resource_path, extra_parameter)
    return values


def _container_security_context(
    wire: Wiring,
    uid: Any,
    gid: Any,
    privileged: Any,
    allow_privilege_escalation: Any,
    overrides: Any,
) -> dict[str, Any]:
    """The notebook's security context: the dedicated parameters, then ``overrides`` key by key."""
    path = "spec.containers[0].securityContext"
    context: dict[str, Any] = {}
    # The fields' paths written out: formatting each on every call costs as much as converting.
    if uid is not None:
        context["runAsUser"] = wire.convert(
            uid, "int", "spec.containers[0].securityContext.runAsUser", "uid"
        )
    if gid is not None:
        context["runAsGroup"] = wire.convert(
            gid, "int", "spec.containers[0].securityContext.runAsGroup", "gid"
        )
    privileged_path = "spec.containers[0].securityContext.privileged"
    if wire.convert(privileged, "bool", privileged_path, "privileged") is True:
        context["privileged"] = True
    # None (KubeSpawner's "leave it to the runtime") leaves the field unset, as True does.
    if (
        allow_privilege_escalation is not None
        and wire.convert(
            allow_privilege_escalation,
            "bool",
            "spec.containers[0].securityContext.allowPrivilegeEscalation",
            "allow_privilege_escalation",
        )
        is False
    ):
        context["allowPrivilegeEscalation"] = False
    if overrides is not None:
        full = wire.convert(
            overrides, "V1SecurityContext", path, "container_security_context", camel_only=True
        )
        # The dedicated parameters are defaults; the dict wins key by key, and a problem in
        # a field it replaced is its own. (Few dedicated fields: cheaper than a set of both.)
        for key in context:
            if key in full:
                wire.origins.record(f"{path}.{key}", "container_security_context")
        context.update(full)
    return context


def _pod_security_context(
    wire: Wiring, fs_gid: Any, supplemental_gids: Any, overrides: Any
) -> dict[str, Any]:
    """The pod's security context: the dedicated parameters, then ``overrides`` key by key."""
    context: dict[str, Any] = {}
    if fs_gid is not None:
        context["fsGroup"] = wire.convert(fs_gid, "int", "spec.securityContext.fsGroup", "fs_gid")
    if supplemental_gids:
        context["supplementalGroups"] = wire.convert(
            supplemental_gids,
            "[int]",
            "spec.securityContext.supplementalGroups",
            "supplemental_gids",
        )
    elif supplemental_gids is not None:
        _check_unset(
            wire,
            supplemental_gids,
            "[int]",
            "spec.securityContext.supplementalGroups",
            "supplemental_gids",
        )
    if overrides is not None:
        path = "spec.securityContext"
        full = wire.convert(
            overrides, "V1PodSecurityContext", path, "pod_security_context", camel_only=True
        )
        # The dedicated parameters are defaults; the dict wins key by key, and a problem in
        # a field it replaced is its own. (Few dedicated fields: cheaper than a set of both.)
        for key in context:
            if key in full:
                wire.origins.record(f"{path}.{key}", "pod_security_context")
        context.update(full)
    return context


def _affinity(wire: Wiring, terms: dict[str, Any]) -> dict[str, Any]:
    """The pod's affinity from the six term lists in ``terms``; empty when none is given."""
    node: dict[str, Any] = {}
    preferred_terms = terms["node_affinity_preferred"]
    if preferred_terms:
        node[_PREFERRED] = wire.convert(
            preferred_terms,
            "[V1PreferredSchedulingTerm]",
            _NODE_PREFERRED_PATH,
            "node_affinity_preferred",
        )
    elif preferred_terms is not None:
        _check_unset(
            wire,
            preferred_terms,
            "[V1PreferredSchedulingTerm]",
            _NODE_PREFERRED_PATH,
            "node_affinity_preferred",
        )
    required_terms = terms["node_affinity_required"]
    if required_terms:
        node[_REQUIRED] = {
            "nodeSelectorTerms": wire.convert(
                required_terms, "[V1NodeSelectorTerm]", _NODE_TERMS_PATH, "node_affinity_required"
            )
        }
    elif required_terms is not None:
        _check_unset(
            wire, required_terms, "[V1NodeSelectorTerm]", _NODE_TERMS_PATH, "node_affinity_required"
        )
    affinity: dict[str, Any] = {"nodeAffinity": node} if node else {}
    for field, preferred, required, preferred_path, required_path in _POD_AFFINITIES:
        section: dict[str, Any] = {}
        preferred_terms = terms[preferred]
        if preferred_terms:
            section[_PREFERRED] = wire.convert(
                preferred_terms, "[V1WeightedPodAffinityTerm]", preferred_path, preferred
            )
        elif preferred_terms is not None:
            _check_unset(
                wire, preferred_terms, "[V1WeightedPodAffinityTerm]", preferred_path, preferred
            )
        required_terms = terms[required]
        if required_terms:
            section[_REQUIRED] = wire.convert(
                required_terms, "[V1PodAffinityTerm]", required_path, required
            )
        elif required_terms is not None:
            _check_unset(wire, required_terms, "[V1PodAffinityTerm]", required_path, required)
        if section:
            affinity[field] = section
    return affinity

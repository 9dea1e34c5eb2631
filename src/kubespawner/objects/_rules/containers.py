"""Containers: names, images, ports, environment, lifecycle hooks, probes.

Rules of ``validateContainerCommon`` and its helpers (``validateContainerPorts``,
``ValidateEnv``, ``ValidateEnvFrom``, ``validateLifecycle``, ``validateProbe``,
``validatePullPolicy``, ``validateResizePolicy``), plus what differs between
regular and init containers (``validateContainers``, ``validateInitContainers``).
Environment variable names follow the relaxed rule of Kubernetes 1.32+ (any
printable ASCII but '='); a ``$(VAR)`` reference in a value is plain text to
the API server and always valid.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from .._core.errors import UNSUPPORTED, Problem
from .._core.names import (
    config_key_problem,
    dns1123_label_problem,
    dns1123_subdomain_problem,
    env_var_name_problem,
    generated_name_prefix_problem,
    http_header_name_problem,
    port_name_problem,
)
from .._core.network import PORT_MAX, PORT_MIN
from .common import (
    IMAGE_PULL_POLICIES,
    NEGATIVE,
    Problems,
    accept,
    accepted_names,
    all_accepted,
    check_name,
    duplicate,
    forbidden,
    integer,
    invalid,
    listed,
    mapping,
    not_found,
    required,
    too_many,
    unsupported,
)
from .ports import PORT_PROTOCOLS, check_port_number, check_port_number_or_name
from .projections import (
    CONTAINER_RESOURCE_FIELDS,
    ENV_FIELD_PATHS,
    HUGEPAGES_FIELD_PREFIXES,
    check_divisor,
    check_field_selector,
)
from .resources import check_resource_claims, check_resources
from .security import check_container_security_context
from .volume_paths import check_file_path
from .volumes import check_mounts, check_volume_devices

TERMINATION_MESSAGE_POLICIES = ("FallbackToLogsOnError", "File")
HTTP_SCHEMES = ("HTTP", "HTTPS")
RESIZE_RESOURCES = ("cpu", "memory")
_LABELS_ACCEPTED = accepted_names(dns1123_label_problem)  # container names seen valid
RESIZE_POLICIES = ("NotRequired", "RestartContainer")
CONTAINER_RESTART_POLICIES = ("Always", "Never", "OnFailure")
# "RestartAllContainers" needs the RestartAllContainersOnContainerExits gate (alpha, off).
RESTART_RULE_ACTIONS = ("Restart",)
EXIT_CODE_OPERATORS = ("In", "NotIn")
RESTART_RULES_MAX = 20
EXIT_CODES_MAX = 255
# Stop signals by the pod's OS (ContainerStopSignals, KEP-4960: beta, on by default in 1.37).
_SIGNAL_NAMES = (
    "SIGABRT SIGALRM SIGBUS SIGCHLD SIGCLD SIGCONT SIGFPE SIGHUP SIGILL SIGINT SIGIO SIGIOT "
    "SIGKILL SIGPIPE SIGPOLL SIGPROF SIGPWR SIGQUIT SIGSEGV SIGSTKFLT SIGSTOP SIGSYS SIGTERM "
    "SIGTRAP SIGTSTP SIGTTIN SIGTTOU SIGURG SIGUSR1 SIGUSR2 SIGVTALRM SIGWINCH SIGXCPU SIGXFSZ "
    "SIGRTMIN SIGRTMAX"
)
LINUX_STOP_SIGNALS = frozenset(
    (
        *_SIGNAL_NAMES.split(),
        *(f"SIGRTMIN+{number}" for number in range(1, 16)),
        *(f"SIGRTMAX-{number}" for number in range(1, 15)),
    )
)
WINDOWS_STOP_SIGNALS = ("SIGKILL", "SIGTERM")
ENV_SOURCES = ("configMapKeyRef", "fieldRef", "fileKeyRef", "resourceFieldRef", "secretKeyRef")
_ENV_SOURCES = frozenset(ENV_SOURCES)
_HOOK_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
_PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
DEFAULT_GRACE_PERIOD = 30
# A container's fields whose rules depend on whether it is an init container or a sidecar.
_LIFECYCLE_FIELDS = frozenset(
    (
        "resizePolicy",
        "restartPolicy",
        "restartPolicyRules",
        "lifecycle",
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
    )
)
_JUST_MAPPINGS = {dict}
_NAME_OF = itemgetter("name")


def check_containers(
    containers: Any,
    path: str,
    volumes: dict[str, dict[str, Any]],
    pod: dict[str, Any],
    problems: Problems,
    *,
    init: bool,
) -> None:
    """Every container of ``spec.containers`` (or ``spec.initContainers`` when ``init``)."""
    # mapping(), listed() and integer() inline below: called for every container of every pod.
    spec = pod.get("spec")
    if not isinstance(spec, dict):
        spec = {}
    host_users = spec.get("hostUsers") is not False
    grace_period = spec.get("terminationGracePeriodSeconds")
    if not isinstance(grace_period, int) or isinstance(grace_period, bool):
        grace_period = DEFAULT_GRACE_PERIOD
    claim_names = (
        {
            name
            for claim in listed(spec["resourceClaims"])
            if isinstance(name := mapping(claim).get("name"), str) and name
        }
        if spec.get("resourceClaims")  # few pods have any
        else set()
    )
    restart_never = spec.get("restartPolicy") == "Never"
    os_name = spec["os"].get("name") if isinstance(spec.get("os"), dict) else None
    container_list = containers if isinstance(containers, list) else []
    # Most fields of a container are absent: each is looked at, and its path built, only
    # when it is there (every check below reports nothing about an absent field).
    for index, container in enumerate(container_list):
        chosen = container if isinstance(container, dict) else {}
        item = f"{path}[{index}]"
        _check_container(chosen, item, volumes, host_users, claim_names, problems)
        if _LIFECYCLE_FIELDS.isdisjoint(chosen):
            # Most containers have none of the fields below: one set test, not seven look-ups.
            if init and chosen.get("ports"):
                check_host_port_conflicts([chosen], path, problems, first=index)
            continue
        resize = chosen.get("resizePolicy")
        policy = chosen.get("restartPolicy")
        rules = chosen.get("restartPolicyRules")
        if policy is not None or rules:
            _check_restart_policy(policy, rules, item, problems)
        if resize:
            # Since 1.36 (kubernetes PR #137458) only a sidecar, which can be resized, may
            # ask for a restart on resize; for other init containers it means nothing.
            not_resizable = init and policy != "Always"
            _check_resize_policy(
                resize, f"{item}.resizePolicy", restart_never, not_resizable, problems
            )
        if init:
            # Init containers run one by one: each may reuse a host port of another.
            if chosen.get("ports"):
                check_host_port_conflicts([chosen], path, problems, first=index)
            if policy != "Always":
                for field in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                    if chosen.get(field) is not None:
                        detail = "may not be set for init containers without restartPolicy=Always"
                        problems.append(forbidden(f"{item}.{field}", detail))
                continue
        lifecycle = chosen.get("lifecycle")
        if isinstance(lifecycle, dict):
            for hook in ("postStart", "preStop"):
                if lifecycle.get(hook) is not None:
                    hook_path = f"{item}.lifecycle.{hook}"
                    _check_handler(lifecycle[hook], hook_path, grace_period, problems)
            if lifecycle.get("stopSignal") is not None:
                _check_stop_signal(lifecycle["stopSignal"], f"{item}.lifecycle", os_name, problems)
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            if chosen.get(probe) is not None:
                _check_probe(chosen[probe], f"{item}.{probe}", probe, grace_period, problems)
    if init:
        return
    for container in container_list:
        if isinstance(container, dict) and container.get("ports"):
            # Ports only: without any, neither conflicts nor host-network ports can arise.
            check_host_port_conflicts(container_list, path, problems)
            if spec.get("hostNetwork") is True:
                _check_host_network_ports(container_list, path, problems)
            break


def check_host_port_conflicts(
    containers: list[Any], path: str, problems: Problems, *, first: int = 0
) -> None:
    """No two ports of ``containers`` claim the same protocol, host IP and host port.

    ``first`` is the index in ``path`` of the first of ``containers``.
    """
    claimed: set[tuple[Any, Any, Any]] = set()
    for index, container in enumerate(containers, first):
        ports = container.get("ports") if isinstance(container, dict) else None
        for port_index, port in enumerate(ports if isinstance(ports, list) else ()):
            if not isinstance(port, dict) or not port.get("hostPort"):
                continue  # most ports have no host port
            # The API server defaults an empty protocol to TCP before validating.
            claim = (port.get("protocol") or "TCP", port.get("hostIP") or "", port["hostPort"])
            try:
                seen = claim in claimed
            except TypeError:  # a list or mapping in the claim: a wrong type the conversion reports
                continue
            if seen:
                port_path = f"{path}[{index}].ports[{port_index}].hostPort"
                problems.append(duplicate(port_path, "{}/{}/{}".format(*claim)))
            claimed.add(claim)


def _check_host_network_ports(containers: list[Any], path: str, problems: Problems) -> None:
    """On the host's network a container port is a host port: the two must be equal.

    An absent ``hostPort`` is defaulted to the ``containerPort`` before validation.
    """
    for index, container in enumerate(containers):
        for port_index, port in enumerate(listed(mapping(container).get("ports"))):
            port = mapping(port)
            host_port = integer(port.get("hostPort"))
            if host_port and host_port != port.get("containerPort"):
                port_path = f"{path}[{index}].ports[{port_index}].hostPort"
                detail = "must match `containerPort` when `hostNetwork` is true"
                problems.append(invalid(port_path, host_port, detail))


def _check_stop_signal(signal: Any, path: str, os_name: Any, problems: Problems) -> None:
    """A stop signal needs the pod's ``os.name``, and must be one that OS has (Windows: SIGKILL
    and SIGTERM only)."""
    path = f"{path}.stopSignal"
    if os_name not in ("linux", "windows"):
        detail = "may not be set for containers with empty `spec.os.name`"
        problems.append(forbidden(path, detail))
    elif not isinstance(signal, str):
        return  # a wrong type, reported by the conversion
    elif os_name == "windows" and signal not in WINDOWS_STOP_SIGNALS:
        problems.append(unsupported(path, signal, WINDOWS_STOP_SIGNALS))
    elif os_name == "linux" and signal not in LINUX_STOP_SIGNALS:
        detail = "must be a Linux signal name, such as SIGTERM, SIGUSR1 or SIGRTMIN+1"
        problems.append(Problem(path, UNSUPPORTED, detail, signal))


def _check_restart_policy(policy: Any, rules: Any, path: str, problems: Problems) -> None:
    """A container's own ``restartPolicy`` and ``restartPolicyRules``.

    Since 1.35 (ContainerRestartRules, on by default) any container may override the
    pod's restart policy, and rules need one; "Always" on an init container still makes
    it a sidecar. Rules restart the container on chosen exit codes.
    """
    if policy is None:
        detail = "must be set when `restartPolicyRules` are"
        problems.append(required(f"{path}.restartPolicy", detail))
    elif isinstance(policy, str) and policy not in CONTAINER_RESTART_POLICIES:
        problems.append(unsupported(f"{path}.restartPolicy", policy, CONTAINER_RESTART_POLICIES))
    rules_path = f"{path}.restartPolicyRules"
    rules = listed(rules)
    if len(rules) > RESTART_RULES_MAX:
        problems.append(too_many(rules_path, len(rules), RESTART_RULES_MAX))
    for index, rule in enumerate(rules):
        chosen = mapping(rule)
        # An absent action or operator is reported by the conversion (the schema needs them).
        action = chosen.get("action")
        if isinstance(action, str) and action not in RESTART_RULE_ACTIONS:
            action_path = f"{rules_path}[{index}].action"
            problems.append(unsupported(action_path, action, RESTART_RULE_ACTIONS))
        exit_codes = chosen.get("exitCodes")
        if exit_codes is None:
            problems.append(required(f"{rules_path}[{index}].exitCodes", "must be specified"))
            continue
        exit_codes = mapping(exit_codes)
        operator = exit_codes.get("operator")
        if isinstance(operator, str) and operator not in EXIT_CODE_OPERATORS:
            operator_path = f"{rules_path}[{index}].exitCodes.operator"
            problems.append(unsupported(operator_path, operator, EXIT_CODE_OPERATORS))
        values = listed(exit_codes.get("values"))
        if len(values) > EXIT_CODES_MAX:
            values_path = f"{rules_path}[{index}].exitCodes.values"
            problems.append(too_many(values_path, len(values), EXIT_CODES_MAX))


def _check_resize_policy(
    policies: Any, path: str, restart_never: bool, not_resizable: bool, problems: Problems
) -> None:
    """Resources that may be resized in place (cpu, memory), each once, with a restart policy;
    ``NotRequired`` only when the pod never restarts or the container cannot be resized.

    As the API server does, the problems of one entry are reported on the list.
    """
    seen: set[str] = set()
    for index, policy in enumerate(listed(policies)):
        chosen = mapping(policy)
        resource = chosen.get("resourceName")
        if isinstance(resource, str):
            if resource in seen:
                problems.append(duplicate(f"{path}[{index}]", resource))
            seen.add(resource)
        for field, allowed in (
            ("resourceName", RESIZE_RESOURCES),
            ("restartPolicy", RESIZE_POLICIES),
        ):
            value = chosen.get(field)
            if value == "":
                problems.append(required(path))
            elif isinstance(value, str) and value not in allowed:
                problems.append(unsupported(path, value, allowed))
        restart = chosen.get("restartPolicy")
        if restart_never and isinstance(restart, str) and restart != "NotRequired":
            detail = "must be 'NotRequired' when `restartPolicy` is 'Never'"
            problems.append(invalid(path, restart, detail))
        elif not_resizable and restart == "RestartContainer":
            detail = "must be 'NotRequired' for init containers without restartPolicy=Always"
            problems.append(invalid(path, restart, detail))


def _check_container(
    container: dict[str, Any],
    path: str,
    volumes: dict[str, dict[str, Any]],
    host_users: bool,
    claim_names: set[str],
    problems: Problems,
) -> None:
    name = container.get("name")
    if not isinstance(name, str) or (  # the path is built only for a problem
        name not in _LABELS_ACCEPTED and not accept(dns1123_label_problem, _LABELS_ACCEPTED, name)
    ):
        check_name(name, f"{path}.name", problems, dns1123_label_problem, needed=True)
    image = container.get("image")
    if image in (None, ""):
        problems.append(required(f"{path}.image"))
    elif isinstance(image, str) and image != image.strip():
        detail = "must not have leading or trailing whitespace"
        problems.append(invalid(f"{path}.image", image, detail))
    for field, allowed in (
        ("imagePullPolicy", IMAGE_PULL_POLICIES),
        ("terminationMessagePolicy", TERMINATION_MESSAGE_POLICIES),
    ):
        value = container.get(field)
        # An empty policy is the same as none: v1 defaulting fills it in.
        if isinstance(value, str) and value and value not in allowed:
            problems.append(unsupported(f"{path}.{field}", value, allowed))
    # Each list or mapping below is checked only when not empty: an empty one has nothing
    # to report, and most containers leave most of them out.
    if ports := container.get("ports"):
        check_ports(ports, f"{path}.ports", problems)
    if env := container.get("env"):
        check_env(env, f"{path}.env", problems, volumes)
    if env_from := container.get("envFrom"):
        _check_env_from(env_from, f"{path}.envFrom", problems)
    context = container.get("securityContext")
    if not isinstance(context, dict):
        context = {}
    if mounts := container.get("volumeMounts"):
        privileged = context.get("privileged") is True
        check_mounts(mounts, f"{path}.volumeMounts", volumes, privileged, problems)
    if container.get("volumeDevices"):
        check_volume_devices(container, path, volumes, problems)
    resources = container.get("resources")
    if isinstance(resources, dict) and resources:
        check_resources(resources, f"{path}.resources", problems)
        claims = resources.get("claims")
        if claims:
            check_resource_claims(claims, f"{path}.resources.claims", claim_names, problems)
    if context:
        check_container_security_context(context, f"{path}.securityContext", host_users, problems)


def check_ports(ports: Any, path: str, problems: Problems) -> None:
    """Port numbers 1-65535, IANA service names unique in the container, protocols."""
    names: set[str] = set()
    for index, port in enumerate(listed(ports)):
        chosen = port if isinstance(port, dict) else {}  # mapping(), inline
        item = f"{path}[{index}]"
        name = chosen.get("name")
        if name and isinstance(name, str):
            reason = port_name_problem(name)
            if reason:
                problems.append(invalid(f"{item}.name", name, reason))
            elif name in names:
                problems.append(duplicate(f"{item}.name", name))
            names.add(name)
        number = chosen.get("containerPort")
        if number in (None, 0):
            problems.append(required(f"{item}.containerPort"))
        elif type(number) is not int or not PORT_MIN <= number <= PORT_MAX:  # path for a problem
            check_port_number(number, f"{item}.containerPort", problems)
        if chosen.get("hostPort") not in (None, 0):
            check_port_number(chosen["hostPort"], f"{item}.hostPort", problems)
        protocol = chosen.get("protocol")
        # An empty protocol is defaulted to TCP, as an absent one.
        if isinstance(protocol, str) and protocol and protocol not in PORT_PROTOCOLS:
            problems.append(unsupported(f"{item}.protocol", protocol, PORT_PROTOCOLS))


def _check_port_reference(value: Any, path: str, problems: Problems) -> None:
    """A probe's or hook's port: a number, or the name of one of the container's ports."""
    if value is None:
        problems.append(required(path))
    else:
        check_port_number_or_name(value, path, problems)


def check_env(
    env: Any, path: str, problems: Problems, volumes: dict[str, dict[str, Any]] | None = None
) -> None:
    """Variable names (relaxed rule) and ``valueFrom`` with exactly one source.

    ``volumes``: the pod's volumes by name, which an env file's ``fileKeyRef`` refers to.
    """
    if _names_accepted(env):
        # The usual case, every variable a mapping with a good name, costs one pass over
        # the names; only variables with a source have more to check. Their paths are
        # built only for a problem: one found, the complete checks below run instead.
        found = len(problems)
        for variable in env:
            if "valueFrom" in variable and variable["valueFrom"] is not None:
                source = mapping(variable["valueFrom"])
                _check_value_from(source, variable.get("value"), "?", volumes or {}, problems)
        if len(problems) == found:
            return
        del problems[found:]
    for index, variable in enumerate(listed(env)):
        # mapping(variable) inline: a pod may have hundreds of variables.
        chosen = variable if isinstance(variable, dict) else {}
        name = chosen.get("name")
        if isinstance(name, str) and name:
            reason = env_var_name_problem(name)
            if reason:
                problems.append(invalid(f"{path}[{index}].name", name, reason))
        elif name in (None, ""):
            problems.append(required(f"{path}[{index}].name"))
        # An operator, not a call: most variables have no valueFrom.
        if "valueFrom" in chosen and chosen["valueFrom"] is not None:
            value_from_path = f"{path}[{index}].valueFrom"
            _check_value_from(
                mapping(chosen["valueFrom"]),
                chosen.get("value"),
                value_from_path,
                volumes or {},
                problems,
            )


def _names_accepted(env: Any) -> bool:
    """True when ``env`` is a list of mappings, each with a name the relaxed rule accepts."""
    if type(env) is not list or set(map(type, env)) != _JUST_MAPPINGS:
        return False
    try:
        names = list(map(_NAME_OF, env))
    except KeyError:  # a variable without a name: reported by the complete checks
        return False
    return all_accepted(env_var_name_problem, names)


def _check_value_from(
    source: dict[str, Any],
    value: Any,
    path: str,
    volumes: dict[str, dict[str, Any]],
    problems: Problems,
) -> None:
    # A source usually has one field: count the sources among its fields (a loop, which
    # costs no comprehension frame).
    given: list[str] = []
    for field, ref in source.items():
        if ref is not None and field in _ENV_SOURCES:
            given.append(field)
    if not given:
        detail = (
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, "
            "`secretKeyRef` or `fileKeyRef`"
        )
        problems.append(invalid(path, "", detail))
    elif value:
        problems.append(invalid(path, "", "may not be specified when `value` is not empty"))
    elif len(given) > 1:
        detail = "may not have more than one field specified at a time"
        problems.append(invalid(path, "", detail))
    if source.get("fieldRef") is not None:
        check_field_selector(
            mapping(source["fieldRef"]), f"{path}.fieldRef", problems, ENV_FIELD_PATHS
        )
    if source.get("resourceFieldRef") is not None:
        selector = mapping(source["resourceFieldRef"])
        resource = selector.get("resource")
        if not resource:
            problems.append(required(f"{path}.resourceFieldRef.resource"))
        elif isinstance(resource, str):
            if resource not in CONTAINER_RESOURCE_FIELDS and not resource.startswith(
                HUGEPAGES_FIELD_PREFIXES
            ):
                problems.append(
                    unsupported(
                        f"{path}.resourceFieldRef.resource", resource, CONTAINER_RESOURCE_FIELDS
                    )
                )
            if selector.get("divisor") is not None:
                divisor_path = f"{path}.resourceFieldRef.divisor"
                check_divisor(resource, selector["divisor"], divisor_path, problems)
    for field in ("configMapKeyRef", "secretKeyRef"):
        if source.get(field) is not None:
            _check_key_selector(mapping(source[field]), f"{path}.{field}", problems)
    if source.get("fileKeyRef") is not None:
        _check_file_key_ref(mapping(source["fileKeyRef"]), f"{path}.fileKeyRef", volumes, problems)


def _check_file_key_ref(
    selector: dict[str, Any], path: str, volumes: dict[str, dict[str, Any]], problems: Problems
) -> None:
    """A key of an env file (EnvFiles, on by default since 1.35): a file at a relative path
    in one of the pod's emptyDir volumes, and a key that is a valid variable name.

    Absent fields are reported by the conversion (the schema needs all three).
    """
    volume_name = selector.get("volumeName")
    if volume_name == "":
        problems.append(required(f"{path}.volumeName"))
    elif isinstance(volume_name, str):
        volume = volumes.get(volume_name)
        if volume is None:
            detail = "must be the name of one of the pod's volumes"
            problems.append(not_found(f"{path}.volumeName", volume_name, detail))
        elif volume.get("emptyDir") is None:
            detail = "must be the name of an emptyDir volume"
            problems.append(invalid(f"{path}.volumeName", volume_name, detail))
    if selector.get("path") is not None:
        check_file_path(selector["path"], f"{path}.path", problems)
    key = selector.get("key")
    if key == "":
        problems.append(required(f"{path}.key"))
    elif isinstance(key, str):
        reason = env_var_name_problem(key)
        if reason:
            problems.append(invalid(f"{path}.key", key, reason))


def _check_key_selector(selector: dict[str, Any], path: str, problems: Problems) -> None:
    check_name(
        selector.get("name"), f"{path}.name", problems, dns1123_subdomain_problem, needed=True
    )
    check_name(selector.get("key"), f"{path}.key", problems, config_key_problem, needed=True)


def _check_env_from(sources: Any, path: str, problems: Problems) -> None:
    for index, source in enumerate(listed(sources)):
        chosen = source if isinstance(source, dict) else {}  # mapping(), inline
        prefix = chosen.get("prefix")
        if isinstance(prefix, str) and prefix:
            reason = env_var_name_problem(prefix)
            if reason:
                problems.append(invalid(f"{path}[{index}].prefix", prefix, reason))
        given: list[str] = []
        for field in ("configMapRef", "secretRef"):  # a loop: no comprehension frame
            if chosen.get(field) is not None:
                given.append(field)
        if not given:
            detail = "must specify one of: `configMapRef` or `secretRef`"
            problems.append(invalid(path, "", detail))  # on the list, as the API server does
        elif len(given) > 1:
            detail = "may not have more than one field specified at a time"
            problems.append(invalid(path, "", detail))
        for field in given:
            reference = chosen[field]
            name = reference.get("name") if isinstance(reference, dict) else None
            # The path is built only for a problem: a non-empty name the rule accepts has none.
            if not isinstance(name, str) or not name or generated_name_prefix_problem(name):
                name_path = f"{path}[{index}].{field}.name"
                check_name(name, name_path, problems, generated_name_prefix_problem, needed=True)


def _check_handler(
    handler: Any, path: str, grace_period: int, problems: Problems, *, probe: bool = False
) -> None:
    """Exactly one handler type; each checked by its own rules."""
    chosen = handler if isinstance(handler, dict) else {}
    given: list[str] = []
    for kind in _PROBE_HANDLERS if probe else _HOOK_HANDLERS:  # a loop: no comprehension frame
        if chosen.get(kind) is not None:
            given.append(kind)
    if not given:
        problems.append(required(path, "must specify a handler type"))
        return
    for extra in given[1:]:
        problems.append(forbidden(f"{path}.{extra}", "may not specify more than 1 handler type"))
    kind = given[0]
    action = chosen[kind] if isinstance(chosen[kind], dict) else {}
    if kind == "exec":  # the usual hook; its path is built only for a problem
        command = action.get("command")
        if not (isinstance(command, list) and command):
            problems.append(required(f"{path}.exec.command"))
        return
    action_path = f"{path}.{kind}"
    if kind == "httpGet":
        _check_port_reference(action.get("port"), f"{action_path}.port", problems)
        scheme = action.get("scheme")
        # An empty scheme is defaulted to HTTP, as an absent one.
        if isinstance(scheme, str) and scheme and scheme not in HTTP_SCHEMES:
            problems.append(unsupported(f"{action_path}.scheme", scheme, HTTP_SCHEMES))
        for header in listed(action.get("httpHeaders")):
            name = mapping(header).get("name")
            reason = http_header_name_problem(name) if isinstance(name, str) else None
            if reason:
                problems.append(invalid(f"{action_path}.httpHeaders", name, reason))
    elif kind == "tcpSocket":
        _check_port_reference(action.get("port"), f"{action_path}.port", problems)
    elif kind == "grpc":
        check_port_number(action.get("port"), f"{action_path}.port", problems)
    else:
        seconds = integer(action.get("seconds"))
        if seconds is not None and not 0 <= seconds <= grace_period:
            detail = (
                f"must be non-negative and less than terminationGracePeriodSeconds ({grace_period})"
            )
            problems.append(invalid(f"{action_path}.seconds", seconds, detail))


def _check_probe(probe: Any, path: str, kind: str, grace_period: int, problems: Problems) -> None:
    chosen = mapping(probe)
    _check_handler(chosen, path, grace_period, problems, probe=True)
    for field in (
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ):
        number = integer(chosen.get(field))
        if number is not None and number < 0:
            problems.append(invalid(f"{path}.{field}", number, NEGATIVE))
    success = integer(chosen.get("successThreshold"))
    # 0 is defaulted to 1 before validation.
    if kind != "readinessProbe" and success is not None and success not in (0, 1):
        problems.append(invalid(f"{path}.successThreshold", success, "must be 1"))
    grace = chosen.get("terminationGracePeriodSeconds")
    seconds = integer(grace)
    if grace is not None and kind == "readinessProbe":
        detail = "must not be set for readinessProbes"
        problems.append(invalid(f"{path}.terminationGracePeriodSeconds", grace, detail))
    elif seconds is not None and seconds <= 0:
        detail = "must be greater than 0"
        problems.append(invalid(f"{path}.terminationGracePeriodSeconds", grace, detail))

"""The Pod Security Standards, checked on a pod before any cluster sees it.

The rules restate the checks of Kubernetes' PodSecurity admission controller
(``k8s.io/pod-security-admission/policy``) at policy version 1.37, the newest,
which is what a namespace labelled ``pod-security.kubernetes.io/enforce:
restricted`` enforces with the default version ``latest``. Every check is a
generator of offences (field path, offending value, the controller's wording
for that one offence); :func:`check_pod_security` turns them into
:class:`PodSecurityViolation` problems.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .._core.convert import join
from .._core.errors import FORBIDDEN, NO_VALUE, Problem
from .._core.manifest import to_manifest

PRIVILEGED = "privileged"
BASELINE = "baseline"
RESTRICTED = "restricted"
POD_SECURITY_LEVELS = (PRIVILEGED, BASELINE, RESTRICTED)
# The admission controller's policy version these rules follow.
POD_SECURITY_VERSION = "1.37"


@dataclass(frozen=True)
class PodSecurityViolation(Problem):
    """A :class:`Problem` that breaks one control of the Pod Security Standards.

    Attributes:
      check: the admission controller's check ID, e.g. ``allowPrivilegeEscalation``.
      control: the controller's name for the broken rule, e.g.
        ``allowPrivilegeEscalation != false``; ``detail`` starts with it.
      level: the lowest level with this control, ``baseline`` or ``restricted``.
    """

    check: str = ""
    control: str = ""
    level: str = ""


# One offence: the field path, the offending value (NO_VALUE when the field is
# missing) and the controller's wording for it, without the control name.
_Offence = tuple[str, Any, str]
_Find = Callable[[dict[str, Any], dict[str, Any]], Iterator[_Offence]]


@dataclass(frozen=True)
class _Check:
    id: str
    level: str
    control: str
    find: _Find
    # Baseline checks this restricted check replaces, as the controller's OverrideCheckIDs.
    overrides: tuple[str, ...] = ()


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _quote(text: Any) -> str:
    """A value in double quotes, as the controller's messages quote names and types."""
    return f'"{text}"'


def _containers(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(path, container, 'container "name"') of every container, in the controller's order."""
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for index, container in enumerate(_items(spec.get(field))):
            if isinstance(container, dict):
                who = f"container {_quote(container.get('name', ''))}"
                yield f"spec.{field}[{index}]", container, who


def _context(container: dict[str, Any]) -> dict[str, Any]:
    return _mapping(container.get("securityContext"))


def _pod_context(spec: dict[str, Any]) -> dict[str, Any]:
    return _mapping(spec.get("securityContext"))


def _field(mapping: dict[str, Any], key: str) -> Any:
    """The value of ``key``, or NO_VALUE when it is not set."""
    value = mapping.get(key)
    return NO_VALUE if value is None else value


def _is_windows(spec: dict[str, Any]) -> bool:
    return _mapping(spec.get("os")).get("name") == "windows"


def _in_user_namespace(spec: dict[str, Any]) -> bool:
    # KEP-127: a pod with hostUsers=false runs in its own user namespace, so
    # root in the pod is not root on the node.
    return spec.get("hostUsers") is False


# --- baseline ---------------------------------------------------------------


def _host_process(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    setting = "must not set securityContext.windowsOptions.hostProcess=true"
    options = _mapping(_pod_context(spec).get("windowsOptions"))
    if options.get("hostProcess") is True:
        yield "spec.securityContext.windowsOptions.hostProcess", True, f"pod {setting}"
    for path, container, who in _containers(spec):
        if _mapping(_context(container).get("windowsOptions")).get("hostProcess") is True:
            yield f"{path}.securityContext.windowsOptions.hostProcess", True, f"{who} {setting}"


def _host_namespaces(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(field) is True:
            yield f"spec.{field}", True, f"{field}=true"


def _privileged(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for path, container, who in _containers(spec):
        if _context(container).get("privileged") is True:
            yield (
                f"{path}.securityContext.privileged",
                True,
                f"{who} must not set securityContext.privileged=true",
            )


# The capabilities a container runtime grants by default (Docker's set minus NET_RAW).
_BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)


def _added_capabilities(spec: dict[str, Any], allowed: frozenset[str]) -> Iterator[_Offence]:
    for path, container, who in _containers(spec):
        added = _mapping(_context(container).get("capabilities")).get("add")
        for index, capability in enumerate(_items(added)):
            if capability not in allowed:
                yield (
                    f"{path}.securityContext.capabilities.add[{index}]",
                    capability,
                    f"{who} must not include {_quote(capability)}"
                    " in securityContext.capabilities.add",
                )


def _baseline_capabilities(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    return _added_capabilities(spec, _BASELINE_CAPABILITIES)


def _host_path_volumes(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for index, volume in enumerate(_items(spec.get("volumes"))):
        if isinstance(volume, dict) and volume.get("hostPath") is not None:
            path = f"spec.volumes[{index}].hostPath"
            yield path, volume["hostPath"], f"volume {_quote(volume.get('name', ''))}"


def _host_ports(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for path, container, who in _containers(spec):
        for index, port in enumerate(_items(container.get("ports"))):
            host_port = _mapping(port).get("hostPort")
            if host_port is not None and host_port != 0:
                yield (
                    f"{path}.ports[{index}].hostPort",
                    host_port,
                    f"{who} uses hostPort {host_port}",
                )


def _profile_offences(
    spec: dict[str, Any], field: str, allowed: frozenset[str], setting: str
) -> Iterator[_Offence]:
    """Pod and container profiles (``field``) set to a type outside ``allowed``."""
    setters = [("spec", _pod_context(spec), "pod")]
    setters += [(path, _context(container), who) for path, container, who in _containers(spec)]
    for path, context, who in setters:
        profile = context.get(field)
        if isinstance(profile, dict) and profile.get("type") not in allowed:
            yield (
                f"{path}.securityContext.{field}.type",
                _field(profile, "type"),
                f"{who} {setting} {_quote(profile.get('type', ''))}",
            )


_APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
_APPARMOR_TYPES = frozenset({"RuntimeDefault", "Localhost"})


def _apparmor_annotation_allowed(profile: Any) -> bool:
    return profile in ("", "runtime/default") or (
        isinstance(profile, str) and profile.startswith("localhost/")
    )


def _app_armor(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    setting = "must not set AppArmor profile type to"
    yield from _profile_offences(spec, "appArmorProfile", _APPARMOR_TYPES, setting)
    for key, value in sorted(_mapping(meta.get("annotations")).items()):
        if key.startswith(_APPARMOR_ANNOTATION_PREFIX) and not _apparmor_annotation_allowed(value):
            # The controller quotes the annotation with Go's %q, as JSON does.
            setter = f"{key}={json.dumps(value, ensure_ascii=False)}"
            yield f"metadata.annotations[{key}]", value, f"annotation {setting} {_quote(setter)}"


# The SELinux types of a container process; "" keeps the runtime's default.
_SELINUX_TYPES = frozenset(
    {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
)


def _selinux_offences(options: dict[str, Any], path: str, who: str) -> Iterator[_Offence]:
    setting = f"{who} set forbidden securityContext.seLinuxOptions"
    selinux_type = options.get("type", "")
    if selinux_type not in _SELINUX_TYPES:
        yield f"{path}.type", selinux_type, f"{setting}: type {_quote(selinux_type)}"
    for field in ("user", "role"):
        if options.get(field):
            yield f"{path}.{field}", options[field], f"{setting}: {field} may not be set"


def _selinux(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    options = _mapping(_pod_context(spec).get("seLinuxOptions"))
    yield from _selinux_offences(options, "spec.securityContext.seLinuxOptions", "pod")
    for path, container, who in _containers(spec):
        options = _mapping(_context(container).get("seLinuxOptions"))
        yield from _selinux_offences(options, f"{path}.securityContext.seLinuxOptions", who)


def _unmasked_proc(spec: dict[str, Any]) -> Iterator[_Offence]:
    for path, container, who in _containers(spec):
        proc_mount = _context(container).get("procMount")
        if proc_mount is not None and proc_mount != "Default":
            yield (
                f"{path}.securityContext.procMount",
                proc_mount,
                f"{who} must not set securityContext.procMount to {_quote(proc_mount)}",
            )


def _baseline_proc_mount(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    if not _in_user_namespace(spec):
        yield from _unmasked_proc(spec)


def _restricted_proc_mount(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    return _unmasked_proc(spec)


_SECCOMP_TYPES = frozenset({"RuntimeDefault", "Localhost"})


def _seccomp_offences(spec: dict[str, Any]) -> Iterator[_Offence]:
    setting = "must not set securityContext.seccompProfile.type to"
    return _profile_offences(spec, "seccompProfile", _SECCOMP_TYPES, setting)


def _baseline_seccomp(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    return _seccomp_offences(spec)


# Sysctls namespaced by the kernel and isolated from other pods on the node.
_SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.ip_local_reserved_ports",  # 1.27
        "net.ipv4.tcp_keepalive_time",  # 1.29
        "net.ipv4.tcp_fin_timeout",  # 1.29
        "net.ipv4.tcp_keepalive_intvl",  # 1.29
        "net.ipv4.tcp_keepalive_probes",  # 1.29
        "net.ipv4.tcp_rmem",  # 1.32
        "net.ipv4.tcp_wmem",  # 1.32
        "net.ipv4.tcp_slow_start_after_idle",  # 1.37
        "net.ipv4.tcp_notsent_lowat",  # 1.37
    }
)


def _sysctls(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for index, sysctl in enumerate(_items(_pod_context(spec).get("sysctls"))):
        name = _mapping(sysctl).get("name", "")
        if name not in _SAFE_SYSCTLS:
            yield f"spec.securityContext.sysctls[{index}].name", name, str(name)


_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_HOOKS = ("postStart", "preStop")


def _host_probes_and_lifecycle(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for path, container, who in _containers(spec):
        handlers = [(join(path, probe), container.get(probe)) for probe in _PROBES]
        lifecycle = _mapping(container.get("lifecycle"))
        handlers += [(f"{path}.lifecycle.{hook}", lifecycle.get(hook)) for hook in _HOOKS]
        for handler_path, handler in handlers:
            for action in ("httpGet", "tcpSocket"):
                host = _mapping(_mapping(handler).get(action)).get("host")
                if host:
                    yield (
                        f"{handler_path}.{action}.host",
                        host,
                        f"{who} uses probe or lifecycle host {_quote(host)}",
                    )


# --- restricted -------------------------------------------------------------

# Volume sources that reach nothing outside what the pod's namespace controls.
_ALLOWED_VOLUME_SOURCES = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "image",
        "persistentVolumeClaim",
        "projected",
        "secret",
    }
)


# The restricted types the controller names (by their field names); others are "unknown".
_NAMED_VOLUME_TYPES = frozenset(
    {
        "hostPath",
        "gcePersistentDisk",
        "awsElasticBlockStore",
        "gitRepo",
        "nfs",
        "iscsi",
        "glusterfs",
        "rbd",
        "flexVolume",
        "cinder",
        "cephfs",
        "flocker",
        "fc",
        "azureFile",
        "vsphereVolume",
        "quobyte",
        "azureDisk",
        "photonPersistentDisk",
        "portworxVolume",
        "scaleIO",
        "storageos",
    }
)


def _restricted_volumes(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    for index, volume in enumerate(_items(spec.get("volumes"))):
        volume = _mapping(volume)
        sources = [key for key in volume if key != "name" and volume[key] is not None]
        # No source at all is emptyDir: {}, the API server's default before admission.
        if not sources or any(source in _ALLOWED_VOLUME_SOURCES for source in sources):
            continue
        path = f"spec.volumes[{index}]"
        source = sources[0] if sources else None
        word = source if source in _NAMED_VOLUME_TYPES else "unknown"
        yield (
            join(path, source) if source else path,
            volume[source] if source else NO_VALUE,
            f"volume {_quote(volume.get('name', ''))} uses restricted volume type {_quote(word)}",
        )


def _allow_privilege_escalation(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    if _is_windows(spec):
        return
    for path, container, who in _containers(spec):
        context = _context(container)
        if context.get("allowPrivilegeEscalation") is not False:
            yield (
                f"{path}.securityContext.allowPrivilegeEscalation",
                _field(context, "allowPrivilegeEscalation"),
                f"{who} must set securityContext.allowPrivilegeEscalation=false",
            )


def _run_as_non_root(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    if _in_user_namespace(spec):
        return
    pod_setting = _pod_context(spec).get("runAsNonRoot")
    if pod_setting is False:
        yield (
            "spec.securityContext.runAsNonRoot",
            False,
            "pod must not set securityContext.runAsNonRoot=false",
        )
    for path, container, who in _containers(spec):
        setting = _context(container).get("runAsNonRoot")
        if setting is False:
            yield (
                f"{path}.securityContext.runAsNonRoot",
                False,
                f"{who} must not set securityContext.runAsNonRoot=false",
            )
        elif setting is None and pod_setting is not True:
            yield (
                f"{path}.securityContext.runAsNonRoot",
                NO_VALUE,
                f"pod or {who} must set securityContext.runAsNonRoot=true",
            )


def _run_as_user(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    if _in_user_namespace(spec):
        return
    if _pod_context(spec).get("runAsUser") == 0:
        yield "spec.securityContext.runAsUser", 0, "pod must not set runAsUser=0"
    for path, container, who in _containers(spec):
        if _context(container).get("runAsUser") == 0:
            yield f"{path}.securityContext.runAsUser", 0, f"{who} must not set runAsUser=0"


def _restricted_seccomp(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    if _is_windows(spec):
        return
    yield from _seccomp_offences(spec)
    pod_profile = _mapping(_pod_context(spec).get("seccompProfile"))
    if pod_profile.get("type") in _SECCOMP_TYPES:
        return
    for path, container, who in _containers(spec):
        if _context(container).get("seccompProfile") is None:
            yield (
                f"{path}.securityContext.seccompProfile.type",
                NO_VALUE,
                f"pod or {who} must set securityContext.seccompProfile.type"
                ' to "RuntimeDefault" or "Localhost"',
            )


def _restricted_capabilities(meta: dict[str, Any], spec: dict[str, Any]) -> Iterator[_Offence]:
    if _is_windows(spec):
        return
    for path, container, who in _containers(spec):
        capabilities = _mapping(_context(container).get("capabilities"))
        if "ALL" not in _items(capabilities.get("drop")):
            yield (
                f"{path}.securityContext.capabilities.drop",
                _field(capabilities, "drop"),
                f'{who} must set securityContext.capabilities.drop=["ALL"]',
            )
    yield from _added_capabilities(spec, frozenset({"NET_BIND_SERVICE"}))


# In the controller's order: baseline checks, then restricted ones, each by ID.
_CHECKS = (
    _Check("appArmorProfile", BASELINE, "forbidden AppArmor profile", _app_armor),
    _Check("capabilities_baseline", BASELINE, "non-default capabilities", _baseline_capabilities),
    _Check("hostNamespaces", BASELINE, "host namespaces", _host_namespaces),
    _Check("hostPathVolumes", BASELINE, "hostPath volumes", _host_path_volumes),
    _Check("hostPorts", BASELINE, "hostPort", _host_ports),
    _Check(
        "hostProbesAndHostLifecycle",
        BASELINE,
        "probe or lifecycle host",
        _host_probes_and_lifecycle,
    ),
    _Check("privileged", BASELINE, "privileged", _privileged),
    _Check("procMount", BASELINE, "procMount", _baseline_proc_mount),
    _Check("seLinuxOptions", BASELINE, "seLinuxOptions", _selinux),
    _Check("seccompProfile_baseline", BASELINE, "seccompProfile", _baseline_seccomp),
    _Check("sysctls", BASELINE, "forbidden sysctls", _sysctls),
    _Check("windowsHostProcess", BASELINE, "hostProcess", _host_process),
    _Check(
        "allowPrivilegeEscalation",
        RESTRICTED,
        "allowPrivilegeEscalation != false",
        _allow_privilege_escalation,
    ),
    _Check(
        "capabilities_restricted",
        RESTRICTED,
        "unrestricted capabilities",
        _restricted_capabilities,
        overrides=("capabilities_baseline",),
    ),
    _Check(
        "procMount_restricted",
        RESTRICTED,
        "procMount",
        _restricted_proc_mount,
        overrides=("procMount",),
    ),
    _Check(
        "restrictedVolumes",
        RESTRICTED,
        "restricted volume types",
        _restricted_volumes,
        overrides=("hostPathVolumes",),
    ),
    _Check("runAsNonRoot", RESTRICTED, "runAsNonRoot != true", _run_as_non_root),
    _Check("runAsUser", RESTRICTED, "runAsUser=0", _run_as_user),
    _Check(
        "seccompProfile_restricted",
        RESTRICTED,
        "seccompProfile",
        _restricted_seccomp,
        overrides=("seccompProfile_baseline",),
    ),
)


def _checks_of(level: str) -> tuple[_Check, ...]:
    if level == PRIVILEGED:
        return ()
    if level == BASELINE:
        return tuple(check for check in _CHECKS if check.level == BASELINE)
    overridden = {overridden for check in _CHECKS for overridden in check.overrides}
    return tuple(check for check in _CHECKS if check.id not in overridden)


_LEVEL_CHECKS = {level: _checks_of(level) for level in POD_SECURITY_LEVELS}


def check_pod_security(obj: Any, level: str = RESTRICTED) -> list[PodSecurityViolation]:
    """Check a pod against a level of the Kubernetes Pod Security Standards.

    Applies every control of the standard at policy version 1.37, as the
    PodSecurity admission controller does for a namespace enforcing ``level``
    at version ``latest``, to the pod's containers, init containers and
    ephemeral containers. A container's setting wins over the pod's where the
    controller lets it (``runAsNonRoot``, ``seccompProfile``).

    Parameters:
      obj: The pod: a manifest mapping (camelCase keys as the API server sees
        them, or the client's snake_case names), or a client ``V1Pod`` of
        either client generation, such as :func:`make_pod` returns. A pod
        template (a camelCase ``{"metadata", "spec"}`` mapping or a
        ``V1PodTemplateSpec``) is checked the same way, with paths relative
        to it.
      level: ``"restricted"`` (the default; includes every baseline control),
        ``"baseline"``, or ``"privileged"`` (no controls, so no violations).

    Returns:
      One :class:`PodSecurityViolation` (reason ``Forbidden``) per offending
      field, in the controller's order of checks, each with the field path,
      the offending value (none when a required setting is missing) and a
      detail in the controller's words, starting with its control name:
      ``allowPrivilegeEscalation != false (container "notebook" must set
      securityContext.allowPrivilegeEscalation=false)``. Unlike the
      controller's message, which names only the containers that set a bad
      value until those are fixed, every offending field is listed at once.
      An empty list means the pod meets the level.

    Raises:
      ValueError: ``level`` is not one of ``POD_SECURITY_LEVELS``, or ``obj``
        is an object of another kind than Pod.
      InvalidObjectError: a Pod manifest has fields a Pod does not have, or
        (InvalidTypeError, also a TypeError) values of the wrong type, as
        :func:`to_manifest` reports them; such a pod is not judged.
      TypeError: ``obj`` is neither a mapping nor a client model.
    """
    checks = _LEVEL_CHECKS.get(level) if isinstance(level, str) else None
    if checks is None:
        allowed = ", ".join(repr(name) for name in POD_SECURITY_LEVELS)
        raise ValueError(f"level must be one of {allowed}, not {level!r}")
    manifest = to_manifest(obj)
    kind = manifest.get("kind", "Pod")
    if kind != "Pod":
        raise ValueError(f"expected a Pod, not a {kind}")
    meta = _mapping(manifest.get("metadata"))
    spec = _mapping(manifest.get("spec"))
    return [
        PodSecurityViolation(
            path,
            FORBIDDEN,
            f"{check.control} ({wording})",
            value,
            check=check.id,
            control=check.control,
            level=check.level,
        )
        for check in checks
        for path, value, wording in check.find(meta, spec)
    ]

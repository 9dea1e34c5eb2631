"""The Pod Security Standards, checked on a pod before any cluster sees it.

The rules restate the checks of Kubernetes' PodSecurity admission controller
(``k8s.io/pod-security-admission/policy``) at policy version 1.37, the newest,
which is what a namespace labelled ``pod-security.kubernetes.io/enforce:
restricted`` enforces with the default version ``latest``, and at the older
versions a namespace can pin (``enforce-version: v1.33``) back to 1.25. One
walk of the pod (:class:`_Survey`) files every offence (field path, offending
value, the controller's wording for that one offence) under its check;
:func:`check_pod_security` turns them into :class:`PodSecurityViolation`
problems, check by check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .._core.convert import join, plain
from .._core.errors import FORBIDDEN, NO_VALUE, Problem
from .._core.manifest import manifest_view

PRIVILEGED = "privileged"
BASELINE = "baseline"
RESTRICTED = "restricted"
POD_SECURITY_LEVELS = (PRIVILEGED, BASELINE, RESTRICTED)
# The admission controller's newest policy version, which these rules follow ("latest").
POD_SECURITY_VERSION = "1.37"
# The policy versions check_pod_security knows, as minor versions of Kubernetes 1.
_NEWEST_MINOR = int(POD_SECURITY_VERSION.split(".")[1])
# Older versions differ in rules not restated here (restricted's Windows exemptions came
# in 1.25, runAsUser in 1.23, seccomp fields instead of annotations in 1.19).
_OLDEST_MINOR = 25


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


@dataclass(frozen=True)
class _Check:
    id: str
    level: str
    control: str
    # Baseline checks this restricted check replaces, as the controller's OverrideCheckIDs.
    overrides: tuple[str, ...] = ()
    # The first policy version (minor) with this check.
    since: int = 0


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _quote(text: Any) -> str:
    """A value in double quotes, as the controller's messages quote names and types."""
    return f'"{text}"'


def _field(mapping: dict[str, Any], key: str) -> Any:
    """The value of ``key``, or NO_VALUE when it is not set."""
    value = mapping.get(key)
    return NO_VALUE if value is None else value


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
# The one capability restricted lets a container add.
_RESTRICTED_CAPABILITIES = frozenset({"NET_BIND_SERVICE"})

_APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
_APPARMOR_TYPES = frozenset({"RuntimeDefault", "Localhost"})
_APPARMOR_SETTING = "must not set AppArmor profile type to"


def _apparmor_annotation_allowed(profile: Any) -> bool:
    return profile in ("", "runtime/default") or (
        isinstance(profile, str) and profile.startswith("localhost/")
    )


# The SELinux types of a container process; "" keeps the runtime's default.
_SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
_SELINUX_TYPES_1_31 = _SELINUX_TYPES | {"container_engine_t"}

_SECCOMP_TYPES = frozenset({"RuntimeDefault", "Localhost"})
_SECCOMP_SETTING = "must not set securityContext.seccompProfile.type to"

# Sysctls namespaced by the kernel and isolated from other pods on the node, with
# the policy version that allowed them.
_SAFE_SYSCTLS_SINCE = {
    "kernel.shm_rmid_forced": 0,
    "net.ipv4.ip_local_port_range": 0,
    "net.ipv4.tcp_syncookies": 0,
    "net.ipv4.ping_group_range": 0,
    "net.ipv4.ip_unprivileged_port_start": 0,
    "net.ipv4.ip_local_reserved_ports": 27,
    "net.ipv4.tcp_keepalive_time": 29,
    "net.ipv4.tcp_fin_timeout": 29,
    "net.ipv4.tcp_keepalive_intvl": 29,
    "net.ipv4.tcp_keepalive_probes": 29,
    "net.ipv4.tcp_rmem": 32,
    "net.ipv4.tcp_wmem": 32,
    "net.ipv4.tcp_slow_start_after_idle": 37,
    "net.ipv4.tcp_notsent_lowat": 37,
}


@cache
def _safe_sysctls(minor: int) -> frozenset[str]:
    return frozenset(name for name, since in _SAFE_SYSCTLS_SINCE.items() if since <= minor)


_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_HOOKS = ("postStart", "preStop")

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


def _bad_profile(path: str, profile: dict[str, Any], who: str, setting: str) -> _Offence:
    """The offence of a profile (AppArmor or seccomp) whose type is not allowed."""
    return (
        f"{path}.type",
        _field(profile, "type"),
        f"{who} {setting} {_quote(profile.get('type', ''))}",
    )


class _Survey:
    """Every offence of one pod at one level and version, filed by check in one walk.

    The controller runs each check over the whole pod in turn; the checks read the
    same few fields of every container, so one walk that files each offence under
    its check gives the same lists for a fraction of the cost. ``found[id]`` lists
    a check's offences in the controller's order: the pod's own settings first,
    then init, regular and ephemeral containers, then volumes and annotations.
    Where a check reports a second kind of offence only after all of the first
    (missing seccomp profiles, added capabilities at restricted), that kind waits
    in ``later[id]`` until the walk ends.
    """

    def __init__(self, spec: dict[str, Any], restricted: bool, minor: int) -> None:
        self.restricted = restricted
        self.minor = minor
        self.safe_sysctls = _safe_sysctls(minor)
        self.selinux_types = _SELINUX_TYPES_1_31 if minor >= 31 else _SELINUX_TYPES
        self.found: dict[str, list[_Offence]] = {}
        self.later: dict[str, list[_Offence]] = {}
        # Restricted's Windows exemptions (pod OS windows: the Linux-only fields cannot be set).
        self.windows = _mapping(spec.get("os")).get("name") == "windows"
        # KEP-127: a pod with hostUsers=false runs in its own user namespace, so
        # root in the pod is not root on the node (relaxing checks since 1.35).
        self.user_namespace = minor >= 35 and spec.get("hostUsers") is False
        # Since 1.35 restricted's own procMount check replaces baseline's.
        self.proc_mount_check = (
            "procMount_restricted" if restricted and minor >= 35 else "procMount"
        )
        self.pod_non_root = False  # the pod sets runAsNonRoot=true for its containers
        self.pod_seccomp = False  # the pod sets an allowed seccomp profile for its containers

    def add(self, check: str, path: str, value: Any, wording: str) -> None:
        self.found.setdefault(check, []).append((path, value, wording))

    def add_later(self, check: str, path: str, value: Any, wording: str) -> None:
        self.later.setdefault(check, []).append((path, value, wording))

    def walk(self, meta: dict[str, Any], spec: dict[str, Any]) -> dict[str, list[_Offence]]:
        """The offences of the pod (``meta``, ``spec``) by check ID."""
        self.pod(spec)
        for field in ("initContainers", "containers", "ephemeralContainers"):
            for index, container in enumerate(_items(spec.get(field))):
                if isinstance(container, dict):
                    self.container(f"spec.{field}[{index}]", container)
        volumes = spec.get("volumes")
        if volumes:
            self.volumes(_items(volumes))
        annotations = meta.get("annotations")
        if annotations:
            self.apparmor_annotations(_mapping(annotations))
        for check, offences in self.later.items():
            self.found.setdefault(check, []).extend(offences)
        return self.found

    def pod(self, spec: dict[str, Any]) -> None:
        """The pod-wide fields: host namespaces and the pod's securityContext."""
        for field in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(field) is True:
                self.add("hostNamespaces", f"spec.{field}", True, f"{field}=true")
        context = _mapping(spec.get("securityContext"))
        path = "spec.securityContext"
        if context:
            self.profiles(path, context, "pod")
            options = _mapping(context.get("seLinuxOptions"))
            if options:
                self.selinux(f"{path}.seLinuxOptions", options, "pod")
            for index, sysctl in enumerate(_items(context.get("sysctls"))):
                name = _mapping(sysctl).get("name", "")
                if name not in self.safe_sysctls:
                    self.add("sysctls", f"{path}.sysctls[{index}].name", name, str(name))
            if _mapping(context.get("windowsOptions")).get("hostProcess") is True:
                self.add(
                    "windowsHostProcess",
                    f"{path}.windowsOptions.hostProcess",
                    True,
                    "pod must not set securityContext.windowsOptions.hostProcess=true",
                )
        if not self.restricted:
            return
        if not self.windows:
            profile = _mapping(context.get("seccompProfile"))
            self.pod_seccomp = profile.get("type") in _SECCOMP_TYPES
        if not self.user_namespace:
            non_root = context.get("runAsNonRoot")
            self.pod_non_root = non_root is True
            if non_root is False:
                wording = "pod must not set securityContext.runAsNonRoot=false"
                self.add("runAsNonRoot", f"{path}.runAsNonRoot", False, wording)
            if context.get("runAsUser") == 0:
                self.add("runAsUser", f"{path}.runAsUser", 0, "pod must not set runAsUser=0")

    def profiles(self, path: str, context: dict[str, Any], who: str) -> None:
        """The AppArmor and seccomp profiles a securityContext (pod or container) sets."""
        profile = context.get("appArmorProfile")
        if isinstance(profile, dict) and profile.get("type") not in _APPARMOR_TYPES:
            at = f"{path}.appArmorProfile"
            self.add("appArmorProfile", *_bad_profile(at, profile, who, _APPARMOR_SETTING))
        profile = context.get("seccompProfile")
        # At restricted, a Windows pod is exempt from the whole seccomp check.
        if (self.restricted and self.windows) or not isinstance(profile, dict):
            return
        if profile.get("type") not in _SECCOMP_TYPES:
            check = "seccompProfile_restricted" if self.restricted else "seccompProfile_baseline"
            self.add(check, *_bad_profile(f"{path}.seccompProfile", profile, who, _SECCOMP_SETTING))

    def selinux(self, path: str, options: dict[str, Any], who: str) -> None:
        """The seLinuxOptions of the pod or a container."""
        setting = f"{who} set forbidden securityContext.seLinuxOptions"
        selinux_type = options.get("type", "")
        if selinux_type not in self.selinux_types:
            wording = f"{setting}: type {_quote(selinux_type)}"
            self.add("seLinuxOptions", f"{path}.type", selinux_type, wording)
        for field in ("user", "role"):
            if options.get(field):
                wording = f"{setting}: {field} may not be set"
                self.add("seLinuxOptions", f"{path}.{field}", options[field], wording)

    def container(self, path: str, container: dict[str, Any]) -> None:
        """The fields of one container (init, regular or ephemeral) the checks read."""
        who = f'container "{container.get("name", "")}"'
        context = _mapping(container.get("securityContext"))
        at = f"{path}.securityContext"
        if context:
            self.context_settings(at, context, who)
        ports = container.get("ports")
        if ports:
            for index, port in enumerate(_items(ports)):
                host_port = _mapping(port).get("hostPort")
                if host_port is not None and host_port != 0:
                    wording = f"{who} uses hostPort {host_port}"
                    self.add("hostPorts", f"{path}.ports[{index}].hostPort", host_port, wording)
        for probe in _PROBES if self.minor >= 34 else ():
            handler = container.get(probe)
            if handler:
                self.handler_hosts(f"{path}.{probe}", _mapping(handler), who)
        lifecycle = container.get("lifecycle")
        if lifecycle and self.minor >= 34:
            lifecycle = _mapping(lifecycle)
            for hook in _HOOKS:
                handler = lifecycle.get(hook)
                if handler:
                    self.handler_hosts(f"{path}.lifecycle.{hook}", _mapping(handler), who)
        if self.restricted:
            self.restricted_settings(at, context, who)

    def context_settings(self, path: str, context: dict[str, Any], who: str) -> None:
        """What a container's securityContext must not set (baseline's controls)."""
        self.profiles(path, context, who)
        options = _mapping(context.get("seLinuxOptions"))
        if options:
            self.selinux(f"{path}.seLinuxOptions", options, who)
        if context.get("privileged") is True:
            wording = f"{who} must not set securityContext.privileged=true"
            self.add("privileged", f"{path}.privileged", True, wording)
        if _mapping(context.get("windowsOptions")).get("hostProcess") is True:
            wording = f"{who} must not set securityContext.windowsOptions.hostProcess=true"
            self.add("windowsHostProcess", f"{path}.windowsOptions.hostProcess", True, wording)
        proc_mount = context.get("procMount")
        if proc_mount is not None and proc_mount != "Default":
            wording = f"{who} must not set securityContext.procMount to {_quote(proc_mount)}"
            if self.proc_mount_check == "procMount_restricted" or not self.user_namespace:
                self.add(self.proc_mount_check, f"{path}.procMount", proc_mount, wording)
        if not self.restricted:
            capabilities = _mapping(context.get("capabilities"))
            self.added_capabilities(path, capabilities, who, _BASELINE_CAPABILITIES)

    def handler_hosts(self, path: str, handler: dict[str, Any], who: str) -> None:
        """A probe or lifecycle handler that names a host (the node's, or any other)."""
        for action in ("httpGet", "tcpSocket"):
            host = _mapping(handler.get(action)).get("host")
            if host:
                wording = f"{who} uses probe or lifecycle host {_quote(host)}"
                self.add("hostProbesAndHostLifecycle", f"{path}.{action}.host", host, wording)

    def added_capabilities(
        self, path: str, capabilities: dict[str, Any], who: str, allowed: frozenset[str]
    ) -> None:
        """Capabilities a container adds beyond ``allowed`` (baseline's, or restricted's one)."""
        check = "capabilities_restricted" if self.restricted else "capabilities_baseline"
        add = self.add_later if self.restricted else self.add
        for index, capability in enumerate(_items(capabilities.get("add"))):
            if capability not in allowed:
                wording = (
                    f"{who} must not include {_quote(capability)}"
                    " in securityContext.capabilities.add"
                )
                add(check, f"{path}.capabilities.add[{index}]", capability, wording)

    def restricted_settings(self, path: str, context: dict[str, Any], who: str) -> None:
        """What restricted requires a container's securityContext to set, or not to.

        A Windows pod is exempt from the Linux-only settings, a pod in its own
        user namespace from the non-root user.
        """
        if not self.windows:
            if context.get("allowPrivilegeEscalation") is not False:
                self.add(
                    "allowPrivilegeEscalation",
                    f"{path}.allowPrivilegeEscalation",
                    _field(context, "allowPrivilegeEscalation"),
                    f"{who} must set securityContext.allowPrivilegeEscalation=false",
                )
            capabilities = _mapping(context.get("capabilities"))
            if "ALL" not in _items(capabilities.get("drop")):
                self.add(
                    "capabilities_restricted",
                    f"{path}.capabilities.drop",
                    _field(capabilities, "drop"),
                    f'{who} must set securityContext.capabilities.drop=["ALL"]',
                )
            self.added_capabilities(path, capabilities, who, _RESTRICTED_CAPABILITIES)
            if not self.pod_seccomp and context.get("seccompProfile") is None:
                self.add_later(
                    "seccompProfile_restricted",
                    f"{path}.seccompProfile.type",
                    NO_VALUE,
                    f"pod or {who} must set securityContext.seccompProfile.type"
                    ' to "RuntimeDefault" or "Localhost"',
                )
        if self.user_namespace:
            return
        setting = context.get("runAsNonRoot")
        if setting is False:
            wording = f"{who} must not set securityContext.runAsNonRoot=false"
            self.add("runAsNonRoot", f"{path}.runAsNonRoot", False, wording)
        elif setting is None and not self.pod_non_root:
            wording = f"pod or {who} must set securityContext.runAsNonRoot=true"
            self.add("runAsNonRoot", f"{path}.runAsNonRoot", NO_VALUE, wording)
        if context.get("runAsUser") == 0:
            self.add("runAsUser", f"{path}.runAsUser", 0, f"{who} must not set runAsUser=0")

    def volumes(self, volumes: list[Any]) -> None:
        """hostPath volumes (baseline), or every source outside restricted's list."""
        for index, volume in enumerate(volumes):
            if not self.restricted:
                if isinstance(volume, dict) and volume.get("hostPath") is not None:
                    path = f"spec.volumes[{index}].hostPath"
                    wording = f"volume {_quote(volume.get('name', ''))}"
                    self.add("hostPathVolumes", path, volume["hostPath"], wording)
                continue
            volume = _mapping(volume)
            for key in volume:
                if key in _ALLOWED_VOLUME_SOURCES and volume[key] is not None:
                    break
            else:
                self.restricted_volume(f"spec.volumes[{index}]", volume)

    def restricted_volume(self, path: str, volume: dict[str, Any]) -> None:
        """A volume with no allowed source: its first source is the restricted type named."""
        sources = [key for key in volume if key != "name" and volume[key] is not None]
        # No source at all is emptyDir: {}, the API server's default before admission.
        if not sources:
            return
        source = sources[0]
        word = source if source in _NAMED_VOLUME_TYPES else "unknown"
        self.add(
            "restrictedVolumes",
            join(path, source) if source else path,
            volume[source] if source else NO_VALUE,
            f"volume {_quote(volume.get('name', ''))} uses restricted volume type {_quote(word)}",
        )

    def apparmor_annotations(self, annotations: dict[str, Any]) -> None:
        """The AppArmor annotations older clients set, by key."""
        for key, value in sorted(annotations.items()):
            if key.startswith(_APPARMOR_ANNOTATION_PREFIX) and not _apparmor_annotation_allowed(
                value
            ):
                # The controller quotes the annotation with Go's %q, as JSON does.
                setter = f"{key}={json.dumps(value, ensure_ascii=False)}"
                wording = f"annotation {_APPARMOR_SETTING} {_quote(setter)}"
                self.add("appArmorProfile", f"metadata.annotations[{key}]", value, wording)


def _violation(check: _Check, path: str, value: Any, wording: str) -> PodSecurityViolation:
    """The violation of ``check`` by one offence, made without the dataclass's ``__init__``.

    A frozen dataclass's ``__init__`` sets each of its eight fields through
    ``object.__setattr__``, which costs about as much as finding the offence;
    filling the new instance's ``__dict__`` makes the same object.
    """
    violation = object.__new__(PodSecurityViolation)
    violation.__dict__.update(
        path=path,
        reason=FORBIDDEN,
        detail=f"{check.control} ({wording})",
        # The pod's own lists and mappings (hostPath, a volume's source) stay the
        # caller's: the violation gets a copy.
        value=plain(value) if type(value) in (dict, list) else value,
        parameter=None,
        check=check.id,
        control=check.control,
        level=check.level,
    )
    return violation


# In the controller's order: baseline checks, then restricted ones, each by ID.
_CHECKS = (
    _Check("appArmorProfile", BASELINE, "forbidden AppArmor profile"),
    _Check("capabilities_baseline", BASELINE, "non-default capabilities"),
    _Check("hostNamespaces", BASELINE, "host namespaces"),
    _Check("hostPathVolumes", BASELINE, "hostPath volumes"),
    _Check("hostPorts", BASELINE, "hostPort"),
    _Check("hostProbesAndHostLifecycle", BASELINE, "probe or lifecycle host", since=34),
    _Check("privileged", BASELINE, "privileged"),
    _Check("procMount", BASELINE, "procMount"),
    _Check("seLinuxOptions", BASELINE, "seLinuxOptions"),
    _Check("seccompProfile_baseline", BASELINE, "seccompProfile"),
    _Check("sysctls", BASELINE, "forbidden sysctls"),
    _Check("windowsHostProcess", BASELINE, "hostProcess"),
    _Check("allowPrivilegeEscalation", RESTRICTED, "allowPrivilegeEscalation != false"),
    _Check(
        "capabilities_restricted",
        RESTRICTED,
        "unrestricted capabilities",
        overrides=("capabilities_baseline",),
    ),
    _Check("procMount_restricted", RESTRICTED, "procMount", overrides=("procMount",), since=35),
    _Check(
        "restrictedVolumes",
        RESTRICTED,
        "restricted volume types",
        overrides=("hostPathVolumes",),
    ),
    _Check("runAsNonRoot", RESTRICTED, "runAsNonRoot != true"),
    _Check("runAsUser", RESTRICTED, "runAsUser=0"),
    _Check(
        "seccompProfile_restricted",
        RESTRICTED,
        "seccompProfile",
        overrides=("seccompProfile_baseline",),
    ),
)


@cache
def _checks_of(level: str, minor: int) -> tuple[_Check, ...]:
    """The checks of ``level`` at policy version 1.``minor``, in the controller's order."""
    known = [check for check in _CHECKS if check.since <= minor]
    if level == BASELINE:
        return tuple(check for check in known if check.level == BASELINE)
    overridden = {overridden for check in known for overridden in check.overrides}
    return tuple(check for check in known if check.id not in overridden)


_VERSION = re.compile(r"v?1\.(0|[1-9][0-9]*)")


def policy_minor(version: Any) -> int:
    """The minor version of a policy version (``latest``, ``v1.33`` or ``1.33``) as the
    rules apply it; ValueError for anything else."""
    if version == "latest":
        return _NEWEST_MINOR
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    if match is None or int(match[1]) < _OLDEST_MINOR:
        raise ValueError(
            f"version must be 'latest' or a policy version from 'v1.{_OLDEST_MINOR}'"
            f" (as pod-security.kubernetes.io/enforce-version writes it), not {version!r}"
        )
    # A version newer than the rules know is evaluated at the newest, as the controller does.
    return min(int(match[1]), _NEWEST_MINOR)


def policy_version_problem(
    level: str | None, version: str, version_name: str, level_name: str
) -> str | None:
    """What is wrong with a policy ``version`` given as ``version_name`` (the command's option
    or the hub's environment variable), if anything: not one :func:`policy_minor` reads, or
    given without a level (``level`` None), which ``level_name`` would give."""
    if version == "latest":
        return None  # the default: it goes with any level, or none
    if level is None:
        return f"{version_name} goes with {level_name}"
    try:
        policy_minor(version)
    except ValueError as error:
        return f"{version_name}: {error}"
    return None


def check_pod_security(
    obj: Any, level: str = RESTRICTED, version: str = "latest"
) -> list[PodSecurityViolation]:
    """Check a pod against a level of the Kubernetes Pod Security Standards.

    Applies every control of the standard at a policy version (by default
    1.37, the newest), as the PodSecurity admission controller of Kubernetes
    1.37 does for a namespace enforcing ``level`` at that version, to the
    pod's containers, init containers and ephemeral containers. A container's
    setting wins over the pod's where the controller lets it
    (``runAsNonRoot``, ``seccompProfile``).

    Parameters:
      obj: The pod: a manifest mapping (camelCase keys as the API server sees
        them, or the client's snake_case names), or a client ``V1Pod`` of
        either client generation, such as :func:`make_pod` returns. A pod
        template (a camelCase ``{"metadata", "spec"}`` mapping or a
        ``V1PodTemplateSpec``) is checked the same way, with paths relative
        to it.
      level: ``"restricted"`` (the default; includes every baseline control),
        ``"baseline"``, or ``"privileged"`` (no controls, so no violations).
      version: The policy version, as a namespace's
        ``pod-security.kubernetes.io/enforce-version`` label gives it:
        ``"latest"`` (the default, 1.37), or ``"v1.25"`` to ``"v1.37"``
        (``"1.33"`` works too). A cluster older than 1.37 enforces its own
        version as ``latest``: pass it. A newer version is checked as 1.37,
        the newest these rules know.

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
      ValueError: ``level`` is not one of ``POD_SECURITY_LEVELS``, ``version``
        is not a version above, or ``obj`` is an object of another kind than Pod.
      InvalidObjectError: a Pod manifest has fields a Pod does not have, or
        (InvalidTypeError, also a TypeError) values of the wrong type, as
        :func:`to_manifest` reports them; such a pod is not judged.
      TypeError: ``obj`` is neither a mapping nor a client model.
    """
    if level not in POD_SECURITY_LEVELS or not isinstance(level, str):
        allowed = ", ".join(repr(name) for name in POD_SECURITY_LEVELS)
        raise ValueError(f"level must be one of {allowed}, not {level!r}")
    minor = policy_minor(version)
    manifest = manifest_view(obj)
    kind = manifest.get("kind", "Pod")
    if kind != "Pod":
        raise ValueError(f"expected a Pod, not a {kind}")
    if level == PRIVILEGED:
        return []
    meta = _mapping(manifest.get("metadata"))
    spec = _mapping(manifest.get("spec"))
    found = _Survey(spec, level == RESTRICTED, minor).walk(meta, spec)
    if not found:
        return []
    return [
        _violation(check, path, value, wording)
        for check in _checks_of(level, minor)
        if check.id in found
        for path, value, wording in found[check.id]
    ]

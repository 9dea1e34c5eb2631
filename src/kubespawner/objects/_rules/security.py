"""Pod and container security contexts.

Rules of ``validatePodSpecSecurityContext`` and ``ValidateSecurityContext``:
user and group ids between 0 and 2^31-1 (uid 0 is valid), seccomp and
AppArmor profile types and their ``localhostProfile``, ``procMount``,
sysctls, Windows options, and the combinations the API server refuses.
Capability names are free-form on the API server and are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .._core.names import dns1123_subdomain_problem, sysctl_name_problem
from .common import (
    INT32_MAX,
    Problems,
    check_name,
    duplicate,
    forbidden,
    integer,
    invalid,
    listed,
    mapping,
    remember,
    required,
    text,
    too_long,
    unsupported,
    value_key,
)
from .volume_paths import relative_path_problem

ID_DETAIL = f"must be between 0 and {INT32_MAX}, inclusive"
PROFILE_TYPES = ("Localhost", "RuntimeDefault", "Unconfined")
PROC_MOUNTS = ("Default", "Unmasked")
FS_GROUP_CHANGE_POLICIES = ("Always", "OnRootMismatch")
SUPPLEMENTAL_GROUPS_POLICIES = ("Merge", "Strict")
SELINUX_CHANGE_POLICIES = ("MountOption", "Recursive")
APPARMOR_PROFILE_MAX = 4095
GMSA_SPEC_MAX_BYTES = 64 * 1024
WINDOWS_USER_MAX = 104
WINDOWS_DOMAIN_MAX = 256
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# A NetBIOS domain: 1-15 characters, not starting with '.', none of \ / : * ? " < > |
_NETBIOS_DOMAIN = re.compile(r'[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}')
# A DNS domain: labels of letters (either case), digits and '-', joined by dots.
_DNS_DOMAIN = re.compile(
    r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"
)
LINUX_ONLY_POD_FIELDS = (
    "appArmorProfile",
    "seLinuxOptions",
    "seccompProfile",
    "fsGroup",
    "fsGroupChangePolicy",
    "runAsUser",
    "runAsGroup",
    "supplementalGroups",
    "supplementalGroupsPolicy",
    "seLinuxChangePolicy",
)
LINUX_ONLY_CONTAINER_FIELDS = (
    "appArmorProfile",
    "seLinuxOptions",
    "seccompProfile",
    "capabilities",
    "readOnlyRootFilesystem",
    "privileged",
    "allowPrivilegeEscalation",
    "procMount",
    "runAsUser",
    "runAsGroup",
)
CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")
# Security contexts found valid, by value_key (a hub gives every user's pod the same ones);
# a container's by the pod's hostUsers, which ``procMount`` depends on.
_POD_CONTEXTS: set[bytes] = set()
_CONTAINER_CONTEXTS: dict[bool, set[bytes]] = {True: set(), False: set()}


def _check_ids(
    context: dict[str, Any], path: str, fields: tuple[str, ...], problems: Problems
) -> None:
    """User and group ids of ``fields`` of a security context; paths built only for a problem."""
    for field in fields:
        value = context.get(field)
        if value is None or (type(value) is int and 0 <= value <= INT32_MAX):
            continue  # absent, or a valid id: the common cases, without a call
        number = integer(value)
        if number is not None and not 0 <= number <= INT32_MAX:
            problems.append(invalid(f"{path}.{field}", number, ID_DETAIL))


def check_pod_security_context(
    context: Any, path: str, spec: dict[str, Any], problems: Problems
) -> None:
    """``spec.securityContext``; ``spec`` is needed for ``hostPID`` and friends."""
    key = value_key(context)
    if key in _POD_CONTEXTS:  # valid without sysctls, which depend on the rest of the spec
        _check_process_namespace(spec, problems)
        return
    found = len(problems)
    _check_pod_security_context(context, path, spec, problems)
    if key is not None and len(problems) == found and not mapping(context).get("sysctls"):
        remember(_POD_CONTEXTS, key)


def _check_process_namespace(spec: dict[str, Any], problems: Problems) -> None:
    if spec.get("shareProcessNamespace") is True and spec.get("hostPID") is True:
        detail = "ShareProcessNamespace and HostPID cannot both be enabled"
        problems.append(invalid("spec.shareProcessNamespace", True, detail))


def _check_pod_security_context(
    context: Any, path: str, spec: dict[str, Any], problems: Problems
) -> None:
    chosen = context if isinstance(context, dict) else {}  # mapping(), inline
    _check_ids(chosen, path, ("fsGroup", "runAsUser", "runAsGroup"), problems)
    for index, group in enumerate(listed(chosen.get("supplementalGroups"))):
        number = integer(group)
        if number is not None and not 0 <= number <= INT32_MAX:
            problems.append(invalid(f"{path}.supplementalGroups[{index}]", number, ID_DETAIL))
    _check_process_namespace(spec, problems)
    if chosen.get("sysctls"):
        _check_sysctls(chosen["sysctls"], f"{path}.sysctls", spec, problems)
    for field, allowed in (
        ("fsGroupChangePolicy", FS_GROUP_CHANGE_POLICIES),
        ("supplementalGroupsPolicy", SUPPLEMENTAL_GROUPS_POLICIES),
        ("seLinuxChangePolicy", SELINUX_CHANGE_POLICIES),
    ):
        value = chosen.get(field)
        if isinstance(value, str) and value not in allowed:
            problems.append(unsupported(f"{path}.{field}", value, allowed))
    _check_common(chosen, path, problems)


def check_container_security_context(
    context: Any, path: str, host_users: bool, problems: Problems
) -> None:
    """A container's ``securityContext``; ``host_users``: the pod's ``hostUsers`` (default true)."""
    known = _CONTAINER_CONTEXTS[host_users]
    key = value_key(context)
    if key in known:
        return
    found = len(problems)
    _check_container_security_context(context, path, host_users, problems)
    if key is not None and len(problems) == found:
        remember(known, key)


def _check_container_security_context(
    context: Any, path: str, host_users: bool, problems: Problems
) -> None:
    chosen = context if isinstance(context, dict) else {}  # mapping(), inline
    _check_ids(chosen, path, ("runAsUser", "runAsGroup"), problems)
    proc_mount = chosen.get("procMount")
    if isinstance(proc_mount, str):
        if proc_mount not in PROC_MOUNTS:
            problems.append(unsupported(f"{path}.procMount", proc_mount, PROC_MOUNTS))
        elif proc_mount == "Unmasked" and host_users:
            detail = "`hostUsers` must be false to use `Unmasked`"
            problems.append(invalid(f"{path}.procMount", proc_mount, detail))
    if chosen.get("allowPrivilegeEscalation") is False:
        if chosen.get("privileged") is True:
            detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
            problems.append(invalid(f"{path}.privileged", True, detail))
        capabilities = chosen.get("capabilities")
        added = listed(capabilities.get("add")) if isinstance(capabilities, dict) else []
        for index, capability in enumerate(added):
            if capability == "CAP_SYS_ADMIN":
                detail = (
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` "
                    "CAP_SYS_ADMIN"
                )
                add_path = f"{path}.capabilities.add[{index}]"
                problems.append(invalid(add_path, capability, detail))
    _check_common(chosen, path, problems)


def _check_common(context: dict[str, Any], path: str, problems: Problems) -> None:
    """Fields that pod and container contexts share: seccomp, AppArmor, Windows options."""
    for field in ("seccompProfile", "appArmorProfile", "windowsOptions"):
        profile = context.get(field)
        if isinstance(profile, dict):  # anything else is a wrong type, reported by the conversion
            _COMMON_CHECKS[field](profile, f"{path}.{field}", problems)


def _check_seccomp(profile: dict[str, Any], path: str, problems: Problems) -> None:
    kind = profile.get("type")
    localhost = profile.get("localhostProfile")
    if not kind:
        problems.append(required(f"{path}.type", "type is required when seccompProfile is set"))
    elif isinstance(kind, str) and kind not in PROFILE_TYPES:
        problems.append(unsupported(f"{path}.type", kind, PROFILE_TYPES))
    if kind == "Localhost":
        if localhost is None:
            detail = "must be set when seccomp type is Localhost"
            problems.append(required(f"{path}.localhostProfile", detail))
        elif isinstance(localhost, str):
            reason = relative_path_problem(localhost)
            if reason:
                problems.append(invalid(f"{path}.localhostProfile", localhost, reason))
    elif localhost is not None:
        detail = "can only be set when seccomp type is Localhost"
        problems.append(invalid(f"{path}.localhostProfile", localhost, detail))


def _check_apparmor(profile: dict[str, Any], path: str, problems: Problems) -> None:
    kind = profile.get("type")
    localhost = profile.get("localhostProfile")
    localhost_path = f"{path}.localhostProfile"
    if kind == "Localhost":
        if not isinstance(localhost, str) or not localhost.strip():
            if localhost is None or isinstance(localhost, str):
                detail = "must be set when AppArmor type is Localhost"
                problems.append(required(localhost_path, detail))
        elif localhost != localhost.strip():
            detail = "must not be padded with whitespace"
            problems.append(invalid(localhost_path, localhost, detail))
        elif len(localhost) > APPARMOR_PROFILE_MAX:
            detail = f"may not be more than {APPARMOR_PROFILE_MAX} characters"
            problems.append(too_long(localhost_path, detail))
    elif kind in ("RuntimeDefault", "Unconfined"):
        if localhost is not None:
            detail = "can only be set when AppArmor type is Localhost"
            problems.append(invalid(localhost_path, localhost, detail))
    elif not kind:
        detail = "type is required when appArmorProfile is set"
        problems.append(required(f"{path}.type", detail))
    elif isinstance(kind, str):
        problems.append(unsupported(f"{path}.type", kind, PROFILE_TYPES))


def _check_sysctls(sysctls: Any, path: str, spec: dict[str, Any], problems: Problems) -> None:
    seen: set[str] = set()
    for index, sysctl in enumerate(listed(sysctls)):
        name = text(mapping(sysctl).get("name"))
        name_path = f"{path}[{index}].name"
        if not name:
            problems.append(required(name_path))
            continue
        reason = sysctl_name_problem(name)
        if reason:
            problems.append(invalid(name_path, name, reason))
        elif name in seen:
            problems.append(duplicate(name_path, name))
        seen.add(name)
        # Namespaced sysctls cannot be set for a namespace shared with the host.
        dotted = name.replace("/", ".")
        if spec.get("hostNetwork") is True and dotted.startswith("net."):
            detail = "may not be specified when 'hostNetwork' is true"
            problems.append(invalid(name_path, name, detail))
        if spec.get("hostIPC") is True and (
            dotted.startswith(("kernel.shm", "kernel.msg", "kernel.sem", "fs.mqueue."))
        ):
            problems.append(invalid(name_path, name, "may not be specified when 'hostIPC' is true"))


def _check_windows(chosen: dict[str, Any], path: str, problems: Problems) -> None:
    check_name(
        chosen.get("gmsaCredentialSpecName"),
        f"{path}.gmsaCredentialSpecName",
        problems,
        dns1123_subdomain_problem,
    )
    spec = chosen.get("gmsaCredentialSpec")
    if spec == "":
        detail = "gmsaCredentialSpec cannot be an empty string"
        problems.append(invalid(f"{path}.gmsaCredentialSpec", spec, detail))
    elif isinstance(spec, str) and len(spec.encode()) > GMSA_SPEC_MAX_BYTES:
        detail = f"gmsaCredentialSpec size must be under {GMSA_SPEC_MAX_BYTES // 1024} KiB"
        problems.append(invalid(f"{path}.gmsaCredentialSpec", spec, detail))
    user = chosen.get("runAsUserName")
    if isinstance(user, str):
        reason = _windows_user_problem(user)
        if reason:
            problems.append(invalid(f"{path}.runAsUserName", user, reason))


_COMMON_CHECKS: dict[str, Callable[[dict[str, Any], str, Problems], None]] = {
    "seccompProfile": _check_seccomp,
    "appArmorProfile": _check_apparmor,
    "windowsOptions": _check_windows,
}


def _windows_user_problem(name: str) -> str | None:
    if not name:
        return "runAsUserName cannot be an empty string"
    if _CONTROL_CHARACTERS.search(name):
        return "runAsUserName cannot contain control characters"
    parts = name.split("\\")
    if len(parts) > 2:
        return "runAsUserName cannot contain more than one backslash"
    domain, user = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    if len(domain) >= WINDOWS_DOMAIN_MAX:
        return f"runAsUserName's Domain length must be under {WINDOWS_DOMAIN_MAX} characters"
    if len(parts) == 2 and not (_NETBIOS_DOMAIN.fullmatch(domain) or _DNS_DOMAIN.fullmatch(domain)):
        return "runAsUserName's Domain doesn't match the NetBios nor the DNS format"
    if not user:
        return "runAsUserName's User cannot be empty"
    if len(user) > WINDOWS_USER_MAX:
        return f"runAsUserName's User length must not be longer than {WINDOWS_USER_MAX} characters"
    if set(user) <= {".", " "}:
        return "runAsUserName's User cannot contain only periods or spaces"
    if any(character in '"/\\:;|=,+*?<>@[]' for character in user):
        return "runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]"
    return None


def check_operating_system(spec: dict[str, Any], problems: Problems) -> None:
    """Fields that depend on the pod's ``os.name`` and its host namespaces.

    A Linux pod may not carry Windows options; a Windows pod may not carry
    Linux-only fields; host-process containers come all together, on the host's
    network; a pod in its own user namespace shares no namespace with the host.
    """
    os_name = spec["os"].get("name") if isinstance(spec.get("os"), dict) else None
    if os_name == "linux":
        _check_linux(spec, problems)
    elif os_name == "windows":
        _check_windows_pod(spec, problems)
    if _sets_windows_options(spec):
        _check_host_process(spec, problems)
    if spec.get("hostUsers") is False:
        # The API server spells two of these paths in Go case (spec.HostPID, spec.HostIPC);
        # the manifest's own field names are given here, so the parameter can be named.
        for field in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(field) is True:
                problems.append(forbidden(f"spec.{field}", "when `pod.Spec.HostUsers` is false"))


def _sets_windows_options(spec: dict[str, Any]) -> bool:
    """Whether the pod or one of its containers has ``windowsOptions`` (few pods do)."""
    context = spec.get("securityContext")
    if isinstance(context, dict) and context.get("windowsOptions") is not None:
        return True
    for field in CONTAINER_LISTS:
        group = spec.get(field)
        for container in group if isinstance(group, list) else ():
            context = container.get("securityContext") if isinstance(container, dict) else None
            if isinstance(context, dict) and context.get("windowsOptions") is not None:
                return True
    return False


def _containers(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(path, container) of every container, init and ephemeral container of ``spec``."""
    return [
        (f"spec.{field}[{index}]", mapping(container))
        for field in CONTAINER_LISTS
        for index, container in enumerate(listed(spec.get(field)))
    ]


def _check_linux(spec: dict[str, Any], problems: Problems) -> None:
    detail = "windows options cannot be set for a linux pod"
    if mapping(spec.get("securityContext")).get("windowsOptions") is not None:
        problems.append(forbidden("spec.securityContext.windowsOptions", detail))
    for path, container in _containers(spec):
        if mapping(container.get("securityContext")).get("windowsOptions") is not None:
            problems.append(forbidden(f"{path}.securityContext.windowsOptions", detail))


def _check_windows_pod(spec: dict[str, Any], problems: Problems) -> None:
    detail = "cannot be set for a windows pod"
    context = spec.get("securityContext")
    if isinstance(context, dict):
        for field in LINUX_ONLY_POD_FIELDS:
            value = context.get(field)
            if value is not None and not (field == "supplementalGroups" and value == []):
                problems.append(forbidden(f"spec.securityContext.{field}", detail))
        if context.get("sysctls"):
            problems.append(forbidden("spec.securityContext.sysctls", detail))
    # In v1 these live in the spec; the API server checks them with the pod's security context.
    for field in ("hostUsers", "shareProcessNamespace"):
        if spec.get(field) is not None:
            problems.append(forbidden(f"spec.{field}", detail))
    for field in ("hostPID", "hostIPC"):
        if spec.get(field) is True:
            problems.append(forbidden(f"spec.{field}", detail))
    # Pod-level resources have no Windows support: refused since 1.34.
    if spec.get("resources") is not None:
        problems.append(forbidden("spec.resources", detail))
    for path, container in _containers(spec):
        container_context = container.get("securityContext")
        if not isinstance(container_context, dict):
            continue
        for field in LINUX_ONLY_CONTAINER_FIELDS:
            if container_context.get(field) is not None:
                problems.append(forbidden(f"{path}.securityContext.{field}", detail))


def _check_host_process(spec: dict[str, Any], problems: Problems) -> None:
    """Windows host-process containers: the pod's and a container's setting agree, and if
    any container is one, all are, and the pod uses the host's network."""
    pod_setting = mapping(mapping(spec.get("securityContext")).get("windowsOptions")).get(
        "hostProcess"
    )
    containers = _containers(spec)
    host_process = 0
    for path, container in containers:
        own = mapping(mapping(container.get("securityContext")).get("windowsOptions")).get(
            "hostProcess"
        )
        if isinstance(pod_setting, bool) and isinstance(own, bool) and own != pod_setting:
            detail = (
                "pod hostProcess value must be identical if both are specified, "
                f"was {str(pod_setting).lower()}"
            )
            problems.append(
                invalid(f"{path}.securityContext.windowsOptions.hostProcess", own, detail)
            )
        if own is True or (own is None and pod_setting is True):
            host_process += 1
    if not host_process:
        return
    if host_process != len(containers):
        detail = (
            "If pod contains any hostProcess containers then all containers must be "
            "HostProcess containers"
        )
        problems.append(invalid("spec", "", detail))
    if spec.get("hostNetwork") is not True:
        detail = "hostNetwork must be true if pod contains any hostProcess containers"
        problems.append(invalid("spec.hostNetwork", False, detail))

"""Pod volumes and containers' volume mounts.

Rules of ``ValidateVolumes``, ``validateVolumeSource`` and
``ValidateVolumeMounts``: volume names are unique DNS labels, each volume has
at most one source (none means ``emptyDir: {}``, the API server's v1
default), each source follows its own rules (``volume_sources``), each mount
names a defined volume at a path unique in its container, and ``subPath``
stays inside the volume (relative, no ``..``). ``ValidateVolumeDevices``: raw
block devices come from claims, at unique paths no mount uses.
"""

from __future__ import annotations

from typing import Any

from .._core.errors import closest, show_value
from .._core.fields import FIELDS
from .._core.names import dns1123_label_problem, dns1123_subdomain_problem
from .common import (
    Problems,
    accept,
    accepted_names,
    check_name,
    duplicate,
    forbidden,
    invalid,
    listed,
    mapping,
    not_found,
    required,
    text,
    unsupported,
)
from .volume_paths import relative_path_problem
from .volume_sources import SOURCE_CHECKS

VOLUME_SOURCES = tuple(sorted(set(FIELDS["V1Volume"]) - {"name"}))
_IS_SOURCE = frozenset(VOLUME_SOURCES)
MOUNT_PROPAGATIONS = ("None", "HostToContainer", "Bidirectional")
RECURSIVE_READ_ONLY = ("Disabled", "IfPossible", "Enabled")
BLOCK_SOURCES = ("persistentVolumeClaim", "ephemeral")  # the sources a raw block device may use
_PLAIN_MOUNT_FIELDS = frozenset({"name", "mountPath", "readOnly"})
_VALID_SOURCES: set[tuple[Any, ...]] = set()  # (source, *its fields) found valid
_VALID_SOURCES_MAX = 1024
_LABELS_ACCEPTED = accepted_names(dns1123_label_problem)  # volume names seen valid
ISCSI_NAME_DETAIL = (
    "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters "
    "if iscsi.initiatorName is specified."
)


def volume_source(volume: dict[str, Any]) -> str:
    """The source a volume uses once defaulted: its first source field, else ``emptyDir``."""
    for field, value in volume.items():
        if field in _IS_SOURCE and value is not None:
            return field
    return "emptyDir"


def check_volumes(
    volumes: Any, path: str, problems: Problems, pod_name: Any = None
) -> dict[str, dict[str, Any]]:
    """The pod's volumes; returns {name: volume} of those a mount may refer to.

    ``pod_name`` names the claims of ephemeral volumes (``<pod>-<volume>``),
    which must be valid names and which no other volume may claim.
    """
    defined: dict[str, dict[str, Any]] = {}
    volume_list = listed(volumes)
    pod = pod_name if isinstance(pod_name, str) and pod_name else None
    # Plain loops, not comprehensions: each of those costs a frame, for a rare case here.
    created_claims: set[str] = set()
    if pod:
        for volume in volume_list:
            if isinstance(volume, dict) and volume.get("ephemeral") is not None:
                created_claims.add(f"{pod}-{volume.get('name')}")
    for index, volume in enumerate(volume_list):
        if not isinstance(volume, dict):
            volume = {}
        name = volume.get("name")
        # Paths are built only for a problem: most volumes have none.
        if not isinstance(name, str) or (
            name not in _LABELS_ACCEPTED
            and not accept(dns1123_label_problem, _LABELS_ACCEPTED, name)
        ):
            check_name(name, f"{path}[{index}].name", problems, dns1123_label_problem, needed=True)
        if isinstance(name, str) and name in defined:
            problems.append(duplicate(f"{path}[{index}].name", name))
        _check_source(volume, path, index, problems, pod)
        if isinstance(name, str) and name not in defined:
            defined[name] = volume
        if not created_claims:
            continue
        claim = mapping(volume.get("persistentVolumeClaim")).get("claimName")
        if isinstance(claim, str) and claim in created_claims:
            detail = "must not reference a PVC that gets created for an ephemeral volume"
            problems.append(
                invalid(f"{path}[{index}].persistentVolumeClaim.claimName", claim, detail)
            )
    return defined


def _check_source(
    volume: dict[str, Any], path: str, index: int, problems: Problems, pod: str | None
) -> None:
    """The source of the volume at ``path[index]``: one at most, checked by its own rules."""
    # A volume has a name and a source or two: look at its fields, not at every source there is.
    sources = []
    for field, value in volume.items():
        if value is not None and field in _IS_SOURCE:
            sources.append(field)
    if not sources:
        return  # defaulted to an empty emptyDir, which has nothing to check
    if len(sources) > 1:
        sources.sort()
        for extra in sources[1:]:
            detail = "may not specify more than 1 volume type"
            problems.append(forbidden(f"{path}[{index}].{extra}", detail))
    source = sources[0]
    content = volume[source] if isinstance(volume[source], dict) else {}
    # The source's path is built only for a problem: a check only appends problems, and
    # finds the same ones under any non-empty path, so a source with some is checked
    # again, this time with its path.
    # A source's rules depend on its content alone, and a hub's pods repeat the same few
    # sources: one found valid is remembered (unless a value is unhashable, a rare case).
    try:
        key: tuple[Any, ...] | None = (source, *content.items())
        known = key in _VALID_SOURCES
    except TypeError:
        key, known = None, False
    if not known:
        check = SOURCE_CHECKS[source]
        found = len(problems)
        check(content, "?", problems)
        if len(problems) > found:
            del problems[found:]
            check(content, f"{path}[{index}].{source}", problems)
        elif key is not None:
            if len(_VALID_SOURCES) >= _VALID_SOURCES_MAX:
                _VALID_SOURCES.clear()  # bounded memory, whatever the manifests
            _VALID_SOURCES.add(key)
    if source != "iscsi" and source != "ephemeral":
        return  # what follows concerns only these two sources
    name = text(volume.get("name"))
    portal = text(content.get("targetPortal")) or ""
    with_initiator = source == "iscsi" and content.get("initiatorName") is not None
    if with_initiator and name is not None and len(f"{name}:{portal}") > 64:
        problems.append(invalid(f"{path}[{index}].name", name, ISCSI_NAME_DETAIL))
    if source == "ephemeral" and pod and name:
        claim = f"{pod}-{name}"
        reason = dns1123_subdomain_problem(claim)
        if reason:
            problems.append(invalid(f"{path}[{index}].name", name, f'PVC name "{claim}": {reason}'))


def _volume_meant(name: str, volumes: dict[str, dict[str, Any]]) -> str:
    """``; did you mean "home"?`` naming the volume closest to ``name``, if one is close;
    the name is a value, written as the problem writes the value."""
    close = closest(name, volumes)
    return f"; did you mean {show_value(close)}?" if close is not None else ""


def check_mounts(
    mounts: Any,
    path: str,
    volumes: dict[str, dict[str, Any]],
    privileged: bool,
    problems: Problems,
) -> None:
    """A container's ``volumeMounts`` against the pod's ``volumes``."""
    mount_paths: set[str] = set()
    for index, mount in enumerate(listed(mounts)):
        if not isinstance(mount, dict):
            mount = {}
        name = mount.get("name")
        if not name:
            problems.append(required(f"{path}[{index}].name"))
        elif isinstance(name, str) and name not in volumes:
            detail = "must be the name of one of the pod's volumes" + _volume_meant(name, volumes)
            problems.append(not_found(f"{path}[{index}].name", name, detail))
        target = mount.get("mountPath")
        if not isinstance(target, str) or not target:
            problems.append(required(f"{path}[{index}].mountPath"))
        elif target in mount_paths:
            problems.append(invalid(f"{path}[{index}].mountPath", target, "must be unique"))
        else:
            mount_paths.add(target)
        # One set test instead of four look-ups: most mounts have only a name, a path and
        # readOnly, which is all checked above.
        if not _PLAIN_MOUNT_FIELDS.issuperset(mount):
            if mount.get("subPath") or mount.get("subPathExpr"):
                _check_sub_paths(mount, f"{path}[{index}]", problems)
            if (
                mount.get("mountPropagation") is not None
                or mount.get("recursiveReadOnly") is not None
            ):
                _check_propagation(mount, f"{path}[{index}]", privileged, problems)


def _check_sub_paths(mount: dict[str, Any], path: str, problems: Problems) -> None:
    for field in ("subPath", "subPathExpr"):
        sub_path = text(mount.get(field))
        reason = relative_path_problem(sub_path) if sub_path else None
        if reason:
            problems.append(invalid(f"{path}.{field}", sub_path, reason))
    if mount.get("subPath") and mount.get("subPathExpr"):
        detail = "subPathExpr and subPath are mutually exclusive"
        problems.append(invalid(f"{path}.subPathExpr", mount["subPathExpr"], detail))


def _check_propagation(
    mount: dict[str, Any], path: str, privileged: bool, problems: Problems
) -> None:
    propagation = mount.get("mountPropagation")
    if isinstance(propagation, str):
        if propagation not in MOUNT_PROPAGATIONS:
            problems.append(
                unsupported(f"{path}.mountPropagation", propagation, MOUNT_PROPAGATIONS)
            )
        elif propagation == "Bidirectional" and not privileged:
            detail = "Bidirectional mount propagation is available only to privileged containers"
            problems.append(forbidden(f"{path}.mountPropagation", detail))
    recursive = mount.get("recursiveReadOnly")
    if not isinstance(recursive, str):
        return
    if recursive not in RECURSIVE_READ_ONLY:
        problems.append(unsupported(f"{path}.recursiveReadOnly", recursive, RECURSIVE_READ_ONLY))
        return
    if recursive == "Disabled":
        return
    if not mount.get("readOnly"):
        detail = "may only be specified when readOnly is true"
        problems.append(forbidden(f"{path}.recursiveReadOnly", detail))
    if propagation not in (None, "None"):
        detail = "may only be specified when mountPropagation is None or not specified"
        problems.append(forbidden(f"{path}.recursiveReadOnly", detail))


def check_volume_devices(
    container: dict[str, Any], path: str, volumes: dict[str, dict[str, Any]], problems: Problems
) -> None:
    """A container's ``volumeDevices`` (``ValidateVolumeDevices``) and their overlap with mounts.

    A device is a claim's raw block volume: it names a ``persistentVolumeClaim`` or
    ``ephemeral`` volume, at a path unique in the container, and neither its volume nor
    its path may also be mounted (nor a mount's, a device).
    """
    devices_list = [mapping(device) for device in listed(container.get("volumeDevices"))]
    if not devices_list:  # most containers have none, and then nothing can overlap
        return
    mounts = {
        text(mount.get("name")): text(mount.get("mountPath"))
        for mount in map(mapping, listed(container.get("volumeMounts")))
    }
    devices = {text(device.get("name")): text(device.get("devicePath")) for device in devices_list}
    names: set[str] = set()
    device_paths: set[str] = set()
    for index, device in enumerate(devices_list):
        item = f"{path}.volumeDevices[{index}]"
        name, device_path = text(device.get("name")) or "", text(device.get("devicePath")) or ""
        if not name:
            problems.append(required(f"{item}.name"))
        elif name in names:
            problems.append(invalid(f"{item}.name", name, "must be unique"))
        if name:
            names.add(name)
        if name not in volumes:
            hint = _volume_meant(name, volumes).removeprefix("; ") if name else ""
            problems.append(not_found(f"{item}.name", name, hint))
        elif volume_source(volumes[name]) not in BLOCK_SOURCES:
            detail = (
                "can only use volume source type of PersistentVolumeClaim or Ephemeral "
                "for block mode"
            )
            problems.append(invalid(f"{item}.name", name, detail))
        if not device_path:
            problems.append(required(f"{item}.devicePath"))
        if device_path in device_paths:
            problems.append(invalid(f"{item}.devicePath", device_path, "must be unique"))
        if device_path and ".." in device_path.split("/"):
            detail = "can not contain backsteps ('..')"
            problems.append(invalid(f"{item}.devicePath", device_path, detail))
        else:
            device_paths.add(device_path)
        if name in mounts:
            detail = "must not already exist in volumeMounts"
            problems.append(invalid(f"{item}.name", name, detail))
        if device_path in mounts.values():
            detail = "must not already exist as a path in volumeMounts"
            problems.append(invalid(f"{item}.devicePath", device_path, detail))
    for index, mount in enumerate(map(mapping, listed(container.get("volumeMounts")))):
        item = f"{path}.volumeMounts[{index}]"
        mount_name, mount_path = text(mount.get("name")), text(mount.get("mountPath"))
        if mount_name is not None and mount_name in devices:
            detail = "must not already exist in volumeDevices"
            problems.append(invalid(f"{item}.name", mount_name, detail))
        if mount_path is not None and mount_path in devices.values():
            detail = "must not already exist as a path in volumeDevices"
            problems.append(invalid(f"{item}.mountPath", mount_path, detail))

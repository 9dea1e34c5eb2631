"""Pod volumes and containers' volume mounts.

Rules of ``ValidateVolumes``, ``validateVolumeSource`` and
``ValidateVolumeMounts``: volume names are unique DNS labels, each volume has
exactly one source, each mount names a defined volume at a path unique in its
container, and ``subPath`` stays inside the volume (relative, no ``..``).
The sources a notebook server commonly uses are checked in depth: emptyDir,
hostPath, secret, configMap, persistentVolumeClaim, nfs.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .._core.fields import FIELDS
from .._core.names import dns1123_label_problem
from .common import (
    NEGATIVE,
    Problems,
    check_name,
    duplicate,
    forbidden,
    integer,
    invalid,
    listed,
    mapping,
    not_found,
    required,
    text,
    unsupported,
)
from .resources import parse

VOLUME_SOURCES = tuple(sorted(set(FIELDS["V1Volume"]) - {"name"}))
_IS_SOURCE = frozenset(VOLUME_SOURCES)
MODE_MAX = 0o777
MODE_DETAIL = "must be a number between 0 and 0777 (octal), both inclusive"
MOUNT_PROPAGATIONS = ("None", "HostToContainer", "Bidirectional")
RECURSIVE_READ_ONLY = ("Disabled", "IfPossible", "Enabled")
HOST_PATH_TYPES = (
    "",
    "DirectoryOrCreate",
    "Directory",
    "FileOrCreate",
    "File",
    "Socket",
    "CharDevice",
    "BlockDevice",
)


def relative_path_problem(path_text: str) -> str | None:
    """Why ``path_text`` is not a path inside a volume (relative, without '..' steps)."""
    if path_text.startswith("/"):
        return "must be a relative path"
    return backsteps_problem(path_text)


def backsteps_problem(path_text: str) -> str | None:
    if ".." in path_text.split("/"):
        return "must not contain '..'"
    return None


def check_volumes(volumes: Any, path: str, problems: Problems) -> dict[str, dict[str, Any]]:
    """The pod's volumes; returns {name: volume} of those a mount may refer to."""
    defined: dict[str, dict[str, Any]] = {}
    for index, volume in enumerate(listed(volumes)):
        volume = mapping(volume)
        volume_path = f"{path}[{index}]"
        name_path = f"{volume_path}.name"
        name = volume.get("name")
        found: Problems = []
        check_name(name, name_path, found, dns1123_label_problem, needed=True)
        if isinstance(name, str) and name in defined:
            found.append(duplicate(name_path, name))
        _check_source(volume, volume_path, found)
        problems.extend(found)
        if isinstance(name, str) and name not in defined:
            defined[name] = volume
    return defined


def _check_source(volume: dict[str, Any], path: str, problems: Problems) -> None:
    # A volume has a name and a source or two: look at its fields, not at every source there is.
    sources = [
        field for field, value in volume.items() if field in _IS_SOURCE and value is not None
    ]
    sources.sort()
    if not sources:
        problems.append(required(path, "must specify a volume type"))
        return
    for extra in sources[1:]:
        problems.append(forbidden(f"{path}.{extra}", "may not specify more than 1 volume type"))
    source = sources[0]
    checker = _SOURCE_CHECKS.get(source)
    if checker is not None:
        checker(mapping(volume[source]), f"{path}.{source}", problems)


def _check_empty_dir(source: dict[str, Any], path: str, problems: Problems) -> None:
    size_path = f"{path}.sizeLimit"
    size = parse(source.get("sizeLimit"), size_path, problems)
    if size is not None and size < 0:
        problems.append(invalid(size_path, source["sizeLimit"], NEGATIVE))


def _check_host_path(source: dict[str, Any], path: str, problems: Problems) -> None:
    host_path = text(source.get("path"))
    if not host_path:
        problems.append(required(f"{path}.path"))
        return
    reason = backsteps_problem(host_path)
    if reason:
        problems.append(invalid(f"{path}.path", host_path, reason))
    kind = source.get("type")
    if isinstance(kind, str) and kind not in HOST_PATH_TYPES:
        problems.append(unsupported(f"{path}.type", kind, HOST_PATH_TYPES))


def _check_secret(source: dict[str, Any], path: str, problems: Problems) -> None:
    if not source.get("secretName"):
        problems.append(required(f"{path}.secretName"))
    _check_files(source, path, problems)


def _check_config_map(source: dict[str, Any], path: str, problems: Problems) -> None:
    if not source.get("name"):
        problems.append(required(f"{path}.name"))
    _check_files(source, path, problems)


def _check_files(source: dict[str, Any], path: str, problems: Problems) -> None:
    """``defaultMode`` and ``items`` (key, relative path, mode) of a secret or configMap."""
    _check_mode(source.get("defaultMode"), f"{path}.defaultMode", problems)
    for index, item in enumerate(listed(source.get("items"))):
        item = mapping(item)
        item_path = f"{path}.items[{index}]"
        if not item.get("key"):
            problems.append(required(f"{item_path}.key"))
        file_path = text(item.get("path"))
        if not file_path:
            problems.append(required(f"{item_path}.path"))
        else:
            reason = relative_path_problem(file_path)
            if not reason and file_path.startswith(".."):
                reason = "must not start with '..'"
            if reason:
                problems.append(invalid(f"{item_path}.path", file_path, reason))
        _check_mode(item.get("mode"), f"{item_path}.mode", problems)


def _check_mode(value: Any, path: str, problems: Problems) -> None:
    mode = integer(value)
    if mode is not None and not 0 <= mode <= MODE_MAX:
        problems.append(invalid(path, mode, MODE_DETAIL))


def _check_claim(source: dict[str, Any], path: str, problems: Problems) -> None:
    if not source.get("claimName"):
        problems.append(required(f"{path}.claimName"))


def _check_nfs(source: dict[str, Any], path: str, problems: Problems) -> None:
    if not source.get("server"):
        problems.append(required(f"{path}.server"))
    export = text(source.get("path"))
    if not export:
        problems.append(required(f"{path}.path"))
    elif not posixpath.isabs(export):
        problems.append(invalid(f"{path}.path", export, "must be an absolute path"))


_SOURCE_CHECKS = {
    "emptyDir": _check_empty_dir,
    "hostPath": _check_host_path,
    "secret": _check_secret,
    "configMap": _check_config_map,
    "persistentVolumeClaim": _check_claim,
    "nfs": _check_nfs,
}


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
        mount = mapping(mount)
        name = mount.get("name")
        if not name:
            problems.append(required(f"{path}[{index}].name"))
        elif isinstance(name, str) and name not in volumes:
            detail = "must be the name of one of the pod's volumes"
            problems.append(not_found(f"{path}[{index}].name", name, detail))
        target = mount.get("mountPath")
        if not isinstance(target, str) or not target:
            problems.append(required(f"{path}[{index}].mountPath"))
        elif target in mount_paths:
            problems.append(invalid(f"{path}[{index}].mountPath", target, "must be unique"))
        else:
            mount_paths.add(target)
        if mount.get("subPath") or mount.get("subPathExpr"):
            _check_sub_paths(mount, f"{path}[{index}]", problems)
        if mount.get("mountPropagation") is not None or mount.get("recursiveReadOnly") is not None:
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
    elif recursive != "Disabled" and not mount.get("readOnly"):
        detail = "may only be specified when readOnly is true"
        problems.append(forbidden(f"{path}.recursiveReadOnly", detail))
    elif recursive == "Enabled" and propagation not in (None, "None"):
        detail = "may only be specified when mountPropagation is None or not specified"
        problems.append(forbidden(f"{path}.recursiveReadOnly", detail))

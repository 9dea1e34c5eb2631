"""Files inside volumes: their relative paths, permission modes and key-to-path items.

Rules shared by the volume sources that write files (secret, configMap,
downwardAPI, projected, gitRepo) and by mounts' sub-paths:
``validateLocalDescendingPath``, ``ValidateLocalNonReservedPath``,
``validatePathNoBacksteps``, ``validateKeyToPath`` and the file-mode range.
"""

from __future__ import annotations

from typing import Any

from .common import Problems, integer, invalid, listed, mapping, required, text

MODE_MAX = 0o777
MODE_DETAIL = "must be a number between 0 and 0777 (octal), both inclusive"


def backsteps_problem(path_text: str) -> str | None:
    """Why ``path_text`` is not allowed to step up (a '..' element)."""
    if ".." in path_text.split("/"):
        return "must not contain '..'"
    return None


def relative_path_problem(path_text: str) -> str | None:
    """Why ``path_text`` is not a path inside a volume (relative, without '..' steps)."""
    if path_text.startswith("/"):
        return "must be a relative path"
    return backsteps_problem(path_text)


def check_relative_path(value: Any, path: str, problems: Problems) -> None:
    """A path below a volume's root: relative, no '..' element (empty is allowed)."""
    path_text = text(value)
    if path_text:
        if path_text.startswith("/"):
            problems.append(invalid(path, path_text, "must be a relative path"))
        reason = backsteps_problem(path_text)
        if reason:
            problems.append(invalid(path, path_text, reason))


def check_file_path(value: Any, path: str, problems: Problems) -> None:
    """A file a volume writes: required, relative, no '..' element, not starting with '..'.

    Names starting with '..' are reserved for the kubelet's own atomic-writer files.
    """
    path_text = text(value)
    if value is None or path_text == "":
        problems.append(required(path))
        return
    if path_text is None:
        return  # a wrong type, reported by the conversion
    check_relative_path(path_text, path, problems)
    if path_text.startswith("..") and not path_text.startswith("../"):
        problems.append(invalid(path, path_text, "must not start with '..'"))


def check_mode(value: Any, path: str, problems: Problems) -> None:
    """A file permission mode: 0 to 0777."""
    mode = integer(value)
    if mode is not None and not 0 <= mode <= MODE_MAX:
        problems.append(invalid(path, mode, MODE_DETAIL))


def check_items(items: Any, path: str, problems: Problems) -> list[str]:
    """Key-to-path items of a secret or configMap; returns the file paths they name."""
    paths: list[str] = []
    for index, item in enumerate(listed(items)):
        item = mapping(item)
        item_path = f"{path}[{index}]"
        if not item.get("key"):
            problems.append(required(f"{item_path}.key"))
        check_file_path(item.get("path"), f"{item_path}.path", problems)
        check_mode(item.get("mode"), f"{item_path}.mode", problems)
        if isinstance(item.get("path"), str) and item["path"]:
            paths.append(item["path"])
    return paths

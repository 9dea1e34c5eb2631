"""What changes when jupyterhub-kubespawner builds its objects with this package.

Installed beside jupyterhub-kubespawner, this package's ``kubespawner/objects/`` takes the
place of KubeSpawner's own ``objects.py``: every pod KubeSpawner starts is built and checked
here. This module says so once in the hub's log, warns when the KubeSpawner release is not one
the tests cover, writes ``allow_privilege_escalation=True`` as KubeSpawner 7 does, and applies
the Pod Security level a hub image asks for through ``KUBESPAWNER_OBJECTS_POD_SECURITY``.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from .._core.errors import INVALID, InvalidObjectError, Problem

# The jupyterhub-kubespawner releases whose calls the tests make against this package.
TESTED_KUBESPAWNER = ("7.0.0", "7.1.0")
POD_SECURITY_VARIABLE = "KUBESPAWNER_OBJECTS_POD_SECURITY"
POD_SECURITY_VERSION_VARIABLE = "KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION"

_announced = False


def announce(logger: logging.Logger | None) -> None:
    """Log once, when KubeSpawner is loaded, that this package builds its objects."""
    global _announced
    if _announced or "kubespawner.spawner" not in sys.modules:
        return
    _announced = True
    from importlib.metadata import PackageNotFoundError, version

    log = logger or logging.getLogger("kubespawner.objects")
    try:
        found = version("jupyterhub-kubespawner")
    except PackageNotFoundError:
        found = "unknown"
    try:
        ours = version("kubespawner-objects")
    except PackageNotFoundError:
        ours = "unknown"
    log.info(
        "jupyterhub-kubespawner %s builds its objects with kubespawner-objects %s: "
        "every object is checked by the API server's rules before it is sent",
        found,
        ours,
    )
    if found not in TESTED_KUBESPAWNER:
        log.warning(
            "kubespawner-objects %s is tested with jupyterhub-kubespawner %s, not %s; "
            "uninstall kubespawner-objects if spawns fail in ways they did not before",
            ours,
            " and ".join(TESTED_KUBESPAWNER),
            found,
        )


def as_kubespawner_writes(arguments: dict[str, Any]) -> dict[str, Any]:
    """``make_pod``'s keyword arguments, changed to build the pod KubeSpawner 7 builds.

    KubeSpawner 7's own module writes ``allowPrivilegeEscalation: true`` for
    ``allow_privilege_escalation=True``, where this package's ``make_pod`` leaves the field unset
    (same effect: the runtime's default is true, and Pod Security's restricted level refuses
    both). Here the value goes in as part of ``container_security_context``, whose own keys
    still win, as in KubeSpawner. Its module also leaves out a CPU or memory limit or guarantee
    of 0 (``cpu_limit = 0`` is how a profile removes the hub's limit), which this package's
    ``make_pod`` would write as ``"0"``, and passes the user and group ids through ``int()``
    (``fs_gid = True`` is 1, ``supplemental_gids = ["100"]`` is ``[100]``); an id ``int()``
    refuses stays as given, for this package's rules to name it.
    """
    changed: dict[str, Any] = {
        key: None for key in _RESOURCES if key in arguments and _is_zero(arguments[key])
    }
    for key in _IDS:
        if arguments.get(key) is not None:
            changed[key] = _as_int(arguments[key])
    groups = arguments.get("supplemental_gids")
    if isinstance(groups, list | tuple):
        changed["supplemental_gids"] = [_as_int(group) for group in groups]
    if changed:
        arguments = {**arguments, **changed}
    context = arguments.get("container_security_context")
    if arguments.get("allow_privilege_escalation") is not True or not (
        context is None or isinstance(context, dict)
    ):
        return arguments
    return {
        **arguments,
        "container_security_context": {"allowPrivilegeEscalation": True, **(context or {})},
    }


# make_pod's arguments that KubeSpawner 7's module sets only when truthy (`if cpu_limit:`).
_RESOURCES = ("cpu_limit", "cpu_guarantee", "mem_limit", "mem_guarantee")


# make_pod's arguments that KubeSpawner 7's module writes as int(value).
_IDS = ("uid", "gid", "fs_gid")


def _as_int(value: Any) -> Any:
    if type(value) is int:
        return value
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return value


def _is_zero(value: Any) -> bool:
    # the numbers KubeSpawner's float and byte traits hold; any other value is checked as given
    return type(value) in (int, float) and value == 0


def prepare_pod_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """``make_pod``'s keyword arguments as given, or inside a hub :func:`as_kubespawner_writes`
    of them: there the pod is the one the installed KubeSpawner would have created."""
    if "kubespawner.spawner" not in sys.modules:
        return arguments
    return as_kubespawner_writes(arguments)


def enforce_pod_security(manifest: dict[str, Any]) -> None:
    """Raise for a pod below the level ``KUBESPAWNER_OBJECTS_POD_SECURITY`` names, if set, at
    the policy version ``KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION`` names (default latest)."""
    level = os.environ.get(POD_SECURITY_VARIABLE, "").strip()
    version = os.environ.get(POD_SECURITY_VERSION_VARIABLE, "").strip() or "latest"
    if not level and version == "latest":
        return
    from .._rules.pod_security import (
        POD_SECURITY_LEVELS,
        check_pod_security,
        policy_version_problem,
    )

    if level and level not in POD_SECURITY_LEVELS:
        detail = f"{POD_SECURITY_VARIABLE} must be one of {', '.join(POD_SECURITY_LEVELS)}"
        raise InvalidObjectError([Problem("", INVALID, detail, level)], "Pod Security setting")
    # The command's words for its --pod-security-version, with the variables' names.
    wrong = policy_version_problem(
        level or None, version, POD_SECURITY_VERSION_VARIABLE, POD_SECURITY_VARIABLE
    )
    if wrong is not None:
        raise InvalidObjectError([Problem("", INVALID, wrong)], "Pod Security setting")
    violations = check_pod_security(manifest, level, version)
    if violations:
        name = manifest.get("metadata", {}).get("name")
        at = "" if version == "latest" else f" at version {version!r}"
        what = f"Pod {name!r} (Pod Security level {level!r}{at})"
        raise InvalidObjectError(tuple(violations), what)

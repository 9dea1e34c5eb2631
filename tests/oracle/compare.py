"""Compare our spawns with jupyterhub-kubespawner's, run in its own environment.

:func:`oracle_spawns` runs ``kubespawner_spawns.py`` under the cached reference interpreter
of a KubeSpawner release (``tests/kubespawner_envs.py``) once for a whole batch.
:func:`normalized` puts a manifest in the form both sides are compared in: None, ``{}`` and
``[]`` equal to absent, quantities canonical, the env as a mapping, and the values JupyterHub
makes at spawn time (its API token and OAuth client id) compared by name only: its other
variables (URLs, scopes) are compared whole. The JupyterHub version annotation is compared
whole: every reference environment holds the JupyterHub of the z2jh hub images.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kubespawner.objects import validate
from kubespawner.objects._core.quantity import format_quantity, parse_quantity
from kubespawner.objects._hub.spawner import Spawn

from ..kubespawner_envs import NEWEST, reference_python, run_json

RUNNER = Path(__file__).with_name("kubespawner_spawns.py")
_BY_NAME_ONLY = "<by name>"
# What JupyterHub makes at spawn time: its token (twice) and the server's OAuth client id.
_MADE_AT_SPAWN = {"JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTERHUB_CLIENT_ID"}


def oracle_spawns(requests: list[dict[str, Any]], release: str = NEWEST) -> list[dict[str, Any]]:
    """KubeSpawner ``release``'s answer for each request (``traits``, ``user``, ``server``,
    ``user_options``, ``namespace``): ``{"pod", "pvc"}`` or ``{"error", "stage"}``."""
    interpreter = reference_python(release)
    answer: list[dict[str, Any]] = run_json(interpreter, RUNNER, {"spawns": requests})
    return answer


def normalized(manifest: Any) -> Any:
    """``manifest`` in comparable form (see the module's docstring)."""
    return _clean(manifest, ())


def _clean(value: Any, path: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        if path[-1:] in (("limits",), ("requests",)):
            return {key: _quantity(item) for key, item in value.items() if item is not None}
        cleaned = {key: _clean(item, (*path, key)) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, {}, [])}
    if isinstance(value, list):
        if path[-1:] == ("env",):
            return {entry["name"]: _env_value(entry) for entry in value}
        return [_clean(item, path) for item in value]
    return value


def _env_value(entry: dict[str, Any]) -> Any:
    if entry["name"] in _MADE_AT_SPAWN:
        return _BY_NAME_ONLY
    return _clean({key: item for key, item in entry.items() if key != "name"}, ("env",))


def _quantity(value: Any) -> str:
    try:
        return format_quantity(parse_quantity(str(value)))
    except ValueError:  # not a quantity: compared as written
        return str(value)


def difference(ours: Any, theirs: Any) -> str:
    """A unified diff of two normalized values, for assertion messages."""
    import difflib

    def lines(value: Any) -> list[str]:
        return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).splitlines()

    return "\n".join(
        difflib.unified_diff(lines(theirs), lines(ours), "kubespawner", "ours", lineterm="")
    )


def assert_same_spawn(ours: Spawn, theirs: dict[str, Any]) -> None:
    """Our spawn agrees with KubeSpawner's answer for it.

    Where KubeSpawner fails, we build nothing and report a problem (one saying that
    KubeSpawner fails, where it fails before building the pod); where both build,
    the objects are equal (see :func:`normalized`); where only KubeSpawner builds an
    object, the API server's rules refuse what it built.
    """
    failures = [str(problem) for problem in ours.problems if problem.reason == "KubeSpawner"]
    if "error" in theirs:
        assert ours.objects == [], theirs["error"]
        early = ("config", "before_start", "load_user_options")
        expected = failures if theirs["stage"] in early else ours.problems
        assert expected, (theirs["error"], [str(problem) for problem in ours.problems])
        return
    assert failures == []
    expected = [manifest for manifest in (theirs["pvc"], theirs["pod"]) if manifest]
    if len(ours.objects) == len(expected):
        mine = [normalized(manifest) for manifest in ours.objects]
        reference = [normalized(manifest) for manifest in expected]
        assert mine == reference, difference(mine, reference)
        return
    kinds = [manifest["kind"] for manifest in ours.objects]
    for manifest in expected:
        if manifest["kind"] not in kinds:
            problems = [str(problem) for problem in ours.problems]
            assert validate(manifest), f"{manifest['kind']} refused without reason: {problems}"

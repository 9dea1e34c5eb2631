"""``hub.extraConfig`` executed, on request, as the z2jh 4.4.0 chart's ``jupyterhub_config.py``
executes it: after the chart's own mapping, snippet by snippet in the order of their keys,
in one namespace where ``c`` holds the chart's settings and the chart's helpers
(``get_config``, ``set_config_if_not_none``, ``get_name``, ``get_name_env``,
``get_secret_value``, also importable from ``z2jh``) are stand-ins answering from the merged
values. Secrets are never read: ``get_secret_value`` gives a placeholder, as do the
environment variables Kubernetes would set (``get_name_env``).

Values files can come from anyone (a pull request): nothing here runs unless asked for.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import os
import re
import sys
import types
from collections.abc import Iterator, Mapping
from typing import Any

from .config import ConfigProblem, Section, SpawnerConfig
from .pyconfig import ConfigRun, run_apart, settings_of
from .values import Values

# What the stand-ins give instead of what only the running hub has.
_SECRET_PLACEHOLDER = "<secret {key}: not read>"
_ENV_PLACEHOLDER = "<environment variable {key}: set by Kubernetes in the hub>"


def execute_extra_config(
    values: Values,
    sections: Mapping[str, Section],
    names: Mapping[str, str],
    problems: list[ConfigProblem],
    unevaluated: list[str],
) -> SpawnerConfig:
    """The settings after ``hub.extraConfig`` ran on the chart's ``sections``.

    ``names`` are the chart's object names by short name (``hub``, ``singleuser``...).
    Raises :class:`~.pyconfig.ConfigRunError` naming the values file and line of the
    snippet statement that failed.
    """
    from traitlets.config.loader import Config

    config = Config()
    for name, section in sections.items():
        config[name] = Config(copy.deepcopy(section.settings))
    run = ConfigRun()
    helpers = _chart_helpers(values, names)
    namespace = {
        "__name__": "__main__",
        "c": config,
        "os": os,
        "sys": sys,
        "re": re,
        "glob": glob,
        "url_path_join": url_path_join,
        **helpers,
    }
    snippets = values.get("hub.extraConfig", {})
    code = []
    for key in sorted(snippets):
        path = ("hub", "extraConfig", key)
        text = snippets[key]
        origin = values.origin(*path)
        if not isinstance(text, str):
            problems.append(
                ConfigProblem(values.name(path), "Wrong type", "a snippet is Python text", origin)
            )
            continue
        compiled_name = f"<{values.name(path)}>"
        # a block scalar's text starts on the line after its key
        run.files[compiled_name] = (str(origin.file), origin.line or 0)
        code.append((compiled_name, text))

    def execute() -> None:
        with _z2jh_module(helpers):
            for compiled_name, text in code:
                exec(compile(text, compiled_name, "exec"), namespace)  # the user asked for it

    source = next(iter(run.files.values()), ("hub.extraConfig", 0))[0]

    def settings() -> SpawnerConfig:
        run.execute(execute)
        return settings_of(config, run, sections, problems, unevaluated, source=source)

    return run_apart(settings, source)


def _chart_helpers(values: Values, names: Mapping[str, str]) -> dict[str, Any]:
    """The chart's helper functions by name, as a snippet finds them (globals and ``z2jh``)."""
    prefix = names["hub"].removesuffix("hub")

    def get_config(key: str, default: Any = None) -> Any:
        """The merged values at ``key`` (``hub.config``), as the hub's Secret holds them."""
        return copy.deepcopy(values.get(key, default))

    def set_config_if_not_none(parent: Any, name: str, key: str) -> None:
        """``parent.name = get_config(key)`` unless that is None."""
        data = get_config(key)
        if data is not None:
            setattr(parent, name, data)

    def get_name(name: str) -> str:
        """The full name of the chart's object ``name``."""
        return names.get(name) or f"{prefix}{name}"

    def get_name_env(name: str, suffix: str = "") -> str:
        """A stand-in for the variable Kubernetes sets for the object's Service."""
        key = (get_name(name) + suffix).upper().replace("-", "_")
        return _ENV_PLACEHOLDER.format(key=key)

    def get_secret_value(key: str, default: Any = None) -> str:
        """A placeholder: the hub's Secret is never read."""
        return _SECRET_PLACEHOLDER.format(key=key)

    return {
        "get_config": get_config,
        "set_config_if_not_none": set_config_if_not_none,
        "get_name": get_name,
        "get_name_env": get_name_env,
        "get_secret_value": get_secret_value,
    }


def url_path_join(*pieces: str) -> str:
    """JupyterHub's ``url_path_join``: the pieces joined by single slashes, keeping the
    first's leading and the last's trailing slash."""
    if not pieces:
        return ""
    joined = "/".join(piece.strip("/") for piece in pieces if piece.strip("/"))
    if pieces[0].startswith("/"):
        joined = "/" + joined
    if pieces[-1].endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined


@contextlib.contextmanager
def _z2jh_module(helpers: Mapping[str, Any]) -> Iterator[None]:
    """``from z2jh import get_config`` in a snippet finds the stand-ins."""
    module = types.ModuleType("z2jh")
    for name, helper in helpers.items():
        setattr(module, name, helper)
    previous = sys.modules.get("z2jh")
    sys.modules["z2jh"] = module
    try:
        yield
    finally:
        if previous is None:
            del sys.modules["z2jh"]
        else:
            sys.modules["z2jh"] = previous

"""The Python of a values file executed, on request, as the z2jh 4.4.0 chart's
``jupyterhub_config.py`` executes it: after the chart's own mapping, first the files
``hub.extraFiles`` mounts into ``jupyterhub_config.d`` (sorted by path), then the
``hub.extraConfig`` snippets (sorted by key), all in one namespace, with the files it
mounts beside the chart's file importable as modules. That namespace holds
what the chart's file gives them: ``c`` with the chart's settings; the modules and names it
imports (``os``, ``sys``, ``re``, ``glob``, ``url_path_join``, ``client``,
``AsyncHTTPClient``); its helpers (``get_config``, ``set_config_if_not_none``,
``get_name``, ``get_name_env``, ``get_secret_value``, also importable from ``z2jh``, and
``camelCaseify``); ``load_subconfig``, ``__file__`` and ``configuration_directory``.

What needs the running hub is a stand-in. Secrets are never read: ``get_secret_value``
gives a placeholder, as do the environment variables Kubernetes would set
(``get_name_env``). ``client``'s models (``client.V1Toleration(...)``) are the Kubernetes
client's own, and settings holding them are taken as their manifests, as KubeSpawner
takes them; its API classes, ``AsyncHTTPClient()`` and ``load_subconfig`` need a cluster,
the network or the hub's files: calling one stops the run with an error saying so.

Values files can come from anyone (a pull request): nothing here runs unless asked for.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import fnmatch
import glob
import importlib.abc
import importlib.machinery
import importlib.util
import os
import posixpath
import re
import sys
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from .config import ConfigProblem, Section, SpawnerConfig
from .stand_ins import AsyncHTTPClientStandIn, ClientStandIn, needs_hub
from .urls import url_path_join
from .values import Values

# What the stand-ins give instead of what only the running hub has.
_SECRET_PLACEHOLDER = "<secret {key}: not read>"
_ENV_PLACEHOLDER = "<environment variable {key}: set by Kubernetes in the hub>"
# Where the hub image keeps the chart's jupyterhub_config.py; every *.py directly in
# jupyterhub_config.d is executed before hub.extraConfig (jupyterhub_config.py lines 528-537).
CONFIGURATION_DIRECTORY = "/usr/local/etc/jupyterhub"
CONFIG_D = f"{CONFIGURATION_DIRECTORY}/jupyterhub_config.d"


@dataclass(frozen=True)
class MountedPython:
    """A Python file ``hub.extraFiles`` mounts where the hub uses it: in
    ``jupyterhub_config.d`` (executed) or beside the chart's ``jupyterhub_config.py``
    (importable: the chart puts that directory first on ``sys.path``).

    ``text`` is the file as the hub reads it; ``shown`` and ``start`` name where its
    lines are (its first line is ``start + 1`` of ``shown``): the values file for
    ``stringData``, the path in the hub for decoded ``binaryData``.
    """

    key: str
    mount: str
    text: str
    shown: str
    start: int


def mounted_python(values: Values, problems: list[ConfigProblem]) -> list[MountedPython]:
    """The ``hub.extraFiles`` the hub executes (:func:`is_config_d`) or can import
    (:func:`module_name`), those of ``jupyterhub_config.d`` in the order the hub runs them.

    A file the chart cannot render, or whose content the hub cannot read, is a problem
    (appended to ``problems``) and left out.
    """
    files = values.get("hub.extraFiles", {})
    found = []
    for key, details in files.items() if isinstance(files, dict) else ():
        mount = details.get("mountPath") if isinstance(details, dict) else None
        if not isinstance(mount, str) or not (is_config_d(mount) or module_name(mount)):
            continue
        path = ("hub", "extraFiles", key)
        forms = [form for form in ("data", "stringData", "binaryData") if details.get(form)]
        problem = None
        if len(forms) != 1:
            problem = "the chart takes exactly one of data, stringData and binaryData"
        elif forms == ["data"]:
            problem = "the chart renders data only into .yaml, .yml, .json and .toml files"
        elif forms == ["stringData"] and isinstance(details["stringData"], str):
            origin = values.origin(*path, "stringData")
            # a block scalar's text starts on the line after its key
            found.append(
                MountedPython(key, mount, details["stringData"], str(origin.file), origin.line or 0)
            )
        elif forms == ["binaryData"] and isinstance(details["binaryData"], str):
            try:
                data = base64.b64decode(re.sub(r"\s", "", details["binaryData"]), validate=True)
                found.append(MountedPython(key, mount, data.decode(), mount, 0))
            except (binascii.Error, ValueError):
                problem = "binaryData is not base64 of UTF-8 text (the hub reads the file as text)"
        if problem is not None:
            problems.append(
                ConfigProblem(
                    values.name(path), "Hub fails to start", problem, values.origin(*path)
                )
            )
    # sorted(glob(...)) in the chart: by path, the files being in one directory
    return sorted(found, key=lambda file: posixpath.normpath(file.mount))


def is_config_d(mount: str) -> bool:
    """Whether the chart's ``glob(f"{config_dir}/*.py")`` finds a file mounted at ``mount``."""
    directory, name = posixpath.split(posixpath.normpath(mount))
    return directory == CONFIG_D and fnmatch.fnmatchcase(name, "*.py") and name[:1] != "."


def module_name(mount: str) -> str | None:
    """The module a file mounted at ``mount`` is importable as in the hub, if any: one beside
    the chart's own files, but for those it replaces (``jupyterhub_config.py``, ``z2jh.py``,
    which are not emulated)."""
    directory, name = posixpath.split(posixpath.normpath(mount))
    stem, dot, extension = name.rpartition(".")
    if directory != CONFIGURATION_DIRECTORY or (dot, extension) != (".", "py"):
        return None
    if not stem.isidentifier() or stem in ("jupyterhub_config", "z2jh"):
        return None
    return stem


def execute_extra_config(
    values: Values,
    sections: Mapping[str, Section],
    names: Mapping[str, str],
    problems: list[ConfigProblem],
    unevaluated: list[str],
    mounted: list[MountedPython],
) -> SpawnerConfig:
    """The settings after the ``jupyterhub_config.d`` files of ``mounted`` (from
    :func:`mounted_python`) and ``hub.extraConfig`` ran on the chart's ``sections``, the
    other files of ``mounted`` importable.

    ``names`` are the chart's object names by short name (``hub``, ``singleuser``...).
    Raises :class:`~.pyconfig.ConfigRunError` naming the file and line of the statement
    that failed (the values file's line for snippets and ``stringData``).
    """
    from traitlets.config.loader import Config

    from .pyconfig import ConfigRun, run_apart, settings_of

    config = Config()
    for name, section in sections.items():
        config[name] = Config(copy.deepcopy(section.settings))
    run = ConfigRun()
    helpers = _chart_helpers(values, names)
    namespace = {"c": config, **_chart_globals(), **helpers}
    code = []
    modules = {}
    for file in mounted:
        compiled_name = f"<{values.name(('hub', 'extraFiles', file.key))}>"
        run.files[compiled_name] = (file.shown, file.start)
        module = module_name(file.mount)
        if module is not None:
            modules[module] = (compiled_name, file.text)
        else:
            code.append((compiled_name, file.text))
    snippets = values.get("hub.extraConfig", {})
    for key in sorted(snippets) if isinstance(snippets, dict) else ():
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
        with _z2jh_module(helpers), _importable(modules):
            for compiled_name, text in code:
                exec(compile(text, compiled_name, "exec"), namespace)  # the user asked for it

    source = next(iter(run.files.values()), ("hub.extraConfig", 0))[0]

    def settings() -> SpawnerConfig:
        run.execute(execute)
        return settings_of(config, run, sections, problems, unevaluated, source=source)

    return run_apart(settings, source)


def _chart_globals() -> dict[str, Any]:
    """The names the chart's ``jupyterhub_config.py`` binds before it runs the snippets,
    but for its helpers and its own variables."""

    def load_subconfig(filename: str, path: str | None = None) -> NoReturn:
        needs_hub(f"load_subconfig({filename!r})", "its files")

    def camelCaseify(text: str) -> str:
        """``some_value`` as ``someValue``."""
        return re.sub(r"_([a-z])", lambda match: match.group(1).upper(), text)

    return {
        # traitlets' loader executes the file with these, and no __name__
        "__file__": f"{CONFIGURATION_DIRECTORY}/jupyterhub_config.py",
        "load_subconfig": load_subconfig,
        "os": os,
        "sys": sys,
        "re": re,
        "glob": glob,
        "url_path_join": url_path_join,
        "client": ClientStandIn("kubernetes_asyncio.client"),
        "AsyncHTTPClient": AsyncHTTPClientStandIn,
        "configuration_directory": CONFIGURATION_DIRECTORY,
        "camelCaseify": camelCaseify,
    }


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


class _MountedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the modules mounted beside the chart's ``jupyterhub_config.py`` first, as the
    chart's ``sys.path.insert(0, configuration_directory)`` does."""

    def __init__(self, modules: Mapping[str, tuple[str, str]]) -> None:
        self.modules = modules  # name -> (the name its code is compiled under, its text)

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        """A spec for a mounted top-level module, else None (the next finder's turn)."""
        if path is not None or fullname not in self.modules:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        """The default module object."""

    def exec_module(self, module: types.ModuleType) -> None:
        """Execute the mounted file's text in ``module``."""
        compiled_name, text = self.modules[module.__name__]
        module.__file__ = f"{CONFIGURATION_DIRECTORY}/{module.__name__}.py"
        exec(compile(text, compiled_name, "exec"), vars(module))  # the user asked for it


@contextlib.contextmanager
def _importable(modules: Mapping[str, tuple[str, str]]) -> Iterator[None]:
    """The mounted ``modules`` importable while the configuration runs."""
    finder = _MountedModules(modules)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for name in modules:
            sys.modules.pop(name, None)

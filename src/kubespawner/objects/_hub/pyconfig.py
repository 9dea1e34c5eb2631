"""``jupyterhub_config.py`` -> KubeSpawner's settings, as JupyterHub loads its configuration.

The file is executed as JupyterHub executes it: by traitlets' ``PyFileConfigLoader`` (``c``,
``get_config()``, ``load_subconfig()``, relative names found from the working directory),
then the sections a KubeSpawner reads are merged as traitlets merges them for a spawner:
``Spawner``, then ``KubeSpawner``, then the sections of a ``spawner_class`` subclassing it,
each later one winning; ``c.KubeSpawner.profile_list.append(...)`` and the other
``LazyConfigValue`` operations land on the trait's default (or on the value an earlier
section gives). While the file runs, the getting and setting of every setting is watched
(``sys.setprofile``, traitlets itself untouched) to learn the file and line that wrote it
and each list item or mapping key added to it afterwards.

Executing the file is running the admin's code: only an explicit request does it. Output
the file prints goes to stderr (stdout holds the objects), and whatever it raises, a
``sys.exit`` included, becomes :class:`ConfigRunError` naming the file and line.
Callables (hooks, a callable ``profile_list``, ``options_form``...) are not called:
they are listed as not evaluated, and the spawns are made without them. Client models
(``client.V1Toleration(...)``) inside settings are taken as their manifests, as KubeSpawner
takes them; ``from kubespawner import KubeSpawner`` and ``from kubernetes_asyncio import
client`` work where those packages are not installed (:mod:`.stand_ins`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._core.convert import is_model
from .._core.documents import UnusableInputError
from .._core.manifest import to_manifest
from . import bounded
from .config import (
    SPAWNER_SECTIONS,
    ConfigProblem,
    Origin,
    Section,
    SettingPath,
    SpawnerConfig,
    assemble,
    ignored_section,
    setting_name,
)
from .stand_ins import ClientStandIn, NeedsRunningHub
from .traits import NEWEST, TRAITS, default

# The JupyterHub settings that change what a spawn creates (the rest, secrets among them,
# are not kept).
HUB_SETTINGS = (
    "admin_access",
    "allow_named_servers",
    "base_url",
    "cookie_host_prefix_enabled",
    "hub_bind_url",
    "hub_connect_ip",
    "hub_connect_port",
    "hub_connect_url",
    "hub_port",
    "internal_ssl",
    "named_server_limit_per_user",
    "public_url",
    "subdomain_host",
    "tornado_settings",
)
# The names JupyterHub resolves ``spawner_class`` strings naming KubeSpawner with.
_KUBESPAWNER_NAMES = ("kubespawner.KubeSpawner", "kubespawner.spawner.KubeSpawner")
# How long configuration code may run (a hub's starts in well under a second): longer is
# taken for a loop that never ends, and stopped where the platform allows (SIGALRM).
TIME_LIMIT = 60.0
# Values a setting may hold and the spawn pipeline reads; anything else is not evaluated.
_PLAIN = (str, int, float, bool, type(None))


class ConfigRunError(UnusableInputError):
    """The configuration could not be executed: it raised, exited or does not compile."""


@dataclass(frozen=True)
class _Event:
    """A setting read (``touch``) or assigned (``set``) at ``origin``, and what its value
    held then (:func:`_snapshot`), to tell which items later lines added."""

    section: str
    key: str
    kind: str
    origin: Origin
    snapshot: Any


@dataclass
class ConfigRun:
    """One execution of configuration code, recording where each setting was written.

    ``files`` maps the file names code is compiled under to the name shown to users and
    the line the code starts on in that file (a values file holds snippets further down).
    """

    files: dict[str, tuple[str, int]] = field(default_factory=dict)
    events: list[_Event] = field(default_factory=list)
    _sections: dict[int, str] = field(default_factory=dict)
    # the sections themselves, kept alive so that no other object takes over their ids
    _alive: list[Any] = field(default_factory=list)

    def origin_here(self, frame: types.FrameType | None) -> Origin | None:
        """The file and line of the innermost configuration code on ``frame``'s stack."""
        while frame is not None:
            known = self.files.get(frame.f_code.co_filename)
            if known is not None:
                return Origin(known[0], known[1] + frame.f_lineno)
            frame = frame.f_back
        return None

    def execute(self, action: Callable[[], Any]) -> Any:
        """``action()`` (which executes configuration code) watched, its output on stderr,
        whatever it raises a :class:`ConfigRunError`."""
        from traitlets.config.loader import Config

        getitem, setitem = Config.__getitem__.__code__, Config.__setitem__.__code__
        merge = Config.merge.__code__

        def watch(frame: types.FrameType, event: str, arg: Any) -> None:
            code = frame.f_code
            if code is getitem and event == "return":
                self._seen(frame, "touch", arg, merge)
            elif code is setitem and event == "call":
                self._seen(frame, "set", frame.f_locals.get("value"), merge)

        previous = sys.getprofile()
        try:
            with (
                _time_limit(),
                bounded.memory_watched(),
                _stand_in_kubespawner(),
                _stand_in_client(),
                contextlib.redirect_stdout(sys.stderr),
            ):
                sys.setprofile(watch)
                try:
                    return action()
                finally:
                    sys.setprofile(previous)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the admin's code: anything may come out of it
            raise self._error(error) from None

    def _seen(self, frame: types.FrameType, kind: str, value: Any, merge: types.CodeType) -> None:
        owner, key = frame.f_locals.get("self"), frame.f_locals.get("key")
        if not isinstance(key, str) or (frame.f_back and frame.f_back.f_code is merge):
            return  # traitlets merging a loaded sub-file: its own lines were recorded
        section = self._sections.get(id(owner))
        if section is None:
            if key[:1].isupper() and isinstance(value, dict):
                self._sections[id(value)] = key
                self._alive.append(value)
            return
        origin = self.origin_here(frame.f_back)
        if origin is not None:
            self.events.append(_Event(section, key, kind, origin, _snapshot(value)))

    def _error(self, error: BaseException) -> ConfigRunError:
        where: Origin | None = None
        if isinstance(error, SyntaxError) and error.filename in self.files:
            name, start = self.files[error.filename]
            where = Origin(name, start + (error.lineno or 1))
        trace = error.__traceback__
        while trace is not None:
            known = self.files.get(trace.tb_frame.f_code.co_filename)
            if known is not None:
                where = Origin(known[0], known[1] + trace.tb_lineno)
            trace = trace.tb_next
        if isinstance(error, _TimeLimit):
            text = f"the configuration did not finish within {TIME_LIMIT:g} s"
        elif isinstance(error, MemoryError):
            text = f"the configuration used more than {bounded.MEMORY_LIMIT_MIB} MiB"
        elif isinstance(error, NeedsRunningHub):
            text = f"the configuration calls {error}"
        elif isinstance(error, SystemExit):
            text = f"the configuration exits (sys.exit({error.code!r}))"
        elif isinstance(error, _TELLING) and str(error):
            text = f"the configuration raises {type(error).__name__}: {error}"
        else:
            text = (
                f"the configuration raises {type(error).__name__} (its message is not shown:"
                " it may hold a value of the configuration, a secret say)"
            )
        if where is None:
            return ConfigRunError(text, next(iter(self.files.values()), ("configuration",))[0])
        return ConfigRunError(text, str(where.file), where.line)


# Errors whose messages name code or names (a module, a variable, a key, a file), not the
# values the configuration holds: only their messages are shown.
_TELLING = (ImportError, NameError, AttributeError, SyntaxError, KeyError, OSError)


class _TimeLimit(BaseException):
    """Raised into configuration code that runs past :data:`TIME_LIMIT` (a BaseException,
    so that the code's own ``except Exception`` does not swallow it)."""


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def stop(signum: int, frame: types.FrameType | None) -> None:
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _snapshot(value: Any) -> Any:
    """What later additions are told apart by: a list's length, a mapping's keys, a lazy
    value's appended count and updated keys."""
    from traitlets.config.loader import LazyConfigValue

    if isinstance(value, LazyConfigValue):
        keys = frozenset(value._update) if isinstance(value._update, dict) else frozenset()
        return ("lazy", len(value._extend), keys)
    if isinstance(value, list):
        return ("list", len(value), frozenset())
    if isinstance(value, dict):
        return ("dict", 0, frozenset(key for key in value if _hashable(key)))
    return None


def _hashable(key: Any) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


@contextlib.contextmanager
def _stand_in_client() -> Iterator[None]:
    """``from kubernetes_asyncio import client`` works where kubernetes_asyncio is not
    installed (KubeSpawner's client, for models such as ``client.V1Toleration``)."""
    if importlib.util.find_spec("kubernetes_asyncio") is not None:
        yield
        return
    client = ClientStandIn("kubernetes_asyncio.client")
    package = types.ModuleType("kubernetes_asyncio")
    package.client = client  # type: ignore[attr-defined]
    sys.modules.update({"kubernetes_asyncio": package, "kubernetes_asyncio.client": client})
    try:
        yield
    finally:
        for name in ("kubernetes_asyncio", "kubernetes_asyncio.client"):
            sys.modules.pop(name, None)


@contextlib.contextmanager
def _stand_in_kubespawner() -> Iterator[None]:
    """``from kubespawner import KubeSpawner`` works where jupyterhub-kubespawner is not
    installed: a configurable class of that name, enough to subclass for ``spawner_class``."""
    if importlib.util.find_spec("kubespawner.spawner") is not None:
        yield
        return
    from traitlets.config import LoggingConfigurable

    import kubespawner

    stand_in = type("KubeSpawner", (LoggingConfigurable,), {"__module__": "kubespawner.spawner"})
    module = types.ModuleType("kubespawner.spawner")
    module.KubeSpawner = stand_in  # type: ignore[attr-defined]
    kubespawner.KubeSpawner = stand_in  # type: ignore[attr-defined]
    sys.modules["kubespawner.spawner"] = module
    try:
        yield
    finally:
        vars(kubespawner).pop("KubeSpawner", None)
        sys.modules.pop("kubespawner.spawner", None)


def config_file_spawner_config(path: str) -> SpawnerConfig:
    """KubeSpawner's settings in a hub started with ``jupyterhub -f path``.

    Executes ``path`` (and the files it loads with ``load_subconfig``) as JupyterHub does.
    The settings are for the newest jupyterhub-kubespawner release (``kubespawner``), which
    a hub installed from PyPI runs.
    Raises :class:`ConfigRunError` when the configuration cannot be executed (a missing
    file included), naming the file and line.
    """
    from traitlets.config.loader import PyFileConfigLoader

    run = ConfigRun()
    full = os.path.abspath(path)

    class Loader(PyFileConfigLoader):
        def _read_file_as_dict(self) -> None:
            shown = path if self.full_filename == full else _shown_path(self.full_filename)
            run.files.setdefault(self.full_filename, (shown, 0))
            super()._read_file_as_dict()

    def load() -> SpawnerConfig:
        config = run.execute(Loader(path).load_config)
        settings = settings_of(config, run, source=path)
        # A hub of one's own installs KubeSpawner from PyPI: the newest release, not the chart's.
        settings.kubespawner = NEWEST
        return settings

    if not os.path.isfile(path):
        raise ConfigRunError(_no_file(path), path)
    return run_apart(load, path)


def _no_file(path: str) -> str:
    """Why ``path`` is no configuration file: traitlets' ``filefind`` takes regular files
    only (JupyterHub skips anything else as not found)."""
    if os.path.isdir(path):
        return "is a directory"
    if os.path.exists(path):  # <(...), /dev/stdin, a device
        return "not a regular file: jupyterhub -f reads only files, so save it to one"
    if os.path.lexists(path):
        return "a symbolic link that leads to no file"
    return "no such file"


def run_apart(action: Callable[[], SpawnerConfig], source: str) -> SpawnerConfig:
    """``action()``, which executes configuration code, run in a child process whose
    memory and time are bounded (:mod:`.bounded`); the child's end as
    :class:`ConfigRunError` naming ``source`` where no line is known."""
    try:
        return bounded.run_bounded(action, TIME_LIMIT)
    except bounded.ChildFailed as failure:
        raise ConfigRunError(f"the configuration {failure}", source) from None


def _shown_path(full: str) -> str:
    relative = os.path.relpath(full)
    return full if relative.startswith("..") else relative


def settings_of(
    config: Any,
    run: ConfigRun,
    seed: Mapping[str, Section] | None = None,
    problems: list[ConfigProblem] | None = None,
    unevaluated: list[str] | None = None,
    source: str = "configuration",
) -> SpawnerConfig:
    """The spawner's settings from an executed traitlets ``config``.

    ``seed`` holds the sections as they were before the code ran (the chart's mapping),
    whose origins stand for what the code did not touch; ``source`` names the code where
    no line is known.
    """
    seed = seed or {}
    problems = list(problems or [])
    unevaluated = list(unevaluated or [])
    built = {
        name: _section(config, name, run, seed.get(name), source)
        for name in ("Spawner", "KubeSpawner", "JupyterHub")
    }
    hub = built["JupyterHub"]
    spawner_class = hub.settings.get("spawner_class")
    where = hub.by_setting.get("spawner_class", {}).get(("spawner_class",))
    kept = seed["JupyterHub"].settings if "JupyterHub" in seed else {}
    for key in list(hub.settings):
        if key not in HUB_SETTINGS and key not in kept:
            del hub.settings[key], hub.by_setting[key]
    own = _subclass_sections(spawner_class, problems, where or Origin(source))
    subclasses = [_section(config, name, run, None, source) for name in own]
    for name, settings in dict.items(config):
        written = next((event.origin for event in run.events if event.section == name), None)
        warning = ignored_section(
            name, _changed(settings), (*SPAWNER_SECTIONS, *own), written or Origin(source)
        )
        if warning is not None:
            problems.append(warning)
    _resolve_lazy(built["Spawner"], [])
    _resolve_lazy(built["KubeSpawner"], [built["Spawner"]])
    for extra in subclasses:
        _resolve_lazy(extra, [built["KubeSpawner"], built["Spawner"]])
        built["KubeSpawner"].settings.update(extra.settings)
        built["KubeSpawner"].by_setting.update(extra.by_setting)
    for name, section in built.items():
        _keep_plain(name, section, unevaluated)
    return assemble(built["Spawner"], built["KubeSpawner"], hub, problems, unevaluated)


def _changed(settings: Any) -> dict[str, Any]:
    """The settings of a section that were set, not only read (traitlets makes a
    ``LazyConfigValue`` of a setting read before it is set)."""
    from traitlets.config.loader import LazyConfigValue

    if not isinstance(settings, dict):
        return {}
    return {
        key: value
        for key, value in settings.items()
        if not (isinstance(value, LazyConfigValue) and not value.to_dict())
    }


def _subclass_sections(
    spawner_class: Any, problems: list[ConfigProblem], where: Origin
) -> list[str]:
    """The sections a ``spawner_class`` subclassing KubeSpawner adds; reported otherwise."""
    if spawner_class is None:
        problems.append(
            ConfigProblem(
                "JupyterHub.spawner_class",
                "Not KubeSpawner",
                "not set: JupyterHub's default is LocalProcessSpawner (set it to "
                "'kubespawner.KubeSpawner'); the spawns shown are KubeSpawner's",
                where,
                warning=True,
            )
        )
        return []
    if isinstance(spawner_class, str) and spawner_class in _KUBESPAWNER_NAMES:
        return []
    if isinstance(spawner_class, type):
        lineage = [cls for cls in reversed(spawner_class.__mro__) if isinstance(cls, type)]
        names = [cls.__name__ for cls in lineage]
        if "KubeSpawner" in names:
            own = names[names.index("KubeSpawner") + 1 :]
            for cls in lineage[names.index("KubeSpawner") + 1 :]:
                # what any class gets from traitlets' metaclass is not the admin's
                empty = vars(type("Empty", (cls.__mro__[1],), {}))
                body = sorted(name for name in vars(cls) if name not in empty)
                if body:
                    problems.append(
                        ConfigProblem(
                            f"JupyterHub.spawner_class.{cls.__name__}",
                            "Not evaluated",
                            f"the subclass's own attributes ({', '.join(body)}) are not "
                            "run: the spawns are KubeSpawner's",
                            where,
                            warning=True,
                        )
                    )
            return own
    shown = (
        f"{spawner_class.__module__}.{spawner_class.__qualname__}"
        if isinstance(spawner_class, type)
        else repr(spawner_class)
    )
    problems.append(
        ConfigProblem(
            "JupyterHub.spawner_class",
            "Not KubeSpawner",
            f"the hub spawns with {shown}, which is not KubeSpawner: these are KubeSpawner's"
            " spawns, not that spawner's",
            where,
        )
    )
    return []


def _section(
    config: Any, name: str, run: ConfigRun, seeded: Section | None, source: str
) -> Section:
    """The settings of ``config[name]`` with their origins from ``run`` (or ``seeded``)."""
    section = Section()
    values = dict.get(config, name) or {}
    for key, value in values.items():
        events = [event for event in run.events if (event.section, event.key) == (name, key)]
        known = seeded.by_setting.get(key) if seeded is not None else None
        origins = _origins(key, events, _snapshot(value), known)
        section.settings[key] = value
        # a section assigned whole (c.KubeSpawner = Config(...)): its keys have no line
        section.by_setting[key] = origins or {(key,): Origin(source)}
    return section


def _origins(
    key: str,
    events: list[_Event],
    final: Any,
    known: dict[SettingPath, Origin] | None,
) -> dict[SettingPath, Origin] | None:
    """Where setting ``key`` and each item later lines added to it came from."""
    last_set = max((i for i, event in enumerate(events) if event.kind == "set"), default=None)
    origins: dict[SettingPath, Origin]
    if last_set is not None:
        origins = {(key,): events[last_set].origin}
        events = events[last_set:]
    elif known is not None:
        origins = dict(known)
    elif events:
        origins = {(key,): events[0].origin}
    else:
        return None
    snapshots = [event.snapshot for event in events[1:]] + [final]
    for event, after in zip(events, snapshots[: len(events)], strict=True):
        before = event.snapshot
        if before is None or after is None or before[0] != after[0]:
            continue
        for index in range(before[1], after[1]):
            origins[(key, index)] = event.origin
        for added in after[2] - before[2]:
            origins[(key, added)] = event.origin
    return origins


def _resolve_lazy(section: Section, under: list[Section]) -> None:
    """``LazyConfigValue`` settings made values: applied to the value of the same setting in
    the first of ``under`` (the earlier sections) holding it, or to the trait's default, as
    traitlets applies them."""
    from traitlets.config.loader import LazyConfigValue

    for key, value in list(section.settings.items()):
        if not isinstance(value, LazyConfigValue):
            continue
        if not value.to_dict():
            del section.settings[key], section.by_setting[key]  # only read, never changed
            continue
        origins = section.by_setting[key]
        earlier = next((found for found in under if key in found.settings), None)
        if earlier is not None:
            # the earlier section's value is taken in: not overridden but added to
            initial = earlier.settings.pop(key)
            merged = earlier.by_setting.pop(key)
        else:
            initial = default(key) if key in TRAITS else _empty_like(value)
            merged = {}
        shift = len(value._prepend) + len(value._inserts)
        shift += len(initial) if isinstance(initial, list) else 0
        for path, origin in origins.items():
            if len(path) > 1 and isinstance(path[1], int):
                path = (key, path[1] + shift, *path[2:])
            merged[path] = origin
        section.settings[key] = value.get_value(initial)
        section.by_setting[key] = merged


def _empty_like(value: Any) -> Any:
    return {} if isinstance(value._update, dict) else [] if not value._update else set()


def _keep_plain(name: str, section: Section, unevaluated: list[str]) -> None:
    """Callables and other Python objects are not evaluated: listed, and left out."""
    for key, value in list(section.settings.items()):
        origin = section.by_setting[key][(key,)]
        found = list(_unplain(value, (key,)))
        if not found:
            section.settings[key] = _plain(value)
            continue
        for path, item in found:
            unevaluated.append(f"c.{name}.{setting_name(path)} = {_described(item)} ({origin})")
        if any(path == (key,) for path, _ in found):
            del section.settings[key], section.by_setting[key]
        else:
            section.settings[key] = _plain(_without(value, {path for path, _ in found}, (key,)))


def _unplain(value: Any, path: SettingPath) -> Iterator[tuple[SettingPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                yield path, value
                return
            yield from _unplain(item, (*path, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _unplain(item, (*path, index))
    elif not isinstance(value, _PLAIN) and not (len(path) > 1 and is_model(value)):
        # KubeSpawner takes client models as the items of its lists and mappings (a
        # setting that is one is refused by its trait)
        yield path, value


def _without(value: Any, paths: set[SettingPath], path: SettingPath) -> Any:
    if isinstance(value, dict):
        return {
            key: _without(item, paths, (*path, key))
            for key, item in value.items()
            if (*path, key) not in paths
        }
    if isinstance(value, (list, tuple)):
        return [
            _without(item, paths, (*path, index))
            for index, item in enumerate(value)
            if (*path, index) not in paths
        ]
    return value


def _plain(value: Any) -> Any:
    """Tuples as lists (traitlets' List casts them), containers copied, client models as
    the manifests KubeSpawner makes of them, and instances of subclasses the configuration
    defined (``class Name(str)``) as their base type's: only these can be passed back from
    the child process the code ran in."""
    if is_model(value):
        return to_manifest(value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    return value  # True, False or None


def _described(value: Any) -> str:
    if callable(value):
        name = getattr(value, "__qualname__", None) or type(value).__name__
        return f"the callable {name}"
    return f"a {type(value).__name__} object"

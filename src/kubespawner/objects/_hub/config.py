"""The hand-over between the chart layer and the spawner layer: KubeSpawner's settings
as a hub would hold them, each with where it came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A key path into the settings: the trait name, then mapping keys and list indexes
# (``("profile_list", 0, "kubespawner_override", "mem_limit")``).
SettingPath = tuple[str | int, ...]


def setting_name(path: SettingPath) -> str:
    """``("profile_list", 0, "kubespawner_override", "cpu_limit")`` as
    ``profile_list[0].kubespawner_override.cpu_limit``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Origin:
    """Where a setting came from: a values file and line, a command-line option and the
    key it set (``--set #2 singleuser.image.tag``, no line), or the chart's defaults.

    ``yaml`` says the value was YAML text (a values file's), not Python's or a command
    line's: a number or boolean there may be text YAML read as one (``yes``, ``1.10``).
    """

    file: str | None = None
    line: int | None = None
    # how the value was written, not where: origins at the same place are one
    yaml: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        if self.file is None:
            return "chart default"
        return f"{self.file}:{self.line}" if self.line is not None else self.file


CHART_DEFAULT = Origin()
# The jupyterhub-kubespawner release in the z2jh 4.4.0 hub image (images/hub/requirements.txt).
CHART_KUBESPAWNER = "7.0.0"


@dataclass(frozen=True)
class ConfigProblem:
    """Something wrong with the configuration itself, found before any spawn.

    ``setting`` is the values key (``singleuser.storage.type``) or trait it concerns,
    ``reason`` a short kind (``Unknown field``, ``Wrong type``, ``Hub fails to start``,
    ...), ``detail`` what is wrong in words, ``origin`` where the value was written.
    A ``warning`` is legal but surely unintended; the rest stop the hub or every spawn.
    """

    setting: str
    reason: str
    detail: str
    origin: Origin = CHART_DEFAULT
    warning: bool = False

    def __str__(self) -> str:
        where = str(self.origin)
        if not where.endswith(f" {self.setting}"):  # a --set origin names the key already
            where += f": {self.setting}"
        return f"{where}: {self.reason}: {self.detail}"


# The sections whose settings the spawner takes (with those of a spawner_class subclassing
# KubeSpawner, named after it).
SPAWNER_SECTIONS = ("Spawner", "KubeSpawner")


def ignored_section(
    name: str, settings: Any, read: Iterable[str], origin: Origin, prefix: str = ""
) -> ConfigProblem | None:
    """A warning when section ``name`` is a near miss of one of the spawner's sections
    ``read`` (``Kubespawner``, ``Spawnr``): traitlets silently ignores sections of no class.
    ``prefix`` is put before the name (``hub.config.``)."""
    keys = list(settings) if isinstance(settings, dict) else []
    if name in read or not keys:  # only read (traitlets makes a section on reading it)
        return None
    meant = next((known for known in read if _near(name, known)), None)
    if meant is None:
        return None
    what = f"{', '.join(map(str, keys))} {'is' if len(keys) == 1 else 'are'}"
    return ConfigProblem(
        f"{prefix}{name}",
        "Ignored section",
        f"the hub reads no {name} section (class names are case-sensitive), so {what}"
        f" ignored; did you mean {meant}?",
        origin,
        warning=True,
    )


def _near(name: str, known: str) -> bool:
    """Whether ``name`` is ``known`` but for case or a typo or two: an edit distance (with
    transpositions, ignoring case) of at most 1, or 2 for long names; short names of other
    classes (``SSHSpawner``, ``SudoSpawner``) stay apart from ``Spawner``."""
    first, second = name.lower(), known.lower()
    limit = 1 if len(known) < 10 else 2
    if abs(len(first) - len(second)) > limit:
        return False
    rows = [list(range(len(second) + 1))]
    for i, char in enumerate(first, 1):
        row = [i]
        for j, other in enumerate(second, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (char != other)))
            if i > 1 and j > 1 and char == second[j - 2] and first[i - 2] == other:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1] <= limit


@dataclass
class SpawnerConfig:
    """KubeSpawner's settings as the hub hands them over, with their origins.

    ``traits`` maps KubeSpawner trait names (``image``, ``mem_limit``, ``profile_list``,
    ...) to the values the hub's configuration gives them, before any profile override.
    ``hub`` holds the JupyterHub settings that change what a spawn creates
    (``allow_named_servers``, ...). ``origins`` maps setting paths to where each came
    from (those of ``hub`` under ``("JupyterHub", name, ...)``); :meth:`origin` finds the
    most specific one. ``unevaluated`` names the Python
    code (``hub.extraConfig`` snippets, callables) that was not executed; ``problems``
    what is wrong with the configuration before any spawn. ``kubespawner`` is the
    jupyterhub-kubespawner release the hub runs (``7.0.0``, the one the z2jh 4.4.0 hub image
    ships, or ``7.1.0``): it decides which settings exist and what the pods say.
    ``hub_secrets`` names the variables of the hub process's environment that its deployment
    fills with a secret, each with where the secret comes from (what ``env_keep`` would copy).
    """

    traits: dict[str, Any] = field(default_factory=dict)
    hub: dict[str, Any] = field(default_factory=dict)
    origins: dict[SettingPath, Origin] = field(default_factory=dict)
    unevaluated: list[str] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)
    kubespawner: str = CHART_KUBESPAWNER
    hub_secrets: dict[str, str] = field(default_factory=dict)

    def origin(self, *path: str | int) -> Origin:
        """Where the setting at ``path`` (or its closest recorded parent) came from."""
        for end in range(len(path), 0, -1):
            found = self.origins.get(tuple(path[:end]))
            if found is not None:
                return found
        return CHART_DEFAULT


class Section:
    """One configuration section (``c.KubeSpawner``...) with where each setting came from."""

    def __init__(self) -> None:
        self.settings: dict[str, Any] = {}
        self.by_setting: dict[str, dict[SettingPath, Origin]] = {}

    def put(self, name: str, value: Any, origin: Origin) -> None:
        """Set ``name``, forgetting where its previous value's keys came from."""
        self.settings[name] = value
        self.by_setting[name] = {(name,): origin}

    def note(self, path: SettingPath, origin: Origin) -> None:
        """Where the key at ``path`` inside a setting came from."""
        self.by_setting[str(path[0])][path] = origin

    @property
    def origins(self) -> dict[SettingPath, Origin]:
        return {
            path: origin for found in self.by_setting.values() for path, origin in found.items()
        }


def assemble(
    spawner: Section,
    kubespawner: Section,
    jupyterhub: Section,
    problems: list[ConfigProblem],
    unevaluated: list[str],
) -> SpawnerConfig:
    """The hub's settings from its three sections: KubeSpawner's own section wins over
    ``Spawner``'s (traitlets gives the most derived class the last word), which is warned of
    where a written Spawner setting is hidden that way."""
    problems = list(problems)
    for name in spawner.settings.keys() & kubespawner.settings.keys():
        written = spawner.by_setting[name][(name,)]
        if written == CHART_DEFAULT:
            continue
        winner = kubespawner.by_setting[name][(name,)]
        problems.append(
            ConfigProblem(
                name,
                "Overridden",
                f"this Spawner setting is overridden by KubeSpawner's own {name} "
                f"(from {winner}): traitlets gives the subclass the last word",
                written,
                warning=True,
            )
        )
    origins: dict[SettingPath, Origin] = {
        path: origin
        for path, origin in spawner.origins.items()
        if path[0] not in kubespawner.settings
    }
    origins.update(kubespawner.origins)
    origins.update({("JupyterHub", *path): origin for path, origin in jupyterhub.origins.items()})
    return SpawnerConfig(
        traits={**spawner.settings, **kubespawner.settings},
        hub=dict(jupyterhub.settings),
        origins=origins,
        unevaluated=unevaluated,
        problems=problems,
    )

"""Helm values files merged as Helm 3.13+ merges them, remembering the file and line of
every key.

``helm install -f a.yaml -f b.yaml`` first merges the files (maps merged key by key,
anything else, lists included, replaced by the later file, a null included), then lays
the result over the chart's defaults: a null removes the default's key, every other value
of the files wins. The hub reads the outcome through the chart's hub Secret, which drops
the top-level keys left null. Helm reads YAML as kubectl does (go-yaml v2 through
sigs.k8s.io/yaml), so the files are read by the same document reader (``y`` is a boolean,
``1:30`` a string, timestamps stay their text, keys become strings, whole floats
integers), and values travel through Helm as JSON's float64 numbers, reaching the hub
with every mapping's keys sorted (the order of extraEnv, extraFiles, ...). Helm keeps the
last of a key written twice; that is reported as a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from .._core.documents import UnusableInputError, first_document, read_text, source_name
from .config import CHART_DEFAULT, ConfigProblem, Origin, setting_name
from .helm_set import (
    MAX_DEPTH,
    Budget,
    SetOption,
    apply_option,
    read_json_object,
    set_options,
    whole_json_object,
)

ValuePath = tuple[str | int, ...]

# The deepest nesting of values (values nest a few levels; the document reader allows
# Kubernetes objects more): deeper input would only strain the recursive steps below.
_MAX_DEPTH = MAX_DEPTH
# Helm holds numbers as float64: integers beyond 2**53 lose their last digits.
_FLOAT64_EXACT = 2**53


class _Located:
    """A value of a values file (mappings and lists hold ``_Located`` too) and its origin."""

    __slots__ = ("origin", "value")

    def __init__(self, value: Any, origin: Origin) -> None:
        self.value = value
        self.origin = origin


@dataclass
class Values:
    """Merged values as the hub reads them, with where each key was set.

    ``data`` holds plain data; ``origins`` maps each key path (``("singleuser", "image",
    "tag")``, list items by index) to the values file and line that set it, keys from
    the chart's defaults to :data:`CHART_DEFAULT`; ``removed`` maps the default keys a
    null removed to where that null was written. ``prefix`` is the ``--values-path``
    section the values were taken from; ``problems`` what the files got wrong.
    """

    data: dict[str, Any]
    origins: dict[ValuePath, Origin] = field(default_factory=dict)
    removed: dict[ValuePath, Origin] = field(default_factory=dict)
    prefix: str = ""
    problems: list[ConfigProblem] = field(default_factory=list)

    def origin(self, *path: str | int) -> Origin:
        """Where the key at ``path`` (or its closest recorded parent) was set or removed."""
        for end in range(len(path), 0, -1):
            key = tuple(path[:end])
            found = self.origins.get(key) or self.removed.get(key)
            if found is not None:
                return found
        return CHART_DEFAULT

    def get(self, dotted: str, default: Any = None) -> Any:
        """The value at ``dotted`` (``singleuser.image.name``) as the chart's ``get_config``
        finds it: ``default`` when a key is missing or a parent is no mapping."""
        value: Any = self.data
        for key in dotted.split("."):
            if not isinstance(value, dict) or key not in value:
                return default
            value = value[key]
        return value

    def name(self, path: Sequence[str | int]) -> str:
        """The key path as users write it, with the ``--values-path`` section in front."""
        text = self.prefix
        for key in path:
            if isinstance(key, int):
                text += f"[{key}]"
            else:
                text += f".{key}" if text else key
        return text


def load_values(
    paths: Sequence[str],
    values_path: str | None = None,
    release: str = "jupyterhub",
    namespace: str = "jhub",
    set_values: Sequence[tuple[str, str]] = (),
) -> Values:
    """The values the hub of release ``release`` reads when installed with ``-f`` ``paths``
    and the ``set_values`` of Helm's command line: ``(flag, text)`` pairs as given
    (``("--set", "singleuser.image.tag=2024-12-02")``; ``--set-string``, ``--set-json``,
    ``--set-file`` and ``--set-literal`` too).

    ``values_path`` names the section of a parent chart holding the jupyterhub chart's
    values (``basehub.jupyterhub``). Raises :class:`UnusableInputError` for a file that
    cannot be read or is no YAML mapping, and for an option Helm refuses.
    """
    problems: list[ConfigProblem] = []
    merged: dict[str, _Located] = {}
    for path in paths:
        merged = _merge_files(merged, _read_file(path, problems))
    options = set_options(set_values)
    merged = _lay_options(merged, options)
    given = CHART_DEFAULT  # the first values given, where a missing section is reported
    if paths:
        given = Origin(source_name(paths[0]))
    elif options:
        given = Origin(options[0].source)
    section = _section(merged, values_path, problems, given)
    removed: dict[ValuePath, Origin] = {}
    data = _coalesce(section, chart_defaults(), (), removed)
    # The hub Secret holds `merge dict .Values`, which leaves out top-level nulls.
    data = {key: entry for key, entry in data.items() if entry.value is not None}
    data["Chart"] = _located_plain({"Name": "jupyterhub", "Version": "4.4.0"}, CHART_DEFAULT)
    data["Release"] = _located_plain({"Name": release, "Namespace": namespace}, CHART_DEFAULT)
    origins: dict[ValuePath, Origin] = {}
    plain = {key: _plain(entry, (key,), origins) for key, entry in data.items()}
    return Values(plain, origins, removed, values_path or "", problems)


@cache
def chart_defaults() -> dict[str, _Located]:
    """The defaults of the published z2jh 4.4.0 chart that matter for user pods."""
    text = resources.files(__package__).joinpath("chart_defaults.yaml").read_text("utf-8")
    return _read(text, "chart_defaults.yaml", [], constant=CHART_DEFAULT)


def _read_file(path: str, problems: list[ConfigProblem]) -> dict[str, _Located]:
    return _read(read_text(path, as_yaml=True), source_name(path), problems)


def _read(
    text: str, source: str, problems: list[ConfigProblem], constant: Origin | None = None
) -> dict[str, _Located]:
    """The first document of a values file (Helm reads no further ones), located."""
    try:
        document, next_line = first_document(text, source)
    except UnusableInputError as error:
        message = str(error)
        if not message.startswith(("not valid YAML", "cannot read", "not UTF", "document")):
            message = f"not valid YAML: {message}"
        raise UnusableInputError(message, error.source, error.line) from None
    if next_line is not None:
        # Helm 4 (chart/v2 loader.LoadValues) merges every document in; Helm 3 does not
        detail = (
            "Helm 3 reads only the first YAML document of a values file"
            " (Helm 4 merges the later ones in)"
        )
        problems.append(
            ConfigProblem("---", "Ignored document", detail, Origin(source, next_line), True)
        )
    if document is None or document.data is None:
        return {}
    if not isinstance(document.data, dict):
        raise UnusableInputError(
            "a values file holds a mapping of keys (Helm cannot read this one)",
            source,
            document.line(""),
        )
    for duplicate in document.duplicates:
        # go-yaml v2 outside strict mode, as Helm reads values, keeps the last silently.
        detail = f"written {duplicate.where_written}: Helm keeps the last one"
        origin = Origin(source, duplicate.line)
        problems.append(ConfigProblem(duplicate.path, "Duplicate key", detail, origin, True))
    if document.more_duplicates:
        detail = f"{document.more_duplicates} more keys written twice"
        origin = Origin(source, document.line(""))
        problems.append(ConfigProblem("", "Duplicate key", detail, origin, True))
    return _Locator(source, constant).mapping(document.data, document.lines, 1)


class _Locator:
    """Values read by the document reader, as ``_Located`` values with their origins."""

    def __init__(self, source: str, constant: Origin | None) -> None:
        self.source = source
        self.constant = constant

    def origin(self, line: int) -> Origin:
        return self.constant or Origin(self.source, line, yaml=True)

    def locate(self, value: Any, lines: Any, line: int, depth: int) -> _Located:
        """``value`` written at ``line`` (its key's line in a mapping), ``lines`` its line map."""
        if isinstance(value, dict | list) and depth >= _MAX_DEPTH:
            start = lines[0]
            raise UnusableInputError(
                f"values nested deeper than {_MAX_DEPTH} levels", self.source, start
            )
        if isinstance(value, dict):
            return _Located(self.mapping(value, lines, depth + 1), self.origin(line))
        if isinstance(value, list):
            items = [
                self.locate(item, entry, _first_line(entry), depth + 1)
                for item, entry in zip(value, lines[1:], strict=True)
            ]
            return _Located(items, self.origin(line))
        return _Located(_as_helm_number(value), self.origin(line))

    def mapping(self, data: dict[str, Any], lines: Any, depth: int) -> dict[str, _Located]:
        entries = lines[1]
        mapping: dict[str, _Located] = {}
        for key, value in data.items():
            entry = entries[key]
            key_line, value_lines = (entry, entry) if isinstance(entry, int) else entry
            mapping[key] = self.locate(value, value_lines, key_line, depth)
        return mapping


def _first_line(lines: Any) -> int:
    return lines if isinstance(lines, int) else int(lines[0])


def _as_helm_number(value: Any) -> Any:
    """A number as it comes back from Helm, which holds numbers as float64 and writes
    them with the fewest digits that read back as the same float64 (then zeros)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _FLOAT64_EXACT:
        return int(Decimal(repr(float(value))))
    return value


def _lay_options(merged: dict[str, _Located], options: list[SetOption]) -> dict[str, _Located]:
    """The command line's options laid over the merged files, in Helm's order."""
    budget = Budget()
    for option in options:
        if whole_json_object(option):
            # Helm 4 merges a whole JSON object as it merges a values file.
            data = read_json_object(option)
            merged = _merge_files(merged, _set_mapping(data, option.source, ()))
        else:
            apply_option(merged, option, _set_by(option.source), budget)
    return merged


def _set_by(source: str) -> Callable[[Any, str], _Located]:
    """The node maker of a command-line option: each value names the option and its key."""

    last = Origin(source)

    def make(value: Any, key: str) -> _Located:
        nonlocal last
        if last.file != f"{source} {key}":  # one origin for the values of one key
            last = Origin(f"{source} {key}")
        return _Located(value, last)

    return make


def _set_mapping(data: dict[str, Any], source: str, path: ValuePath) -> dict[str, _Located]:
    """A JSON object given on the command line, located by the option and each key."""
    return {key: _set_value(value, source, (*path, key)) for key, value in data.items()}


def _set_value(value: Any, source: str, path: ValuePath) -> _Located:
    if len(path) > _MAX_DEPTH:
        raise UnusableInputError(f"values nested deeper than {_MAX_DEPTH} levels", source)
    origin = Origin(f"{source} {setting_name(path)}")
    if isinstance(value, dict):
        return _Located(_set_mapping(value, source, path), origin)
    if isinstance(value, list):
        items = [_set_value(item, source, (*path, index)) for index, item in enumerate(value)]
        return _Located(items, origin)
    return _Located(value, origin)


def _located_plain(value: Any, origin: Origin) -> _Located:
    if isinstance(value, dict):
        return _Located({k: _located_plain(v, origin) for k, v in value.items()}, origin)
    if isinstance(value, list):
        return _Located([_located_plain(v, origin) for v in value], origin)
    return _Located(value, origin)


def _merge_files(base: dict[str, _Located], over: dict[str, _Located]) -> dict[str, _Located]:
    """Helm's merge of two ``-f`` files: maps key by key, anything else replaced."""
    merged = dict(base)
    for key, entry in over.items():
        earlier = merged.get(key)
        if (
            isinstance(entry.value, dict)
            and earlier is not None
            and isinstance(earlier.value, dict)
        ):
            merged[key] = _Located(_merge_files(earlier.value, entry.value), entry.origin)
        else:
            merged[key] = entry
    return merged


def _section(
    merged: dict[str, _Located],
    values_path: str | None,
    problems: list[ConfigProblem],
    files: Origin,
) -> dict[str, _Located]:
    """The mapping at ``values_path`` (a parent chart's section for this chart); ``files``
    names the values files where the section is missing."""
    section = merged
    if not values_path:
        return section
    walked: list[str] = []
    for key in values_path.split("."):
        walked.append(key)
        entry = section.get(key)
        if entry is None or not isinstance(entry.value, dict):
            if entry is not None and entry.value is not None:
                detail = f"--values-path {values_path}: not a mapping, so no values were read"
                problems.append(ConfigProblem(".".join(walked), "Wrong type", detail, entry.origin))
            else:
                detail = f"no values under --values-path {values_path}: the chart's defaults apply"
                problems.append(ConfigProblem(values_path, "Not found", detail, files, True))
            return {}
        section = entry.value
    return section


def _coalesce(
    user: Mapping[str, _Located],
    defaults: Mapping[str, _Located],
    path: ValuePath,
    removed: dict[ValuePath, Origin],
) -> dict[str, _Located]:
    """The files' values over the chart's defaults, as Helm's coalescing lays them.

    A null in the files removes the default's key; a mapping over a mapping is laid key
    by key; any other value of the files wins, whatever the default's type.
    """
    result = dict(user)
    for key, default in defaults.items():
        mine = user.get(key)
        if mine is None:
            result[key] = default
        elif mine.value is None:
            del result[key]
            removed[(*path, key)] = mine.origin
        elif isinstance(mine.value, dict) and isinstance(default.value, dict):
            laid = _coalesce(mine.value, default.value, (*path, key), removed)
            result[key] = _Located(laid, mine.origin)
    return result


def _plain(entry: _Located, path: ValuePath, origins: dict[ValuePath, Origin]) -> Any:
    origins[path] = entry.origin
    value = entry.value
    if isinstance(value, dict):
        # Helm hands values over as YAML written from Go maps: keys in sorted order.
        return {key: _plain(value[key], (*path, key), origins) for key in sorted(value)}
    if isinstance(value, list):
        return [_plain(item, (*path, index), origins) for index, item in enumerate(value)]
    return value


def walk(value: Any, path: ValuePath = ()) -> Iterator[tuple[ValuePath, Any]]:
    """Every key path below ``value`` with its value, parents first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))

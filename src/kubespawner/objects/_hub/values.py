"""Helm values files merged as Helm 3.13+ merges them, remembering the file and line of
every key.

``helm install -f a.yaml -f b.yaml`` first merges the files (maps merged key by key,
anything else, lists included, replaced by the later file, a null included), then lays
the result over the chart's defaults: a null removes the default's key, every other value
of the files wins. The hub reads the outcome through the chart's hub Secret, which drops
the top-level keys left null. Helm reads YAML with go-yaml v2, whose types differ from
PyYAML's in places (``y`` is a boolean, ``2e9`` a number, ``1:30`` a string), and values
travel through Helm as JSON: keys become strings, whole floats integers, timestamps stay
the text they were written as, and every mapping reaches the hub with its keys sorted
(the order of extraEnv, extraFiles, ...).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._core.documents import UnusableInputError, read_text, source_name
from .config import CHART_DEFAULT, ConfigProblem, Origin

ValuePath = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BINARY = "tag:yaml.org,2002:binary"
_RESOLVER: Any = yaml.resolver.Resolver()
_PLAIN = (True, False)
_GO_BOOLEANS = {
    **dict.fromkeys(
        ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True
    ),
    **dict.fromkeys(
        ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False
    ),
}
_GO_NULLS = ("", "~", "null", "Null", "NULL")
_GO_SPECIAL_FLOATS = {
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
_GO_PREFIXES = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}
_GO_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}
_GO_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
# The most values one file may expand to (aliases can repeat a subtree many times).
_MAX_VALUES = 200_000
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
) -> Values:
    """The values the hub of release ``release`` reads when installed with ``-f`` ``paths``.

    ``values_path`` names the section of a parent chart holding the jupyterhub chart's
    values (``basehub.jupyterhub``). Raises :class:`UnusableInputError` for a file that
    cannot be read or is no YAML mapping.
    """
    problems: list[ConfigProblem] = []
    merged: dict[str, _Located] = {}
    for path in paths:
        merged = _merge_files(merged, _read_file(path, problems))
    section = _section(merged, values_path, problems)
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
    root = _compose(text, "chart_defaults.yaml", [])
    return _construct_root(root, "chart_defaults.yaml", constant=CHART_DEFAULT)


def _read_file(path: str, problems: list[ConfigProblem]) -> dict[str, _Located]:
    source = source_name(path)
    root = _compose(read_text(path), source, problems)
    return _construct_root(root, source)


def _compose(text: str, source: str, problems: list[ConfigProblem]) -> yaml.Node | None:
    """The first document's node tree; Helm reads no further documents."""
    loader = _Loader(text)
    try:
        node = loader.get_node() if loader.check_node() else None
        if node is not None and loader.check_node():
            extra = loader.get_node()
            line = extra.start_mark.line + 1 if extra is not None else None
            if extra is not None:
                problems.append(
                    ConfigProblem(
                        "---",
                        "Ignored document",
                        "Helm reads only the first YAML document of a values file",
                        Origin(source, line),
                        warning=True,
                    )
                )
        if node is not None:
            _flatten_merge_keys(loader, node, set())
        return node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join(part for part in (error.context, error.problem) if part)
        line = mark.line + 1 if mark is not None else None
        raise UnusableInputError(f"not valid YAML: {reason}", source, line) from None
    except yaml.YAMLError as error:
        raise UnusableInputError(f"not valid YAML: {error}", source) from None
    finally:
        loader.dispose()


def _flatten_merge_keys(loader: Any, node: yaml.Node, seen: set[int]) -> None:
    """Resolve ``<<`` merge keys in place (as PyYAML's constructor does), once per node."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            _flatten_merge_keys(loader, key_node, seen)
            _flatten_merge_keys(loader, value_node, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _flatten_merge_keys(loader, item, seen)


def _construct_root(
    node: yaml.Node | None, source: str, constant: Origin | None = None
) -> dict[str, _Located]:
    if node is None:
        return {}
    builder = _Builder(source, constant)
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise UnusableInputError(
            "a values file holds a mapping of keys (Helm cannot read this one)",
            source,
            node.start_mark.line + 1,
        )
    root = builder.build(node, Origin(source, node.start_mark.line + 1))
    mapping: dict[str, _Located] = root.value
    return mapping


class _Builder:
    """Turns a node tree into ``_Located`` values as Helm reads them (JSON types)."""

    def __init__(self, source: str, constant: Origin | None) -> None:
        self.source = source
        self.constant = constant
        self.count = 0
        self.active: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def origin(self, node: yaml.Node) -> Origin:
        if self.constant is not None:
            return self.constant
        return Origin(self.source, node.start_mark.line + 1)

    def fail(self, message: str, node: yaml.Node) -> UnusableInputError:
        return UnusableInputError(message, self.source, node.start_mark.line + 1)

    def build(self, node: yaml.Node, origin: Origin) -> _Located:
        self.count += 1
        if self.count > _MAX_VALUES:
            raise self.fail(f"the file expands to more than {_MAX_VALUES} values", node)
        if isinstance(node, yaml.ScalarNode):
            return _Located(self.scalar(node), origin)
        if id(node) in self.active:
            raise self.fail("an alias refers to a value that contains it", node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = [self.build(item, self.origin(item)) for item in node.value]
                return _Located(items, origin)
            mapping: dict[str, _Located] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail("a key is a mapping or list, which Helm cannot read", key_node)
                key = _json_key(self.scalar(key_node))
                mapping[key] = self.build(value_node, self.origin(key_node))
            return _Located(mapping, origin)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag in (_TIMESTAMP, _BINARY):
            return node.value  # Helm keeps the text
        if not node.style and node.tag == _RESOLVER.resolve(yaml.ScalarNode, node.value, _PLAIN):
            # A plain scalar without a tag ("" or None style, by parser): typed by the YAML
            # reader Helm uses, not PyYAML.
            return _as_helm_number(_go_yaml_plain(node.value), node, self)
        try:
            value = self.constructor.construct_object(node)
        except yaml.constructor.ConstructorError as error:
            raise self.fail(f"not valid YAML: {error.problem}", node) from None
        return _as_helm_number(value, node, self)


def _go_yaml_plain(text: str) -> Any:
    """A plain scalar as go-yaml v2 (Helm's YAML reader, via sigs.k8s.io/yaml) types it.

    It differs from PyYAML's YAML 1.1: ``y``/``n`` are booleans, ``2e9`` and ``08`` numbers,
    ``0o17`` octal, ``1:30`` a string (no base 60).
    """
    if text in _GO_BOOLEANS:
        return _GO_BOOLEANS[text]
    if text in _GO_NULLS:
        return None
    if text in _GO_SPECIAL_FLOATS:
        return _GO_SPECIAL_FLOATS[text]
    first = text[:1]
    if first == ".":
        try:
            return float(text)
        except ValueError:
            return text
    if not first or first not in "+-0123456789":
        return text
    plain = text.replace("_", "")
    number = _go_integer(plain)
    if number is not None:
        return number
    if _GO_FLOAT.match(plain):
        return float(plain)
    return text


def _go_integer(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)``, then ``ParseUint``: None when neither reads it."""
    sign, digits = (text[0], text[1:]) if text[:1] in "+-" else ("", text)
    base = _GO_PREFIXES.get(digits[:2], 8 if digits[:1] == "0" and len(digits) > 1 else 10)
    body = digits[2:] if digits[:2] in _GO_PREFIXES else digits
    if not body or any(char not in _GO_DIGITS[base] for char in body):
        return None
    value = int(body, base) * (-1 if sign == "-" else 1)
    highest = 2**64 - 1 if not sign else 2**63 - 1  # ParseUint takes no sign
    return value if -(2**63) <= value <= highest else None


def _as_helm_number(value: Any, node: yaml.Node, builder: _Builder) -> Any:
    """A number as it comes back from Helm's float64: whole floats as integers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise builder.fail(f"Helm cannot hold the number {node.value!r} (JSON has none)", node)
        return int(value) if value.is_integer() and abs(value) < 1e21 else value
    return value if abs(value) <= _FLOAT64_EXACT else int(float(value))


def _json_key(key: Any) -> str:
    """A mapping key as the JSON string Helm turns it into."""
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


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
    merged: dict[str, _Located], values_path: str | None, problems: list[ConfigProblem]
) -> dict[str, _Located]:
    """The mapping at ``values_path`` (a parent chart's section for this chart)."""
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
                problems.append(ConfigProblem(values_path, "Not found", detail, warning=True))
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

"""Values given on Helm's command line: ``--set``, ``--set-string``, ``--set-json``,
``--set-file`` and ``--set-literal``, read and laid over the ``-f`` files as Helm 3 and 4 do.

Helm applies them after merging the ``-f`` files, by kind, not in the order they were
given: every ``--set-json``, then every ``--set``, ``--set-string``, ``--set-file`` and
``--set-literal``. Each writes into the merged values in place: a dotted key path walks
into mappings (creating them), ``name[3]`` into a list (grown with nulls; indexes above
65,536 are refused), and a key whose value is no mapping (or no list) stops Helm with an
error. One option holds several assignments separated by commas; ``\\`` escapes the next
character (``\\,`` ``\\.`` ``\\=``); ``{a,b}`` is a list. ``--set`` types its values:
``true``/``false`` (any case) are booleans, ``null`` (any case) is null, which removes a
default, and an int64 written without a leading zero is an integer; everything else,
``1.5`` and ``0777`` included, is a string. ``--set-json`` values are JSON (numbers
float64, as Go reads them), ``--set-json '{...}'`` (Helm 4) merges a whole object as a
values file; ``--set-file`` reads the named file's text; ``--set-literal`` takes all
after the first ``=`` as one string. Where Helm 3 and 4 differ, the stricter wins: an
index left open (``a[1``) is refused, as Helm 3 refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .._core.documents import (
    DOCUMENT_SIZE_LIMIT,
    UnusableInputError,
    read_json_value,
    read_text,
)
from .._core.errors import shorten
from .config import Origin, setting_name

# Helm applies the options by kind, in this order (pkg/cli/values/options.go).
HELM_ORDER = ("--set-json", "--set", "--set-string", "--set-file", "--set-literal")
# Helm refuses list indexes above this (strvals.MaxIndex) ...
MAX_INDEX = 65536
# ... and keys of more than this many dots (strvals.MaxNestedNameLevel).
MAX_KEY_LEVELS = 30
# Our bounds: the deepest nesting of values (files' and the options' alike; values nest a
# few levels, deeper input would only strain recursive steps; Helm has no bound on
# indexes in indexes), and the list items the options of one command may create: one
# index at Helm's limit and more (each item costs ~0.2 kB and ~1 µs through the steps
# after; Helm itself would take a gigabyte for a few thousand indexes at its limit).
MAX_DEPTH = 100
MAX_ITEMS = 100_000
# ... and the characters --set-file may read in all: a few values files' worth (a file named
# in a list {f,f,...} a thousand times would otherwise take a thousand times its size).
MAX_FILE_TEXT = 4 * DOCUMENT_SIZE_LIMIT

_INT64 = 2**63
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_SCHEMES = ("http://", "https://", "oci://")  # fetched by Helm's getters, not read here
_NOT_UTF8 = re.compile("[\ud800-\udfff]")
# Python's whitespace that Go's unicode.IsSpace does not count (the rest is the same).
_NOT_GO_SPACE = "\x1c\x1d\x1e\x1f"


class Node(Protocol):
    """A value of the merged values with where it was set (mappings and lists hold nodes)."""

    value: Any
    origin: Origin


N = TypeVar("N", bound=Node)


@dataclass
class Budget:
    """What the options of one command may still create: list ``items`` and characters of
    ``--set-file`` files read."""

    items: int = MAX_ITEMS
    file_text: int = MAX_FILE_TEXT


@dataclass(frozen=True)
class SetOption:
    """One ``--set``-like option as given: ``flag`` (``--set-json``, ...), its ``number``
    among the options of that flag (1 for the first), and its ``text``."""

    flag: str
    number: int
    text: str

    @property
    def source(self) -> str:
        """How problems name the option: ``--set #2``."""
        return f"{self.flag} #{self.number}"


def set_options(given: Sequence[tuple[str, str]]) -> list[SetOption]:
    """``(flag, text)`` pairs as given on Helm's command line (``("--set", "a=1")``), in
    the order Helm applies them, each numbered among those of its flag. Raises
    ValueError for a flag that is none of :data:`HELM_ORDER`."""
    numbers = dict.fromkeys(HELM_ORDER, 0)
    options = []
    for flag, text in given:
        if flag not in numbers:
            raise ValueError(f"{flag!r} is not one of {', '.join(HELM_ORDER)}")
        numbers[flag] += 1
        options.append(SetOption(flag, numbers[flag], text))
    return sorted(options, key=lambda option: HELM_ORDER.index(option.flag))


def whole_json_object(option: SetOption) -> bool:
    """Whether Helm 4 merges the option as one JSON object (``--set-json '{...}'``)."""
    return option.flag == "--set-json" and _go_trim(option.text)[:1] == "{"


def read_json_object(option: SetOption) -> dict[str, Any]:
    """The JSON object of a ``--set-json '{...}'`` option. Raises
    :class:`UnusableInputError` (naming the option, not its text) when it is none."""
    text = _go_trim(option.text)
    data, end = _json(text, 0, option, "")
    if text[end:].strip(" \t\r\n"):
        raise UnusableInputError(
            f"not valid JSON: more text after the object (character {end + 1})", option.source
        )
    if not isinstance(data, dict):
        raise UnusableInputError("not a JSON object", option.source)
    return data


def apply_option(
    data: dict[str, N],
    option: SetOption,
    make: Callable[[Any, str], N],
    budget: Budget | None = None,
) -> None:
    """Write ``option``'s assignments into ``data`` (a mapping of nodes) as Helm does.

    ``make(value, key)`` wraps one value (a scalar, or a mapping or list of nodes) in a
    node set by the assignment to ``key`` (``singleuser.image.tag``). ``budget`` is
    shared by the options of one command. Raises :class:`UnusableInputError` naming
    the option and key for what Helm refuses (and beyond our bounds); no value shown.
    """
    parser = _Parser(option, make, budget or Budget())
    try:
        while parser.key(data, 0, ()):
            pass
    except _Refused as refused:
        where = f"{parser.written}: " if parser.written else ""
        raise UnusableInputError(where + str(refused), option.source) from None


class _Refused(Exception):
    """What Helm refuses in an option (or is beyond our bounds), in words."""


def _json(text: str, start: int, option: SetOption, key: str) -> tuple[Any, int]:
    try:
        return read_json_value(text, start, option.source, float64=True)
    except UnusableInputError as error:
        # The reader's message quotes a character or number of the text: leave it out
        # (it may be a secret's).
        reason = re.sub(r" '(?:[^'\\]|\\.)*'| \"(?:[^\"\\]|\\.)*\"", "", str(error), count=1)
        reason = re.sub(r"the number [^:\s]+", "a number", reason)
        if key:
            reason = f"{key}: {reason}"
        raise UnusableInputError(reason, option.source) from None


class _Parser(Generic[N]):
    """Helm's reading of one option (``pkg/strvals``), writing into nodes as it goes."""

    def __init__(self, option: SetOption, make: Callable[[Any, str], N], budget: Budget) -> None:
        self.option = option
        # Bytes of the command line that are not UTF-8 (Python's lone surrogates) reach
        # the hub as U+FFFD, as Helm's JSON encoding writes them; a file's path stays.
        file = option.flag == "--set-file"
        self.text = option.text if file else _NOT_UTF8.sub("\ufffd", option.text)
        self.position = 0
        self.make = make
        self.budget = budget
        self.literal = option.flag == "--set-literal"
        self.json = option.flag == "--set-json"
        self.typed = option.flag == "--set"
        self.path: tuple[str | int, ...] = ()  # the key path read so far
        self.written = ""  # the same as users write it, for origins and messages

    # -- reading the text

    def until(self, stops: str) -> tuple[str, str | None]:
        """The text up to the first of ``stops`` (consumed; None at the end), with
        backslash escapes resolved except in ``--set-literal``."""
        text, position = self.text, self.position
        parts: list[str] = []
        while position < len(text):
            char = text[position]
            position += 1
            if char in stops:
                self.position = position
                return "".join(parts), char
            if char == "\\" and not self.literal:
                if position == len(text):
                    break  # a trailing backslash escapes nothing
                char = text[position]
                position += 1
            parts.append(char)
        self.position = len(text)
        return "".join(parts), None

    def empty_value(self) -> bool:
        """Skip spaces; True (with the comma consumed) at a comma or the end."""
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == ",":
                self.position += 1
                return True
            if not char.isspace() or char in _NOT_GO_SPACE:
                return False
            self.position += 1
        return True

    def index(self) -> int:
        """The index between ``[`` and ``]``, as Go's ``strconv.Atoi`` reads it."""
        written, stop = self.until("]")
        if stop is None:
            # Helm 3 refuses it; Helm 4 drops the assignment (and the rest) without a word.
            raise _Refused("a list index '[' has no closing ']'")
        if not _integer(written):
            raise _Refused(f"list index [{shorten(written)}] is not an integer")
        return int(written)

    # -- the grammar: key paths, list items, values

    def key(self, data: dict[str, N], level: int, path: tuple[str | int, ...]) -> bool:
        """Read one key (and what follows) into ``data``; False at the end of the text."""
        name, stop = self.until("=[." if self.literal else "=[,.")
        if stop is None:
            if not name:
                return False
            self.descend((*path, name))
            raise _Refused("has no value: write KEY=VALUE")
        here = (*path, name)
        self.descend(here)
        if len(here) > MAX_DEPTH:
            raise _Refused(f"keys and indexes nest more than {MAX_DEPTH} levels deep")
        if stop == ",":
            raise _Refused("has no value: a comma ends it")
        if stop == "=":
            value, more = self.value()
            self.put(data, name, value)
            return more
        if stop == ".":
            level += 1
            if level > MAX_KEY_LEVELS:
                raise _Refused(f"keys nest more than {MAX_KEY_LEVELS} levels deep (Helm's limit)")
            node = data.get(name)
            inner: dict[str, N] = {} if node is None else self.mapping_of(node)
            more = self.key(inner, level, here)
            if more and not inner:
                raise _Refused("has no key after the dot")
            if inner:
                self.place(data, name, inner)
            return more
        index = self.index()
        node = data.get(name)
        items: list[N] = [] if node is None else self.list_of(node)
        items, more = self.item(items, index, level, (*here, index))
        self.place(data, name, items)
        return more

    def item(
        self, items: list[N], index: int, level: int, path: tuple[str | int, ...]
    ) -> tuple[list[N], bool]:
        """Read what follows ``name[index]`` into ``items``; (items, False at the end)."""
        self.descend(path)
        if index < 0:
            raise _Refused("negative list indexes are not allowed")
        if len(path) > MAX_DEPTH:
            raise _Refused(f"keys and indexes nest more than {MAX_DEPTH} levels deep")
        rest, stop = self.until("[.=")
        if rest:
            raise _Refused(f"unexpected text after the list index: {shorten(rest)!r}")
        if stop is None:
            return items, False
        if stop == "=":
            value, _ = self.value()
            return self.set_index(items, index, self.wrap(value, len(path))), True
        if stop == "[":
            inner_index = self.index()
            current: list[N] = []
            if index < len(items) and items[index].value is not None:
                current = self.list_of(items[index])
            nested, more = self.item(current, inner_index, level, (*path, inner_index))
            if not more:
                return items, False
            return self.set_index(items, index, self.keep(items, index, nested)), True
        # A mapping in the list; an item that is none is replaced by one.
        if index < len(items) and not isinstance(items[index].value, dict):
            items[index] = self.make({}, self.written)
        inner: dict[str, N] = items[index].value if index < len(items) else {}
        if not self.key(inner, level, path):
            return items, False
        return self.set_index(items, index, self.keep(items, index, inner)), True

    def value(self) -> tuple[Any, bool]:
        """The value after ``=`` (plain data); False when the text ended at once."""
        if self.literal:
            value, self.position = self.text[self.position :], len(self.text)
            return value, True
        if self.json:
            if self.empty_value():
                return None, True
            value, self.position = _json(self.text, self.position, self.option, self.written)
            self.empty_value()
            return value, True
        if self.position == len(self.text):
            return "", False
        if self.text[self.position] == "{":
            self.position += 1
            items = []
            while True:
                written, stop = self.until(",}")
                if stop is None:
                    raise _Refused("a list '{' has no closing '}'")
                items.append(self.convert(written))
                if stop == "}":
                    if self.text[self.position : self.position + 1] == ",":
                        self.position += 1
                    return items, True
        written, _ = self.until(",")
        return self.convert(written), True

    def convert(self, written: str) -> Any:
        """A value as the option's kind reads it."""
        if self.option.flag == "--set-file":
            return self.read_file(written)
        if not self.typed:
            return written
        folded = written.casefold()  # Go's EqualFold: TRUE, Null, ...
        if folded in ("true", "false"):
            return folded == "true"
        if folded == "null":
            return None
        if written == "0" or (written[:1] != "0" and _integer(written)):
            return int(written)
        return written

    def read_file(self, path: str) -> str:
        """The text of the file ``path`` names (``-``: standard input), bounded as ``-f`` files."""
        if path.startswith(_SCHEMES):
            raise _Refused(f"{shorten(path)!r}: Helm would download it; give a local file")
        try:
            text = read_text("-" if _go_trim(path) == "-" else path)
        except UnusableInputError as error:
            raise _Refused(f"{shorten(error.source)}: {error}") from None
        self.budget.file_text -= len(text)
        if self.budget.file_text < 0:
            raise _Refused(f"the options read more than {MAX_FILE_TEXT:,} characters of files")
        return text

    # -- writing into the values

    def descend(self, path: tuple[str | int, ...]) -> None:
        self.path, self.written = path, setting_name(path)

    def mapping_of(self, node: N) -> dict[str, N]:
        if not isinstance(node.value, dict):
            raise _Refused(f"is {_kind(node)}, not a mapping, so Helm cannot set keys in it")
        mapping: dict[str, N] = node.value
        return mapping

    def list_of(self, node: N) -> list[N]:
        if not isinstance(node.value, list):
            raise _Refused(f"is {_kind(node)}, not a list, so Helm cannot set items in it")
        items: list[N] = node.value
        return items

    def put(self, data: dict[str, N], name: str, value: Any) -> None:
        """``data[name] = value`` for plain data (Helm sets nothing under an empty key)."""
        if name:
            data[name] = self.wrap(value, len(self.path))

    def place(self, data: dict[str, N], name: str, container: Any) -> None:
        """``data[name] = container`` for a mapping or list of nodes, keeping its node."""
        if not name:
            return
        node = data.get(name)
        if node is None or node.value is not container:
            data[name] = self.make(container, self.written)

    def keep(self, items: list[N], index: int, container: Any) -> N:
        """The node of ``items[index]`` if it holds ``container``, else a new one."""
        if index < len(items) and items[index].value is container:
            return items[index]
        return self.make(container, self.written)

    def set_index(self, items: list[N], index: int, node: N) -> list[N]:
        if index > MAX_INDEX:
            raise _Refused(f"list index {index} is above Helm's limit of {MAX_INDEX}")
        grow = index + 1 - len(items)
        if grow > 0:
            self.budget.items -= grow
            if self.budget.items < 0:
                raise _Refused(f"the options create more than {MAX_ITEMS:,} list items")
            items.extend(self.make(None, self.written) for _ in range(grow))
        items[index] = node
        return items

    def wrap(self, value: Any, depth: int) -> N:
        """Plain data (a JSON value, a ``{a,b}`` list) as nodes set by this assignment."""
        if depth > MAX_DEPTH:
            raise _Refused(f"the value nests more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            value = {key: self.wrap(item, depth + 1) for key, item in value.items()}
        elif isinstance(value, list):
            value = [self.wrap(item, depth + 1) for item in value]
        return self.make(value, self.written)


def _integer(written: str) -> bool:
    """Whether Go's ``strconv.ParseInt(written, 10, 64)`` reads ``written``."""
    return (
        _INTEGER.fullmatch(written) is not None
        and len(written.lstrip("+-").lstrip("0")) <= 19  # int() of fewer digits only
        and -_INT64 <= int(written) < _INT64
    )


def _go_trim(text: str) -> str:
    """``text`` without leading and trailing spaces, as Go's ``strings.TrimSpace``."""
    start, end = 0, len(text)
    while start < end and text[start].isspace() and text[start] not in _NOT_GO_SPACE:
        start += 1
    while end > start and text[end - 1].isspace() and text[end - 1] not in _NOT_GO_SPACE:
        end -= 1
    return text[start:end]


def _kind(node: Node) -> str:
    """A value's kind and origin, for a message (never the value: it may be a secret)."""
    value = node.value
    if value is None:
        kind = "null"
    elif isinstance(value, bool):
        kind = "a boolean"
    elif isinstance(value, int | float):
        kind = "a number"
    elif isinstance(value, str):
        kind = "a string"
    else:
        kind = "a list" if isinstance(value, list) else "a mapping"
    return f"{kind} (set by {node.origin})"

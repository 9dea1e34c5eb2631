"""Plain data as block-style YAML that every reader takes back as the same data.

Two readers matter and they disagree: PyYAML's safe loader reads YAML 1.1
(``yes``, ``on``, ``0777``, ``1:20`` and dates are not strings there) and
kubectl reads through go-yaml v2, which adds ``y``/``n`` as booleans, reads
``1e3``, ``08``, ``0o17`` and ``1_000`` as numbers, and resolves mapping keys
the same way (a label key ``n`` arrives as ``false``). A string is written
plain only when it is a string to both; otherwise it is single-quoted, or
double-quoted with escapes when it holds characters that single quotes cannot
carry (control characters, line separators, a byte-order mark). Multi-line
text uses literal blocks (``|``) where they keep every character.

Text that GitHub Actions would run as a workflow command if a CI log showed the YAML
(see ``workflow_commands``) is double-quoted instead, on one line, with
the ``#`` of ``##[`` escaped: it reads back the same.

The emitter writes text directly instead of going through PyYAML's Python
representer and resolver, which cost over ten times as much; it never folds
long lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .convert import MAX_DEPTH, join
from .errors import INVALID, WRONG_TYPE, Problem, raise_for
from .workflow_commands import WORKFLOW_COMMAND

# Characters both readers take literally in plain and single-quoted scalars:
# printable, no tab, no line break (NEL, LS, PS), no byte-order mark. The no-break
# space is left out too: printable, but some tools trim it. Written as the small set
# of characters outside it: a class of the large set takes milliseconds to compile,
# a noticeable part of the command's start.
_CONTROLS = r"\x00-\x09\x0b-\x1f"  # and the line feed, which literal blocks can carry
_UNQUOTABLE = r"\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_NEEDS_ESCAPES = re.compile(f"[{_CONTROLS}\n{_UNQUOTABLE}]")
_NOT_IN_LITERAL = re.compile(f"[{_CONTROLS}{_UNQUOTABLE}]")
# Plain scalars may not start with an indicator, except -, ? and : followed by a non-space.
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:][^\s]")
# Text _is_plain always finds plain unless it is one of the _KEYWORDS: a letter, "/" or
# "$" first (no indicator, no number, no date), then no space, colon, quote or control.
_PLAIN_WORD = re.compile(r"[A-Za-z/$][-\w./$()@=+]*", re.ASCII)
# Words read as booleans, nulls, infinities, NaNs, merge keys or values by either reader.
_KEYWORDS = frozenset(
    {
        *("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON"),
        *("off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE"),
        *("~", "null", "Null", "NULL", "<<", "=", ".nan", ".NaN", ".NAN"),
        *(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"),
    }
)
# Numbers and dates of YAML 1.1 (PyYAML's implicit resolvers: ints in bases 2, 8, 10,
# 16 and 60, floats, timestamps).
_YAML11_NUMBER = re.compile(
    r"""[-+]?0b[01_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[\ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
     (?:[\ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?""",
    re.VERBOSE,
)
# Numbers to go-yaml v2, tried after it drops every underscore: Go's integer syntax
# (0x, 0o, 0b prefixes, a leading 0 for octal) and its float pattern, which also
# takes 08, 1e3 and 12e10.
_GO_NUMBER = re.compile(
    r"[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+"
    r"|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
)
# Readers refuse implicit keys of over 1,024 characters: a key whose text passes 1,000
# bytes (looked at only past this many characters) is written as an explicit "? key".
_LONG_KEY = 250

_CACHE_SIZE = 4096
# How a string is written, for the strings manifests repeat (never a literal block: its
# text depends on the indentation).
_scalars: dict[str, str] = {}
# {indentation (spaces only, so at most one per level of nesting): (the indentation
# inside, {key: the indentation, the key as written and ": "})}, for the keys manifests
# repeat, _CACHE_SIZE keys in all; and {indentation: how its list items start}.
_levels: dict[str, tuple[str, dict[Any, str]]] = {}
_dashes: dict[str, str] = {}
_prefixes_held = 0


def dump(data: Any) -> str:
    """YAML text of plain data (dicts, lists, strings, numbers, booleans, None).

    Keys keep their order; mappings and lists are written in block style.

    Raises:
      InvalidTypeError: a value is not plain data (the problem names its path).
      InvalidObjectError: the data nests more than ``MAX_DEPTH`` levels (or
        contains itself), or holds an integer too long to write.
    """
    lines: list[str] = []
    try:
        data = _collection(data)
        if type(data) is dict and data:
            _mapping(data, "", "", lines, 0)
        elif type(data) is list and data:
            _sequence(data, "", "", lines, 0)
        else:
            lines.append(_value(data, "  "))
    except _Refused as refused:
        path = ""
        for key in refused.trail:
            path = join(path, key)
        raise_for([Problem(path, refused.reason, refused.detail)], "YAML document")
    return "\n".join(lines) + "\n"


class _Refused(Exception):
    """Data that cannot be written; ``trail`` gathers its path on the way out."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        self.trail: list[str | int] = []


def _collection(value: Any) -> Any:
    """Other mappings as dicts and tuples as lists; anything else unchanged."""
    kind = type(value)
    if kind is dict or kind is list or kind is str:
        return value
    if isinstance(value, Mapping):
        return dict(value.items())
    if isinstance(value, tuple):
        return list(value)
    return value


# _mapping and _sequence are the emitter's loop: for a string, a look-up or two and one
# concatenation per line. Every line is written at its indentation; the first line of a
# collection that starts after "- " (or an explicit key's ": ") gets that start afterwards,
# once, so that the loop has one set of cached prefixes per indentation.


def _mapping(data: dict[Any, Any], first: str, indent: str, lines: list[str], depth: int) -> None:
    """Append the lines of a non-empty mapping: the first starts with ``first``, the rest
    with ``indent`` (as long; ``first`` ends in "- " for a mapping in a list)."""
    if depth >= MAX_DEPTH:
        raise _Refused(INVALID, f"nested more than {MAX_DEPTH} levels deep")
    depth += 1
    inner, prefixes = _levels.get(indent) or _level(indent)
    append = lines.append
    mark = len(lines)
    key = None
    try:
        for key, item in data.items():
            prefix = prefixes.get(key)
            if prefix is None:
                prefix = _prefix(key, indent, prefixes)
                if prefix is None:  # too long for an implicit key: "? key", then ": value"
                    append(f"{indent}? {_key_text(key)}")
                    _item(indent + ": ", item, indent, lines, depth)
                    continue
            kind = type(item)
            if kind is str:
                text = _scalars.get(item)
                append(prefix + (text if text is not None else _text(item, inner)))
            elif kind is dict and item:
                append(prefix[:-1])
                _mapping(item, inner, inner, lines, depth)
            elif kind is list and item:
                append(prefix[:-1])
                # A list under a key starts at the key's column, as PyYAML writes it.
                _sequence(item, indent, indent, lines, depth)
            elif kind is int:
                append(prefix + _int(item))
            elif kind is bool:
                append(prefix + ("true" if item else "false"))
            else:
                _keyed(prefix, item, indent, lines, depth)
    except _Refused as refused:
        refused.trail.insert(0, str(key))
        raise
    if first is not indent:
        lines[mark] = first + lines[mark][len(indent) :]


def _sequence(data: list[Any], first: str, indent: str, lines: list[str], depth: int) -> None:
    """Append the lines of a non-empty list, "- " items at ``indent`` (the first at ``first``)."""
    if depth >= MAX_DEPTH:
        raise _Refused(INVALID, f"nested more than {MAX_DEPTH} levels deep")
    depth += 1
    inner, _ = _levels.get(indent) or _level(indent)
    dash = _dashes[indent]
    append = lines.append
    mark = len(lines)
    item = None
    try:
        for item in data:
            if type(item) is str:
                text = _scalars.get(item)
                append(dash + (text if text is not None else _text(item, inner)))
            elif type(item) is dict and item:
                _mapping(item, dash, inner, lines, depth)
            else:
                _item(dash, item, indent, lines, depth)
    except _Refused as refused:
        # Its index, found only now (enumerate costs every item): the first item that is
        # this very object, as the same object earlier in the list would have been refused.
        refused.trail.insert(0, next(i for i, other in enumerate(data) if other is item))
        raise
    if first is not indent:
        lines[mark] = first + lines[mark][len(indent) :]


def _level(indent: str) -> tuple[str, dict[Any, str]]:
    """The indentation inside a collection at ``indent``, and the key prefixes at ``indent``."""
    _dashes[indent] = indent + "- "
    level = _levels[indent] = (indent + "  ", {})
    return level


def _keyed(prefix: str, item: Any, indent: str, lines: list[str], depth: int) -> None:
    """Append a key's value other than a string or a non-empty dict or list (``prefix``
    is the key's line so far, "key: ")."""
    kind = type(item)
    if kind is not int and kind is not bool and item is not None:
        item = _collection(item)
        kind = type(item)
        if (kind is dict or kind is list) and item:
            lines.append(prefix[:-1])
            if kind is dict:
                _mapping(item, indent + "  ", indent + "  ", lines, depth)
            else:
                _sequence(item, indent, indent, lines, depth)
            return
    lines.append(prefix + _value(item, indent + "  "))


def _item(start: str, item: Any, indent: str, lines: list[str], depth: int) -> None:
    """Append a list item (``start`` ends in "- ") or an explicit key's value (": ")."""
    inner = indent + "  "
    kind = type(item)
    if kind is str:
        text = _scalars.get(item)
        lines.append(start + (text if text is not None else _text(item, inner)))
        return
    if kind is not dict and kind is not list:
        item = _collection(item)
        kind = type(item)
    if kind is dict and item:
        _mapping(item, start, inner, lines, depth)
    elif kind is list and item:
        _sequence(item, start, inner, lines, depth)
    else:
        lines.append(start + _value(item, inner))


def _prefix(key: Any, indent: str, prefixes: dict[Any, str]) -> str | None:
    """``indent``, the key as written and ": "; None for a key too long to be implicit."""
    global _prefixes_held
    text = _key_text(key)
    if len(text) > _LONG_KEY and len(text.encode(errors="replace")) > 1000:
        return None
    prefix = f"{indent}{text}: "
    if isinstance(key, str):  # None, numbers and booleans are rare keys, and 1 == True
        if _prefixes_held >= _CACHE_SIZE:
            for _, cached in _levels.values():
                cached.clear()
            _prefixes_held = 0
        prefixes[key] = prefix
        _prefixes_held += 1
    return prefix


def _key_text(key: Any) -> str:
    """How a mapping key is written."""
    if isinstance(key, str):
        key = str.__str__(key)
        text = _scalars.get(key)
        if text is None:
            text = _string(key)
            # A multi-line key cannot be a literal block: escape its line breaks.
            if text[0] == "|":
                text = _double_quoted(key)
        return text
    if key is None or isinstance(key, (int, float)):
        return _value(key, "")
    raise _Refused(WRONG_TYPE, f"mapping keys must be strings, not {type(key).__name__}")


def _value(value: Any, inner: str) -> str:
    """The text of a scalar or empty collection after "key: " or "- " (``inner``: the
    indentation of a literal block's lines)."""
    kind = type(value)
    if kind is str:
        text = _scalars.get(value)
        return text if text is not None else _text(value, inner)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return _int(value)
    if kind is float:
        return _float(value)
    if kind is dict:
        return "{}"
    if kind is list:
        return "[]"
    if isinstance(value, str):  # a subclass, such as a string enum: its text
        return _value(str.__str__(value), inner)
    if isinstance(value, int):
        return _int(int(value))
    if isinstance(value, float):
        return _float(float(value))
    detail = (
        f"must be JSON data (a mapping, list, string, number, boolean or null), not {kind.__name__}"
    )
    raise _Refused(WRONG_TYPE, detail)


def _int(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # longer than Python converts (sys.get_int_max_str_digits)
        raise _Refused(INVALID, "integer too long to write") from None


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    # YAML 1.1 floats need a dot: 1e+20 would read back as a string.
    return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text


def _string(text: str) -> str:
    """How ``text`` is written: plain, quoted, or "|" + chomping for a literal block."""
    if _PLAIN_WORD.fullmatch(text) is not None and text not in _KEYWORDS:
        written = text  # what most names and paths are: one test instead of _is_plain's
    elif ("::" in text or "##[" in text) and WORKFLOW_COMMAND.search(text) is not None:
        written = _double_quoted(text).replace("##[", "\\x23#[")
    elif "\n" in text:
        written = _literal_header(text) or _double_quoted(text)
    elif _is_plain(text):
        written = text
    elif _NEEDS_ESCAPES.search(text) is None:
        written = "'" + text.replace("'", "''") + "'"
    else:
        written = _double_quoted(text)
    if len(text) <= 256 and written[0] != "|":
        if len(_scalars) >= _CACHE_SIZE:
            _scalars.clear()
        _scalars[text] = written
    return written


def _text(text: str, inner: str) -> str:
    """How ``text`` is written after "key: " or "- ", as :func:`_string` found it or as a
    literal block whose lines are indented by ``inner``."""
    written = _string(text)
    return _literal(text, written, inner) if written[0] == "|" else written


def _is_plain(text: str) -> bool:
    """Whether ``text`` written bare reads back as this very string, to PyYAML and go-yaml."""
    if _PLAIN_START.match(text) is None or _NEEDS_ESCAPES.search(text) is not None:
        return False
    if ": " in text or " #" in text or text[-1] in ": " or text[:3] in ("---", "..."):
        return False
    if text in _KEYWORDS:
        return False
    if text[0] in "-+.0123456789":
        return _YAML11_NUMBER.fullmatch(text) is None and (
            _GO_NUMBER.fullmatch(text.replace("_", "")) is None
        )
    return True


def _literal_header(text: str) -> str | None:
    """ "|" and its chomping indicator when a literal block keeps ``text`` exactly, else None."""
    body = text.lstrip("\n")
    if (
        not body
        or body[0] == " "  # the block's indentation would be read from it
        or " \n" in text
        or text[-1] == " "
        or _NOT_IN_LITERAL.search(text) is not None
    ):
        return None
    if text[-1] != "\n":
        return "|-"
    return "|+" if text.endswith("\n\n") else "|"


def _literal(text: str, header: str, inner: str) -> str:
    """``header`` and the block's lines indented by ``inner``, as one multi-line piece."""
    rows = text.split("\n")
    if header != "|-":  # the text's final line break ends the last row
        rows.pop()
    return header + "".join(f"\n{inner}{row}" if row else "\n" for row in rows)


_ESCAPED = re.compile(f'["\\\\{_CONTROLS}\n{_UNQUOTABLE}]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    escape = _ESCAPES.get(char)
    if escape is not None:
        return escape
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _double_quoted(text: str) -> str:
    """``text`` in double quotes, every character outside the safe set escaped."""
    return '"' + _ESCAPED.sub(_escape, text) + '"'

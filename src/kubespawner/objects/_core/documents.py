"""YAML and JSON documents read from files as kubectl reads them, remembering lines.

The command line reports problems as ``file:line``, so each document keeps,
next to its data, the line every key and item was written on, and maps a field
path (``spec.containers[0].image``) back to a line.

Documents are read one at a time from a stream of events of libyaml's parser
(PyYAML's pure-Python parser where libyaml is missing), so a stream of any
number of documents takes the memory of its largest one. The data is built
by this module rather than by PyYAML's constructor, for three reasons:

- Scalars mean what they mean to kubectl, which reads YAML with go-yaml v2
  and sends it as JSON (``sigs.k8s.io/yaml``): ``1:30`` and ``2024-01-02`` are
  strings, ``y``/``n``/``on``/``off`` booleans, ``0777`` octal, ``1_000`` 1000,
  numbers too large for a 64-bit float strings; map keys become strings.
- Hostile input stays bounded: a document holds at most
  :data:`DOCUMENT_SIZE_LIMIT` bytes, :data:`DEPTH_LIMIT` levels and
  :data:`VALUES_LIMIT` values, aliases are shared rather than copied, and a
  document whose aliases expand far beyond its size is refused by go-yaml's own
  rule (:func:`_excessive_aliasing`). Nothing recurses, whatever the nesting.
- Duplicate keys are recorded with both lines, for strict field validation.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import io
import json
import math
import re
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

import yaml
from yaml import events

from .errors import shorten

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the same events, slower
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

STDIN = "-"

# Bytes of text one document may take: the API server's largest request body
# (3 MiB), which no object sent to it can exceed.
DOCUMENT_SIZE_LIMIT = 3 * 1024 * 1024
# Levels of nested mappings and lists in one document. Kubernetes objects use
# about 20 (CRD schemas more); kubectl allows 10,000, libyaml 1,000; this bound
# keeps every later step well inside Python's recursion limit.
DEPTH_LIMIT = 200
# Values in one document, counting each alias as the values under its anchor, as
# go-yaml does: a bound on the memory (about 250 bytes a value at worst) and time
# (a few µs a value) a document takes, some ten times what the largest objects hold.
VALUES_LIMIT = 1_000_000
# Duplicate keys recorded per document (enough to see the pattern); the rest are counted.
DUPLICATES_KEPT = 20

# Where each key and item of a document was written: an int (the line of a scalar),
# [line, lines of each item] for a list, (line, {key: entry}) for a mapping, whose
# entries are (key line, lines), or just the line for a scalar on the key's line.
# (Kept small: a hostile document may hold a million of them.)
Lines = int | list[Any] | tuple[int, dict[str, Any]]


class UnusableInputError(Exception):
    """Input that cannot be read as documents at all: a missing file, bad YAML."""

    def __init__(self, message: str, source: str, line: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line


@dataclass(frozen=True)
class Duplicate:
    """A key written twice in one mapping: kubectl keeps the last, strict validation refuses."""

    path: str
    first_line: int
    line: int

    @property
    def where_written(self) -> str:
        """``on lines 3 and 7``, or ``twice on line 1`` for both on one line (as in JSON)."""
        if self.first_line == self.line:
            return f"twice on line {self.line}"
        return f"on lines {self.first_line} and {self.line}"


@dataclass(frozen=True)
class Document:
    """One YAML document of a file, with its data and the lines it was written on."""

    source: str
    index: int
    data: Any
    lines: Lines
    duplicates: list[Duplicate] = field(default_factory=list)
    more_duplicates: int = 0  # beyond the :data:`DUPLICATES_KEPT` recorded
    values: int = 0  # how many it holds, each alias counted as the values under its anchor
    json: bool = False  # read as JSON (kubectl's reading of a stream starting with "{")

    def line(self, path: str, exact: bool = False) -> int | None:
        """The line of the field ``path`` (or of its closest written parent); 1-based."""
        return line_of(self.lines, path, exact)


def source_name(path: str) -> str:
    """The name a file is reported by: ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIN else path


def read_documents(path: str) -> Iterator[Document]:
    """Each non-empty document of the file ``path`` (``-``: standard input), as it is read.

    Raises :class:`UnusableInputError` where the input stops being usable;
    the documents before that point have been given out already.
    """
    source = source_name(path)
    if path == STDIN:
        stdin = sys.stdin
        if stdin is None or stdin.closed:
            raise UnusableInputError("cannot read standard input: it is closed", source)
        yield from _documents(stdin.buffer, source)
        return
    try:
        file = open(path, "rb")  # noqa: SIM115 (closed below, after the last document)
    except OSError as error:
        raise UnusableInputError(f"cannot read the file: {_reason(error)}", source) from None
    with file:
        yield from _documents(file, source)


def read_text(path: str, as_yaml: bool = False) -> str:
    """The text of the file ``path`` (``-``: standard input), at most one document's size limit.

    UTF-8, or with ``as_yaml`` UTF-16 after its byte order mark, as go-yaml reads YAML
    (Helm reads values files so: PowerShell 5's ``>`` writes UTF-16).
    """
    source = source_name(path)
    encoding = "utf-8"
    try:
        if path == STDIN:
            if sys.stdin is None or sys.stdin.closed:
                raise UnusableInputError("cannot read standard input: it is closed", source)
            data = sys.stdin.buffer.read(DOCUMENT_SIZE_LIMIT + 1)
        else:
            with open(path, "rb") as file:
                data = file.read(DOCUMENT_SIZE_LIMIT + 1)
        if len(data) > DOCUMENT_SIZE_LIMIT:
            message = f"larger than the limit of {DOCUMENT_SIZE_LIMIT:,} bytes"
            raise UnusableInputError(message, source)
        if as_yaml and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"  # which of the two the mark says, and the mark left out
        return data.decode(encoding)
    except OSError as error:
        raise UnusableInputError(f"cannot read the file: {_reason(error)}", source) from None
    except UnicodeDecodeError as error:
        message = f"not {encoding.upper()} text: {error.reason} (byte {error.start})"
        raise UnusableInputError(message, source) from None


def load_documents(text: str, source: str) -> list[Document]:
    """Every non-empty document of a YAML (or JSON) text."""
    return list(_documents(io.BytesIO(text.encode("utf-8", "surrogatepass")), source))


def first_document(text: str, source: str) -> tuple[Document | None, int | None]:
    """The first document of a YAML text, as Helm reads a values file, and where the
    next non-empty document (which Helm never reads) starts.

    The first document is None when the text holds none, its data None when it is
    empty. The line is None when nothing follows; input past the first document
    that cannot be read is reported by the line where it stops being readable.
    """
    found = _documents(io.BytesIO(text.encode("utf-8", "surrogatepass")), source, True, False)
    try:
        first = next(found, None)
        try:
            rest = next((document for document in found if document.data is not None), None)
        except UnusableInputError as error:
            return first, error.line or 1
        return first, None if rest is None else rest.line("")
    finally:
        found.close()


def _reason(error: OSError) -> str:
    reason = error.strerror or str(error)
    if isinstance(error, IsADirectoryError) and isinstance(error.filename, str):
        # kubectl -f takes a directory; here the shell lists its files.
        return f"{reason}; name the files in it instead, such as {error.filename}/*.yaml"
    return reason


class _TooLargeError(Exception):
    """A document grew beyond :data:`DOCUMENT_SIZE_LIMIT`."""


# A "---" line (what follows it is a comment, or nothing) and a byte order mark after it.
_DOCUMENT_MARK = re.compile(rb"(\n---(?:[ \t\r][^\n]*)?\n)\xef\xbb\xbf")
_SEPARATOR_CONTEXT = 256


class _Input:
    """The stream the parser reads, refusing a document past the size limit.

    The parser reads ahead in blocks, so a document is measured from the
    first byte read after the previous one ended: a block (16 KiB) of slack.
    """

    def __init__(self, stream: BinaryIO, as_kubectl: bool = True) -> None:
        self.stream = stream
        self.as_kubectl = as_kubectl  # Helm reads a values file whole, not split at "---"
        self.total = 0
        self.document_start = 0
        self.peeked = b""
        self.before = b"\n"  # the end of what was given out, to find a "---" line in
        self.held = b""  # the start of a byte order mark, until the next read completes it

    def read(self, size: int) -> bytes:
        if self.peeked:
            chunk, self.peeked = self.peeked, b""
            return chunk
        while True:
            chunk = self.stream.read(size)
            self.total += len(chunk)
            if self.total - self.document_start > DOCUMENT_SIZE_LIMIT + size:
                raise _TooLargeError
            data, self.held = self.held + chunk, b""
            if chunk and data.endswith((b"\xef", b"\xef\xbb")):
                data, self.held = data[: data.rindex(b"\xef")], data[data.rindex(b"\xef") :]
            if data or not self.held:
                break
        if self.as_kubectl and b"\xef\xbb\xbf" in data:
            data = self._without_document_marks(data)
        self.before = (self.before + data[-_SEPARATOR_CONTEXT:])[-_SEPARATOR_CONTEXT:]
        return data

    def _without_document_marks(self, data: bytes) -> bytes:
        """``data`` without the byte order marks that start a document after a ``---`` line.

        kubectl splits a stream at those lines and go-yaml skips a mark at the start
        of its input; libyaml takes one there as a column of indentation.
        """
        text = self.before + data
        kept = _DOCUMENT_MARK.sub(rb"\1", text)
        return kept[len(self.before) :] if len(kept) < len(text) else data

    def peek(self, size: int) -> bytes:
        """The first ``size`` bytes (fewer at the end), which the next read gives again."""
        chunks = [self.read(size)]
        while chunks[-1] and sum(map(len, chunks)) < size:
            chunks.append(self.read(size - sum(map(len, chunks))))
        self.peeked = b"".join(chunks)
        return self.peeked


# kubectl reads a stream as JSON when its first character that Go's unicode.IsSpace
# does not skip, within the first 4096 bytes, is "{" (k8s.io/apimachinery's
# YAMLOrJSONDecoder; "[" and a byte order mark lead to YAML).
_SNIFFED_BYTES = 4096
_GO_SPACES = (
    " \t\n\v\f\r\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)


def _is_json(start: bytes) -> bool:
    """Whether kubectl reads a stream that starts with ``start`` as JSON."""
    return start.decode("utf-8", "replace").lstrip(_GO_SPACES).startswith("{")


def _documents(
    stream: BinaryIO, source: str, empty: bool = False, as_kubectl: bool = True
) -> Generator[Document, None, None]:
    """The documents of a byte stream, read one at a time; the ``empty`` ones too if asked.

    ``as_kubectl``: a stream that starts with ``{`` is a stream of JSON values, as
    kubectl reads it; otherwise (as Helm reads values) everything is YAML.
    """
    source_input = _Input(stream, as_kubectl)
    parser: Any = None
    builder = _Builder()
    reader: _Builder | _JsonReader = builder
    index = 0
    try:
        if as_kubectl and _is_json(source_input.peek(_SNIFFED_BYTES)):
            reader = _JsonReader(source_input)
            found = reader.documents()
        else:
            # PyYAML's pure-Python parser reads its first bytes at once, and may fail there.
            parser = _Parser(source_input)  # type: ignore[arg-type]
            found = builder.documents(parser)
        for data, lines, duplicates, more, values in found:
            source_input.document_start = source_input.total
            if data is not None or empty:
                json = reader is not builder
                yield Document(source, index, data, lines, duplicates, more, values, json)
                index += 1
    except _TooLargeError:
        message = f"document {index} is larger than the limit of {DOCUMENT_SIZE_LIMIT:,} bytes"
        raise UnusableInputError(message, source, reader.start_line) from None
    except _ReadError as error:
        raise UnusableInputError(str(error), source, error.line) from None
    except yaml.MarkedYAMLError as error:
        reason, at = _syntax_error(error)
        raise UnusableInputError(f"not valid YAML or JSON: {reason}", source, at) from None
    except yaml.reader.ReaderError as error:
        message = f"not UTF-8 or UTF-16 text: {error.reason} (position {error.position})"
        raise UnusableInputError(message, source) from None
    except yaml.YAMLError as error:
        raise UnusableInputError(f"not valid YAML or JSON: {error}", source) from None
    except OSError as error:
        raise UnusableInputError(f"cannot read the file: {_reason(error)}", source) from None
    finally:
        if parser is not None and hasattr(parser, "dispose"):
            parser.dispose()


# What usually causes libyaml's complaints, found by a word of the problem: indentation,
# tabs, a value that needed quotes, or something left open. ``{line}`` and ``{column}``
# are where the structure concerned starts; ``at_start`` reports the error there.
_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "a key indented deeper than the one above it, or an unquoted value holding ': '",
        False,
    ),
    (
        "cannot start any token",
        "a tab (YAML indents with spaces only), or an unquoted value starting with @, ` or %",
        False,
    ),
    (
        "expected key",
        "a line indented differently from the mapping on line {line}, whose keys start at "
        "column {column}, or text after a closing quote",
        False,
    ),
    (
        "expected '-' indicator",
        "a line indented differently from the list on line {line}, whose items' '-' are at "
        "column {column}",
        False,
    ),
    (
        "could not find expected ':'",
        "a line without ':' in a mapping (a value that goes on to the next line must be "
        "indented deeper than its key)",
        True,
    ),
    ("end of stream", "a quote opened here and never closed", True),
    ("expected ','", "a bracket opened on line {line}, column {column}, and not closed", False),
)


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[str, int | None]:
    """The message for text that is not YAML, with a hint at the usual cause, and its line."""
    problem, context = error.problem_mark, error.context_mark
    for words, hint, at_start in _SYNTAX_HINTS:
        if error.problem and words in error.problem:
            start = context or problem
            mark = start if at_start else problem or start
            if mark is None or start is None:
                break
            column = f", at column {mark.column + 1}"
            hint = hint.format(line=start.line + 1, column=start.column + 1)
            return f"{error.problem}{column}: probably {hint}", mark.line + 1
    mark = problem or context
    reason = " ".join(part for part in (error.context, error.problem) if part)
    return reason, mark.line + 1 if mark is not None else None


class _ReadError(Exception):
    """Text that is YAML but cannot be read as kubectl reads it."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


_NO_KEY: Any = object()
_MERGE: Any = object()  # the merge key ``<<``

# A mapping or list being read is a list of these fields. While it is the innermost,
# its data, lines and pending key also live in local variables: the loop is hot.
_DATA, _ITEMS, _LINE, _NAME, _ANCHOR, _START, _KEY, _KEY_LINE, _MERGED = range(9)


class _Builder:
    """Builds documents from parser events, one document at a time.

    go-yaml counts every value it decodes, and decodes an alias by decoding
    its anchor's value again: ``decoded`` and ``aliased`` count the same here,
    while the value itself is shared, never copied.
    """

    def __init__(self) -> None:
        self.start_line = 1
        # Anchor name -> (data, lines, values decoded); None while its node is still open.
        self.anchors: dict[str, tuple[Any, Lines, int] | None] = {}

    def documents(self, parser: Any) -> Iterator[tuple[Any, Lines, list[Duplicate], int, int]]:
        """(data, lines, duplicates, more duplicates, values) of each document the events make."""
        get_event = parser.get_event
        scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
        mapping_start, sequence_start = events.MappingStartEvent, events.SequenceStartEvent
        mapping_end, sequence_end = events.MappingEndEvent, events.SequenceEndEvent
        words, numeric, limit = _WORDS, _NUMERIC, VALUES_LIMIT
        stack: list[list[Any]] = []
        result: tuple[Any, Lines] = (None, 0)
        duplicates: list[Duplicate] = []
        more_duplicates = decoded = aliased = 0
        # The innermost collection: its data, lines, whether a mapping, and its pending key.
        data: Any = None
        items: Any = None
        is_map = False
        key: Any = _NO_KEY
        key_line = 0
        value: Any
        lines: Lines
        for event in iter(get_event, None):
            kind = event.__class__
            if kind is scalar_event:
                decoded += 1
                if decoded > limit:
                    raise _ReadError(_too_many_values(), event.start_mark.line + 1)
                text = event.value
                line = lines = event.start_mark.line + 1
                if event.tag is None and (
                    not event.implicit[0] or (text[:1] not in numeric and text not in words)
                ):
                    value = text  # a string: by far the most common scalar
                else:
                    value = _scalar(event, line, is_map and key is _NO_KEY)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, line, 1)
            elif kind is mapping_start or kind is sequence_start:
                line = event.start_mark.line + 1
                if len(stack) >= DEPTH_LIMIT:
                    raise _ReadError(f"nested more than {DEPTH_LIMIT} levels deep", line)
                if event.anchor is not None:
                    self.anchors[event.anchor] = None
                decoded += 1
                if decoded > limit:
                    raise _ReadError(_too_many_values(), line)
                # How the parent names it, for the paths of duplicate keys: a key, or an index.
                name = len(data) if data.__class__ is list else key
                if stack:
                    stack[-1][_KEY], stack[-1][_KEY_LINE] = key, key_line
                is_map = kind is mapping_start
                data, items = ({}, {}) if is_map else ([], [line])
                key, key_line = _NO_KEY, 0
                stack.append([data, items, line, name, event.anchor, decoded, key, 0, None])
                continue
            elif kind is mapping_end or kind is sequence_end:
                value, written, line, _, anchor, start, _, _, _ = stack.pop()
                lines = (line, written) if kind is mapping_end else written
                if anchor is not None:
                    self.anchors[anchor] = (value, lines, decoded - start + 1)
                if aliased > 100 and _excessive_aliasing(decoded, aliased):
                    raise _ReadError(_EXCESSIVE_ALIASING, line)
                if stack:
                    data, items, _, _, _, _, key, key_line, _ = stack[-1]
                    is_map = data.__class__ is dict
                else:
                    data = items = None
                    is_map = False
            elif kind is alias_event:
                line = event.start_mark.line + 1
                value, lines, size = self._anchored(event.anchor, line)
                # go-yaml decodes the alias node and then, again, everything under its anchor.
                decoded += 1 + size
                aliased += size
                if _excessive_aliasing(decoded, aliased):
                    raise _ReadError(_EXCESSIVE_ALIASING, line)
                if decoded > limit:
                    raise _ReadError(_too_many_values(), line)
            elif kind is events.DocumentStartEvent:
                self.start_line = event.start_mark.line + 1
                continue
            elif kind is events.DocumentEndEvent:
                yield (*result, duplicates, more_duplicates, decoded)
                result, duplicates, decoded, more_duplicates = (None, 0), [], 0, 0
                self.anchors, aliased = {}, 0
                continue
            else:
                continue
            # Put the finished value where it belongs: a key, a value, an item, the document
            if is_map:
                if key is _NO_KEY:
                    if value.__class__ is str:
                        key = value
                    else:
                        key = _map_key(value, line)
                        if key is _MERGE:
                            decoded -= 1  # go-yaml does not decode the merge key itself
                    key_line = line
                elif key is _MERGE:
                    _merge(stack[-1], value, lines, line)
                    key = _NO_KEY
                else:
                    if key in data:
                        duplicate = _duplicate(stack, key, key_line)
                        if duplicate is not None and len(duplicates) < DUPLICATES_KEPT:
                            duplicates.append(duplicate)
                        elif duplicate is not None:
                            more_duplicates += 1
                    data[key] = "<<" if value is _MERGE else value
                    items[key] = lines if lines == key_line else (key_line, lines)
                    key = _NO_KEY
            elif data is not None:
                data.append("<<" if value is _MERGE else value)
                items.append(lines)
            else:
                result = ("<<" if value is _MERGE else value, lines)

    def _anchored(self, name: str, line: int) -> tuple[Any, Lines, int]:
        """(data, lines, values decoded) of the anchor ``name``, which an alias names."""
        if name not in self.anchors:
            raise _ReadError(f"unknown anchor '{name}' referenced", line)
        anchored = self.anchors[name]
        if anchored is None:
            raise _ReadError(f"anchor '{name}' value contains itself", line)
        return anchored


_EXCESSIVE_ALIASING = (
    "document contains excessive aliasing (its aliases expand to more than go-yaml allows)"
)


def _too_many_values() -> str:
    return f"document holds more than {VALUES_LIMIT:,} values (aliases count as their anchors)"


def _duplicate(stack: list[list[Any]], key: str, line: int) -> Duplicate | None:
    """The key ``key`` written again in the innermost mapping, unless ``<<`` merged it."""
    mapping = stack[-1]
    merged = mapping[_MERGED]
    if merged is not None and key in merged:
        merged.discard(key)  # a written key replaces a merged one
        return None
    names = [collection[_NAME] for collection in stack[1:]]
    path = ".".join([f"[{name}]" if name.__class__ is int else name for name in names] + [key])
    first = mapping[_ITEMS][key]
    return Duplicate(path.replace(".[", "["), first if first.__class__ is int else first[0], line)


def _merge(mapping: list[Any], value: Any, lines: Any, line: int) -> None:
    """``<<: mapping`` or ``<<: [mappings]``: their keys replace those set so far."""
    if isinstance(value, dict):
        merged = [(value, lines)]
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
        # Earlier mappings win, so they are merged last.
        merged = list(zip(value, lines[1:], strict=True))[::-1]
    else:
        raise _ReadError("map merge requires map or sequence of maps as the value", line)
    if mapping[_MERGED] is None:
        mapping[_MERGED] = set()
    for data, data_lines in merged:
        mapping[_DATA].update(data)
        mapping[_ITEMS].update(data_lines[1])
        mapping[_MERGED].update(data)


def _excessive_aliasing(decoded: int, aliased: int) -> bool:
    """go-yaml's rule (yaml.v2 decode.go): how much of a document may come from aliases.

    Small documents may be 99% alias expansion; from 400,000 decoded values
    the allowed share falls to 10% at 4,000,000, so expansion never exceeds a
    few hundred thousand values more than the text holds. The counts are
    checked after each alias and each collection, where they peak.
    """
    if aliased <= 100 or decoded <= 1000:
        return False
    low, high = 400_000, 4_000_000
    if decoded <= low:
        allowed = 0.99
    elif decoded >= high:
        allowed = 0.10
    else:
        allowed = 0.99 - 0.89 * (decoded - low) / (high - low)
    return aliased / decoded > allowed


# --- Scalars, as go-yaml v2 resolves them and JSON carries them --------------------------

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _BINARY = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "binary")
)
_RESOLVABLE = {None, _STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}
# First characters of plain scalars that may be numbers, if they are not words above.
_NUMERIC = frozenset("+-.0123456789")
_WORDS: dict[str, tuple[str, Any]] = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE"), (_BOOL, True)),
    **dict.fromkeys(("on", "On", "ON"), (_BOOL, True)),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE"), (_BOOL, False)),
    **dict.fromkeys(("off", "Off", "OFF"), (_BOOL, False)),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), (_NULL, None)),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), (_FLOAT, math.nan)),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), (_FLOAT, math.inf)),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), (_FLOAT, -math.inf)),
    "<<": ("merge", _MERGE),
}
# Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, and 0 for octal).
_GO_INT = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[oObB][0-7]+|0[0-7]*|[1-9][0-9]*)", re.ASCII)
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-", re.ASCII)
_INT64 = 2**63
_UINT64 = 2**64


def _go_int(text: str) -> tuple[int, bool] | None:
    """The value of an integer Go's strconv reads with base 0, and whether it has a sign."""
    match = _GO_INT.fullmatch(text)
    if match is None:
        return None
    sign, digits = match.groups()
    prefix = digits[:2].lower()
    if prefix == "0b" and not set(digits[2:]) <= {"0", "1"}:
        return None
    base = {"0x": 16, "0o": 8, "0b": 2}.get(prefix)
    significant = (digits[2:] if base else digits).lstrip("0") or "0"
    if len(significant) > 64:  # beyond 64 bits in any base, and beyond int()'s digit limit
        return _UINT64, bool(sign)
    number = int(significant, base or (8 if digits[0] == "0" else 10))
    return (-number if sign == "-" else number), bool(sign)


_TIMESTAMP_FORMS = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?(?:Z|[-+][0-9]{2}:[0-9]{2})"
    r"| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?)?",
    re.ASCII,
)


def _is_timestamp(text: str) -> bool:
    """Whether go-yaml reads ``text`` as a timestamp (its four layouts of Go's time.Parse)."""
    import datetime

    if _TIMESTAMP_FORMS.fullmatch(text) is None:
        return False
    year, month, day, *clock = (int(part) for part in re.split(r"[-Tt :.Z+]", text)[:6])
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return not clock or (clock[0] < 24 and clock[1] < 60 and clock[2] < 60)


def _resolve(text: str, tag: str | None) -> tuple[str, Any]:
    """(tag, Go value) of a scalar by go-yaml v2's rules: int, float, bool, null or str."""
    if text.isdigit() and text.isascii() and len(text) < 19 and (text[0] != "0" or text == "0"):
        return _INT, int(text)  # the common case: a decimal int64
    if text in _WORDS:
        return _WORDS[text]
    if text[:1] == ".":
        number = _go_float(text) if _GO_FLOAT.fullmatch(text) else None
        return (_FLOAT, number) if number is not None else (_STR, text)
    if text[:1] in _NUMERIC:
        if _DATE.match(text):  # a timestamp or not, kubectl sends a date as it is written
            timestamp = tag in (None, _TIMESTAMP) and _is_timestamp(text)
            return (_TIMESTAMP if timestamp else _STR), text
        plain = text.replace("_", "")
        parsed = _go_int(plain)
        if parsed is not None:
            integer, signed = parsed
            if -_INT64 <= integer < _INT64 or (not signed and 0 <= integer < _UINT64):
                return _INT, integer
        if _GO_FLOAT.fullmatch(plain):
            number = _go_float(plain)
            if number is not None:
                return _FLOAT, number
    return _STR, text


def _go_float(text: str) -> float | None:
    number = float(text)
    return None if math.isinf(number) else number  # Go: out of range, not a number


def _json_number(tag: str, value: Any) -> Any:
    """The number kubectl sends: integers of int64, else JSON's float64, printed shortest."""
    if tag == _INT and -_INT64 <= value < _INT64:
        return value
    number = float(value)
    if number.is_integer() and abs(number) < 1e21:
        # Go prints it without exponent; read back, it is that integer.
        return int(Decimal(repr(number)))
    return number


def _scalar(event: events.ScalarEvent, line: int, key: bool = False) -> Any:
    """The value kubectl sends for a scalar, or the string a ``key`` becomes (or the merge key)."""
    text = event.value
    tag = event.tag
    if tag is None:
        if not event.implicit[0]:  # quoted
            return text
        if text[:1] not in _NUMERIC and text not in _WORDS:
            return text
    elif tag == "!":
        return text
    elif tag == _BINARY:
        try:
            # Go's base64 skips line breaks, and nothing else.
            encoded = text.replace("\n", "").replace("\r", "").encode("ascii")
            return base64.b64decode(encoded, validate=True).decode("utf-8", "replace")
        except (binascii.Error, UnicodeEncodeError):
            raise _ReadError("!!binary value contains invalid base64 data", line) from None
    elif tag not in _RESOLVABLE:
        return text  # kubectl keeps the text of scalars with other tags
    resolved, value = _resolve(text, tag)
    if tag is not None and tag not in (_STR, resolved):
        if tag == _FLOAT and resolved == _INT and -_INT64 <= value < _INT64:
            resolved, value = _FLOAT, float(value)
        else:
            # go-yaml quotes the text here; it may be a Secret's value, so the line says where.
            shown = f"the {_short(resolved)} on this line as a {_short(tag)}"
            raise _ReadError(f"cannot decode {shown}", line)
    if tag == _STR:
        return text
    if key:  # keys are made strings from Go's value, before JSON
        return _map_key(value, line)
    if resolved in (_INT, _FLOAT):
        if math.isinf(value) or math.isnan(value):
            message = f"JSON cannot hold the number {text} (json: unsupported value)"
            raise _ReadError(message, line)
        return _json_number(resolved, value)
    return value


def _short(tag: str) -> str:
    return tag.replace(_TAG, "!!")


def _map_key(value: Any, line: int) -> Any:
    """A mapping key as kubectl sends it: a string (or the merge marker)."""
    if value is _MERGE or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value >= _INT64:
            raise _ReadError(f"unsupported map key of type uint64: {value}", line)
        return str(value)
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
        return _go_float32_g(value)
    if isinstance(value, dict | list):
        raise _ReadError(
            "invalid map key: a key is a mapping or list, which JSON cannot hold", line
        )
    shown = "null" if value is None else type(value).__name__
    raise _ReadError(f"invalid map key: {shown}", line)


def _go_float32_g(number: float) -> str:
    """Go's strconv.FormatFloat(number, 'g', -1, 32): shortest float32 digits."""
    import struct

    single = struct.unpack("f", struct.pack("f", number))[0]
    for precision in range(1, 10):
        digits = f"{single:.{precision}e}"
        if struct.unpack("f", struct.pack("f", float(digits)))[0] == single:
            break
    mantissa, exponent = digits.split("e")
    power = int(exponent)
    if power < -4 or power >= 6:
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    return format(Decimal(mantissa) * Decimal(10) ** power, "f").rstrip("0").rstrip(".") or "0"


# --- JSON streams, as kubectl reads them -------------------------------------------------

# Go's encoding/json grammar: whitespace, numbers, the three words.
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_JSON_WORDS = {"t": ("true", True), "f": ("false", False), "n": ("null", None)}
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_BLOCK = 64 * 1024
_JSON_ENDED = "not valid JSON: unexpected end of JSON input"


def _line_breaks(text: str) -> int:
    """How many lines end in ``text`` (JSON whitespace: ``\\n``, ``\\r\\n`` or ``\\r``)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class _Truncated(Exception):
    """The text read so far ends inside a JSON value: read more and parse it again."""


class _JsonReader:
    """The values of a JSON stream, one at a time, as kubectl's JSON decoder reads them.

    Values follow each other with or without whitespace; nothing else may come
    between them (no comments, no ``---``). Numbers are int64 or else float64,
    printed as kubectl prints them; invalid UTF-8 and lone surrogates become
    U+FFFD; a key written twice keeps its last value and is recorded.
    """

    def __init__(self, source_input: _Input) -> None:
        self.input = source_input
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.text = ""  # read; parsed up to ``position``
        self.position = 0
        self.line = 1  # the line of ``position``
        self.start_line = 1  # the line of the value being read
        self.eof = False

    def documents(self) -> Iterator[tuple[Any, Lines, list[Duplicate], int, int]]:
        """(data, lines, duplicates, more duplicates, values) of each value of the stream."""
        while True:
            spaces = _JSON_SPACE.match(self.text, self.position).group()  # type: ignore[union-attr]
            start = self.position + len(spaces)
            self.start_line = self.line + _line_breaks(spaces)
            if start == len(self.text):
                if self.eof:
                    return
                self._read_more()
                continue
            try:
                value = _JsonValue(self.text, self.position, self.line, start, self.eof)
            except _Truncated:
                self._read_more()
                continue
            self.line = value.line_at(value.end)
            self.position = value.end
            yield value.data, value.lines, value.duplicates, value.more_duplicates, value.values

    def _read_more(self) -> None:
        """Read at least as much again as is waiting (parsing again costs at most twice)."""
        if self.eof:
            raise _ReadError(_JSON_ENDED, self.line)
        parts = [self.text[self.position :]]
        wanted = max(_JSON_BLOCK, len(parts[0]))
        while wanted > 0:
            chunk = self.input.read(_JSON_BLOCK)
            parts.append(self.decoder.decode(chunk, final=not chunk))
            if not chunk:
                self.eof = True
                break
            wanted -= len(chunk)
        self.text, self.position = "".join(parts), 0


class _JsonValue:
    """One JSON value parsed from ``text`` at ``start``, with its lines; no recursion."""

    def __init__(
        self, text: str, position: int, line: int, start: int, eof: bool, float64: bool = False
    ) -> None:
        """The value at ``start`` (past spaces) of ``text``, whose ``position`` is on ``line``;
        with ``float64`` every number is read as a float64, as Go decodes into ``any``."""
        self.text, self.eof, self.float64 = text, eof, float64
        self._position, self._line = position, line
        self.duplicates: list[Duplicate] = []
        self.more_duplicates = 0
        self.values = 0
        self.end = start
        self.data, self.lines = self._parse(start)

    def line_at(self, position: int) -> int:
        """The line of ``position`` (positions are asked for in increasing order)."""
        self._line += _line_breaks(self.text[self._position : position])
        self._position = position
        return self._line

    def _parse(self, position: int) -> tuple[Any, Lines]:
        text = self.text
        stack: list[list[Any]] = []  # the open collections, laid out as _Builder's
        value: Any
        lines: Lines
        while True:
            position = self._skip(position, "looking for beginning of value")
            line = self.line_at(position)
            char = text[position]
            self.values += 1
            if self.values > VALUES_LIMIT:
                raise _ReadError(_too_many_values(), line)
            if char in "{[":
                if len(stack) >= DEPTH_LIMIT:
                    raise _ReadError(f"nested more than {DEPTH_LIMIT} levels deep", line)
                # How the parent names it, for the paths of duplicate keys: a key, or an index.
                parent: list[Any] = stack[-1] if stack else [None] * 9
                name = len(parent[_DATA]) if parent[_DATA].__class__ is list else parent[_KEY]
                is_map = char == "{"
                collection: list[Any] = [{} if is_map else [], {} if is_map else [line]]
                stack.append([*collection, line, name, None, 0, _NO_KEY, 0, None])
                position = self._skip(position + 1, "looking for beginning of value")
                closing = "}" if is_map else "]"
                if text[position] == closing:
                    position += 1
                    value, lines = self._close(stack)
                elif is_map:
                    position = self._key(stack[-1], position)
                    continue
                else:
                    continue
            else:
                value, position = self._scalar(position, line)
                lines = line
            # Put the value in its collection, and close what it completes.
            while stack:
                frame = stack[-1]
                data = frame[_DATA]
                if data.__class__ is dict:
                    key, key_line = frame[_KEY], frame[_KEY_LINE]
                    if key in data:
                        self._record(_duplicate(stack, key, key_line))
                    data[key] = value
                    frame[_ITEMS][key] = lines if lines == key_line else (key_line, lines)
                    where = "after object key:value pair"
                else:
                    data.append(value)
                    frame[_ITEMS].append(lines)
                    where = "after array element"
                position = self._skip(position, where)
                char = text[position]
                if char == ",":
                    if data.__class__ is dict:
                        position = self._key(frame, position + 1)
                    else:
                        position += 1
                    break
                if char != ("}" if data.__class__ is dict else "]"):
                    raise self._invalid(position, where)
                position += 1
                value, lines = self._close(stack)
            else:
                self.end = position
                return value, lines

    @staticmethod
    def _close(stack: list[list[Any]]) -> tuple[Any, Lines]:
        frame = stack.pop()
        if frame[_DATA].__class__ is dict:
            return frame[_DATA], (frame[_LINE], frame[_ITEMS])
        return frame[_DATA], frame[_ITEMS]

    def _record(self, duplicate: Duplicate | None) -> None:
        if duplicate is not None and len(self.duplicates) < DUPLICATES_KEPT:
            self.duplicates.append(duplicate)
        elif duplicate is not None:
            self.more_duplicates += 1

    def _key(self, frame: list[Any], position: int) -> int:
        """Read ``"key":`` into ``frame``; the position after the colon."""
        position = self._skip(position, "looking for beginning of object key string")
        if self.text[position] != '"':
            raise self._invalid(position, "looking for beginning of object key string")
        frame[_KEY_LINE] = self.line_at(position)
        self.values += 1
        frame[_KEY], position = self._string(position)
        position = self._skip(position, "after object key")
        if self.text[position] != ":":
            raise self._invalid(position, "after object key")
        return position + 1

    def _skip(self, position: int, where: str) -> int:
        """The position of the next character past whitespace, which must exist."""
        position = _JSON_SPACE.match(self.text, position).end()  # type: ignore[union-attr]
        if position == len(self.text):
            if not self.eof:
                raise _Truncated
            raise _ReadError(_JSON_ENDED, self.line_at(position))
        return position

    def _scalar(self, position: int, line: int) -> tuple[Any, int]:
        """A string, number, ``true``, ``false`` or ``null`` at ``position``, and where it ends."""
        text = self.text
        char = text[position]
        if char == '"':
            return self._string(position)
        if char in _JSON_WORDS:
            word, value = _JSON_WORDS[char]
            if text.startswith(word, position):
                return value, position + len(word)
            if not self.eof and word.startswith(text[position : position + len(word)]):
                raise _Truncated
            raise self._invalid(position, "looking for beginning of value")
        match = _JSON_NUMBER.match(text, position)
        if match is None:
            if not self.eof and text[position:] == "-":
                raise _Truncated
            raise self._invalid(position, "looking for beginning of value")
        if match.end() + 2 >= len(text) and not self.eof:
            raise _Truncated  # it may go on: 1 may be 12, 1. may be 1.5, 1e may be 1e5
        written = match.group()
        if match.lastindex is None and len(written) <= 20 and not self.float64:
            integer = int(written)
            if -_INT64 <= integer < _INT64:
                return integer, match.end()
        number = float(written)
        if math.isinf(number):
            message = f"cannot decode the number {shorten(written)}: out of range of float64"
            raise _ReadError(message, line)
        return _json_number(_FLOAT, number), match.end()

    def _string(self, position: int) -> tuple[str, int]:
        """The string whose opening quote is at ``position``, and where it ends."""
        try:
            value, end = json.decoder.scanstring(self.text, position + 1, True)  # type: ignore[attr-defined]
        except json.JSONDecodeError as error:
            if not self.eof and (
                error.msg.startswith("Unterminated") or error.pos + 6 >= len(self.text)
            ):
                raise _Truncated from None
            if error.msg.startswith("Unterminated"):
                raise _ReadError(_JSON_ENDED, self.line_at(len(self.text))) from None
            reason = error.msg.removesuffix(" at").lower()
            raise _ReadError(
                f"not valid JSON: {reason} in a string", self.line_at(error.pos)
            ) from None
        if _SURROGATE.search(value):  # Go: an escaped lone surrogate is U+FFFD
            value = _SURROGATE.sub("\ufffd", value)
        return value, end

    def _invalid(self, position: int, where: str) -> _ReadError:
        char = self.text[position]
        return _ReadError(
            f"not valid JSON: invalid character {char!r} {where}", self.line_at(position)
        )


def read_json_value(text: str, start: int, source: str, float64: bool = False) -> tuple[Any, int]:
    """The JSON value at ``start`` of ``text`` (JSON whitespace skipped first) and the
    position just past it, as Go's JSON decoder reads one value of a stream: what follows
    is left unread. Numbers are int64 or else float64, or all float64 with ``float64`` (what
    Go decodes into an interface, as Helm's ``--set-json`` does); the limits are those of a
    document. Raises :class:`UnusableInputError` naming ``source``.
    """
    try:
        value = _JsonValue(text, start, 1, start, True, float64)
    except _ReadError as error:
        raise UnusableInputError(str(error), source) from None
    data, end = value.data, value.end
    after = text[end : end + 1]
    if after in (".", "e", "E") and data.__class__ in (int, float):
        # Go reads on into a number that may go on (1. 1e 1.5e) and fails there
        begin = _JSON_SPACE.match(text, start).end()  # type: ignore[union-attr]
        fraction, exponent = _JSON_NUMBER.match(text, begin).groups()  # type: ignore[union-attr]
        if not exponent and (after != "." or not fraction):
            raise UnusableInputError("not valid JSON: a number ends unfinished", source)
    return data, end


def line_of(lines: Lines, path: str, exact: bool = False) -> int | None:
    """The line where ``path`` is written, or that of its closest written parent.

    With ``exact``, None unless the whole of ``path`` is written there.

    Map keys may hold dots (label keys such as ``hub.jupyter.org/username``),
    so each step matches the longest key the rest of the path starts with. A
    key may also be written in brackets, as Kubernetes names a Secret's
    ``data[key]``.
    """
    node: Any = lines
    line = node if isinstance(node, int) else node[0]
    rest = path
    while rest:
        if rest.startswith("[") and isinstance(node, tuple):
            keys = [key for key in node[1] if rest[1:].startswith(f"{key}]")]
            if not keys:
                return None if exact else line
            key = max(keys, key=len)
            entry = node[1][key]
            line, node = (entry, entry) if isinstance(entry, int) else entry
            rest = rest[len(key) + 2 :].removeprefix(".")
            continue
        if rest.startswith("["):
            end = rest.find("]")
            if not isinstance(node, list) or end < 0:
                return None if exact else line
            index = rest[1:end]
            if not index.isdigit() or int(index) >= len(node) - 1:
                return None if exact else line
            node = node[int(index) + 1]
            line = node if isinstance(node, int) else node[0]
            rest = rest[end + 1 :].removeprefix(".")
            continue
        if not isinstance(node, tuple):
            return None if exact else line
        entries = node[1]
        match = None
        for key in entries:
            if (
                rest.startswith(key)
                and rest[len(key) : len(key) + 1] in ("", ".", "[")
                and (match is None or len(key) > len(match))
            ):
                match = key
        if match is None:
            return None if exact else line
        entry = entries[match]
        line, node = (entry, entry) if isinstance(entry, int) else entry
        rest = rest[len(match) :].removeprefix(".")
    return line

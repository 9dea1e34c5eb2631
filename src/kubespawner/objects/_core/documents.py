"""YAML and JSON documents read from files, remembering where each field was written.

The command line reports problems as ``file:line``; PyYAML's node tree knows
the line of every key and item, so documents keep it next to their data and
map a field path (``spec.containers[0].image``) back to a line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STDIN = "-"


class UnusableInputError(Exception):
    """Input that cannot be read as documents at all: a missing file, bad YAML."""

    def __init__(self, message: str, source: str, line: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.line = line


@dataclass(frozen=True)
class Document:
    """One YAML document of a file, with its parsed data and its node tree."""

    source: str
    index: int
    data: Any
    node: yaml.Node

    def line(self, path: str, exact: bool = False) -> int | None:
        """The line of the field ``path`` (or of its closest written parent); 1-based."""
        return line_of(self.node, path, exact)


def source_name(path: str) -> str:
    """The name a file is reported by: ``<stdin>`` for ``-``."""
    return "<stdin>" if path == STDIN else path


def read_text(path: str) -> str:
    """The text of the file ``path``, or of standard input for ``-``."""
    if path == STDIN:
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UnusableInputError(f"cannot read the file: {reason}", path) from None


def load_documents(text: str, source: str) -> list[Document]:
    """Every non-empty document of a YAML (or JSON) text."""
    loader = _Loader(text)
    documents: list[Document] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            if data is not None:
                documents.append(Document(source, len(documents), data, node))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join(part for part in (error.context, error.problem) if part)
        line = mark.line + 1 if mark is not None else None
        raise UnusableInputError(f"not valid YAML or JSON: {reason}", source, line) from None
    except yaml.YAMLError as error:
        raise UnusableInputError(f"not valid YAML or JSON: {error}", source) from None
    finally:
        loader.dispose()
    return documents


def line_of(node: yaml.Node, path: str, exact: bool = False) -> int | None:
    """The line where ``path`` is written under ``node``, or that of its closest parent.

    With ``exact``, None unless the whole of ``path`` is written there.

    Map keys may hold dots (label keys such as ``hub.jupyter.org/username``),
    so each step matches the longest key the rest of the path starts with.
    """
    line = node.start_mark.line + 1
    rest = path
    while rest:
        if rest.startswith("["):
            end = rest.find("]")
            if not isinstance(node, yaml.SequenceNode) or end < 0:
                return None if exact else line
            index = rest[1:end]
            if not index.isdigit() or int(index) >= len(node.value):
                return None if exact else line
            node = node.value[int(index)]
            line = node.start_mark.line + 1
            rest = rest[end + 1 :].removeprefix(".")
            continue
        if not isinstance(node, yaml.MappingNode):
            return None if exact else line
        match = None
        for key_node, value_node in node.value:
            key = key_node.value
            if (
                isinstance(key, str)
                and rest.startswith(key)
                and rest[len(key) : len(key) + 1] in ("", ".", "[")
                and (match is None or len(key) > len(match[0]))
            ):
                match = (key, key_node, value_node)
        if match is None:
            return None if exact else line
        key, key_node, node = match
        line = key_node.start_mark.line + 1
        rest = rest[len(key) :].removeprefix(".")
    return line

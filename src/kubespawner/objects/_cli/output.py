"""Standard output of the command: written and flushed at once, so that a failure is seen.
Message lines go to standard error through :func:`say`, one honest line each, in the
format ``--problems`` chose (``problems.py`` writes the problems themselves).

A closed standard output, a full disk or a failing device raise
:class:`OutputError`, which the command reports as one line and exit status 2.

GitHub Actions runs a workflow command from lines a step prints (where, ``_core``'s
``workflow_commands`` says). Every line written here in
the text and json formats, and every JSON document, goes through :func:`defused`, so that
a file name, an object's name or a value cannot make one.
"""

from __future__ import annotations

import json
import re
import sys

from .._core.errors import printable
from .._core.workflow_commands import WORKFLOW_COMMAND

# The command's name, which its error lines start with (as argparse's do).
PROG = "kubespawner-objects"

FORMATS = ("text", "json", "github")
# GitHub's escapes for a workflow command's message, and in properties also ':' and ','.
_MESSAGE_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
PROPERTY_ESCAPES = {**_MESSAGE_ESCAPES, ":": "%3A", ",": "%2C"}
_format = "text"


class OutputError(Exception):
    """Standard output cannot take the output: closed, a full disk, a failing device."""


def write_output(text: str) -> None:
    """Write ``text`` on standard output and flush it; a broken pipe is raised as it is."""
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(error.strerror or str(error)) from None


def set_problem_format(chosen: str) -> None:
    """Write message lines and problems in ``chosen``, one of :data:`FORMATS`, from now on."""
    global _format
    _format = chosen


def problem_format() -> str:
    """The format message lines and problems are written in."""
    return _format


def say(text: str) -> None:
    """Print one message line on standard error, with what a terminal would not show as
    written escaped: a name holding a line break or an escape sequence cannot fake a line.

    In the json format the line is ``{"severity": "info", "message": text}``; in the github
    format a notice, so that nothing the input holds is read as a workflow command.
    """
    if _format == "json":
        text = json_line({"severity": "info", "message": text})
    elif _format == "github":
        text = workflow_command("notice", "", text)
    else:
        text = defused(printable(text))
    write_error_line(text)


def write_error_line(text: str) -> None:
    """Print ``text`` on standard error as one line, escaped as :func:`say` says."""
    if sys.stderr is not None:  # closed: print would fall back to standard output
        print(printable(text), file=sys.stderr)


def json_line(fields: dict[str, object]) -> str:
    """``fields`` as one line of JSON; what a terminal would not show stays escaped, and so
    does what GitHub would run (:func:`defused`)."""
    return defused(printable(json.dumps(fields, ensure_ascii=False)))


def json_document(data: object) -> str:
    """``data`` as indented JSON for standard output, :func:`defused`."""
    return defused(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def defused(text: str) -> str:
    """``text`` with what GitHub Actions would run as a workflow command escaped as JSON
    escapes its characters: the first ``:`` of a line's leading ``::`` as ``\\u003a``, the
    first ``#`` of ``##[`` as ``\\u0023``.

    In JSON, where "::" never starts a line and "##[" only occurs inside strings, the
    escapes read back as the very characters.
    """
    return WORKFLOW_COMMAND.sub(_escape_command, text)


def _escape_command(match: re.Match[str]) -> str:
    space = match.group(1)
    return "\\u0023#[" if space is None else f"{space}\\u003a"


def workflow_command(command: str, properties: str, message: str) -> str:
    """A GitHub Actions workflow command, ``::command properties::message``, with the
    message escaped as GitHub reads it (``properties`` escaped by :func:`escape`)."""
    space = " " if properties else ""
    return f"::{command}{space}{properties}::{escape(message, _MESSAGE_ESCAPES)}"


def escape(text: str, escapes: dict[str, str]) -> str:
    """``text`` shown as :func:`say` shows it, with ``escapes`` applied."""
    return "".join(escapes.get(character, character) for character in printable(text))

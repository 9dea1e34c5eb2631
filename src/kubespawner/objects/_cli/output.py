"""Standard output of the command: written and flushed at once, so that a failure is seen.
Message lines go to standard error through :func:`say`, one honest line each.

A closed standard output, a full disk or a failing device raise
:class:`OutputError`, which the command reports as one line and exit status 2.
"""

from __future__ import annotations

import sys

from .._core.errors import printable

# The command's name, which its error lines start with (as argparse's do).
PROG = "kubespawner-objects"


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


def say(text: str) -> None:
    """Print one message line on standard error, with what a terminal would not show as
    written escaped: a name holding a line break or an escape sequence cannot fake a line."""
    if sys.stderr is not None:  # closed: print would fall back to standard output
        print(printable(text), file=sys.stderr)

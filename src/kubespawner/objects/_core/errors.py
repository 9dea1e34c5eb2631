"""The package's exceptions and the record of one problem with an object.

Every error the package raises about the objects it builds is an
:class:`InvalidObjectError` (a :class:`ValueError`), which carries *all*
problems found, each with its Kubernetes field path, the offending value and,
where known, the parameter of ``make_*`` it came from. Wrong Python types
raise :class:`InvalidTypeError`, which is also a :class:`TypeError`.
"""

from __future__ import annotations

import heapq
import json
import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

# Problem reasons, worded as the API server words its field errors.
INVALID = "Invalid value"
REQUIRED = "Required value"
UNSUPPORTED = "Unsupported value"
DUPLICATE = "Duplicate value"
TOO_LONG = "Too long"
TOO_MANY = "Too many"
FORBIDDEN = "Forbidden"
NOT_FOUND = "Not found"
UNKNOWN_FIELD = "Unknown field"
WRONG_TYPE = "Wrong type"


class _NoValue:
    """Marks a problem that has no offending value (a missing field)."""

    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE: Any = _NoValue()


# Values, names and paths in messages are cut to this many characters: a 50 MB name
# must not give 50 MB of error text.
SHOWN_LENGTH = 200


# How much of a value's structure a message shows (and how deep it looks: data that
# contains itself, or nests thousands of levels, is shown, never recursed through).
class _ShortRepr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        try:
            return super().repr_int(x, level)
        except ValueError:  # more digits than Python converts
            return f"<an integer of {x.bit_length()} bits>"


_SHORT = _ShortRepr()
_SHORT.maxlevel = 3
_SHORT.maxstring = _SHORT.maxother = SHOWN_LENGTH
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 10


def shorten(text: str) -> str:
    """``text``, cut to ``SHOWN_LENGTH`` characters with "..." when longer."""
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 3] + "..."


def short_repr(value: Any) -> str:
    """A repr of ``value`` of bounded size and depth, whatever the value."""
    return shorten(_SHORT.repr(value))


def _escaped(character: str) -> str:
    """A JSON escape of ``character`` (a surrogate pair beyond the first plane)."""
    code = ord(character)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with what a terminal would not show as written (line breaks, escape
    sequences, right-to-left overrides) escaped: a message line stays one honest line."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else _ESCAPES.get(character) or _escaped(character)
        for character in text
    )


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``known`` most like a wrong ``name`` (difflib's ratio at least ``cutoff``),
    or None: what a did-you-mean hint names."""
    import difflib  # only for a wrong name: the command starts without it

    found = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` naming the one of ``known`` closest to ``name``, or ``""``."""
    found = closest(name, known)
    return "" if found is None else f"; did you mean {found!r}?"


def _json(value: Any) -> str:
    """``value`` as JSON showing every script as written, as the API server's messages do
    (Go's %q); what a terminal would not show (control and format characters such as a
    right-to-left override or a zero-width space) stays escaped."""
    return printable(json.dumps(value, ensure_ascii=False))


def show_value(value: Any) -> str:
    """How a problem shows its value: JSON where it can, cut to ``SHOWN_LENGTH``.

    Only the first ``SHOWN_LENGTH`` characters are ever written: a value of
    millions of items costs no more to show than a short one.
    """
    if isinstance(value, str):
        return shorten(_json(value[:SHOWN_LENGTH]))
    if value is None or isinstance(value, (bool, int, float)):
        try:
            return shorten(json.dumps(value))
        except ValueError:  # more digits than Python converts
            return short_repr(value)
    parts: list[str] = []
    size = 0
    try:
        for part in _json_parts(value, set()):
            parts.append(part)
            size += len(part)
            if size > SHOWN_LENGTH:
                break
    except (ValueError, TypeError):  # loops, mixed keys, huge integers
        return short_repr(value)
    return shorten("".join(parts))


def _json_parts(value: Any, open_ids: set[int]) -> Iterator[str]:
    """The text ``json.dumps(value, sort_keys=True, default=repr)`` writes, in parts.

    A caller that stops early leaves the rest unwritten; each string is cut to
    what can be shown. Nesting deeper than the text shown is never reached, so
    the recursion stays within ``SHOWN_LENGTH`` levels.
    """
    if isinstance(value, str):
        yield _json(value[: SHOWN_LENGTH + 1])
    elif value is None or isinstance(value, (bool, int, float)):
        yield json.dumps(value)
    elif isinstance(value, (list, tuple, dict)):
        if id(value) in open_ids:
            raise ValueError("the value contains itself")
        open_ids.add(id(value))
        if isinstance(value, dict):
            yield "{"
            # The first keys in order, without sorting them all (no more can be shown).
            for index, (key, item) in enumerate(heapq.nsmallest(SHOWN_LENGTH, value.items())):
                yield ", " if index else ""
                yield _json_key(key) + ": "
                yield from _json_parts(item, open_ids)
            yield "}"
        else:
            yield "["
            for index, item in enumerate(value):
                yield ", " if index else ""
                yield from _json_parts(item, open_ids)
            yield "]"
        open_ids.discard(id(value))
    else:
        yield _json(repr(value)[: SHOWN_LENGTH + 1])


def _json_key(key: Any) -> str:
    """A mapping key as JSON writes it: a string, from a str, number, bool or None."""
    if isinstance(key, str):
        return _json(key[: SHOWN_LENGTH + 1])
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(json.dumps(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an object.

    Attributes:
      path: the Kubernetes field path, e.g. ``spec.containers[0].resources.limits.cpu``.
      reason: the kind of problem, worded as the API server does (``Invalid value``,
        ``Required value``, ``Unknown field``, ...).
      detail: what is wrong, in words.
      value: the offending value (``NO_VALUE`` when there is none).
      parameter: the ``make_*`` parameter the value came from, where known.
    """

    path: str
    reason: str
    detail: str = ""
    value: Any = NO_VALUE
    parameter: str | None = None

    def __str__(self) -> str:
        text = f"{printable(shorten(self.path)) or '<object>'}: {self.reason}"
        if self.value is not NO_VALUE:
            text += f": {show_value(self.value)}"
        if self.detail:
            text += f": {self.detail}"
        if self.parameter:
            text += f" (parameter {self.parameter})"
        return text

    def from_parameter(self, parameter: str) -> Problem:
        """The same problem, attributed to ``parameter``."""
        return replace(self, parameter=parameter)


class KubespawnerObjectsError(Exception):
    """Root of every exception this package raises on purpose."""


class InvalidObjectError(KubespawnerObjectsError, ValueError):
    """An object, or the arguments to build it, would be rejected by Kubernetes.

    ``problems`` lists every problem found, not only the first.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], what: str = "object") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.what = what = shorten(what)
        count = len(self.problems)
        lines = [f"{what} is invalid ({count} problem{'s' if count != 1 else ''}):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class InvalidTypeError(InvalidObjectError, TypeError):
    """Like :class:`InvalidObjectError`, where at least one value has a wrong Python type."""


def combined(found: list[Problem], more: list[Problem]) -> list[Problem]:
    """``found``, then the problems of ``more`` outside the fields ``found`` names.

    ``found`` holds what conversion reported (wrong types, unknown or missing
    fields); ``more`` what the rules found in the converted data. A rule
    problem in a field conversion already refused only repeats it in other
    words, so it is left out.
    """
    named = {problem.path for problem in found}
    return found + [problem for problem in more if not _is_within(problem.path, named)]


def _is_within(path: str, prefixes: set[str]) -> bool:
    """Whether ``path`` is one of ``prefixes`` or a field below one."""
    if path in prefixes:
        return True
    return any(path[:end] in prefixes for end, char in enumerate(path) if char in ".[")


def with_yaml_hint(problem: Problem, where: str = "in YAML") -> Problem:
    """``problem``, with a hint to quote the value (``where`` it was written) when YAML
    read a string as a number or boolean.

    YAML reads ``1.10`` as the number 1.1 and ``yes`` as true; a parameter
    that takes a string then gets the wrong type.
    """
    # A Secret's value is not shown (NO_VALUE), but the type its detail names is.
    read_as_scalar = isinstance(problem.value, (bool, int, float)) or (
        problem.value is NO_VALUE and problem.detail.endswith(("not int", "not float", "not bool"))
    )
    if problem.reason == WRONG_TYPE and read_as_scalar and "must be a string" in problem.detail:
        hint = f"quote it {where} to keep it as written"
        return replace(problem, detail=f"{problem.detail}; {hint}")
    return problem


def raise_for(problems: list[Problem], what: str) -> None:
    """Raise the right error for ``problems``; do nothing when there are none."""
    if not problems:
        return
    if any(problem.reason == WRONG_TYPE for problem in problems):
        raise InvalidTypeError(problems, what)
    raise InvalidObjectError(problems, what)

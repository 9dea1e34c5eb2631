"""Shared pieces of the validation rules: problem constructors and type-safe readers.

Rules run on manifests that may be hand-written, so a value can have any
type; the readers return a neutral value for a wrong type (whose problem the
conversion step reports), so no rule ever fails on unexpected data.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from .._core.convert import join
from .._core.errors import (
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    REQUIRED,
    TOO_LONG,
    TOO_MANY,
    UNSUPPORTED,
    Problem,
)

Problems = list[Problem]

INT32_MAX = 2**31 - 1
NEGATIVE = "must be greater than or equal to 0"
# Of a container and of an image volume (core/types.go PullPolicy).
IMAGE_PULL_POLICIES = ("Always", "IfNotPresent", "Never")

__all__ = [
    "IMAGE_PULL_POLICIES",
    "INT32_MAX",
    "NEGATIVE",
    "Problems",
    "accept",
    "accepted_names",
    "all_accepted",
    "check_name",
    "check_set_name",
    "duplicate",
    "forbidden",
    "integer",
    "invalid",
    "join",
    "listed",
    "mapping",
    "not_found",
    "remember",
    "required",
    "text",
    "too_long",
    "too_many",
    "unsupported",
    "value_key",
]


def invalid(path: str, value: Any, detail: str) -> Problem:
    return Problem(path, INVALID, detail, value)


def required(path: str, detail: str = "") -> Problem:
    return Problem(path, REQUIRED, detail)


def forbidden(path: str, detail: str) -> Problem:
    return Problem(path, FORBIDDEN, detail)


def duplicate(path: str, value: Any) -> Problem:
    return Problem(path, DUPLICATE, "", value)


def not_found(path: str, value: Any, detail: str = "") -> Problem:
    return Problem(path, NOT_FOUND, detail, value)


def too_long(path: str, detail: str) -> Problem:
    return Problem(path, TOO_LONG, detail)


def too_many(path: str, count: int, limit: int) -> Problem:
    return Problem(path, TOO_MANY, f"must have at most {limit} items", count)


def unsupported(path: str, value: Any, supported: Iterable[str]) -> Problem:
    detail = "supported values: " + ", ".join(f'"{option}"' for option in supported)
    return Problem(path, UNSUPPORTED, detail, value)


def mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def listed(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def text(value: Any) -> str | None:
    """``value`` if it is a string, else None."""
    return value if isinstance(value, str) else None


def integer(value: Any) -> int | None:
    """``value`` if it is an integer (not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_name(
    value: Any,
    path: str,
    problems: Problems,
    rule: Callable[[str], str | None],
    *,
    needed: bool = False,
) -> None:
    """Check a name against ``rule``; an empty or absent name is a problem only when ``needed``."""
    name = value if isinstance(value, str) else None  # text(value), without a call
    if not name:
        if needed and (value is None or name == ""):
            problems.append(required(path))
        return
    reason = rule(name)
    if reason:
        problems.append(invalid(path, name, reason))


def check_set_name(
    value: Any, path: str, problems: Problems, rule: Callable[[str], str | None]
) -> None:
    """Check a name whose field is set: there, an empty string is invalid, not missing."""
    if value == "":
        problems.append(invalid(path, "", rule("") or "must not be empty"))
    else:
        check_name(value, path, problems, rule)


# Names each rule has accepted, so that a pod's many names (a hub checks the same ones in
# every pod it makes) are looked up together, in one set operation, not one call each.
_ACCEPTED: dict[Callable[[str], str | None], set[str]] = {}
_ACCEPTED_MAX = 4096  # names per rule; beyond, the set starts again (a rare, harmless cost)


def accepted_names(rule: Callable[[str], str | None]) -> set[str]:
    """The names ``rule`` has accepted so far (one set per rule, shared by all callers).

    A hot call site keeps it and tests a string ``in`` it before calling ``rule``:
    a set lookup costs a fraction of a hit on the rule's own cache. It adds the
    names ``rule`` accepts with ``remember``, which keeps the set bounded.
    """
    known = _ACCEPTED.get(rule)
    if known is None:
        known = _ACCEPTED[rule] = set()
    return known


def accept(rule: Callable[[str], str | None], known: set[str], name: str) -> bool:
    """True when ``rule`` accepts ``name``, then remembered in ``known`` (see accepted_names)."""
    if rule(name) is not None:
        return False
    remember(known, name)
    return True


def remember(known: set[Any], name: Hashable) -> None:
    """Add an accepted ``name`` to ``known``, starting afresh past the bound (hostile input)."""
    if len(known) > _ACCEPTED_MAX:
        known.clear()
    known.add(name)


def value_key(value: Any) -> bytes | None:
    """Bytes standing for ``value`` in a set of values a rule accepted; None when it has none.

    A hub gives every user's pod the same affinity and tolerations: checked once, each
    is then found by one set look-up. marshal writes the builtin types each as itself
    (``True`` apart from ``1``, a tuple apart from a list, dict order kept; bytes-like
    objects, no manifest's data, all as bytes) and refuses anything else, so equal bytes
    stand for the same data, which a rule judges alike. Keep the set with ``remember``.
    """
    try:
        return marshal.dumps(value)
    except ValueError:  # not plain data (a model, a subclass), or nested too deeply
        return None


def all_accepted(rule: Callable[[str], str | None], names: Iterable[Any]) -> bool:
    """True when every one of ``names`` is a string that ``rule`` accepts.

    False says only that some name needs a closer look: the caller then checks
    each one as usual, and reports what it finds. ``names`` is read twice at most,
    so it must be a collection, not an iterator.
    """
    known = accepted_names(rule)
    try:
        if known.issuperset(names):
            return True
    except TypeError:  # an unhashable value: not a name
        return False
    for name in names:
        if not isinstance(name, str) or rule(name) is not None:
            return False
    if len(known) > _ACCEPTED_MAX:
        known.clear()
    known.update(names)
    return True

"""Which ``make_*`` parameter each part of a built object came from.

Builders record, for each field path they fill, the parameter behind it;
problems found later on the finished manifest (by validation, which knows
nothing of parameters) are then attributed by the longest recorded prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._core.convert import (
    EXACT_TYPES,
    Irregular,
    NotScalar,
    convert_irregular,
    fast_converter,
    is_under,
)
from .._core.errors import Problem

# {type reference: (the exact Python type its plain values have, or NotScalar; its fast
# converter)}: one look-up for each parameter. The builders' type references are constants.
_FAST: dict[str, tuple[type, Callable[[Any], Any]]] = {}


class Origins:
    """Field path prefixes mapped to the parameter that set them.

    Records and replacements are only logged, in order; the map is worked out
    when a problem needs attributing, which a valid object never does.
    """

    def __init__(self) -> None:
        self._log: list[tuple[str, str, bool]] = []  # (path, parameter, replaces what is under)

    def record(self, path: str, parameter: str) -> None:
        """``path`` and everything under it came from ``parameter``."""
        self._log.append((path, parameter, False))

    def replace(self, path: str, parameter: str) -> None:
        """``path`` was overwritten by ``parameter``: forget what was recorded under it."""
        self._log.append((path, parameter, True))

    def attribute(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` with their parameter filled in where it was unknown."""
        if not problems:
            return []
        by_path = self._by_path()
        result = []
        for problem in problems:
            parameter = problem.parameter or _longest_prefix(by_path, problem.path)
            result.append(problem.from_parameter(parameter) if parameter else problem)
        return result

    def _by_path(self) -> dict[str, str]:
        by_path: dict[str, str] = {}
        for path, parameter, replaces in self._log:
            if replaces:
                for recorded in [p for p in by_path if is_under(p, path)]:
                    del by_path[recorded]
            by_path[path] = parameter
        return by_path


class Wiring:
    """A builder's problems and origins, and the way it converts each parameter."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.origins = Origins()
        # Every parameter is recorded: appending to the log itself saves a call per parameter
        # (and the list's append method is looked up faster than a bound method attribute).
        self._log = self.origins._log

    # A method, not __call__: calling an instance costs more, once for each parameter.
    def convert(
        self, value: Any, type_ref: str, path: str, parameter: str, camel_only: bool = False
    ) -> Any:
        """``value`` of ``parameter`` as wire data for ``path``, which is recorded as its origin."""
        self._log.append((path, parameter, False))
        try:
            exact, fast = _FAST[type_ref]
        except KeyError:
            exact, fast = _FAST[type_ref] = (
                EXACT_TYPES.get(type_ref, NotScalar),
                fast_converter(type_ref),
            )
        if type(value) is exact:  # a plain string, integer or boolean
            return value
        # to_wire, inlined: a call less for each parameter.
        try:
            return fast(value)
        except Irregular:
            return convert_irregular(value, type_ref, path, self.problems, parameter, camel_only)

    def metadata(self, name: Any, labels: Any, annotations: Any) -> dict[str, Any]:
        """The metadata of a notebook's object: its name, labels and annotations ({} if None).

        Only None stands for {}: another falsy value (0, "", []) is a wrong type.
        """
        return {
            "name": self.convert(name, "str", "metadata.name", "name"),
            "labels": self.convert(
                {} if labels is None else labels, "{str}", "metadata.labels", "labels"
            ),
            "annotations": self.convert(
                {} if annotations is None else annotations,
                "{str}",
                "metadata.annotations",
                "annotations",
            ),
        }


def _longest_prefix(by_path: dict[str, str], path: str) -> str | None:
    """The parameter behind ``path``, or None when no recorded prefix covers it."""
    best: str | None = None
    best_length = -1
    for recorded, parameter in by_path.items():
        if is_under(path, recorded) and len(recorded) > best_length:
            best, best_length = parameter, len(recorded)
    return best

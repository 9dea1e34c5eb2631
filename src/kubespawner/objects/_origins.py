"""Which ``make_*`` parameter each part of a built object came from.

Builders record, for each field path they fill, the parameter behind it;
problems found later on the finished manifest (by validation, which knows
nothing of parameters) are then attributed by the longest recorded prefix.
"""

from __future__ import annotations

from typing import Any

from ._convert import to_wire
from ._errors import Problem


class Origins:
    """Field path prefixes mapped to the parameter that set them."""

    def __init__(self) -> None:
        self._by_path: dict[str, str] = {}

    def record(self, path: str, parameter: str) -> None:
        """``path`` and everything under it came from ``parameter``."""
        self._by_path[path] = parameter

    def replace(self, path: str, parameter: str) -> None:
        """``path`` was overwritten by ``parameter``: forget what was recorded under it."""
        below = (path + ".", path + "[")  # _is_under, inlined: this runs per override field
        for recorded in [p for p in self._by_path if p == path or p.startswith(below)]:
            del self._by_path[recorded]
        self._by_path[path] = parameter

    def parameter_of(self, path: str) -> str | None:
        """The parameter behind ``path``, or None when no recorded prefix covers it."""
        best: str | None = None
        best_length = -1
        for recorded, parameter in self._by_path.items():
            if _is_under(path, recorded) and len(recorded) > best_length:
                best, best_length = parameter, len(recorded)
        return best

    def attribute(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` with their parameter filled in where it was unknown."""
        result = []
        for problem in problems:
            parameter = problem.parameter or self.parameter_of(problem.path)
            result.append(problem.from_parameter(parameter) if parameter else problem)
        return result


class Wiring:
    """A builder's problems and origins, and the way it converts each parameter."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.origins = Origins()

    def __call__(
        self, value: Any, type_ref: str, path: str, parameter: str, camel_only: bool = False
    ) -> Any:
        """``value`` of ``parameter`` as wire data for ``path``, which is recorded as its origin."""
        self.origins.record(path, parameter)
        return to_wire(value, type_ref, path, self.problems, parameter, camel_only)


def _is_under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))

"""``extra_*_config``: caller-given fields that replace generated ones, top-level key by key."""

from __future__ import annotations

import logging
from typing import Any

from .._core.convert import to_wire
from .._core.errors import Problem, show_value
from .origins import Origins

# Generated values whose replacement is not worth a warning (besides None); never modified.
_EMPTY: tuple[Any, ...] = ("", [], {})


def apply_overrides(
    target: dict[str, Any],
    overrides: Any,
    type_name: str,
    path: str,
    parameter: str,
    problems: list[Problem],
    origins: Origins,
    logger: logging.Logger | logging.LoggerAdapter[Any],
) -> None:
    """Set each field of ``overrides`` on ``target``; warn where a non-empty value is replaced."""
    for field, value in to_wire(
        overrides, type_name, path, problems, parameter, partial=True
    ).items():
        field_path = f"{path}.{field}"  # path is never empty
        current = target.get(field)
        if current is not None and current not in _EMPTY:
            logger.warning(
                "%s.%s replaces %s, which was %s, with %s",
                parameter,
                field,
                field_path,
                show_value(current),
                show_value(value),
            )
        target[field] = value
        origins.replace(field_path, parameter)

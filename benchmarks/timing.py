"""Best-of timing shared by the benchmark and the reference runner (standard library only)."""

from __future__ import annotations

import timeit
from collections.abc import Callable
from typing import Any


def best_of(function: Callable[[], Any], repeat: int, min_time: float) -> float:
    """Seconds per call of ``function``: the fastest of ``repeat`` rounds.

    Each round makes enough calls to last about ``min_time`` seconds, so that
    the clock's resolution does not matter; the minimum is the run least
    disturbed by the rest of the machine. Garbage collection is off while a
    round runs (``timeit``'s default), for every contender alike.
    """
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    number = max(1, int(number * min_time / 0.2))
    return min(timer.repeat(repeat=repeat, number=number)) / number

"""Best-of timing shared by the benchmark and the reference runner (standard library only).

Times are CPU seconds of the process doing the work (``time.process_time``,
or the child's rusage for commands), not wall-clock time, so that other work
preempting the benchmark on a busy machine is not counted against anyone. On
an idle machine the two agree; wall-clock minima are reported beside them.
"""

from __future__ import annotations

import os
import subprocess
import time
import timeit
from collections.abc import Callable, Sequence
from typing import Any


def best_of_each(
    functions: dict[str, Callable[[], Any]], repeat: int, min_time: float
) -> dict[str, float]:
    """:func:`best_of` for several functions, their rounds taking turns.

    Contenders whose ratio matters are measured under the same conditions:
    when the machine gets busier, it gets busier for all of them.
    """
    timers = {}
    for name, function in functions.items():
        for _ in range(3):
            function()
        timer = timeit.Timer(function, timer=time.process_time)
        number, _ = timer.autorange()
        timers[name] = (timer, max(1, int(number * min_time / 0.2)))
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, (timer, number) in timers.items():
            best[name] = min(best[name], timer.timeit(number) / number)
    return best


def best_of(function: Callable[[], Any], repeat: int, min_time: float) -> float:
    """CPU seconds per call of ``function``: the fastest of ``repeat`` rounds.

    Each round makes enough calls to last about ``min_time`` seconds, so that
    the clock's resolution does not matter; the minimum is the round least
    disturbed by the rest of the machine. Garbage collection is off while a
    round runs (``timeit``'s default), for every contender alike.
    """
    for _ in range(3):  # first calls import modules and fill caches: not what is measured
        function()
    timer = timeit.Timer(function, timer=time.process_time)
    number, _ = timer.autorange()
    number = max(1, int(number * min_time / 0.2))
    return min(timer.repeat(repeat=repeat, number=number)) / number


def run_command(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``command`` with its output discarded: (wall seconds, CPU seconds of the process)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, list(command))
    return wall, usage.ru_utime + usage.ru_stime

"""Configuration code run in a child process, so that its memory and time are bounded.

The child is a fork of this process (nothing is imported again): it limits its own
address space (``RLIMIT_AS``) to what it holds plus :data:`MEMORY_LIMIT_MIB`, runs the
action and sends the outcome back pickled through a pipe; whatever the code changes in
the interpreter (``sys.modules``, ``sys.path``, ``os.environ``) ends with the child. The
parent waits for the outcome for the time limit plus :data:`GRACE` and then kills the
child: code that a signal cannot interrupt (a long computation in C, ``10 ** 10**9``) is
stopped too. Where there is no ``fork`` (Windows) the action runs in this process, as
before: bounded in time by the caller's own limit only, not in memory. The address-space
limit needs Linux's ``/proc`` to know where the child starts from; elsewhere only the
time is bounded.
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import NoReturn, TypeVar

from .._core.documents import UnusableInputError

T = TypeVar("T")

# How much more address space executed configuration may take than the process held when
# it started. A z2jh-style configuration (the chart's settings, hub.extraConfig snippets,
# client models) needs under 100 MiB of it (docs/hub.rst has the figures): ten times that
# is left for configurations that read large files, and stops a runaway loop while the
# machine is still usable.
MEMORY_LIMIT_MIB = 1024
# How long after the time limit an unresponsive child is killed.
GRACE = 5.0
# Address space set aside in the child and given back on MemoryError, so that the error
# can still be reported (an allocation that failed leaves none); larger than glibc's
# largest mmap threshold, so that it is its own mapping and returned when freed.
_RESERVE = 64 << 20
_reserve: mmap.mmap | None = None


class ChildFailed(Exception):
    """The child ended without an outcome; the message says how, as a sentence's end
    (``did not finish within 60 s``)."""


def run_bounded(action: Callable[[], T], time_limit: float) -> T:
    """``action()``'s result, computed in a child process whose memory and time are bounded.

    An :class:`UnusableInputError` (a subclass included) that ``action`` raises is raised
    here again, with its message, source and line; a ``MemoryError`` becomes
    :class:`ChildFailed`, as do a child that outlives ``time_limit`` + :data:`GRACE`
    seconds and one that exits or dies without an outcome.
    """
    if not hasattr(os, "fork"):
        return action()
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the child would write the parent's buffered text again
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child; what it does is seen in the parent)
        os.close(read_end)
        _child(action, write_end)
    os.close(write_end)
    deadline = time.monotonic() + time_limit + GRACE
    status = None
    try:
        data = _read_all(read_end, deadline)
        status = _wait(pid, deadline)
    finally:
        os.close(read_end)
        if status is None:  # still running (or the parent interrupted): no orphan left
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if data is None or status is None:
        raise ChildFailed(f"did not finish within {time_limit:g} s")
    if not data:
        raise ChildFailed(_how_it_ended(status))
    outcome = pickle.loads(data)  # written by the child, a fork of this very process
    if outcome[0] == "value":
        result: T = outcome[1]
        return result
    if outcome[0] == "error":
        kind, text, source, line = outcome[1:]
        raise kind(text, source, line)
    if outcome[0] == "unpassable":
        raise ChildFailed(f"gives settings that cannot be passed back ({outcome[1]})")
    raise ChildFailed(f"used more than {MEMORY_LIMIT_MIB} MiB")


def free_reserve() -> None:
    """Give back the address space set aside for reporting a ``MemoryError``."""
    global _reserve
    if _reserve is not None:
        _reserve.close()
        _reserve = None


def _child(action: Callable[[], object], write_end: int) -> NoReturn:
    """Run ``action`` with bounded memory, write its outcome to ``write_end``, exit."""
    status = 0
    try:
        _limit_memory()
        outcome: tuple[object, ...]
        try:
            outcome = ("value", action())
        except UnusableInputError as error:
            outcome = ("error", type(error), str(error), error.source, error.line)
        except MemoryError:
            free_reserve()
            outcome = ("memory",)
        try:
            data = pickle.dumps(outcome)
        except Exception as error:  # a value of a class the configuration defined, say
            data = pickle.dumps(("unpassable", type(error).__name__))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # nothing may escape into the parent's code (pytest's, say)
        status = 70
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(status)


def _limit_memory() -> None:
    """Limit the address space to its present size plus :data:`MEMORY_LIMIT_MIB`."""
    global _reserve
    try:
        import resource

        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):
        return  # no way to know the present size: the time limit alone
    _reserve = mmap.mmap(-1, _RESERVE)
    limit = size + _RESERVE + (MEMORY_LIMIT_MIB << 20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until it closes; None when ``deadline`` comes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _wait(pid: int, deadline: float) -> int | None:
    """The child's wait status once it exits; None if it is still running at ``deadline``
    (code may close the pipe and carry on)."""
    pause = 0.001
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _how_it_ended(status: int) -> str:
    """How a child that sent nothing back ended, as a sentence's end."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"ended its process abruptly ({name})"
    return f"ended its process (exit status {os.waitstatus_to_exitcode(status)})"

"""Configuration code run in a child process, so that its memory and time are bounded.

The child is a fork of this process (nothing is imported again): it limits its own
address space (``RLIMIT_AS``) to what it holds plus :data:`MEMORY_LIMIT_MIB`, runs the
action and sends the outcome back pickled through a pipe; whatever the code changes in
the interpreter (``sys.modules``, ``sys.path``, ``os.environ``) ends with the child. The
parent waits for the outcome for the time limit plus :data:`GRACE` and then kills the
child: code that swallows the time limit's exception (a retry loop with a bare
``except``), ignores the signal or runs long in C is stopped too. Where there is no
``fork`` (Windows) the action runs in this process: bounded in time by the caller's own
limit only, not in memory. The address-space limit needs Linux's ``/proc`` to know where
the child starts from; elsewhere only the time is bounded.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from typing import NoReturn, TypeVar

from .._core.documents import UnusableInputError

T = TypeVar("T")

# How much more address space executed configuration may take than the process held when
# it started. The z2jh chart's own jupyterhub_config.py, with the JupyterHub and clients it
# imports, needs 73 MiB of it; snippets building profile lists under 1 MiB (docs/hub.rst):
# over ten times that is left for configurations that read large files, and a runaway loop
# is stopped while the machine is still usable.
MEMORY_LIMIT_MIB = 1024
# How long after the time limit an unresponsive child is killed.
GRACE = 5.0
# The hard limit lies this far above MEMORY_LIMIT_MIB: code growing past the limit a little
# at a time is stopped by memory_watched() at a line of its own, with memory left to say so.
_MARGIN = 256 << 20
# The child's address space at which memory_watched() stops the code (None: no limit).
_threshold: int | None = None


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
        # else the child would write the parent's buffered text again
        with contextlib.suppress(ValueError, OSError, AttributeError):  # closed, or None
            stream.flush()
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
            os._exit(status)  # never back into the parent's code


def _limit_memory() -> None:
    """Limit the address space to its present size plus :data:`MEMORY_LIMIT_MIB` (and
    the margin); :func:`memory_watched` stops code at the limit itself."""
    global _threshold
    size = _address_space()
    if size is None:
        return  # no way to know the present size: the time limit alone
    import resource

    _threshold = size + (MEMORY_LIMIT_MIB << 20)
    limit = _threshold + _MARGIN
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), else None."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def memory_watched() -> Iterator[None]:
    """In the child, raise ``MemoryError`` into the block once the address space passes
    the limit (checked every 10 ms of CPU time), at the Python line it has reached: code
    that grows a little at a time would otherwise meet the hard limit in an allocation
    that leaves no memory to record where it was. One large allocation meets the hard
    limit and fails on its own line."""
    if _threshold is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    threshold = _threshold

    def check(signum: int, frame: types.FrameType | None) -> None:
        size = _address_space()
        if size is not None and size > threshold:
            raise MemoryError

    previous = signal.signal(signal.SIGVTALRM, check)
    signal.setitimer(signal.ITIMER_VIRTUAL, 0.01, 0.01)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until it closes; None when ``deadline`` comes first."""
    chunks: list[bytes] = []
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

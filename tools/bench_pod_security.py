"""Benchmark: checking a full-featured user pod against the Pod Security Standards.

Run from the repository root with ``python -m tools.bench_pod_security``; prints
the time of one check of the tests' full-featured pod (every parameter of
``make_pod`` set), as a manifest dict and as a client ``V1Pod``, at both levels.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable
from typing import Any

from kubespawner.objects import (
    BASELINE,
    RESTRICTED,
    check_pod_security,
    make_pod,
    make_pod_manifest,
)
from tests.workloads import full_pod_arguments


def per_call(call: Callable[[], Any], number: int = 2000) -> float:
    """Best of five runs, in microseconds per call."""
    return min(timeit.repeat(call, number=number, repeat=5)) / number * 1e6


def main() -> None:
    manifest = make_pod_manifest(**full_pod_arguments())
    model = make_pod(**full_pod_arguments())
    for level in (BASELINE, RESTRICTED):
        found = len(check_pod_security(manifest, level))
        on_dict = per_call(lambda level=level: check_pod_security(manifest, level))
        on_model = per_call(lambda level=level: check_pod_security(model, level))
        print(
            f"{level:<10} ({found} violations)  manifest dict {on_dict:6.1f} us"
            f"   V1Pod {on_model:6.1f} us"
        )


if __name__ == "__main__":
    main()

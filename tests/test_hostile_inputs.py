"""The hostile inputs benchmarks/hostile.py measures at 10 MB, at a size a test affords."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from benchmarks import hostile
from kubespawner.objects._cli.main import main

# What each input gets (inputs of 3 MiB documents keep one such document at any size).
EXPECTED = {
    "random bytes": 2,  # not UTF-8
    "NUL bytes": 2,  # control characters
    "one long scalar": 1,  # a mapping without kind
    "valid pods, one per document": 0,
    "empty containers, 3 MiB documents": 2,  # too large to check
    "flow list of numbers": 1,  # a mapping without kind
    "many labels, 3 MiB documents": 1,  # duplicate keys
    "nesting 199 deep, repeated": 1,  # a mapping without kind
    "aliases at go-yaml's limit": 1,  # lists where args are strings
    "billion laughs": 2,  # excessive aliasing
    "render: long env list": 1,  # env must be strings
    "render: deep extra_pod_config": 1,  # unknown fields
}


@pytest.mark.parametrize("name", list(hostile.INPUTS))
def test_hostile_input_gets_its_exit_status_and_no_traceback(tmp_path: Path, name: str) -> None:
    args, make = hostile.INPUTS[name]
    path = tmp_path / "input.yaml"
    path.write_bytes(make(200_000))
    output, errors = io.StringIO(), io.StringIO()
    with redirect_stdout(output), redirect_stderr(errors):
        status = main([args[0], str(path), *args[1:]])
    assert status == EXPECTED[name], errors.getvalue()[-500:]
    assert len(errors.getvalue().splitlines()) <= 101 * 200  # at most 100 problems an object

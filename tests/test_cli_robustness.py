"""Whatever the input, the command answers with an exit status, never a traceback."""

from __future__ import annotations

import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects._cli.main import main

_SCALARS = (
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=12)
)
_KEYS = st.sampled_from(
    [
        "name",
        "image",
        "containers",
        "spec",
        "metadata",
        "labels",
        "volumes",
        "env",
        "ports",
        "securityContext",
        "resources",
        "limits",
        "cpu",
        "kind",
        "items",
        "x",
        "make_pod",
    ]
) | st.text(max_size=8)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=25,
)
_MAKE_POD = st.fixed_dictionaries(
    {
        "name": st.just("jupyter-x"),
        "cmd": st.just(["x"]),
        "port": st.just(8888),
        "image": st.just("x"),
    },
    optional={
        key: _DATA
        for key in (
            "env",
            "volumes",
            "volume_mounts",
            "labels",
            "tolerations",
            "cpu_limit",
            "extra_pod_config",
            "extra_container_config",
            "lifecycle_hooks",
            "uid",
        )
    },
)


def run_on(document: Any, *args: str) -> tuple[int, str]:
    """The exit status and standard output of the command on ``document``, written as JSON."""
    output = io.StringIO()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "input.json"
        path.write_text(json.dumps(document, allow_nan=True))
        with redirect_stdout(output), redirect_stderr(io.StringIO()):
            status = main([args[0], str(path), *args[1:]])
    return status, output.getvalue()


@settings(max_examples=150, deadline=None)
@given(document=_DATA, kind=st.sampled_from(["Pod", "PersistentVolumeClaim", "Service", "List"]))
def test_validate_answers_any_document(document: Any, kind: str) -> None:
    if isinstance(document, dict):
        document = {**document, "kind": kind}
    status, _ = run_on(document, "validate", "--pod-security", "restricted")
    assert status in (0, 1, 2)


@settings(max_examples=150, deadline=None)
@given(parameters=_MAKE_POD)
def test_render_answers_any_parameters(parameters: dict[str, Any]) -> None:
    status, output = run_on([{"make_pod": parameters}], "render", "--pod-security", "baseline")
    assert status in (0, 1, 2)
    assert (output == "") == (status != 0)

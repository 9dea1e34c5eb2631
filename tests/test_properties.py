"""Property tests over make_pod's and make_pvc's parameters.

For any arguments, make_* either returns an object the official schema accepts
(strict, Kubernetes 1.30 and 1.37) or raises InvalidObjectError; never another
exception, and never a changed argument.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubespawner.objects import InvalidObjectError, make_pod_manifest, make_pvc_manifest

from .conftest import assert_schema_valid
from .workloads import BASE_POD, full_pod_arguments, pvc_arguments

# Arbitrary JSON-like values, the shapes a config file can hold.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 70000)
    | st.floats(allow_nan=False, width=32)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)

FULL = full_pod_arguments()
POD_PARAMETERS = sorted(set(FULL) - set(BASE_POD))


@st.composite
def pod_arguments(draw: st.DrawFn) -> dict[str, Any]:
    """A valid subset of the full arguments, with a few values replaced by arbitrary data."""
    chosen = draw(st.lists(st.sampled_from(POD_PARAMETERS), unique=True, max_size=12))
    arguments = {**BASE_POD, **{name: copy.deepcopy(FULL[name]) for name in chosen}}
    for name in draw(
        st.lists(st.sampled_from([*POD_PARAMETERS, *BASE_POD]), unique=True, max_size=2)
    ):
        arguments[name] = draw(json_values)
    return arguments


def check(build: Any, arguments: dict[str, Any]) -> None:
    before = copy.deepcopy(arguments)
    try:
        manifest = build(**arguments)
    except InvalidObjectError as error:
        assert error.problems, "an error must name at least one problem"
        assert all(problem.path for problem in error.problems)
    else:
        assert_schema_valid(manifest)
    assert arguments == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pod_arguments())
def test_make_pod_gives_a_schema_valid_pod_or_our_error(arguments: dict[str, Any]) -> None:
    check(make_pod_manifest, arguments)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(pvc_arguments())), json_values, max_size=3))
def test_make_pvc_gives_a_schema_valid_claim_or_our_error(changes: dict[str, Any]) -> None:
    check(make_pvc_manifest, {**pvc_arguments(), **changes})


@settings(max_examples=60, deadline=None)
@given(
    cpu=st.floats(min_value=0.001, max_value=512, allow_nan=False) | st.integers(0, 512),
    memory=st.integers(0, 2**40),
)
def test_numeric_resources_become_schema_valid_quantities(cpu: float, memory: int) -> None:
    manifest = make_pod_manifest(**BASE_POD, cpu_limit=cpu, mem_limit=memory)
    limits = manifest["spec"]["containers"][0]["resources"]["limits"]
    assert isinstance(limits["cpu"], str) and isinstance(limits["memory"], str)
    assert_schema_valid(manifest)

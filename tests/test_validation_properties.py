"""Property tests: make_pod/make_pvc return what both the schema and validate() accept, or raise.

Arguments are drawn near the edges of the rules (names, label keys and
values, quantities, ids, ports, env names, tolerations, affinity operators,
access modes), valid or not. Whatever is drawn, the call either returns a
manifest that passes the official schema (strict, 1.30 and 1.37) and has no
problem for ``validate``, or raises ``InvalidObjectError``; never another
exception.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubespawner.objects import InvalidObjectError, make_pod_manifest, make_pvc_manifest, validate

from .conftest import assert_schema_valid
from .workloads import BASE_POD, pvc_arguments

NAME_CHARACTERS = "abz09-._AZ/ "
names = st.text(NAME_CHARACTERS, max_size=70) | st.sampled_from(
    ["jupyter-alice", "a" * 63, "a" * 64, "example.com/key", "-x", "x-", "a..b", ""]
)
label_maps = st.dictionaries(names, names | st.just(""), max_size=3)
quantities = (
    st.from_regex(
        r"[+-]?[0-9]{1,4}(\.[0-9]{0,2})?(Ki|Mi|Gi|m|k|M|G|e3|E|GB| cores)?", fullmatch=True
    )
    | st.integers(-1, 2**40)
    | st.floats(min_value=-1, max_value=64, allow_nan=False)
)
ids = st.integers(-2, 2**31 + 1)
env_names = st.text(st.characters(min_codepoint=0x1F, max_codepoint=0xE9), min_size=1, max_size=6)
tolerations = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "key": names,
            "operator": st.sampled_from(["Exists", "Equal", "In"]),
            "value": names,
            "effect": st.sampled_from(["NoSchedule", "NoExecute", "PreferNoSchedule", "Never"]),
            "tolerationSeconds": st.integers(0, 600),
        },
    ),
    max_size=2,
)
requirements = st.fixed_dictionaries(
    {
        "key": names,
        "operator": st.sampled_from(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Is"]),
    },
    optional={"values": st.lists(names, max_size=2)},
)

POD_CHOICES: dict[str, st.SearchStrategy[Any]] = {
    "name": names,
    "port": st.integers(-1, 70000),
    "labels": label_maps,
    "annotations": label_maps,
    "node_selector": label_maps,
    "cpu_limit": quantities,
    "cpu_guarantee": quantities,
    "mem_limit": quantities,
    "mem_guarantee": quantities,
    "extra_resource_limits": st.dictionaries(
        st.sampled_from(["nvidia.com/gpu", "gpu", "hugepages-2Mi", "ephemeral-storage"]),
        quantities,
        max_size=2,
    ),
    "uid": ids,
    "gid": ids,
    "fs_gid": ids,
    "supplemental_gids": st.lists(ids, max_size=2),
    "env": st.dictionaries(env_names, st.text(max_size=8) | st.just("$(A)"), max_size=3),
    "tolerations": tolerations,
    "node_affinity_required": st.lists(
        st.fixed_dictionaries({"matchExpressions": st.lists(requirements, max_size=2)}), max_size=1
    ),
    "pod_affinity_preferred": st.lists(
        st.fixed_dictionaries(
            {
                "weight": st.integers(-1, 101),
                "podAffinityTerm": st.fixed_dictionaries({"topologyKey": names}),
            }
        ),
        max_size=1,
    ),
    "service_account": names,
    "priority_class_name": names,
    "volume_mounts": st.lists(
        st.fixed_dictionaries(
            {
                "name": st.sampled_from(["home", "other"]),
                "mountPath": st.sampled_from(["/a", "/b"]),
            },
            optional={"subPath": st.sampled_from(["x", "../x", "/x", "a/b"])},
        ),
        max_size=2,
    ),
}
HOME = [{"name": "home", "emptyDir": {}}]


def check(build: Any, arguments: dict[str, Any]) -> None:
    try:
        manifest = build(**arguments)
    except InvalidObjectError as error:
        assert error.problems
        assert all(problem.path for problem in error.problems)
    else:
        assert validate(manifest) == []
        assert_schema_valid(manifest)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional=POD_CHOICES))
def test_make_pod_result_passes_schema_and_validate_or_raises(chosen: dict[str, Any]) -> None:
    check(make_pod_manifest, {**BASE_POD, "volumes": HOME, **chosen})


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "name": names,
            "storage": quantities,
            "storage_class": st.none() | names,
            "access_modes": st.lists(
                st.sampled_from(
                    ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod", "RW"]
                ),
                max_size=3,
            ),
            "selector": st.fixed_dictionaries(
                {},
                optional={
                    "matchLabels": label_maps,
                    "matchExpressions": st.lists(requirements, max_size=2),
                },
            ),
            "labels": label_maps,
        },
    )
)
def test_make_pvc_result_passes_schema_and_validate_or_raises(chosen: dict[str, Any]) -> None:
    check(make_pvc_manifest, {**pvc_arguments(), **chosen})


# --- the builder and validate() agree -------------------------------------------------------

# Where KubeSpawner's objects.py puts each scalar parameter (field path, as keys).
_WRITTEN_AT: dict[str, tuple[str, ...]] = {
    "name": ("metadata", "name"),
    "image": ("spec", "containers", "0", "image"),
    "image_pull_policy": ("spec", "containers", "0", "imagePullPolicy"),
    "port": ("spec", "containers", "0", "ports", "0", "containerPort"),
    "working_dir": ("spec", "containers", "0", "workingDir"),
    "uid": ("spec", "containers", "0", "securityContext", "runAsUser"),
    "gid": ("spec", "containers", "0", "securityContext", "runAsGroup"),
    "privileged": ("spec", "containers", "0", "securityContext", "privileged"),
    "cpu_limit": ("spec", "containers", "0", "resources", "limits", "cpu"),
    "mem_limit": ("spec", "containers", "0", "resources", "limits", "memory"),
    "cpu_guarantee": ("spec", "containers", "0", "resources", "requests", "cpu"),
    "mem_guarantee": ("spec", "containers", "0", "resources", "requests", "memory"),
    "fs_gid": ("spec", "securityContext", "fsGroup"),
    "supplemental_gids": ("spec", "securityContext", "supplementalGroups"),
    "service_account": ("spec", "serviceAccountName"),
    "automount_service_account_token": ("spec", "automountServiceAccountToken"),
    "scheduler_name": ("spec", "schedulerName"),
    "priority_class_name": ("spec", "priorityClassName"),
    "node_selector": ("spec", "nodeSelector"),
    "labels": ("metadata", "labels"),
    "annotations": ("metadata", "annotations"),
}
# KubeSpawner writes these only when truthy (`if scheduler_name:`), and so does make_pod.
_ONLY_WHEN_TRUTHY = {
    "supplemental_gids",
    "scheduler_name",
    "priority_class_name",
    "node_selector",
    "labels",
    "annotations",
}
_EDGE_VALUES: list[Any] = [
    *("", " ", "x", "Always", "always", "Never", "0", "0.5", "1Gi", "1GB", "-1", "500m"),
    *("1e3", "0.0001", "+1", ".5", "/srv", "srv", "a b", "A", "a.b", "a_b", "a" * 64),
    *(0, 1, -1, 0.5, 1.0, 2**31, 2**63, True, False, float("nan")),
    *([], [""], ["x"], [0], [1, 2], {}, {"a": "b"}, {"a": ""}, {"": "b"}, {"a": 1}),
]


def _carrying(parameter: str, value: Any) -> dict[str, Any]:
    """A valid pod with ``value`` written where KubeSpawner writes ``parameter``."""
    manifest = make_pod_manifest(**BASE_POD)
    *parents, last = _WRITTEN_AT[parameter]
    node: Any = manifest
    for key in parents:
        node = node[int(key)] if key.isdigit() else node.setdefault(key, {})
    node[last] = value
    return manifest


@pytest.mark.parametrize("parameter", sorted(_WRITTEN_AT))
def test_the_builder_refuses_a_value_exactly_when_validate_refuses_the_pod_carrying_it(
    parameter: str,
) -> None:
    # Checking the parameter and checking the manifest are the same rules: make_pod must
    # neither refuse what the API server accepts (imagePullPolicy "", which its defaulting
    # fills in) nor build what validate() would refuse.
    disagreements = []
    for value in _EDGE_VALUES:
        if parameter in _ONLY_WHEN_TRUTHY and not value:
            continue
        if parameter == "name" and not isinstance(value, str):
            continue  # the error's title shows it; other types are covered above
        try:
            make_pod_manifest(**{**BASE_POD, parameter: value})
            built = True
        except InvalidObjectError:
            built = False
        accepted = not validate(_carrying(parameter, value))
        if built != accepted:
            disagreements.append((value, built, accepted))
    assert disagreements == []

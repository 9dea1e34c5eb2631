"""validate(): problems of any Pod or claim, reported instead of raised."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes.client
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects import (
    InvalidTypeError,
    Problem,
    make_pod,
    make_pod_manifest,
    make_pvc,
    make_pvc_manifest,
    validate,
)
from kubespawner.objects._core.errors import (
    DUPLICATE,
    INVALID,
    NOT_FOUND,
    REQUIRED,
    UNKNOWN_FIELD,
    UNSUPPORTED,
    WRONG_TYPE,
)

from .conftest import assert_schema_valid
from .workloads import full_pod_arguments, pvc_arguments

HANDWRITTEN = yaml.safe_load((Path(__file__).parent / "data" / "handwritten_pod.yaml").read_text())


def where(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(problem.path, problem.reason) for problem in problems}


def test_objects_made_here_are_valid_as_models() -> None:
    assert validate(make_pod(**full_pod_arguments())) == []
    assert validate(make_pvc(**pvc_arguments())) == []


def test_a_valid_handwritten_manifest_has_no_problems() -> None:
    assert_schema_valid(HANDWRITTEN)
    assert validate(HANDWRITTEN) == []


def test_a_handwritten_manifest_gets_every_problem() -> None:
    pod = copy.deepcopy(HANDWRITTEN)
    container = pod["spec"]["containers"][0]
    container["imagePullPolicy"] = "Sometimes"
    container["image_pull_policy"] = "Always"  # the client's name, not Kubernetes'
    container["ports"][0]["containerPort"] = "8888"
    container["resources"]["requests"]["memory"] = "8Gi"
    container["volumeMounts"].append({"name": "nowhere", "mountPath": "/x"})
    pod["spec"]["initContainers"][0]["name"] = "notebook"
    pod["spec"]["colour"] = "blue"
    pod["metadata"]["namespace"] = "Hub"
    found = where(validate(pod))
    c = "spec.containers[0]"
    assert found == {
        (f"{c}.imagePullPolicy", UNSUPPORTED),
        (f"{c}.image_pull_policy", UNKNOWN_FIELD),
        (f"{c}.ports[0].containerPort", WRONG_TYPE),
        (f"{c}.resources.requests.memory", INVALID),
        (f"{c}.volumeMounts[2].name", NOT_FOUND),
        ("spec.initContainers[0].name", DUPLICATE),
        ("spec.colour", UNKNOWN_FIELD),
        ("metadata.namespace", INVALID),
    }


def test_a_mount_of_a_misspelled_volume_names_the_volume_meant() -> None:
    pod = copy.deepcopy(HANDWRITTEN)
    pod["spec"]["volumes"] = [
        {"name": "home", "persistentVolumeClaim": {"claimName": "claim-alice"}},
        {"name": "scratch", "emptyDir": {}},
    ]
    container = pod["spec"]["containers"][0]
    container["volumeMounts"] = [
        {"name": "hom", "mountPath": "/home/jovyan"},
        {"name": "scratch", "mountPath": "/tmp/x"},
        {"name": "unrelated", "mountPath": "/y"},
    ]
    container["volumeDevices"] = [{"name": "homee", "devicePath": "/dev/x"}]
    details = {problem.path: problem.detail for problem in validate(pod)}
    c = "spec.containers[0]"
    assert details == {
        f"{c}.volumeMounts[0].name": (
            'must be the name of one of the pod\'s volumes; did you mean "home"?'
        ),
        f"{c}.volumeMounts[2].name": "must be the name of one of the pod's volumes",
        f"{c}.volumeDevices[0].name": 'did you mean "home"?',
    }


def test_a_client_model_built_by_hand_is_checked() -> None:
    client = kubernetes.client
    pod = client.V1Pod(
        metadata=client.V1ObjectMeta(name="jupyter-alice", labels={"a": "b" * 64}),
        spec=client.V1PodSpec(
            containers=[
                client.V1Container(
                    name="notebook",
                    image="x",
                    resources=client.V1ResourceRequirements(limits={"memory": "1GB"}),
                )
            ]
        ),
    )
    assert where(validate(pod)) == {
        ("metadata.labels.a", INVALID),
        ("spec.containers[0].resources.limits.memory", INVALID),
    }


def test_claims_are_checked() -> None:
    claim = make_pvc_manifest(**{**pvc_arguments(), "storage_class": ""})
    assert validate(claim) == []
    claim["spec"]["accessModes"] = ["ReadWriteOncePod", "ReadOnlyMany"]
    del claim["spec"]["resources"]["requests"]["storage"]
    assert where(validate(claim)) == {
        ("spec.accessModes", "Forbidden"),
        ("spec.resources.requests.storage", REQUIRED),
    }


def test_other_kinds_are_named_as_not_checked() -> None:
    for other in ({"apiVersion": "v1", "kind": "ConfigMap"}, kubernetes.client.V1ConfigMap()):
        [problem] = validate(other)
        assert (problem.path, problem.reason) == ("kind", UNSUPPORTED)
        for kind in ("Pod", "PersistentVolumeClaim", "Service", "Secret", "Namespace", "Endpoints"):
            assert f'"{kind}"' in problem.detail
        assert '"Ingress"' in problem.detail and '"EndpointSlice"' in problem.detail
    [problem] = validate({"metadata": {"name": "x"}})
    assert (problem.path, problem.reason) == ("kind", REQUIRED)
    [problem] = validate("kind: Pod")
    assert problem.reason == UNSUPPORTED


# (apiVersion, a kind that misspells one checked there, that kind), for the command too.
MISSPELLED_KINDS = [
    ("v1", "pod", "Pod"),
    ("v1", "Servce", "Service"),
    ("v1", "PersistentVolumeClaims", "PersistentVolumeClaim"),
    ("networking.k8s.io/v1", "ingress", "Ingress"),
    ("discovery.k8s.io/v1", "EndpointSlices", "EndpointSlice"),
]


@pytest.mark.parametrize(("api_version", "kind", "meant"), MISSPELLED_KINDS)
def test_a_misspelled_kind_is_named_with_the_kind_meant(
    api_version: str, kind: str, meant: str
) -> None:
    # kubectl refuses these ("no matches for kind"): the kind meant is the useful answer,
    # the same the command gives (tests/test_cli.py)
    [problem] = validate({"apiVersion": api_version, "kind": kind, "metadata": {"name": "a"}})
    assert (problem.path, problem.reason, problem.value) == ("kind", UNSUPPORTED, kind)
    assert problem.detail == f"apiVersion {api_version} has no such kind; did you mean {meant!r}?"


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [("v1", "PersistentVolume"), ("v1", "ConfigMap"), ("example.org/v1", "Pods"), ("v2", "pod")],
)
def test_kinds_the_api_server_serves_or_unknown_groups_are_no_misspelling(
    api_version: str, kind: str
) -> None:
    # PersistentVolume is served beside PersistentVolumeClaim (kubectl api-resources)
    [problem] = validate({"apiVersion": api_version, "kind": kind})
    assert problem.detail.startswith("validate checks only Pods")


@pytest.mark.parametrize("written", ["Kind", "KIND", "kidn"])
def test_a_missing_kind_names_the_key_written_instead(written: str) -> None:
    [problem] = validate({"apiVersion": "v1", written: "Pod", "metadata": {"name": "a"}})
    assert (problem.path, problem.reason) == ("kind", REQUIRED)
    assert problem.detail.endswith(f"; {written!r} is written instead")
    for unrelated in ({"apiVersion": "v1", "type": "Pod"}, {"apiVersion": "v1", "kind": None}):
        [problem] = validate(unrelated)
        assert "written instead" not in problem.detail


def test_api_version_must_be_v1() -> None:
    claim = make_pvc_manifest(**pvc_arguments())
    claim["apiVersion"] = "apps/v1"
    assert where(validate(claim)) == {("apiVersion", UNSUPPORTED)}
    del claim["apiVersion"]
    assert where(validate(claim)) == {("apiVersion", REQUIRED)}


def test_validate_does_not_change_its_argument() -> None:
    pod = copy.deepcopy(HANDWRITTEN)
    pod["spec"]["containers"][0]["resources"]["limits"]["cpu"] = 2
    before = copy.deepcopy(pod)
    validate(pod)
    assert pod == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 70000) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    ["name", "image", "containers", "volumes", "volumeMounts", "resources", "limits", "ports",
     "env", "valueFrom", "securityContext", "tolerations", "affinity", "accessModes", "spec"]
)  # fmt: skip


def mutate(value: Any, data: st.DataObject) -> Any:
    """``value`` with one entry somewhere replaced by arbitrary JSON data."""
    if isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value)) | FIELD_NAMES)
        inner = value.get(key)
        replaced = data.draw(json_values) if data.draw(st.booleans()) else mutate(inner, data)
        return {**value, key: replaced}
    if isinstance(value, list) and value:
        index = data.draw(st.integers(0, len(value) - 1))
        return [*value[:index], mutate(value[index], data), *value[index + 1 :]]
    return data.draw(json_values)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_validate_reports_and_never_raises_on_any_data(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from([HANDWRITTEN, make_pvc_manifest(**pvc_arguments())]))
    manifest = mutate(base, data)
    problems = validate(manifest)
    assert all(isinstance(problem, Problem) for problem in problems)
    str(problems)


@pytest.mark.parametrize("field", ["hostPort", "protocol", "hostIP"])
def test_a_list_in_a_host_port_claim_is_a_wrong_type_not_a_crash(field: str) -> None:
    # Found by a random comparison run: the host-port check put such values in a set.
    port = {"containerPort": 80, "hostPort": 8080, field: [1]}
    manifest = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "a"},
        "spec": {"containers": [{"name": "c", "image": "i", "ports": [port]}]},
    }
    problems = validate(manifest)
    path = f"spec.containers[0].ports[0].{field}"
    assert (path, WRONG_TYPE) in [(problem.path, problem.reason) for problem in problems]
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(
            "jupyter-alice", None, 8888, "jupyter/base:1", extra_container_config={"ports": [port]}
        )
    assert [(p.path, p.reason) for p in error.value.problems] == [(path, WRONG_TYPE)]


@pytest.mark.parametrize(
    ("spec", "path", "reason"),
    [
        ({"volumeMode": "Raw"}, "spec.volumeMode", UNSUPPORTED),
        ({"dataSource": {"kind": "VolumeSnapshot", "name": "snap"}}, "spec.dataSource", INVALID),
        ({"dataSource": {"kind": "PersistentVolumeClaim"}}, "spec.dataSource.name", REQUIRED),
        ({"dataSourceRef": {"name": "x", "kind": "", "apiGroup": "snap.example.com"}},
         "spec.dataSourceRef.kind", REQUIRED),
        ({"dataSourceRef": {"name": "x", "kind": "Snap", "apiGroup": "Snap_Group"}},
         "spec.dataSourceRef.apiGroup", INVALID),
        ({"volumeAttributesClassName": "Gold"}, "spec.volumeAttributesClassName", INVALID),
        ({"dataSource": {"kind": "PersistentVolumeClaim", "name": "a"},
          "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "b"}},
         "spec.dataSource", INVALID),
        ({"resources": {"requests": {"storage": "1Gi"}, "limits": {"storage": "1 Gi"}}},
         "spec.resources.limits.storage", INVALID),
    ],
)  # fmt: skip
def test_claim_fields_make_pvc_never_sets_are_checked(
    spec: dict[str, Any], path: str, reason: str
) -> None:
    claim = make_pvc_manifest(**pvc_arguments())
    claim["spec"].update(spec)
    assert (path, reason) in where(validate(claim))


def test_claim_fields_make_pvc_never_sets_can_be_valid() -> None:
    claim = make_pvc_manifest(**pvc_arguments())
    claim["spec"].update(
        volumeMode="Block",
        volumeName="pv-0001",
        dataSourceRef={
            "kind": "VolumeSnapshot",
            "name": "snap",
            "apiGroup": "snapshot.storage.k8s.io",
        },
    )
    assert validate(claim) == []
    assert_schema_valid(claim)


def test_a_missing_required_field_is_reported_once() -> None:
    problems = validate(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "a"},
            "spec": {"containers": [{"image": "busybox"}]},
        }
    )
    assert [(p.path, p.reason) for p in problems] == [("spec.containers[0].name", "Required value")]

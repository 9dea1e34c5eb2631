"""make_pvc / make_pvc_manifest: every documented parameter and behaviour."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    make_pvc,
    make_pvc_manifest,
    to_manifest,
)

from .conftest import assert_schema_valid
from .workloads import pvc_arguments

LEGACY_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def pvc(**changes: Any) -> dict[str, Any]:
    manifest = make_pvc_manifest(**{**pvc_arguments(), **changes})
    assert_schema_valid(manifest)
    return manifest


@pytest.mark.parametrize("function", [make_pvc, make_pvc_manifest])
def test_parameters_are_the_documented_ones_in_the_documented_order(function: Any) -> None:
    assert list(inspect.signature(function).parameters) == [
        "name",
        "storage_class",
        "access_modes",
        "selector",
        "storage",
        "labels",
        "annotations",
    ]


def test_full_claim() -> None:
    assert pvc() == {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {
            "name": "claim-alice",
            "labels": {"app": "jupyterhub"},
            "annotations": {"hub.jupyter.org/username": "alice", LEGACY_ANNOTATION: "standard"},
        },
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": "10Gi"}},
            "storageClassName": "standard",
            "selector": {"matchLabels": {"tier": "home"}},
        },
    }


def test_positional_call() -> None:
    manifest = make_pvc_manifest("claim-bob", None, ["ReadWriteMany"], None, "1Gi")
    assert manifest["metadata"] == {"name": "claim-bob", "labels": {}, "annotations": {}}
    assert manifest["spec"] == {
        "accessModes": ["ReadWriteMany"],
        "resources": {"requests": {"storage": "1Gi"}},
    }


def test_empty_storage_class_means_no_dynamic_provisioning() -> None:
    manifest = pvc(storage_class="")
    assert manifest["spec"]["storageClassName"] == ""
    assert manifest["metadata"]["annotations"][LEGACY_ANNOTATION] == ""


def test_no_storage_class_sets_neither_field_nor_annotation() -> None:
    manifest = pvc(storage_class=None)
    assert "storageClassName" not in manifest["spec"]
    assert LEGACY_ANNOTATION not in manifest["metadata"]["annotations"]


def test_caller_annotations_are_not_modified_by_the_storage_class() -> None:
    annotations = {"a": "b"}
    pvc(annotations=annotations, storage_class="fast")
    assert annotations == {"a": "b"}


def test_storage_as_int_bytes() -> None:
    assert pvc(storage=10 * 2**30)["spec"]["resources"]["requests"]["storage"] == "10737418240"


def test_selector_accepts_snake_case_and_models() -> None:
    from kubernetes.client import V1LabelSelector, V1LabelSelectorRequirement

    expression = {"key": "tier", "operator": "In", "values": ["home"]}
    model = V1LabelSelector(match_expressions=[V1LabelSelectorRequirement(**expression)])
    assert pvc(selector=model)["spec"]["selector"] == {"matchExpressions": [expression]}
    assert pvc(selector={"match_labels": {"a": "b"}})["spec"]["selector"] == {
        "matchLabels": {"a": "b"}
    }


def test_empty_selector_is_left_out() -> None:
    assert "selector" not in pvc(selector={})["spec"]


def test_wrong_types_name_their_parameter() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pvc_manifest("claim", 5, "ReadWriteOnce", None, ["1Gi"])  # type: ignore[arg-type]
    assert [(p.path, p.parameter) for p in error.value.problems] == [
        ("spec.accessModes", "access_modes"),
        ("spec.resources.requests.storage", "storage"),
        ("spec.storageClassName", "storage_class"),
    ]


def test_unknown_selector_field() -> None:
    with pytest.raises(InvalidObjectError, match="matchLabel"):
        make_pvc_manifest("claim", None, ["ReadWriteOnce"], {"matchLabel": {"a": "b"}}, "1Gi")


def test_make_pvc_returns_the_client_model() -> None:
    claim = make_pvc(**pvc_arguments())
    assert type(claim).__name__ == "V1PersistentVolumeClaim"
    assert claim.kind == "PersistentVolumeClaim" and claim.api_version == "v1"
    assert claim.spec.resources.requests == {"storage": "10Gi"}
    assert to_manifest(claim) == make_pvc_manifest(**pvc_arguments())

"""make_service and make_owner_reference: the server's DNS name, deleted with its pod."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    make_owner_reference,
    make_owner_reference_manifest,
    make_service,
    make_service_manifest,
    to_manifest,
)

from .conftest import assert_schema_valid

SELECTOR = {
    "component": "singleuser-server",
    "hub.jupyter.org/username": "alice",
    "hub.jupyter.org/servername": "",
}
LABELS = {"app": "jupyterhub", "hub.jupyter.org/username": "alice"}
ANNOTATIONS = {"hub.jupyter.org/username": "Alice Smith"}
POD_UID = "4a1c6a0e-3c1b-4a43-9a59-0f9b1e0b6b2a"


def owner() -> dict[str, Any]:
    return make_owner_reference_manifest("jupyter-alice", POD_UID)


def problems_of(error: InvalidObjectError) -> set[tuple[str, str, str | None]]:
    return {(problem.path, problem.reason, problem.parameter) for problem in error.problems}


def test_owner_reference_points_at_the_pod() -> None:
    assert owner() == {
        "apiVersion": "v1",
        "kind": "Pod",
        "name": "jupyter-alice",
        "uid": POD_UID,
        "blockOwnerDeletion": True,
        "controller": False,
    }
    reference = make_owner_reference("jupyter-alice", POD_UID)
    assert type(reference).__name__ == "V1OwnerReference"
    assert reference.block_owner_deletion is True and reference.controller is False
    assert to_manifest(reference) == owner()


def test_owner_reference_needs_a_pod_name_and_uid() -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_owner_reference_manifest("Jupyter_Alice", "")
    assert problems_of(caught.value) == {
        ("name", "Invalid value", "name"),
        ("uid", "Required value", "uid"),
    }
    with pytest.raises(InvalidTypeError, match="parameter uid"):
        make_owner_reference_manifest("jupyter-alice", None)  # type: ignore[arg-type]


def test_service_reaches_the_pod_on_port_http() -> None:
    manifest = make_service_manifest(
        "jupyter-alice", 8888, SELECTOR, [owner()], LABELS, ANNOTATIONS
    )
    assert manifest == {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": "jupyter-alice",
            "labels": LABELS,
            "annotations": ANNOTATIONS,
            "ownerReferences": [owner()],
        },
        "spec": {
            "type": "ClusterIP",
            "ports": [{"name": "http", "port": 8888, "targetPort": 8888}],
            "selector": SELECTOR,
        },
    }
    assert_schema_valid(manifest)


def test_service_without_owner_labels_or_annotations() -> None:
    manifest = make_service_manifest("jupyter-alice", 8888, {"app": "x"}, None)
    assert manifest["metadata"] == {"name": "jupyter-alice", "labels": {}, "annotations": {}}
    assert_schema_valid(manifest)


def test_make_service_returns_a_model_with_the_same_manifest() -> None:
    reference = make_owner_reference("jupyter-alice", POD_UID)
    service = make_service("jupyter-alice", 8888, SELECTOR, [reference], LABELS)
    assert type(service).__name__ == "V1Service"
    assert service.spec.ports[0].name == "http"
    assert service.metadata.owner_references[0].uid == POD_UID
    expected = make_service_manifest("jupyter-alice", 8888, SELECTOR, [owner()], LABELS)
    assert to_manifest(service) == expected


def test_service_never_changes_its_arguments_nor_shares_them() -> None:
    selector, labels, references = copy.deepcopy((SELECTOR, LABELS, [owner()]))
    manifest = make_service_manifest("jupyter-alice", 8888, selector, references, labels)
    assert (selector, labels, references) == (SELECTOR, LABELS, [owner()])
    manifest["spec"]["selector"]["component"] = "changed"
    manifest["metadata"]["labels"]["app"] = "changed"
    manifest["metadata"]["ownerReferences"][0]["name"] = "changed"
    assert (selector, labels, references) == (SELECTOR, LABELS, [owner()])


def test_service_names_must_be_dns_1035_labels() -> None:
    # A pod may be called "1-alice"; its service may not: service names start with a letter.
    with pytest.raises(InvalidObjectError, match="start with an alphabetic character") as caught:
        make_service_manifest("1-alice", 8888, SELECTOR, None)
    assert problems_of(caught.value) == {("metadata.name", "Invalid value", "name")}
    with pytest.raises(InvalidObjectError, match="no more than 63"):
        make_service_manifest("a" * 64, 8888, SELECTOR, None)


def test_service_reports_every_problem_with_its_path_and_parameter() -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_service_manifest(
            "jupyter-alice",
            0,
            {"hub.jupyter.org/username": "Alice Smith", "bad key!": "x"},
            [{"apiVersion": "v1", "kind": "Pod", "name": "p"}, {**owner(), "name": ""}],
            labels={"app": "-x-"},
            annotations={"UPPER.example.org/ok": "fine", "not/a/key": "x"},
        )
    assert problems_of(caught.value) == {
        ("spec.ports[0].port", "Invalid value", "port"),
        ("spec.selector.hub.jupyter.org/username", "Invalid value", "selector"),
        ("spec.selector.bad key!", "Invalid value", "selector"),
        ("metadata.ownerReferences[0].uid", "Required value", "owner_references"),
        ("metadata.ownerReferences[1].name", "Required value", "owner_references"),
        ("metadata.labels.app", "Invalid value", "labels"),
        ("metadata.annotations.not/a/key", "Invalid value", "annotations"),
    }
    assert "Service 'jupyter-alice' is invalid (7 problems)" in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "path", "parameter"),
    [
        (("jupyter-alice", "8888", SELECTOR, None), "spec.ports[0].port", "port"),
        (("jupyter-alice", True, SELECTOR, None), "spec.ports[0].port", "port"),
        (("jupyter-alice", 8888, ["component"], None), "spec.selector", "selector"),
        (
            ("jupyter-alice", 8888, SELECTOR, "owner"),
            "metadata.ownerReferences",
            "owner_references",
        ),
        ((None, 8888, SELECTOR, None), "metadata.name", "name"),
    ],
)
def test_service_wrong_types_are_type_errors(
    arguments: tuple[Any, ...], path: str, parameter: str
) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        make_service_manifest(*arguments)
    assert (path, "Wrong type", parameter) in problems_of(caught.value)


def test_service_needs_a_selector_and_one_controller() -> None:
    controller = {**owner(), "controller": True}
    with pytest.raises(InvalidObjectError) as caught:
        make_service_manifest("jupyter-alice", 8888, {}, [controller, {**controller, "uid": "2"}])
    assert problems_of(caught.value) == {
        ("spec.selector", "Required value", "selector"),
        ("metadata.ownerReferences", "Invalid value", "owner_references"),
    }

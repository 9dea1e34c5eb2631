"""make_namespace: a user's namespace, named by a DNS label."""

from __future__ import annotations

import pytest

from kubespawner.objects import (
    InvalidObjectError,
    make_namespace,
    make_namespace_manifest,
    safe_dns_label,
    to_manifest,
)

from .conftest import assert_schema_valid


def test_namespace_with_labels_and_annotations() -> None:
    labels = {"hub.jupyter.org/username": "alice"}
    annotations = {"hub.jupyter.org/username": "Alice Smith"}
    manifest = make_namespace_manifest("user-alice", labels, annotations)
    assert manifest == {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "user-alice", "labels": labels, "annotations": annotations},
    }
    assert_schema_valid(manifest)
    manifest["metadata"]["labels"]["x"] = "y"
    assert labels == {"hub.jupyter.org/username": "alice"}


def test_make_namespace_returns_a_model() -> None:
    namespace = make_namespace("user-alice")
    assert type(namespace).__name__ == "V1Namespace"
    assert namespace.kind == "Namespace" and namespace.metadata.name == "user-alice"
    assert to_manifest(namespace) == make_namespace_manifest("user-alice")


def test_a_safe_label_from_any_user_name_is_a_namespace_name() -> None:
    name = "user-" + safe_dns_label("Alice.Smith@example.org", max_length=58)
    assert_schema_valid(make_namespace_manifest(name))


@pytest.mark.parametrize("name", ["User-Alice", "user.alice", "a" * 64, "-user", ""])
def test_namespace_names_must_be_dns_labels(name: str) -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_namespace_manifest(name)
    [problem] = caught.value.problems
    assert (problem.path, problem.parameter) == ("metadata.name", "name")


def test_namespace_reports_label_and_annotation_problems_together() -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_namespace_manifest("user-alice", {"a": "x" * 64}, {"": "x"})
    assert {(p.path, p.parameter) for p in caught.value.problems} == {
        ("metadata.labels.a", "labels"),
        ("metadata.annotations.", "annotations"),
    }


def test_annotations_may_hold_at_most_256_kib() -> None:
    make_namespace_manifest("user-alice", annotations={"a": "x" * (256 * 1024 - 1)})
    with pytest.raises(InvalidObjectError, match="262144 bytes"):
        make_namespace_manifest("user-alice", annotations={"a": "x" * (256 * 1024)})

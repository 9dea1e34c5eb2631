"""Reading YAML documents and finding the line a field path was written on."""

from __future__ import annotations

import pytest

from kubespawner.objects._core.documents import UnusableInputError, load_documents

MANIFESTS = """\
# a comment
apiVersion: v1
kind: Pod
metadata:
  labels:
    hub.jupyter.org: a
    hub.jupyter.org/username: b
spec:
  containers:
  - name: a
    image: x
  - name: b
    env:
    - {name: A, value: "1"}
---
---
kind: Secret
"""


def test_empty_documents_are_skipped_and_the_rest_numbered() -> None:
    documents = load_documents(MANIFESTS, "pods.yaml")
    assert [document.index for document in documents] == [0, 1]
    assert documents[1].data == {"kind": "Secret"}
    assert documents[1].line("kind") == 17


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("", 2),
        ("kind", 3),
        ("metadata.labels.hub.jupyter.org", 6),
        ("metadata.labels.hub.jupyter.org/username", 7),
        ("spec.containers[1]", 12),
        ("spec.containers[1].env[0].value", 14),
        # Fields that are not written point at their closest written parent.
        ("spec.containers[1].image", 12),
        ("spec.containers[5].name", 9),
        ("metadata.name", 4),
    ],
)
def test_field_paths_map_to_the_line_they_are_written_on(path: str, line: int) -> None:
    assert load_documents(MANIFESTS, "pods.yaml")[0].line(path) == line


def test_exact_lookups_find_only_written_fields() -> None:
    document = load_documents(MANIFESTS, "pods.yaml")[0]
    assert document.line("spec.containers[0].image", exact=True) == 11
    assert document.line("spec.containers[0].args", exact=True) is None


def test_bad_yaml_names_the_line() -> None:
    with pytest.raises(UnusableInputError) as raised:
        load_documents("a: 1\nb: [2\n", "bad.yaml")
    assert raised.value.source == "bad.yaml"
    assert raised.value.line == 3
    assert str(raised.value).startswith("not valid YAML or JSON: ")

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


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "spec:\n  restartPolicy: Never\n   dnsPolicy: None\n",
            3,
            "mapping values are not allowed in this context, at column 13: probably a key "
            "indented deeper than the one above it, or an unquoted value holding ': '",
        ),
        (
            "spec:\n\trestartPolicy: Never\n",
            2,
            "found character that cannot start any token, at column 1: probably a tab "
            "(YAML indents with spaces only), or an unquoted value starting with @, ` or %",
        ),
        (
            "volumes:\n  - name: a\n   - name: b\n",
            3,
            "did not find expected '-' indicator, at column 4: probably a line indented "
            "differently from the list on line 2, whose items' '-' are at column 3",
        ),
        (
            "spec:\n  containers:\n  - name: a\n image: b\n",
            4,
            "did not find expected key, at column 2: probably a line indented differently "
            "from the mapping on line 1, whose keys start at column 1, or text after a "
            "closing quote",
        ),
        (
            "kind: Pod\nmetadata\nspec: {}\n",
            2,
            "could not find expected ':', at column 1: probably a line without ':' in a "
            "mapping (a value that goes on to the next line must be indented deeper than its "
            "key)",
        ),
        (
            'kind: Pod\nmetadata:\n  name: "web\n',
            3,
            "found unexpected end of stream, at column 9: probably a quote opened here and "
            "never closed",
        ),
        (
            "metadata: {name: web\nspec: {}\n",
            2,
            "did not find expected ',' or '}', at column 5: probably a bracket opened on "
            "line 1, column 11, and not closed",
        ),
    ],
)
def test_bad_yaml_names_the_line_and_column_and_the_likely_cause(
    text: str, line: int, message: str
) -> None:
    # The usual ways hand-written YAML breaks: indentation, tabs, unclosed quotes or brackets.
    with pytest.raises(UnusableInputError) as raised:
        load_documents(text, "bad.yaml")
    assert raised.value.line == line
    assert str(raised.value) == f"not valid YAML or JSON: {message}"


def test_bad_yaml_names_the_line() -> None:
    with pytest.raises(UnusableInputError) as raised:
        load_documents("a: 1\nb: [2\n", "bad.yaml")
    assert raised.value.source == "bad.yaml"
    assert raised.value.line == 3
    assert str(raised.value).startswith("not valid YAML or JSON: ")

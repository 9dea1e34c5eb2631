"""Reading a stream that starts with ``{`` as JSON, as kubectl does (not as YAML)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects._core import documents
from kubespawner.objects._core.documents import Document, UnusableInputError, first_document

from .test_yaml_input import peak_reading_memory

# kubectl's reading of each stream, recorded from kubectl itself (the file names how).
TABLE = json.loads((Path(__file__).parent / "data" / "kubectl_json.json").read_text())
KUBECTL = shutil.which("kubectl")


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def read(data: bytes, chunk: int = 1 << 20) -> tuple[list[Document], UnusableInputError | None]:
    """The documents read before the stream ends or stops being usable, and why it stopped."""
    found: list[Document] = []
    try:
        for document in documents._documents(_Pieces(data, chunk), "probe.json"):  # type: ignore[arg-type]
            found.append(document)
    except UnusableInputError as error:
        return found, error
    return found, None


class _Pieces(io.RawIOBase):
    """Bytes that arrive ``chunk`` at a time, as from a pipe."""

    def __init__(self, data: bytes, chunk: int) -> None:
        self.data, self.chunk, self.position = data, chunk, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        piece = self.data[self.position : self.position + min(size, self.chunk)]
        self.position += len(piece)
        return piece


def exactly(value: Any) -> str:
    """JSON text that tells 1 from 1.0 from true."""
    return json.dumps(value, sort_keys=True)


def is_object(data: Any) -> bool:
    return isinstance(data, dict) and "kind" in data and "apiVersion" in data


@pytest.mark.parametrize("row", TABLE["cases"], ids=lambda row: row["case"])
def test_streams_read_as_kubectl_reads_them(row: dict[str, Any]) -> None:
    found, error = read(as_bytes(row["text"]))
    printed = row["kubectl"]
    # kubectl printed the objects before the point where it stopped; so do we.
    assert exactly([document.data for document in found[: len(printed)]]) == exactly(printed)
    rest = [document.data for document in found[len(printed) :]]
    if "error" not in row:
        assert error is None and not rest
    else:
        # Where kubectl fails to read, so do we; where it refuses a value that is
        # no object (a number, a list, {}), we give it out and `validate` refuses it.
        assert error is not None or (rest and not all(is_object(data) for data in rest))


def test_the_table_holds_streams_that_yaml_reads_otherwise() -> None:
    # What the bug was: these streams, read as YAML, mean something else or nothing.
    differ = []
    for row in TABLE["cases"]:
        if not row["text"].startswith("{"):
            continue
        stream = io.BytesIO(as_bytes(row["text"]))
        try:
            as_yaml = list(documents._documents(stream, "probe.yaml", as_kubectl=False))
            same = "error" not in row and exactly([d.data for d in as_yaml]) == exactly(
                row["kubectl"]
            )
        except UnusableInputError:
            same = "error" in row
        if not same:
            differ.append(row["case"])
    assert len(differ) >= 30, differ


def kubectl_reads(path: Path) -> subprocess.CompletedProcess[str]:
    command = [str(KUBECTL), "annotate", "--local", "-o", "json", "-f", str(path), "probe=1"]
    environment = {**os.environ, "KUBECONFIG": os.devnull}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)


def printed_objects(output: str) -> list[Any]:
    """The objects kubectl printed one after another, the probe annotation taken out."""
    decoder, found, position = json.JSONDecoder(), [], 0
    while output[position:].strip():
        position += len(output[position:]) - len(output[position:].lstrip())
        value, position = decoder.raw_decode(output, position)
        annotations = value["metadata"]["annotations"]
        annotations.pop("probe")
        if not annotations:
            del value["metadata"]["annotations"]
        found.append(value)
    return found


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")
def test_kubectl_today_reads_the_streams_as_recorded(tmp_path: Path) -> None:
    # The recorded table may age. Streams read without error go to kubectl as one
    # stream (one call); those it fails on, one call each.
    path = tmp_path / "probe.json"
    whole = [row for row in TABLE["cases"] if "error" not in row and row["text"][:1] == "{"]
    path.write_bytes(b"\n".join(as_bytes(row["text"]) for row in whole))
    result = kubectl_reads(path)
    assert result.returncode == 0, result.stderr
    assert printed_objects(result.stdout) == [data for row in whole for data in row["kubectl"]]
    for row in TABLE["cases"]:
        if "error" in row:
            path.write_bytes(as_bytes(row["text"]))
            result = kubectl_reads(path)
            assert result.returncode != 0 and row["error"] in result.stderr, row["case"]
            assert printed_objects(result.stdout) == row["kubectl"], row["case"]


POD = """\
{
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "a",
    "labels": {"x": "1", "x": "2"}},
  "spec": {
    "containers": [
      {"name": "c",
       "ports": [{"containerPort": 1e3}]}
    ]
  }
}
"""


def test_json_documents_keep_the_line_of_each_key_and_item() -> None:
    found, error = read(as_bytes("\n" + POD + POD.replace('"a"', '"b"')))
    assert error is None
    first, second = found
    assert first.line("") == 2 and first.line("kind") == 3
    assert first.line("metadata.labels.x") == 5
    assert first.line("spec.containers[0]") == 8
    assert first.line("spec.containers[0].ports[0].containerPort") == 9
    assert first.data["spec"]["containers"][0]["ports"][0]["containerPort"] == 1000
    assert second.line("spec.containers[0].name") == 8 + POD.count("\n")
    [duplicate] = first.duplicates
    assert (duplicate.path, duplicate.first_line, duplicate.line) == ("metadata.labels.x", 5, 5)
    assert first.data["metadata"]["labels"] == {"x": "2"}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"a": 1}\n\n# comment\n', "invalid character '#'", 3),
        ('{"a":\n  "\\x"}', "invalid \\escape in a string", 2),
        ('{"a":\n [1,\n  2', "unexpected end of JSON input", 3),
        ('{"a":\n 1e400}', "cannot decode the number 1e400", 2),
        ("{\r\n\r\n}\r}", "invalid character '}'", 4),
    ],
)
def test_json_that_cannot_be_read_names_its_line(text: str, message: str, line: int) -> None:
    _, error = read(text.encode())
    assert error is not None and error.line == line
    assert message in str(error)


def test_json_keeps_the_limits_of_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    deep = '{"a": ' + "[" * documents.DEPTH_LIMIT + "]" * documents.DEPTH_LIMIT + "}"
    assert read(deep.encode())[1] is not None
    assert "nested more than" in str(read(deep.encode())[1])
    monkeypatch.setattr(documents, "VALUES_LIMIT", 1000)
    _, error = read(('{"a": [' + ",".join(["1"] * 1000) + "]}").encode())
    assert error is not None and "more than 1,000 values" in str(error)
    monkeypatch.setattr(documents, "DOCUMENT_SIZE_LIMIT", 200_000)
    small = b'{"kind": "A"}\n'
    found, error = read(small + b'{"a": "' + b"x" * 400_000 + b'"}' + small)
    assert len(found) == 1 and error is not None and "larger than the limit" in str(error)
    assert error.line == 2


def test_json_documents_are_given_out_as_they_are_read() -> None:
    pod = POD.encode()
    data = pod * 2000 + b"]"
    stream = _Pieces(data, 1000)
    reader = documents._documents(stream, "stream.json")  # type: ignore[arg-type]
    assert next(reader).data["kind"] == "Pod"
    assert stream.position < 200_000 < len(data)
    with pytest.raises(UnusableInputError, match="invalid character"):
        list(reader)


def test_memory_stays_flat_in_the_number_of_json_documents() -> None:
    def peak(count: int) -> int:
        return peak_reading_memory(POD.encode() * count, "pods.json")

    # Ten times the documents (more than a block of input), the same memory.
    peak(10)
    assert peak(6_000) < peak(2_000) + 20_000


def test_helm_values_stay_yaml_whatever_they_start_with() -> None:
    # Helm reads values files with sigs.k8s.io/yaml: no JSON sniffing.
    document, _ = first_document('{"a": yes} # a comment\n', "values.yaml")
    assert document is not None and document.data == {"a": True}


CUT = '{"a": [1.5e3, -2, 0.25, true, null, "\\u00e9\u00e9"], "b": {"c": 1E-2}}  '


@pytest.mark.parametrize("cut", range(1, len(CUT.encode())))
def test_a_value_cut_anywhere_by_the_input_reads_whole(
    cut: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read in blocks of 4,096 bytes, the reader holds 4,096 bytes (sniffed), then twice
    # that: a first value of the right length puts the end of what is read `cut` bytes
    # into CUT.
    monkeypatch.setattr(documents, "_JSON_BLOCK", 4096)
    padding = '{"pad": "' + "x" * (2 * 4096 - cut - len('{"pad": ""}')) + '"}'
    found, error = read((padding + CUT).encode())
    assert error is None
    as_kubectl = {"a": [1500, -2, 0.25, True, None, "\u00e9\u00e9"], "b": {"c": 0.01}}
    assert exactly([document.data for document in found[1:]]) == exactly([as_kubectl])


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    # Whole floats are sent as integers (see the table): these stay floats.
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda number: number % 1 != 0)
    | st.text(st.characters(codec="utf-8"), max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=5), min_size=1, max_size=4),
    st.sampled_from([None, 2, "\n"]),
    st.integers(1, 9),
)
def test_any_json_stream_reads_as_json_does(values: list[Any], indent: Any, chunk: int) -> None:
    # Written in any layout and arriving in pieces of any size (values and UTF-8
    # characters cut anywhere), each value reads back as Python's json reads it, on
    # the line it starts.
    texts = [
        json.dumps(value, indent=indent if indent != "\n" else None, ensure_ascii=False)
        for value in values
    ]
    separator = "\n" if indent != "\n" else ""
    stream = separator.join(texts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents, "_JSON_BLOCK", chunk)  # values cut anywhere: read again
        found, error = read(stream.encode(), chunk)
    assert error is None
    assert exactly([document.data for document in found]) == exactly(values)
    starts = [1]
    for text in texts[:-1]:
        starts.append(starts[-1] + text.count("\n") + separator.count("\n"))
    assert [document.line("") for document in found] == starts

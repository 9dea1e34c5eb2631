"""Reading YAML as kubectl does, and staying bounded on hostile documents."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects._core import documents
from kubespawner.objects._core.documents import UnusableInputError, load_documents

# kubectl's reading of each scalar and key, recorded from kubectl itself (the file names how).
TABLE = json.loads((Path(__file__).parent / "data" / "kubectl_scalars.json").read_text())
HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe}\n"
KUBECTL = shutil.which("kubectl")


def as_value(scalar: str) -> str:
    return f"{HEAD}data:\n  v: {scalar}\n"


def as_key(scalar: str) -> str:
    written = f"? {scalar}\n  : x" if scalar.startswith("[") else f"{scalar}: x"
    return f"{HEAD}data:\n  {written}\n"


def exactly(value: Any) -> str:
    """JSON text that tells 1 from 1.0 from true."""
    return json.dumps(value, sort_keys=True)


def read_one(text: str) -> Any:
    [document] = load_documents(text, "probe.yaml")
    return document.data


@pytest.mark.parametrize("row", TABLE["scalars"], ids=lambda row: row["yaml"])
def test_scalars_mean_what_they_mean_to_kubectl(row: dict[str, str]) -> None:
    if "error" in row:
        with pytest.raises(UnusableInputError) as raised:
            read_one(as_value(row["yaml"]))
        assert raised.value.line == 5
    else:
        assert exactly(read_one(as_value(row["yaml"]))["data"]["v"]) == exactly(
            json.loads(row["json"])
        )


@pytest.mark.parametrize("row", TABLE["keys"], ids=lambda row: row["yaml"])
def test_map_keys_become_the_strings_kubectl_sends(row: dict[str, str]) -> None:
    if "error" in row:
        with pytest.raises(UnusableInputError):
            read_one(as_key(row["yaml"]))
    else:
        assert list(read_one(as_key(row["yaml"]))["data"]) == [json.loads(row["json"])]


@pytest.mark.parametrize("tagged", ["!!int hunter2-s3cr3t", "!!float s3cr3t", "!!bool 'x s3cr3t'"])
def test_a_value_its_tag_cannot_decode_is_not_repeated(tagged: str) -> None:
    # It may be a Secret's: the reader does not know yet. The line and the tags say which.
    text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
    with pytest.raises(UnusableInputError) as raised:
        read_one(text + f"  password: {tagged}\n")
    assert raised.value.line == 5
    assert "s3cr3t" not in str(raised.value)
    assert str(raised.value).startswith("cannot decode the !!str on this line as a !!")


def kubectl_reads(path: Path) -> subprocess.CompletedProcess[str]:
    command = [str(KUBECTL), "annotate", "--local", "-o", "json", "-f", str(path), "probe=1"]
    environment = {"KUBECONFIG": os.devnull, "PATH": os.environ.get("PATH", "")}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")
def test_kubectl_today_reads_every_scalar_as_this_reader(tmp_path: Path) -> None:
    # The recorded table may age: the kubectl at hand and this reader must agree on it.
    readable = [row["yaml"] for row in TABLE["scalars"] if "error" not in row]
    text = HEAD + "data:\n" + "".join(f"  v{n}: {s}\n" for n, s in enumerate(readable))
    path = tmp_path / "scalars.yaml"
    path.write_text(text)
    result = kubectl_reads(path)
    assert result.returncode == 0, result.stderr
    assert exactly(json.loads(result.stdout)["data"]) == exactly(read_one(text)["data"])
    for row in TABLE["scalars"] + TABLE["keys"]:
        if "error" in row:
            written = as_key(row["yaml"]) if row in TABLE["keys"] else as_value(row["yaml"])
            path.write_text(written)
            assert kubectl_reads(path).returncode != 0, row
            with pytest.raises(UnusableInputError):
                read_one(written)


def test_aliases_share_their_anchor_and_merge_keys_follow_go_yaml() -> None:
    data = read_one(
        "base: &base {a: 1, c: 3}\n"
        "list: &list [x]\n"
        "copies: [*list, *list]\n"
        "merged: {a: 2, <<: *base}\n"  # go-yaml v2: the merge replaces keys set before it
        "first: {<<: [*base, {a: 9, z: 1}], c: 4}\n"  # earlier maps win, written keys last
    )
    assert data["copies"][0] is data["list"] is data["copies"][1]
    assert data["merged"] == {"a": 1, "c": 3}
    assert data["first"] == {"a": 1, "c": 4, "z": 1}


def billion_laughs(levels: int, width: int) -> str:
    lines = ["a0: &a0 [lol]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_fan_out_is_refused_by_go_yaml_rule() -> None:
    # 9 levels of 9 aliases: 387 million values once expanded, in 400 bytes.
    with pytest.raises(UnusableInputError, match="document contains excessive aliasing") as raised:
        load_documents(billion_laughs(9, 9), "laughs.yaml")
    assert raised.value.source == "laughs.yaml"
    assert raised.value.line is not None


def test_values_are_counted_as_go_yaml_decodes_them() -> None:
    # The mapping, key a, the list and its 2 items, key b, the alias and again the 3 under it.
    assert load_documents("a: &a [1, 2]\nb: *a\n", "count.yaml")[0].values == 10


def test_aliases_within_go_yaml_budget_are_read() -> None:
    # 3 levels of 9: 819 values decoded from 21 written, under go-yaml's 1000-value floor.
    data = read_one(billion_laughs(3, 9))
    assert len(data["a2"]) == 9 and data["a2"][0] is data["a1"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: &a {f: *a}\n", "anchor 'a' value contains itself", 1),
        ("a: &a [1, [2, *a]]\n", "anchor 'a' value contains itself", 1),
        ("a: 1\nb: *nowhere\n", "unknown anchor 'nowhere' referenced", 2),
        ("a: {<<: 1}\n", "map merge requires map or sequence of maps", 1),
    ],
)
def test_alias_cycles_and_unknown_anchors_are_unusable(text: str, message: str, line: int) -> None:
    with pytest.raises(UnusableInputError, match=message) as raised:
        load_documents(text, "cycle.yaml")
    assert raised.value.line == line


@pytest.mark.parametrize("style", ["block", "flow"])
def test_nesting_beyond_the_depth_limit_is_unusable(style: str) -> None:
    depth = documents.DEPTH_LIMIT + 1
    if style == "block":
        text = "".join(f"{'  ' * level}k:\n" for level in range(depth)) + "  " * depth + "v\n"
    else:
        text = "[" * depth + "]" * depth + "\n"
    with pytest.raises(UnusableInputError, match="nested more than"):
        load_documents(text, "deep.yaml")
    # One level less is read, and nothing in it recurses.
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    assert load_documents(inner, "deep.yaml")[0].line("[0][0]") == 1


def test_nesting_past_libyaml_limit_is_unusable_not_a_crash() -> None:
    with pytest.raises(UnusableInputError):
        load_documents("[" * 100_000, "deep.yaml")


def test_duplicate_keys_are_recorded_with_both_lines_and_the_last_kept() -> None:
    [document] = load_documents(
        "spec:\n"
        "  containers:\n"
        "  - name: a\n"
        "    securityContext: {privileged: true,\n"
        "      privileged: false}\n"
        "spec2: {1: a, '1': b}\n",
        "dup.yaml",
    )
    assert document.data["spec"]["containers"][0]["securityContext"] == {"privileged": False}
    assert [(d.path, d.first_line, d.line) for d in document.duplicates] == [
        ("spec.containers[0].securityContext.privileged", 4, 5),
        ("spec2.1", 6, 6),
    ]


def test_huge_numbers_and_impossible_dates_are_strings_not_errors() -> None:
    # PyYAML raised ValueError on both; kubectl sends them as strings.
    data = read_one(f"a: 2024-02-30\nb: {'9' * 5000}\nc: 1e999999\n")
    assert data == {"a": "2024-02-30", "b": "9" * 5000, "c": "1e999999"}


def test_a_document_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "DOCUMENT_SIZE_LIMIT", 100_000)
    small = "a: " + "x" * 50_000 + "\n"
    # Documents of the stream are measured one by one: many small ones pass.
    assert len(load_documents("---\n".join([small] * 6), "many.yaml")) == 6
    with pytest.raises(UnusableInputError, match="document 1 is larger than the limit") as raised:
        load_documents(small + "---\nb: " + "x" * 300_000 + "\n", "big.yaml")
    assert raised.value.line == 2  # where it starts


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a: \xff\xfe\n", "not UTF-8 or UTF-16 text"),
        (b"a: b\x00\n", "control characters are not allowed"),
        (b"\x00" * 100_000, "control characters are not allowed"),
    ],
)
def test_bytes_that_are_not_text_are_unusable(data: bytes, message: str) -> None:
    with pytest.raises(UnusableInputError, match=message):
        list(documents._documents(io.BytesIO(data), "bytes.yaml"))


class _Stream(io.RawIOBase):
    """Bytes that arrive in pieces; fails if read past ``fail_after`` bytes."""

    def __init__(self, data: bytes, fail_after: int) -> None:
        self.data = data
        self.position = 0
        self.fail_after = fail_after

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.position >= self.fail_after:
            raise OSError(5, "Input/output error")
        chunk = self.data[self.position : self.position + min(size, 1000)]
        self.position += len(chunk)
        return chunk


def test_documents_are_given_out_as_they_are_read() -> None:
    first = "kind: A\n" + "".join(f"k{n}: v\n" for n in range(200)) + "---\n"
    stream = _Stream((first * 40).encode(), fail_after=len(first) * 3)
    reader = documents._documents(stream, "stream.yaml")  # type: ignore[arg-type]
    assert next(reader).data["kind"] == "A"
    assert stream.position < len(first) * 3
    with pytest.raises(UnusableInputError, match="cannot read the file: Input/output error"):
        list(reader)


@pytest.mark.parametrize("padding", [0, 1, 2, 3])
def test_a_byte_order_mark_that_starts_a_later_document_is_skipped(padding: int) -> None:
    # kubectl splits a stream at "---" lines (apimachinery's YAMLReader) and go-yaml skips
    # a mark at the start of each document it is given, as in files joined by `cat`.
    # The padding puts the mark across the stream's 1000-byte reads, one byte at a time.
    first = "a: " + "x" * (1000 - len("a: \n---\n") - padding) + "\n---\n"
    data = first.encode() + b"\xef\xbb\xbfkind: B\nname: bee\n--- # next\n\xef\xbb\xbfkind: C\n"
    stream = _Stream(data, fail_after=len(data) + 1)
    found = list(documents._documents(stream, "joined.yaml"))  # type: ignore[arg-type]
    assert [document.data.get("kind") for document in found] == [None, "B", "C"]
    assert found[1].data == {"kind": "B", "name": "bee"} and found[1].line("name") == 4


def peak_reading_memory(
    data: bytes, name: str, check: Callable[[Any], object] = lambda data: None
) -> int:
    """The peak memory (bytes) of reading ``data`` document by document, each given to
    ``check`` as it comes."""
    tracemalloc.start()
    for document in documents._documents(io.BytesIO(data), name):
        check(document.data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_stays_flat_in_the_number_of_documents() -> None:
    pod = "kind: Pod\nmetadata: {name: a, labels: {x: y}}\nspec:\n  containers: [{name: c}]\n"

    def peak(count: int) -> int:
        return peak_reading_memory(("---\n".join([pod] * count)).encode(), "pods.yaml")

    # Ten times the documents, (almost) the same memory (all of them kept: some 3.5 KB each).
    peak(10)
    assert peak(2_000) < peak(200) + 20_000


def test_line_numbers_of_later_documents_count_from_the_start_of_the_stream() -> None:
    text = "kind: A\n---\nkind: B\nspec:\n  x: [1,\n    2]\n"
    second = load_documents(text, "two.yaml")[1]
    assert second.line("kind") == 3
    assert second.line("spec.x[1]") == 6


def test_checking_documents_one_after_another_keeps_memory_flat() -> None:
    from kubespawner.objects import validate

    # Irregular documents take validate()'s slow path, which once kept every frame alive.
    pod = "kind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, args: [[1], [2]]}]\n"

    def check(data: Any) -> None:
        assert validate(data)

    def peak(count: int) -> int:
        return peak_reading_memory(("---\n".join([pod] * count)).encode(), "pods.yaml", check)

    # First uses fill caches, import modules and let the interpreter specialise hot code
    # (a one-time allocation of a few KB, after the first few dozen documents).
    peak(200)
    assert peak(1_000) < peak(100) + 20_000


def test_a_document_of_too_many_values_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "VALUES_LIMIT", 1_000)
    assert len(read_one("a: [" + "1, " * 990 + "1]\n")["a"]) == 991
    with pytest.raises(UnusableInputError, match="more than 1,000 values") as raised:
        load_documents("a: [" + "1, " * 999 + "1]\n", "many.yaml")
    assert raised.value.line == 1
    # An alias counts as all the values under its anchor, as go-yaml counts them.
    with pytest.raises(UnusableInputError, match="more than 1,000 values"):
        load_documents("a: &a [" + "1, " * 499 + "1]\nb: *a\n", "aliases.yaml")


def test_read_text_is_bounded_and_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "DOCUMENT_SIZE_LIMIT", 1_000)
    (tmp_path / "ok.yaml").write_text("a: ä\n")
    (tmp_path / "big.yaml").write_text("a" * 1_001)
    (tmp_path / "latin1.yaml").write_bytes(b"a: \xe4\n")
    assert documents.read_text(str(tmp_path / "ok.yaml")) == "a: ä\n"
    with pytest.raises(UnusableInputError, match="larger than the limit of 1,000 bytes"):
        documents.read_text(str(tmp_path / "big.yaml"))
    with pytest.raises(UnusableInputError, match="not UTF-8 text: invalid continuation byte"):
        documents.read_text(str(tmp_path / "latin1.yaml"))


def test_pyyaml_without_libyaml_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    texts = [as_value(row["yaml"]) for row in TABLE["scalars"]]
    texts += [billion_laughs(9, 9), billion_laughs(3, 9), "a: &a {f: *a}\n", "a: b\x00\n"]
    texts += ["[" * 300 + "]" * 300, "a: 1\na: 2\n", "x: &x {a: 1}\ny: {<<: *x, b: 2}\n"]

    def read(text: str) -> Any:
        try:
            return [(d.data, d.duplicates, d.line("y.b")) for d in load_documents(text, "t")]
        except UnusableInputError as error:  # the parsers word YAML syntax errors apart
            return str(error).split(":")[0], error.line

    with_libyaml = [read(text) for text in texts]
    monkeypatch.setattr(documents, "_Parser", yaml.SafeLoader)
    assert [read(text) for text in texts] == with_libyaml

"""to_yaml gives YAML that PyYAML and kubectl both read back as the same manifest.

PyYAML's safe loader reads YAML 1.1; kubectl reads through go-yaml v2, which
differs (``y``/``n`` are booleans, ``1e3`` and ``08`` numbers, keys resolved
too). Where kubectl is installed, the tests decode the output with it
(``kubectl annotate --local -o json``: no cluster needed) and compare.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubespawner.objects import InvalidObjectError, InvalidTypeError, make_pod_manifest, to_yaml
from kubespawner.objects._core.manifest import dump_yaml

from .workloads import BASE_POD

# Strings that YAML 1.1 (PyYAML) or go-yaml v2 (kubectl) read as something else when bare,
# or that plain scalars cannot carry: each must come back as the same string.
SPECIALS = [
    *("0812345", "08", "1e3", "12e10", "1E3", "0o17", "0x1F", "0b101", "+.5", ".5", "1."),
    *("0777", "1_000", "1:20", "190:20:30.15", "-1", "+1", "-.inf", ".NaN", "1.10"),
    *("y", "Y", "n", "N", "yes", "No", "on", "OFF", "true", "False", "~", "null", "NULL"),
    *("2024-01-02", "2024-1-2", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"),
    *("", " ", " leading", "trailing ", "-", "- item", "-foo", ":foo", ": x", "?", "? x"),
    *("#comment", "a #b", "a: b", "a:", "---", "--- x", "...", "<<", "=", "&anchor", "*alias"),
    *("!tag", "|", ">", "'", '"', "%", "@", "`", "[a]", "{a: 1}", "a, b", "it's", 'say "hi"'),
    *("\t", "a\tb", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\xa0", "\u2028", "\u2029"),
    *("\ufeff", "\ufffe", "über ☃", "emoji 😀", "\u200b", "a\\b"),
    *("multi\nline\n", "a\nb", "a\n\n", "\nleading break", "\n leading space", " a\nb"),
    *("trailing \nspace", "a\nb ", "\n", "\n\n", "a\r\nb", "a\n\tb", "x" * 300),
]


def kubectl_reads(tmp_path: Path, documents: list[dict[str, Any]]) -> list[Any]:
    """The ``data`` of each ConfigMap in ``documents``, as kubectl decodes our YAML of them."""
    path = tmp_path / "probe.yaml"
    path.write_text("---\n".join(dump_yaml(document) for document in documents), "utf-8")
    command = ["kubectl", "annotate", "--local", "-o", "json", "-f", str(path), "probe=1"]
    environment = {**os.environ, "KUBECONFIG": os.devnull}
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    # One JSON object per document, one after the other.
    decoder, text, position, found = json.JSONDecoder(), result.stdout, 0, []
    while text[position:].strip():
        item, position = decoder.raw_decode(text, text.index("{", position))
        found.append(item.get("data"))
    return found


def config_map(data: Any) -> dict[str, Any]:
    """An object kubectl decodes without checking ``data``'s shape (no cluster, no schema)."""
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "probe"}, "data": data}


def same(found: Any, expected: Any) -> bool:
    """Equal as JSON data: numbers by value, everything else by type.

    kubectl prints a whole float as an integer of its shortest digits (5.0 as 5,
    6.622369243703887e16 as 66223692437038870), so floats compare as floats.
    """
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return type(found) is type(expected) and found == expected
    if isinstance(expected, float):
        return type(found) in (int, float) and float(found) == expected
    if isinstance(expected, int):
        return type(found) is int and found == expected
    if isinstance(expected, dict):
        return (
            isinstance(found, dict)
            and found.keys() == expected.keys()
            and all(same(found[key], item) for key, item in expected.items())
        )
    return (
        isinstance(found, list)
        and len(found) == len(expected)
        and all(same(a, b) for a, b in zip(found, expected, strict=True))
    )


needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")


@pytest.mark.parametrize("text", SPECIALS)
def test_any_annotation_text_survives_yaml(text: str) -> None:
    manifest = make_pod_manifest(**BASE_POD, annotations={"example.org/note": text})
    assert yaml.safe_load(to_yaml(manifest)) == manifest


@pytest.mark.parametrize("text", SPECIALS)
def test_any_key_survives_yaml(text: str) -> None:
    data = {text: "value", "after": [text]}
    assert yaml.safe_load(dump_yaml(data)) == data


@needs_kubectl
def test_kubectl_reads_every_special_as_written(tmp_path: Path) -> None:
    data = {f"value{index}": text for index, text in enumerate(SPECIALS)}
    keys = {text: index for index, text in enumerate(SPECIALS) if "\x00" not in text}
    assert kubectl_reads(tmp_path, [config_map(data), config_map(keys)]) == [data, keys]


def test_student_numbers_and_yes_no_users_are_quoted() -> None:
    # The bug report: kubectl read the username label 0812345 as a number and y / n as booleans.
    text = dump_yaml({"labels": {"hub.jupyter.org/username": "0812345", "n": "y"}})
    assert text == "labels:\n  hub.jupyter.org/username: '0812345'\n  'n': 'y'\n"


def test_plain_text_stays_plain() -> None:
    # Quantities, images, paths and flags are written bare, as before.
    values = ["500m", "1Gi", "quay.io/jupyter/base:2024-12-09", "/home/a b", "--port=8888", "a:b"]
    assert dump_yaml(values) == "".join(f"- {value}\n" for value in values)


def test_yaml_keeps_key_order_and_block_style() -> None:
    text = to_yaml(make_pod_manifest(**BASE_POD, env={"MULTI": "a\nb"}))
    assert text.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n  name: jupyter-alice\n")
    assert "value: |-\n" in text


def test_nesting_and_empty_collections_read_as_written() -> None:
    data = {"a": [[1, [2, {}]], {"b": [], "c": {"d": None}}], "e": {}, "f": [[]], "g": 1.5e300}
    text = dump_yaml(data)
    assert text == (
        "a:\n- - 1\n  - - 2\n    - {}\n- b: []\n  c:\n    d: null\ne: {}\nf:\n- []\ng: 1.5e+300\n"
    )
    assert yaml.safe_load(text) == data


def test_mappings_and_lists_that_start_a_list_item_share_its_line() -> None:
    data = {"a": [{"b": [{"c": 1, "d": [[{"e": "x", "f": {"g": "y\nz"}}]]}]}]}
    text = dump_yaml(data)
    assert text == (
        "a:\n- b:\n  - c: 1\n    d:\n    - - e: x\n        f:\n          g: |-\n"
        "            y\n            z\n"
    )
    assert yaml.safe_load(text) == data


def test_literal_blocks_keep_their_lines() -> None:
    text = dump_yaml({"script": "set -e\n\necho hi\n", "keep": "a\n\n", "list": ["x\ny"]})
    assert text == ("script: |\n  set -e\n\n  echo hi\nkeep: |+\n  a\n\nlist:\n- |-\n  x\n  y\n")


def test_long_keys_are_explicit_and_read_back() -> None:
    key = "k" * 1100
    data = {key: {"a": 1, "b": [2]}, "short": key, "x" * 1100: "text", "y" * 1100: None}
    text = dump_yaml(data)
    assert text.startswith(f"? {key}\n: a: 1\n  b:\n  - 2\nshort: {key}\n? x")
    assert yaml.safe_load(text) == data
    assert yaml.safe_load(dump_yaml({"spec": [data]})) == {"spec": [data]}


def test_other_mappings_and_tuples_are_written_as_plain_data() -> None:
    data = OrderedDict([("b", (1, 2)), ("a", OrderedDict())])
    assert dump_yaml(data) == "b:\n- 1\n- 2\na: {}\n"


def test_values_that_are_not_json_data_are_refused_with_their_path() -> None:
    with pytest.raises(InvalidTypeError, match=r"spec\.items\[1\]: Wrong type: must be JSON data"):
        dump_yaml({"spec": {"items": ["ok", b"bytes"]}})
    with pytest.raises(InvalidTypeError, match=r"mapping keys must be strings, not tuple"):
        dump_yaml({(1, 2): "x"})
    # The first refused item is named, also when the same value comes again after it.
    refused = {1, 2}
    with pytest.raises(InvalidTypeError, match=r"spec\.items\[2\]: Wrong type"):
        dump_yaml({"spec": {"items": ["ok", "ok", refused, [refused], refused]}})


def test_data_that_contains_itself_is_refused_not_a_recursion_error() -> None:
    loop: dict[str, Any] = {"name": "x"}
    loop["self"] = [loop]
    with pytest.raises(InvalidObjectError, match="nested more than 100 levels deep"):
        dump_yaml(loop)


def test_integers_too_long_to_write_are_refused() -> None:
    with pytest.raises(InvalidObjectError, match=r"count: Invalid value: integer too long"):
        dump_yaml({"count": 10**5000})
    with pytest.raises(InvalidObjectError, match=r"a\[0\]\.n: Invalid value: integer too long"):
        dump_yaml({"a": [{"m": 1, "n": 10**5000}]})
    with pytest.raises(InvalidObjectError, match=r"\[1\]\[1\]: Invalid value: integer too long"):
        dump_yaml([[1], [2, 10**5000]])


# Property tests: any manifest-like data, including the strings above, reads back the same.
_characters = st.characters(exclude_categories=("Cs",))  # no lone surrogates: not UTF-8
_texts = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(_characters, max_size=12),
    st.text("0123456789+-._:eExXoObB ynYN~#\n\t'\"", max_size=8),
    st.builds(lambda a, b: a + b, st.sampled_from(SPECIALS), st.text(_characters, max_size=4)),
    # Long strings, cheaply: a short text repeated (and keys over the implicit-key limit).
    st.builds(lambda t, n: t * n, st.text(_characters, min_size=1, max_size=4), st.just(300)),
)
_scalars = st.one_of(
    _texts,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_texts, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(_texts, _data, max_size=6))
def test_any_manifest_loads_back_equal_with_pyyaml(data: dict[str, Any]) -> None:
    assert yaml.safe_load(dump_yaml(data)) == data


@needs_kubectl
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(st.dictionaries(_texts, _data, max_size=6), min_size=12, max_size=12))
def test_any_manifest_reads_the_same_in_kubectl(tmp_path_factory: Any, batch: list[Any]) -> None:
    # One kubectl call per batch of documents: each call costs about 0.2 s.
    tmp_path = tmp_path_factory.mktemp("kubectl")
    found = kubectl_reads(tmp_path, [config_map(data) for data in batch])
    mismatches = [
        (data, got) for data, got in zip(batch, found, strict=True) if not same(got or {}, data)
    ]
    assert not mismatches


def test_a_refused_value_in_another_mapping_is_named_by_its_path() -> None:
    data = {"spec": OrderedDict([("items", ("ok", {1, 2}))])}
    with pytest.raises(InvalidTypeError, match=r"spec\.items\[1\]: Wrong type"):
        dump_yaml(data)


# Text the GitHub Actions runner would run from a log line (actions/runner,
# src/Runner.Common/ActionCommand.cs: TryParseV2 after TrimStart(), TryParse on "##[").
WORKFLOW_TEXTS = ["::error::x", "  ::warning::y", "a\n  ::error::z", "x ##[error]y", "##[group]"]


@pytest.mark.parametrize("text", WORKFLOW_TEXTS)
def test_text_github_would_run_is_quoted_on_one_line_and_reads_back(text: str) -> None:
    written = dump_yaml({"note": text, "list": [text]})
    ran = [line for line in written.splitlines() if line.lstrip().startswith("::") or "##[" in line]
    assert ran == []
    assert yaml.safe_load(written) == {"note": text, "list": [text]}


def test_colons_inside_a_line_stay_plain() -> None:
    # Only a line's leading "::" is a command; "a::b" (an IPv6 address, a C++ name) is not.
    assert dump_yaml(["a::b", "fe80::1"]) == "- a::b\n- fe80::1\n"

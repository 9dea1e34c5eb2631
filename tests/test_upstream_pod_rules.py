"""Kubernetes' own validation tables for Pods, as v1 manifests, through validate().

The rows live in ``tests/data/upstream_pod_rules.yaml``; each names the table
test of ``pkg/apis/core/validation/validation_test.go`` and the row it comes
from. A refused row must be refused with its field path and reason; an
accepted row must pass both validate() and the official schema.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import validate

from .conftest import assert_schema_valid, patched

DATA = yaml.safe_load((Path(__file__).parent / "data" / "upstream_pod_rules.yaml").read_text())
BASE: dict[str, Any] = DATA["base"]
ROWS: list[dict[str, Any]] = DATA["rows"]


def manifest_of(row: dict[str, Any]) -> dict[str, Any]:
    """The pod of ``row``: the base with the row's metadata, spec and containers."""
    pod: dict[str, Any] = copy.deepcopy(BASE)
    base_container = BASE["spec"]["containers"][0]
    pod["metadata"] = patched(pod["metadata"], row.get("metadata", {}))
    pod["spec"] = patched(pod["spec"], row.get("spec", {}))
    if "container" in row:
        pod["spec"]["containers"][0] = patched(base_container, row["container"])
    if "containers" in row:
        pod["spec"]["containers"] = [patched(base_container, item) for item in row["containers"]]
    if "init" in row:
        pod["spec"]["initContainers"] = [patched(base_container, item) for item in row["init"]]
    return pod


def expected(row: dict[str, Any]) -> list[tuple[str, str]]:
    if "problems" in row:
        return [(path, reason) for path, reason in row["problems"]]
    if "path" in row:
        return [(row["path"], row["reason"])]
    return []


REFUSED = [row for row in ROWS if expected(row)]
ACCEPTED = [row for row in ROWS if not expected(row)]


@pytest.mark.parametrize("row", REFUSED, ids=[row["upstream"] for row in REFUSED])
def test_upstream_row_is_refused_at_its_path(row: dict[str, Any]) -> None:
    found = [(problem.path, problem.reason) for problem in validate(manifest_of(row))]
    for problem in expected(row):
        assert problem in found, found


@pytest.mark.parametrize("row", ACCEPTED, ids=[row["upstream"] for row in ACCEPTED])
def test_upstream_row_is_accepted(row: dict[str, Any]) -> None:
    manifest = manifest_of(row)
    assert validate(manifest) == []
    assert_schema_valid(manifest, row.get("since", ""))


def test_rows_name_their_source_once() -> None:
    """Every row names a table test and a row, and no row is converted twice."""
    names = Counter(row["upstream"] for row in ROWS)
    assert all(name.startswith("Test") and " / " in name for name in names)
    assert [name for name, count in names.items() if count > 1] == []

"""validate() against the rows of Kubernetes' own validation tables for the companion kinds.

The rows live in ``tests/data/upstream_companion_rows.yaml``, each naming the upstream test and
case it was converted from; the few whose values are too long for that file are below. A row
the API server refuses must give each expected problem (field path and reason); a row it
accepts must give none, and must pass the official schema too.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import validate

from .conftest import assert_schema_valid, patched

DATA = yaml.safe_load((Path(__file__).parent / "data" / "upstream_companion_rows.yaml").read_text())
BASES: dict[str, dict[str, Any]] = DATA["bases"]


def addresses(count: int) -> list[str]:
    """The addresses of upstream's generateIPAddresses: 10.1.2.0, 10.1.2.1, ..."""
    return [f"10.1.2.{index % 255}" for index in range(count)]


def ports(count: int) -> list[dict[str, Any]]:
    """The ports of upstream's generatePorts: http-0, http-1, ..."""
    return [{"name": f"http-{index}", "protocol": "TCP"} for index in range(count)]


def endpoints(count: int) -> list[dict[str, Any]]:
    """The endpoints of upstream's generateEndpoints: one address each."""
    return [{"addresses": [address]} for address in addresses(count)]


def topology(count: int) -> dict[str, str]:
    """The labels of upstream's generateTopology: topology-0: example, ..."""
    return {f"topology-{index}": "example" for index in range(count)}


# Rows whose values are too long for the YAML file (upstream's generate* helpers and sizes).
SLICE = "TestValidateEndpointSlice"
GENERATED: list[dict[str, Any]] = [
    {
        "upstream": "TestValidateSecret/over max size",
        "patch": {"data": {"over": base64.b64encode(bytes(1024 * 1024 + 1)).decode()}},
        "expect": [["data", "Too long"]],
    },
    {
        "upstream": f"{SLICE}/max-endpoints",
        "patch": {"ports": ports(1), "endpoints": endpoints(1000)},
    },
    # Upstream leaves endpoints out; the 1.30 schema needs the field, so it is empty here.
    {"upstream": f"{SLICE}/max-ports", "patch": {"ports": ports(20000), "endpoints": []}},
    {
        "upstream": f"{SLICE}/max-addresses",
        "patch": {"endpoints": [{"addresses": addresses(100)}]},
    },
    {
        "upstream": f"{SLICE}/max-topology-keys",
        "patch": {"endpoints": [{"addresses": addresses(1), "deprecatedTopology": topology(16)}]},
    },
    {
        "upstream": f"{SLICE}/too-many-ports",
        "patch": {"ports": ports(20001), "endpoints": None},
        "expect": [["ports", "Too many"]],
    },
    {
        "upstream": f"{SLICE}/too-many-endpoints",
        "patch": {"ports": ports(1), "endpoints": endpoints(1001)},
        "expect": [["endpoints", "Too many"]],
    },
    {
        "upstream": f"{SLICE}/too-many-addresses",
        "patch": {"endpoints": [{"addresses": addresses(101)}]},
        "expect": [["endpoints[0].addresses", "Too many"]],
    },
    {
        "upstream": f"{SLICE}/too-many-topology-keys",
        "patch": {"endpoints": [{"addresses": addresses(1), "deprecatedTopology": topology(17)}]},
        "expect": [["endpoints[0].deprecatedTopology", "Too many"]],
    },
]
# TestValidateAnnotations: 256 KiB of annotations in all (keys and values) at most.
ANNOTATIONS_MAX = 256 * 1024
META = "TestValidateObjectMeta"
GENERATED += [
    {
        "upstream": "TestValidateAnnotations/successCases[13]",
        "base": META,
        "patch": {"metadata": {"annotations": {"a": "b" * (ANNOTATIONS_MAX - 1)}}},
    },
    {
        "upstream": "TestValidateAnnotations/successCases[14]",
        "base": META,
        "patch": {
            "metadata": {
                "annotations": {
                    "a": "b" * (ANNOTATIONS_MAX // 2 - 1),
                    "c": "d" * (ANNOTATIONS_MAX // 2 - 1),
                }
            }
        },
    },
    {
        "upstream": "TestValidateAnnotations/nameErrorCases[3]",
        "base": META,
        "patch": {"metadata": {"annotations": {"a" * 254: "bar"}}},
        "expect": [[f"metadata.annotations.{'a' * 254}", "Invalid value"]],
    },
    {
        "upstream": "TestValidateAnnotations/totalSizeErrorCases[0]",
        "base": META,
        "patch": {"metadata": {"annotations": {"a": "b" * ANNOTATIONS_MAX}}},
        "expect": [["metadata.annotations", "Too long"]],
    },
    {
        "upstream": "TestValidateAnnotations/totalSizeErrorCases[1]",
        "base": META,
        "patch": {
            "metadata": {
                "annotations": {
                    "a": "b" * (ANNOTATIONS_MAX // 2),
                    "c": "d" * (ANNOTATIONS_MAX // 2),
                }
            }
        },
        "expect": [["metadata.annotations", "Too long"]],
    },
]
ROWS = [*DATA["rows"], *GENERATED]
REFUSED = [row for row in ROWS if "expect" in row]
ACCEPTED = [row for row in ROWS if "expect" not in row]


def manifest_of(row: dict[str, Any]) -> dict[str, Any]:
    base = row.get("base") or row["upstream"].split("/")[0]
    return patched(BASES[base], row["patch"])  # type: ignore[no-any-return]


def params(rows: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(row, id=row["upstream"]) for row in rows]


@pytest.mark.parametrize("row", params(REFUSED))
def test_upstream_row_refused_with_its_field_path(row: dict[str, Any]) -> None:
    found = [(problem.path, problem.reason) for problem in validate(manifest_of(row))]
    for path, reason in row["expect"]:
        assert (path, reason) in found, found


@pytest.mark.parametrize("row", params(ACCEPTED))
def test_upstream_row_accepted(row: dict[str, Any]) -> None:
    manifest = manifest_of(row)
    assert validate(manifest) == []
    assert_schema_valid(manifest)


def test_every_row_names_its_upstream_case_once() -> None:
    names = [row["upstream"] for row in [*ROWS, *DATA["skipped"]]]
    assert len(names) == len(set(names))
    assert all(name.startswith("TestValidate") and "/" in name for name in names)

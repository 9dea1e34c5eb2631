"""Pod volumes and claims against rows of Kubernetes' own validation tests.

``tests/data/volume_rules.yaml`` holds rows of TestValidateVolumes and
TestValidateCSIVolumeSource (plus cases of our own for rules those tables
miss); ``tests/data/claim_table.yaml`` the scenarios of testValidatePVC, run
both as claims and as the templates of ephemeral volumes;
``tests/data/mount_rules.yaml`` the rows of the mount and device tests. An invalid row must
get each of its problems (path and reason); a valid row must get none and pass
the official schema, unless the row notes why the schema disagrees with the
API server, in which case the schema must indeed refuse it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubespawner.objects import (
    InvalidObjectError,
    check_pod_security,
    make_pod,
    make_pod_manifest,
    validate,
)
from kubespawner.objects._core.fields import FIELDS

from .conftest import SCHEMA_VERSIONS, assert_schema_valid
from .workloads import BASE_POD

DATA = Path(__file__).parent / "data"
VOLUMES = yaml.safe_load((DATA / "volume_rules.yaml").read_text())
CLAIMS = yaml.safe_load((DATA / "claim_table.yaml").read_text())
MOUNTS = yaml.safe_load((DATA / "mount_rules.yaml").read_text())
VOLUME = "spec.volumes[0]"
TEMPLATE = f"{VOLUME}.ephemeral.volumeClaimTemplate"
NFS = {"server": "nfs.example.com", "path": "/home"}
SCALE_IO = {"gateway": "https://gateway", "system": "system", "volumeName": "volume"}


def pod_with(*volumes: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "upstream"},
        "spec": {"containers": [{"name": "c", "image": "busybox"}], "volumes": list(volumes)},
    }


def claim_with(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": "foo", "namespace": "ns", **row.get("metadata", {})},
        "spec": copy.deepcopy(row.get("spec", CLAIMS["good_spec"])),
    }


def ephemeral_with(row: dict[str, Any]) -> dict[str, Any]:
    template = {"metadata": row.get("metadata", {}), "spec": row.get("spec", CLAIMS["good_spec"])}
    return pod_with({"name": "foo", "ephemeral": {"volumeClaimTemplate": copy.deepcopy(template)}})


def below(prefix: str, path: str) -> str:
    return ".".join(part for part in (prefix, path) if part)


def assert_gets(manifest: dict[str, Any], prefix: str, expected: list[list[str]]) -> None:
    found = [(problem.path, problem.reason) for problem in validate(manifest)]
    for path, reason in expected:
        assert (below(prefix, path), reason) in found, found


def assert_valid(manifest: dict[str, Any], schema_note: str | None, since: str = "") -> None:
    """``since``: the release whose schema first has a field the manifest uses."""
    assert validate(manifest) == []
    if schema_note is None:
        assert_schema_valid(manifest, since)
        return
    refusals = []
    for version in SCHEMA_VERSIONS:
        try:
            kubernetes_validate.validate(manifest, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            refusals.append(error)
    assert refusals, f"the schema accepts it now; drop the note: {schema_note}"


def rows(table: list[dict[str, Any]], key: str, *, invalid: bool) -> list[Any]:
    return [
        pytest.param(row, id=f"{row[key]} #{index}")
        for index, row in enumerate(table)
        if bool(row.get("problems")) == invalid
    ]


@pytest.mark.parametrize("row", rows(VOLUMES["rows"], "upstream", invalid=True))
def test_upstream_invalid_volume_is_refused(row: dict[str, Any]) -> None:
    assert_gets(pod_with(row["volume"]), VOLUME, row["problems"])


@pytest.mark.parametrize("row", rows(VOLUMES["rows"], "upstream", invalid=False))
def test_upstream_valid_volume_is_accepted(row: dict[str, Any]) -> None:
    assert_valid(pod_with(row["volume"]), row.get("schema_note"))


@pytest.mark.parametrize("row", rows(VOLUMES["rule_cases"], "source", invalid=True))
def test_volume_rule_refuses(row: dict[str, Any]) -> None:
    assert_gets(pod_with(row["volume"]), VOLUME, row["problems"])


@pytest.mark.parametrize("row", rows(VOLUMES["rule_cases"], "source", invalid=False))
def test_volume_rule_accepts(row: dict[str, Any]) -> None:
    assert_valid(pod_with(row["volume"]), row.get("schema_note"), row.get("since", ""))


def pod_with_container(row: dict[str, Any]) -> dict[str, Any]:
    manifest = pod_with(*copy.deepcopy(MOUNTS["volumes"]))
    manifest["spec"]["containers"][0].update(copy.deepcopy(row["container"]))
    return manifest


@pytest.mark.parametrize("row", rows(MOUNTS["rows"], "upstream", invalid=True))
def test_upstream_invalid_mount_is_refused(row: dict[str, Any]) -> None:
    assert_gets(pod_with_container(row), "spec.containers[0]", row["problems"])


@pytest.mark.parametrize("row", rows(MOUNTS["rows"], "upstream", invalid=False))
def test_upstream_valid_mount_is_accepted(row: dict[str, Any]) -> None:
    assert_valid(pod_with_container(row), "image volumes are in the schema from 1.31 on")


CLAIM_ROWS = [pytest.param(row, id=row["upstream"]) for row in CLAIMS["rows"]]


@pytest.mark.parametrize("row", [row for row in CLAIM_ROWS if "claim_skip" not in row.values[0]])
def test_upstream_claim_scenario(row: dict[str, Any]) -> None:
    if row["claim"]:
        assert_gets(claim_with(row), "", row["claim"])
    else:
        assert_valid(claim_with(row), None)


@pytest.mark.parametrize("row", CLAIM_ROWS)
def test_upstream_ephemeral_volume_scenario(row: dict[str, Any]) -> None:
    if row["ephemeral"]:
        assert_gets(ephemeral_with(row), TEMPLATE, row["ephemeral"])
    else:
        assert_valid(ephemeral_with(row), None)


def test_ephemeral_claim_name_must_be_a_valid_name() -> None:
    """The claim of an ephemeral volume is named ``<pod>-<volume>``: it must be a DNS subdomain."""
    manifest = ephemeral_with({})
    manifest["metadata"]["name"] = "p" * 250
    found = [(problem.path, problem.reason) for problem in validate(manifest)]
    assert (f"{VOLUME}.name", "Invalid value") in found


def test_a_claim_created_for_an_ephemeral_volume_cannot_be_mounted_as_a_claim() -> None:
    manifest = ephemeral_with({})
    manifest["spec"]["volumes"].append(
        {"name": "other", "persistentVolumeClaim": {"claimName": "upstream-foo"}}
    )
    found = [(problem.path, problem.reason) for problem in validate(manifest)]
    assert found == [("spec.volumes[1].persistentVolumeClaim.claimName", "Invalid value")]
    # Without the pod's name (generateName only) the claim's name is unknown: no check.
    manifest["metadata"] = {"generateName": "upstream-"}
    manifest["spec"]["volumes"][1]["persistentVolumeClaim"]["claimName"] = "None-foo"
    assert validate(manifest) == []


@pytest.mark.parametrize("volume", [{"name": "scratch"}, {"name": "scratch", "emptyDir": None}])
def test_a_volume_without_source_is_an_empty_dir_for_pod_security(volume: dict[str, Any]) -> None:
    """The API server defaults it to ``emptyDir: {}`` before admission: no restricted type."""
    manifest = make_pod_manifest(**BASE_POD)
    manifest["spec"]["volumes"] = [volume]
    checks = {violation.check for violation in check_pod_security(manifest, "restricted")}
    assert "restrictedVolumes" not in checks
    hostile = {**manifest, "spec": {**manifest["spec"], "volumes": [{"name": "n", "nfs": NFS}]}}
    assert "restrictedVolumes" in {v.check for v in check_pod_security(hostile, "restricted")}


def test_make_pod_accepts_a_volume_without_source() -> None:
    manifest = make_pod_manifest(**BASE_POD, volumes=[{"name": "scratch"}])
    assert manifest["spec"]["volumes"] == [{"name": "scratch"}]


def test_a_data_source_namespace_is_dropped_as_the_api_server_does() -> None:
    """``dataSourceRef.namespace`` is alpha (CrossNamespaceVolumeDataSource): with the gate off
    the API server drops it before validating, so neither its value nor its presence beside
    a matching ``dataSource`` is an error."""
    claim = claim_with({})
    source = {"kind": "PersistentVolumeClaim", "name": "source"}
    claim["spec"]["dataSource"] = source
    claim["spec"]["dataSourceRef"] = {**source, "namespace": "Not_A_Namespace"}
    assert validate(claim) == []
    claim["spec"]["dataSourceRef"]["name"] = "another"
    found = [(problem.path, problem.reason) for problem in validate(claim)]
    assert found == [("spec.dataSource", "Invalid value")]


def test_recursive_read_only_if_possible_also_needs_no_propagation() -> None:
    """validateMountRecursiveReadOnly: IfPossible, like Enabled, allows only None propagation."""
    mount = {
        "name": "foo",
        "mountPath": "/foo",
        "readOnly": True,
        "recursiveReadOnly": "IfPossible",
        "mountPropagation": "HostToContainer",
    }
    manifest = pod_with_container({"container": {"volumeMounts": [mount]}})
    found = [(problem.path, problem.reason) for problem in validate(manifest)]
    assert found == [("spec.containers[0].volumeMounts[0].recursiveReadOnly", "Forbidden")]


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        (
            {"volumes": [{"name": "sio", "scaleIO": SCALE_IO}]},
            "spec.volumes[0].scaleIO.secretRef",
        ),
        (
            {"lifecycle_hooks": {"preStop": {"sleep": {}}}},
            "spec.containers[0].lifecycle.preStop.sleep.seconds",
        ),
        (
            {"extra_pod_config": {"securityContext": {"sysctls": [{"name": "kernel.sem"}]}}},
            "spec.securityContext.sysctls[0].value",
        ),
    ],
)  # fmt: skip
def test_fields_only_the_client_models_need(arguments: dict[str, Any], path: str) -> None:
    """The API server accepts these without the field; the client's models cannot hold them."""
    manifest = make_pod_manifest(**BASE_POD, **arguments)
    assert validate(manifest) == []
    with pytest.raises(InvalidObjectError) as raised:
        make_pod(**BASE_POD, **arguments)
    assert [(problem.path, problem.reason) for problem in raised.value.problems] == [
        (path, "Required value")
    ]


# Values that hit the rules' edges: empty, relative and absolute paths, backsteps, quantities,
# field paths, host:port pairs; and data of every other type.
EDGE_TEXT = st.sampled_from(
    [
        "",
        "a",
        "..a",
        "../a",
        "/abs",
        "a/../b",
        "1m",
        "1Ki",
        "1e3",
        "-1",
        "x",
        "host:1",
        "metadata.labels['k']",
        "limits.cpu",
        "requests.hugepages-2Mi",
        "cpu",
        "Managed",
        "iqn.2015-02.example.com:t",
        "v1",
    ]
)
SCALARS = EDGE_TEXT | st.integers(-(2**33), 2**33) | st.booleans() | st.none()
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(EDGE_TEXT, inner, max_size=2),
)


def shaped(type_name: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """Data shaped like ``type_name`` of the field table, with junk anywhere."""
    if depth > 3:
        return JUNK
    if type_name.startswith("["):
        return st.lists(shaped(type_name[1:-1], depth + 1), max_size=2) | JUNK
    if type_name.startswith("{"):
        return st.dictionaries(EDGE_TEXT, shaped(type_name[1:-1], depth + 1), max_size=2)
    if type_name in FIELDS:
        fields = FIELDS[type_name]
        return (
            st.fixed_dictionaries(
                {},
                optional={name: shaped(kind, depth + 1) for name, (_, kind) in fields.items()},
            )
            | JUNK
        )
    return SCALARS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(sorted(set(FIELDS["V1Volume"]) - {"name"})), data=st.data())
def test_any_volume_source_data_gives_problems_never_an_exception(source: str, data: Any) -> None:
    content = data.draw(shaped(FIELDS["V1Volume"][source][1]))
    manifest = pod_with({"name": "v", source: content})
    problems = validate(manifest)
    assert all(problem.path.startswith("spec.") for problem in problems)
    if not problems:  # a valid pod is also one Pod Security can check
        check_pod_security(manifest, "restricted")

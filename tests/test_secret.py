"""make_secret: the server's TLS files in a Secret, never leaked in an error."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    make_owner_reference_manifest,
    make_secret,
    make_secret_manifest,
    to_manifest,
)

from .conftest import assert_schema_valid

KEY = b"-----BEGIN PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL\n-----END PRIVATE KEY-----\n"
CERT = b"-----BEGIN CERTIFICATE-----\nSERVER\n-----END CERTIFICATE-----\n"
# Without a final line break: the hub's CA must still start on a line of its own.
CA = b"-----BEGIN CERTIFICATE-----\nNOTEBOOK-CA\n-----END CERTIFICATE-----"
HUB_CA = b"-----BEGIN CERTIFICATE-----\nHUB-CA\n-----END CERTIFICATE-----\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, content in (("keyfile", KEY), ("certfile", CERT), ("cafile", CA), ("hub", HUB_CA)):
        paths[name] = tmp_path / f"{name}.pem"
        paths[name].write_bytes(content)
    return paths


def cert_paths(files: dict[str, Path]) -> dict[str, Any]:
    return {
        "keyfile": str(files["keyfile"]),
        "certfile": files["certfile"],
        "cafile": files["cafile"],
    }


def decoded(manifest: dict[str, Any]) -> dict[str, bytes]:
    return {key: base64.b64decode(value) for key, value in manifest["data"].items()}


def test_secret_holds_the_three_files_base64(files: dict[str, Path]) -> None:
    owner = make_owner_reference_manifest("jupyter-alice", "uid-1")
    manifest = make_secret_manifest(
        "jupyter-alice-tls",
        "alice",
        cert_paths(files),
        files["hub"],
        [owner],
        {"a": "b"},
        {"c": "d"},
    )
    assert manifest["metadata"] == {
        "name": "jupyter-alice-tls",
        "labels": {"a": "b"},
        "annotations": {"c": "d"},
        "ownerReferences": [owner],
    }
    assert manifest["type"] == "Opaque"
    assert decoded(manifest) == {
        "ssl.key": KEY,
        "ssl.crt": CERT,
        "notebooks-ca_trust.crt": CA + b"\n" + HUB_CA,
    }
    assert_schema_valid(manifest)


def test_trust_bundle_is_not_given_an_extra_line_break(files: dict[str, Path]) -> None:
    files["cafile"].write_bytes(CA + b"\n")
    manifest = make_secret_manifest("tls", "alice", cert_paths(files), str(files["hub"]), None)
    assert decoded(manifest)["notebooks-ca_trust.crt"] == CA + b"\n" + HUB_CA


def test_make_secret_returns_a_model(files: dict[str, Path]) -> None:
    secret = make_secret("tls", "alice", cert_paths(files), files["hub"], None)
    assert type(secret).__name__ == "V1Secret" and secret.kind == "Secret"
    assert base64.b64decode(secret.data["ssl.crt"]) == CERT
    assert to_manifest(secret) == make_secret_manifest(
        "tls", "alice", cert_paths(files), files["hub"], None
    )


def test_a_missing_file_is_named_without_showing_any_secret(files: dict[str, Path]) -> None:
    paths = cert_paths(files)
    paths["certfile"] = str(files["certfile"]) + ".missing"
    with pytest.raises(InvalidObjectError) as caught:
        make_secret_manifest("tls", "alice", paths, files["hub"], None)
    [problem] = caught.value.problems
    assert (problem.path, problem.reason, problem.parameter) == (
        "data[ssl.crt]",
        "Not found",
        "cert_paths['certfile']",
    )
    message = str(caught.value)
    assert paths["certfile"] in message and "Secret 'tls' of user 'alice'" in message
    assert b"TOP-SECRET" not in message.encode() and "HUB-CA" not in message


def test_an_unreadable_file_and_a_missing_key_are_reported_together(
    files: dict[str, Path], tmp_path: Path
) -> None:
    paths = cert_paths(files)
    del paths["cafile"]
    paths["keyfile"] = tmp_path  # a directory cannot be read as a file
    with pytest.raises(InvalidObjectError) as caught:
        make_secret_manifest("tls", "alice", paths, files["hub"], None)
    assert {(p.path, p.reason, p.parameter) for p in caught.value.problems} == {
        ("data[ssl.key]", "Invalid value", "cert_paths['keyfile']"),
        ("data[notebooks-ca_trust.crt]", "Required value", "cert_paths"),
    }
    assert "keys given: certfile, keyfile" in str(caught.value)


def test_a_missing_hub_ca_names_the_hub_ca_parameter(files: dict[str, Path]) -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_secret_manifest("tls", "alice", cert_paths(files), os.devnull + "x", None)
    [problem] = caught.value.problems
    assert (problem.parameter, problem.value) == ("hub_ca", os.devnull + "x")


def test_wrong_types_are_type_errors(files: dict[str, Path]) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        make_secret_manifest(
            "tls",
            7,
            ["keyfile"],
            None,
            None,  # type: ignore[arg-type]
        )
    assert {p.parameter for p in caught.value.problems} == {"username", "cert_paths", "hub_ca"}


def test_secret_name_and_metadata_are_checked(files: dict[str, Path]) -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_secret_manifest("TLS", "alice", cert_paths(files), files["hub"], None, {"a b": "c"})
    assert {(p.path, p.parameter) for p in caught.value.problems} == {
        ("metadata.name", "name"),
        ("metadata.labels.a b", "labels"),
    }


def test_files_over_the_secret_size_limit_are_refused(files: dict[str, Path]) -> None:
    files["certfile"].write_bytes(b"x" * (1024 * 1024))
    with pytest.raises(InvalidObjectError, match="at most 1048576") as caught:
        make_secret_manifest("tls", "alice", cert_paths(files), files["hub"], None)
    assert caught.value.problems[0].path == "data"


def test_arguments_are_not_changed(files: dict[str, Path]) -> None:
    paths = cert_paths(files)
    before = dict(paths)
    labels = {"a": "b"}
    manifest = make_secret_manifest("tls", "alice", paths, files["hub"], None, labels)
    manifest["metadata"]["labels"]["a"] = "changed"
    assert paths == before and labels == {"a": "b"}

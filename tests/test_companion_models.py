"""The companion objects' client models, on whichever client generation is installed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client

import kubespawner.objects as objects

OWNER = {"apiVersion": "v1", "kind": "Pod", "name": "jupyter-alice", "uid": "u-1"}


@pytest.fixture
def hub_ca(tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    path.write_bytes(b"-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n")
    return path


def cases(hub_ca: Path) -> list[tuple[str, tuple[Any, ...], type]]:
    certs = {"keyfile": hub_ca, "certfile": hub_ca, "cafile": hub_ca}
    return [
        ("make_service", ("jupyter-alice", 8888, {"a": "b"}, [OWNER]), client.V1Service),
        ("make_secret", ("tls", "alice", certs, hub_ca, [OWNER], {"a": "b"}), client.V1Secret),
        ("make_owner_reference", ("jupyter-alice", "u-1"), client.V1OwnerReference),
        ("make_namespace", ("user-alice", {"a": "b"}, {"c": "d"}), client.V1Namespace),
    ]


def test_each_make_function_returns_its_model_serialised_as_its_manifest(hub_ca: Path) -> None:
    for name, arguments, model_class in cases(hub_ca):
        make: Callable[..., Any] = getattr(objects, name)
        build: Callable[..., Any] = getattr(objects, name + "_manifest")
        model = make(*arguments)
        assert isinstance(model, model_class), name
        assert client.ApiClient().sanitize_for_serialization(model) == build(*arguments), name


@pytest.mark.parametrize("target", ["http://10.0.0.5:8888", "http://hub.example.org:8081"])
def test_make_ingress_returns_a_tuple_of_models(target: str) -> None:
    arguments = ("route", "/user/alice/", target, {"a": "b"}, {"x": 1})
    models = objects.make_ingress(*arguments, ingress_class_name="nginx", tls_hosts=["a.org"])
    manifests = objects.make_ingress_manifest(
        *arguments, ingress_class_name="nginx", tls_hosts=["a.org"]
    )
    endpoint_slice, service, ingress = models
    assert isinstance(service, client.V1Service) and isinstance(ingress, client.V1Ingress)
    assert ingress.spec.ingress_class_name == "nginx"
    if manifests[0] is None:
        assert endpoint_slice is None
    else:
        assert isinstance(endpoint_slice, client.V1EndpointSlice)
        assert endpoint_slice.endpoints[0].conditions.ready is True
    serialize = client.ApiClient().sanitize_for_serialization
    assert tuple(None if m is None else serialize(m) for m in models) == manifests


def test_model_functions_document_the_models_they_return() -> None:
    assert "``V1Service``" in (objects.make_service.__doc__ or "")
    ingress_doc = objects.make_ingress.__doc__ or ""
    assert "``V1EndpointSlice``, ``V1Service``, ``V1Ingress``" in ingress_doc
    assert "plain manifest dicts" not in ingress_doc
    assert "plain manifest dicts" in (objects.make_ingress_manifest.__doc__ or "")


def test_importing_the_package_does_not_import_the_client() -> None:
    code = "import sys, kubespawner.objects; print('kubernetes' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

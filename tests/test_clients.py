"""The manifests load, unchanged, into the clients the documentation names.

Spawner and platform authors send ``make_*_manifest`` results through the official
client, lightkube or kr8s, which take a manifest dict: each object must become that client's
object of the right kind, and what the client sends must be the manifest itself.
Both are checked offline; kr8s's synchronous objects connect to a cluster as they
are made, so its asyncio objects (made without awaiting, which connects) stand in.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import kr8s.asyncio.objects
import pytest
from kubernetes.client import ApiClient
from lightkube.codecs import from_dict
from lightkube.resources.core_v1 import PersistentVolumeClaim, Pod

import kubespawner.objects as objects
from tests.workloads import full_pod_arguments, pvc_arguments

UID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def every_object(folder: Path) -> list[dict[str, Any]]:
    """The full pod, its claim and every companion object, each kind at least once."""
    for file in ("server.key", "server.crt", "ca.crt", "hub-ca.crt"):
        (folder / file).write_bytes(f"-- {file} --\n".encode())
    owner = objects.make_owner_reference_manifest("jupyter-alice", UID)
    certificates = {
        "keyfile": folder / "server.key",
        "certfile": folder / "server.crt",
        "cafile": folder / "ca.crt",
    }
    built = [
        objects.make_pod_manifest(**full_pod_arguments()),
        objects.make_pvc_manifest(**pvc_arguments()),
        objects.make_service_manifest("jupyter-alice", 8888, {"app": "jupyterhub"}, [owner]),
        objects.make_secret_manifest(
            "jupyter-alice", "alice", certificates, folder / "hub-ca.crt", [owner]
        ),
        objects.make_namespace_manifest("user-alice", {"app": "jupyterhub"}, {"a": "b"}),
    ]
    routes = [
        # An IP target: EndpointSlice, Service and Ingress with TLS.
        objects.make_ingress_manifest(
            "jupyter-alice",
            "/user/alice/",
            "http://10.0.0.5:8888",
            {"app": "jupyterhub"},
            {"user": "alice"},
            ingress_class_name="nginx",
            tls_hosts=["hub.example.org"],
            tls_secret_name="hub-tls",
        ),
        # A DNS target: an ExternalName Service and a host rule.
        objects.make_ingress_manifest(
            "jupyter-alice",
            "alice.hub.example.org/user/alice/",
            "http://alice.example.org:8888",
            {"app": "jupyterhub"},
            {"user": "alice"},
        ),
        # As KubeIngressProxy calls it: the legacy Endpoints.
        objects.make_ingress_manifest(
            "jupyter-alice",
            "/user/alice/",
            "http://10.0.0.5:8888",
            data={"user": "alice"},
            namespace="jhub",
            common_labels={"app": "jupyterhub"},
            ingress_extra_labels={},
            ingress_extra_annotations={},
            ingress_specifications=[],
        ),
    ]
    built += [manifest for route in routes for manifest in route if manifest is not None]
    return built


KINDS = [
    "Pod",
    "PersistentVolumeClaim",
    "Service",
    "Secret",
    "Namespace",
    "EndpointSlice",
    "Ingress",
    "Endpoints",
]


@pytest.fixture
def manifests(tmp_path: Path) -> list[dict[str, Any]]:
    built = every_object(tmp_path)
    assert {manifest["kind"] for manifest in built} == set(KINDS)
    return built


def test_lightkube_loads_each_manifest_and_gives_it_back_unchanged(
    manifests: list[dict[str, Any]],
) -> None:
    for manifest in manifests:
        resource = from_dict(manifest)
        assert type(resource).__name__ == manifest["kind"]
        assert resource.apiVersion == manifest["apiVersion"]
        # What lightkube's client sends to the API server.
        assert resource.to_dict() == manifest, manifest["kind"]


def test_lightkube_typed_from_dict_as_the_guide_shows(manifests: list[dict[str, Any]]) -> None:
    pod = Pod.from_dict(manifests[0])
    claim = PersistentVolumeClaim.from_dict(manifests[1])
    assert pod.spec is not None and pod.spec.containers[0].name == "notebook"
    assert claim.spec is not None and claim.spec.storageClassName is not None
    assert (pod.to_dict(), claim.to_dict()) == (manifests[0], manifests[1])


def test_kr8s_makes_an_object_of_each_kind_that_sends_the_manifest(
    manifests: list[dict[str, Any]],
) -> None:
    for manifest in manifests:
        given = copy.deepcopy(manifest)
        # EndpointSlice has no kr8s class of its own: allow_unknown_type makes one.
        resource = kr8s.asyncio.objects.object_from_spec(manifest, allow_unknown_type=True)
        assert (resource.kind, resource.version) == (manifest["kind"], manifest["apiVersion"])
        assert resource.namespaced is (manifest["kind"] != "Namespace")
        assert resource.name == manifest["metadata"]["name"]
        # raw_template is the body kr8s POSTs on create().
        assert json.loads(json.dumps(resource.raw_template)) == manifest, manifest["kind"]
        assert manifest == given


def test_kr8s_pod_from_a_manifest_as_the_guide_shows(manifests: list[dict[str, Any]]) -> None:
    pod = kr8s.asyncio.objects.Pod(manifests[0])
    assert pod.endpoint == "pods" and pod.name == "jupyter-alice"
    assert pod.raw.to_dict() == manifests[0]


def test_the_official_client_sends_each_manifest_as_it_is(manifests: list[dict[str, Any]]) -> None:
    # create_namespaced_pod(namespace, body) and the others serialise a dict body this way.
    serialize = ApiClient().sanitize_for_serialization
    for manifest in manifests:
        assert serialize(manifest) == manifest, manifest["kind"]

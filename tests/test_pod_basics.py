from kubespawner.objects import make_pod, make_pod_manifest, to_manifest

from .conftest import assert_schema_valid


def test_minimal_pod_has_the_reference_shape() -> None:
    manifest = make_pod_manifest("jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1")
    assert manifest["metadata"] == {"name": "jupyter-alice", "labels": {}, "annotations": {}}
    container = manifest["spec"]["containers"][0]
    assert container["name"] == "notebook"
    assert container["args"] == ["jupyterhub-singleuser"]
    assert container["ports"] == [{"name": "notebook-port", "containerPort": 8888}]
    assert container["resources"] == {"limits": {}, "requests": {}}
    assert manifest["spec"]["restartPolicy"] == "OnFailure"
    assert manifest["spec"]["automountServiceAccountToken"] is False
    assert_schema_valid(manifest)


def test_make_pod_returns_a_client_model_with_the_same_manifest() -> None:
    pod = make_pod(
        "jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1", cpu_limit=0.5
    )
    assert pod.kind == "Pod" and pod.api_version == "v1"
    assert pod.spec.containers[0].resources.limits == {"cpu": "500m"}
    expected = make_pod_manifest(
        "jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1", cpu_limit=0.5
    )
    assert to_manifest(pod) == expected

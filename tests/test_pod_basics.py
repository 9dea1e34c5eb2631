import pytest

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


def test_every_public_name_resolves_and_is_listed() -> None:
    import kubespawner.objects as objects

    for name in objects.__all__:
        assert getattr(objects, name) is not None
    assert set(objects.__all__) == set(objects._HOMES)
    assert set(objects.__all__) <= set(dir(objects))


def test_an_unknown_name_is_an_attribute_error() -> None:
    import kubespawner.objects as objects

    with pytest.raises(AttributeError, match="make_deployment"):
        objects.make_deployment  # noqa: B018

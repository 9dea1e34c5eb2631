"""The client models make_pod and make_pvc return, on whichever client generation is installed."""

from __future__ import annotations

import pytest
from kubernetes.client import ApiClient, V1EnvVar, V1PersistentVolumeClaim, V1Pod, V1Toleration

from kubespawner.objects import make_pod, make_pod_manifest, make_pvc, to_manifest

from .workloads import BASE_POD, full_pod_arguments, pvc_arguments


def test_make_pod_returns_a_v1pod_with_nested_models() -> None:
    pod = make_pod(**full_pod_arguments())
    assert isinstance(pod, V1Pod)
    assert pod.kind == "Pod" and pod.api_version == "v1"
    container = pod.spec.containers[0]
    assert container.name == "notebook"
    assert isinstance(container.env[0], V1EnvVar)
    assert container.volume_mounts[0].mount_path == "/home/jovyan"
    assert isinstance(pod.spec.tolerations[0], V1Toleration)
    assert pod.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution


def test_make_pvc_returns_a_v1_persistent_volume_claim() -> None:
    claim = make_pvc(**pvc_arguments())
    assert isinstance(claim, V1PersistentVolumeClaim)
    assert claim.spec.storage_class_name == "standard"


@pytest.mark.parametrize("arguments", [BASE_POD, full_pod_arguments()], ids=["simple", "full"])
def test_the_clients_serializer_gives_the_same_manifest(arguments: dict[str, object]) -> None:
    pod = make_pod(**arguments)
    assert ApiClient().sanitize_for_serialization(pod) == make_pod_manifest(**arguments)


def test_quantities_are_strings_on_every_generation() -> None:
    pod = make_pod(**BASE_POD, cpu_limit=1.5, cpu_guarantee=0.5, mem_limit=2**30)
    assert pod.spec.containers[0].resources.limits == {"cpu": "1500m", "memory": "1073741824"}
    assert pod.spec.containers[0].resources.requests == {"cpu": "500m"}


def test_to_manifest_of_a_model_is_independent_of_it() -> None:
    pod = make_pod(**BASE_POD, labels={"a": "b"})
    manifest = to_manifest(pod)
    manifest["metadata"]["labels"]["a"] = "changed"
    assert pod.metadata.labels == {"a": "b"}


def test_to_manifest_reflects_changes_made_to_the_model() -> None:
    pod = make_pod(**BASE_POD)
    pod.spec.containers[0].image = "other:2"
    assert to_manifest(pod)["spec"]["containers"][0]["image"] == "other:2"


def test_models_given_as_arguments_are_accepted() -> None:
    from kubernetes.client import V1EmptyDirVolumeSource, V1Volume, V1VolumeMount

    manifest = make_pod_manifest(
        **BASE_POD,
        volumes=[V1Volume(name="scratch", empty_dir=V1EmptyDirVolumeSource(size_limit="1Gi"))],
        volume_mounts=[V1VolumeMount(name="scratch", mount_path="/scratch")],
        env={"POD_NAME": V1EnvVar(name="POD_NAME", value="x")},
        tolerations=[V1Toleration(key="gpu", operator="Exists")],
    )
    assert manifest["spec"]["volumes"] == [{"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}}]
    assert manifest["spec"]["containers"][0]["volumeMounts"] == [
        {"name": "scratch", "mountPath": "/scratch"}
    ]
    assert manifest["spec"]["containers"][0]["env"] == [{"name": "POD_NAME", "value": "x"}]
    assert manifest["spec"]["tolerations"] == [{"key": "gpu", "operator": "Exists"}]


def test_a_model_of_the_wrong_kind_is_a_type_error() -> None:
    from kubernetes.client import V1VolumeMount

    with pytest.raises(TypeError, match="V1Volume"):
        make_pod_manifest(**BASE_POD, volumes=[V1VolumeMount(name="a", mount_path="/a")])


def test_a_misspelled_keyword_names_the_function_called_and_the_parameter_meant() -> None:
    # Python's own message would name make_pod_manifest, which the caller never called.
    with pytest.raises(TypeError) as error:
        make_pod(**BASE_POD, mem_limits="1G")
    assert str(error.value) == (
        "make_pod() got an unexpected keyword argument 'mem_limits'; did you mean 'mem_limit'?"
    )
    with pytest.raises(TypeError) as error:
        make_pvc(**{**pvc_arguments(), "storage_clas": "standard"})
    assert str(error.value) == (
        "make_pvc() got an unexpected keyword argument 'storage_clas'; "
        "did you mean 'storage_class'?"
    )
    with pytest.raises(TypeError) as error:
        make_pvc("claim-alice", "standard", ["ReadWriteOnce"])
    assert str(error.value) == "make_pvc() missing a required argument: 'selector'"

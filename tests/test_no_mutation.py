"""No argument the caller passes is ever modified, and results share nothing with arguments."""

from __future__ import annotations

import copy
from typing import Any

from kubespawner.objects import make_pod, make_pod_manifest, make_pvc_manifest, to_manifest

from .workloads import BASE_POD, full_pod_arguments, pvc_arguments


def test_make_pod_modifies_no_argument() -> None:
    arguments = full_pod_arguments()
    before = copy.deepcopy(arguments)
    make_pod(**arguments)
    assert arguments == before


def test_ssl_options_leave_env_volumes_and_mounts_alone() -> None:
    env = {"A": "1"}
    volumes: list[dict[str, Any]] = [{"name": "home", "emptyDir": {}}]
    mounts = [{"name": "home", "mountPath": "/home"}]
    manifest = make_pod_manifest(
        **BASE_POD,
        env=env,
        volumes=volumes,
        volume_mounts=mounts,
        ssl_secret_name="certs",
        ssl_secret_mount_path="/ssl",
    )
    assert env == {"A": "1"}
    assert volumes == [{"name": "home", "emptyDir": {}}]
    assert mounts == [{"name": "home", "mountPath": "/home"}]
    assert len(manifest["spec"]["volumes"]) == 2


def test_ssl_options_work_without_env_volumes_or_mounts() -> None:
    manifest = make_pod_manifest(**BASE_POD, ssl_secret_name="certs", ssl_secret_mount_path="/ssl")
    assert len(manifest["spec"]["containers"][0]["env"]) == 3


def test_result_shares_no_structure_with_arguments() -> None:
    arguments = full_pod_arguments()
    before = copy.deepcopy(arguments)
    manifest = make_pod_manifest(**arguments)
    spec = manifest["spec"]
    spec["volumes"][0]["persistentVolumeClaim"]["claimName"] = "changed"
    spec["tolerations"][0]["key"] = "changed"
    spec["initContainers"][0]["command"].append("changed")
    spec["containers"][0]["lifecycle"]["postStart"]["exec"]["command"].append("changed")
    spec["containers"][0]["envFrom"][0]["configMapRef"]["name"] = "changed"
    manifest["metadata"]["labels"]["changed"] = "yes"
    assert arguments == before


def test_make_pvc_modifies_no_argument() -> None:
    arguments = pvc_arguments()
    before = copy.deepcopy(arguments)
    manifest = make_pvc_manifest(**arguments)
    manifest["spec"]["selector"]["matchLabels"]["changed"] = "yes"
    assert arguments == before


def test_model_arguments_are_not_modified() -> None:
    from kubernetes.client import V1ConfigMapVolumeSource, V1Volume

    volume = V1Volume(name="cfg", config_map=V1ConfigMapVolumeSource(name="cfg"))
    manifest = make_pod_manifest(**BASE_POD, volumes=[volume])
    manifest["spec"]["volumes"][0]["configMap"]["name"] = "changed"
    assert volume.config_map.name == "cfg"
    assert to_manifest(volume) == {"name": "cfg", "configMap": {"name": "cfg"}}

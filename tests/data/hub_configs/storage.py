# Home directories on per-user claims, a shared volume, and settings split between the
# Spawner and KubeSpawner sections (KubeSpawner's win; its lazy update lands on the Spawner's
# mapping); an init container and a volume made as kubernetes_asyncio client models.
# Used by tests/test_hub_config_oracle.py.
import os

from kubernetes_asyncio import client

c = get_config()  # noqa: F821 (traitlets' loader provides it)

c.JupyterHub.spawner_class = "kubespawner.spawner.KubeSpawner"
c.JupyterHub.base_url = "/jupyter/"

c.Spawner.default_url = "/lab"
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.environment = {"TEAM": "physics", "EDITOR": "vim"}
c.KubeSpawner.environment.update({"OWNER": "{username}", "SCRATCH": "/scratch/{username}"})
c.Spawner.cpu_limit = 1.5
c.KubeSpawner.cpu_limit = 2

c.KubeSpawner.storage_pvc_ensure = True
c.KubeSpawner.pvc_name_template = "home-{user_server}"
c.KubeSpawner.storage_capacity = os.environ.get("HOME_SIZE", "10Gi")
c.KubeSpawner.storage_class = "standard-rwo"
c.KubeSpawner.storage_access_modes = ["ReadWriteOnce"]
c.KubeSpawner.volumes = [
    {"name": "home", "persistentVolumeClaim": {"claimName": "{pvc_name}"}},
]
c.KubeSpawner.volume_mounts = [{"name": "home", "mountPath": "/home/jovyan"}]
c.KubeSpawner.volumes.append({"name": "shared", "nfs": {"server": "nfs.example.org", "path": "/"}})
c.KubeSpawner.volume_mounts.append({"name": "shared", "mountPath": "/shared", "readOnly": True})
c.KubeSpawner.volumes.append(
    client.V1Volume(name="scratch", empty_dir=client.V1EmptyDirVolumeSource(size_limit="5Gi"))
)
c.KubeSpawner.volume_mounts.append({"name": "scratch", "mountPath": "/scratch"})
c.KubeSpawner.init_containers = [
    client.V1Container(
        name="home-permissions",
        image="busybox:1.36",
        command=["chown", "1000:100", "/home/jovyan"],
        volume_mounts=[client.V1VolumeMount(name="home", mount_path="/home/jovyan")],
        security_context=client.V1SecurityContext(run_as_user=0),
    )
]

# Home directories on per-user claims, a shared volume, and settings split between the
# Spawner and KubeSpawner sections (KubeSpawner's win; its lazy update lands on the Spawner's
# mapping). Used by tests/test_hub_config_oracle.py.
import os

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
c.KubeSpawner.volumes.append({"name": "scratch", "emptyDir": {"sizeLimit": "5Gi"}})
c.KubeSpawner.volume_mounts.append({"name": "scratch", "mountPath": "/scratch"})

# A spawner class of the hub's own, subclassing KubeSpawner with no changes of its own, whose
# section sets settings over KubeSpawner's; hooks that do not change the pod; security
# settings; escaped names. Used by tests/test_hub_config_oracle.py.
from kubespawner import KubeSpawner

c = get_config()  # noqa: F821 (traitlets' loader provides it)


class CampusSpawner(KubeSpawner):
    pass


c.JupyterHub.spawner_class = CampusSpawner
c.KubeSpawner.image = "quay.io/jupyter/base-notebook:2024-12-02"
c.CampusSpawner.image = "registry.campus.example/notebook:3.2"
c.CampusSpawner.image_pull_secrets = ["campus-registry"]
c.KubeSpawner.slug_scheme = "escape"
c.KubeSpawner.uid = 1000
c.KubeSpawner.gid = 100
c.KubeSpawner.fs_gid = 100
c.KubeSpawner.allow_privilege_escalation = False
c.KubeSpawner.container_security_context = {
    "capabilities": {"drop": ["ALL"]},
    "runAsNonRoot": True,
    "seccompProfile": {"type": "RuntimeDefault"},
}
c.KubeSpawner.extra_pod_config = {"enableServiceLinks": False}
c.KubeSpawner.extra_container_config = {"workingDir": "/home/jovyan"}
c.KubeSpawner.init_containers.append(
    {"name": "fix-permissions", "image": "busybox:1.36", "command": ["sh", "-c", "true"]}
)
c.KubeSpawner.lifecycle_hooks = {"postStart": {"exec": {"command": ["sh", "-c", "true"]}}}
c.CampusSpawner.extra_annotations = {"campus.example/owner": "{username}"}


def log_spawn(spawner):
    spawner.log.info("spawning for %s", spawner.user.name)


def keep_pod(spawner, pod):
    return pod


c.KubeSpawner.pre_spawn_hook = log_spawn
c.KubeSpawner.modify_pod_hook = keep_pod

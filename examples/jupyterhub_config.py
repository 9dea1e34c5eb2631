# A hub configured without the Zero to JupyterHub chart: `jupyterhub -f jupyterhub_config.py`.
# Check every spawn it makes with `kubespawner-objects hub --config jupyterhub_config.py`.
c = get_config()  # noqa: F821 (JupyterHub's configuration loader provides it)

c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.JupyterHub.allow_named_servers = True

c.KubeSpawner.image = "quay.io/jupyter/minimal-notebook:2024-12-02"
c.KubeSpawner.cpu_limit = 1
c.KubeSpawner.mem_limit = "2G"
c.KubeSpawner.environment.update({"OWNER": "{username}"})

# Home directories on a claim per user and server
c.KubeSpawner.storage_pvc_ensure = True
c.KubeSpawner.storage_capacity = "10Gi"
c.KubeSpawner.pvc_name_template = "claim-{user_server}"
c.KubeSpawner.volumes.append({"name": "home", "persistentVolumeClaim": {"claimName": "{pvc_name}"}})
c.KubeSpawner.volume_mounts.append({"name": "home", "mountPath": "/home/jovyan"})

c.KubeSpawner.profile_list.append({"display_name": "Standard", "slug": "standard", "default": True})
c.KubeSpawner.profile_list.append(
    {
        "display_name": "GPU",
        "slug": "gpu",
        "kubespawner_override": {
            "image": "quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02",
            "mem_limit": "8G",
            "extra_resource_limits": {"nvidia.com/gpu": "1"},
            "tolerations": [
                {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
            ],
        },
    }
)


def log_spawn(spawner):
    spawner.log.info("starting a server for %s", spawner.user.name)


c.KubeSpawner.pre_spawn_hook = log_spawn

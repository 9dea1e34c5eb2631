c = get_config()  # noqa: F821 (JupyterHub's configuration loader provides it)
c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.Spawner.mem_limit = "1G"
c.KubeSpawner.mem_limit = "2G"
c.KubeSpawner.profile_list.append({"display_name": "Small", "default": True})
c.KubeSpawner.profile_list.append(
    {"display_name": "Large", "kubespawner_override": {"mem_limit": "8Gi"}}
)
c.KubeSpawner.extra_labels = {"team": "{username}", "cost centre": "4711"}

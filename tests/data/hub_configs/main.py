# A configuration in two files: this one loads its scheduling part with load_subconfig (a
# name found from the working directory, as JupyterHub finds it), then adds to what that
# part set. Used by tests/test_hub_config_oracle.py.
c = get_config()  # noqa: F821 (traitlets' loader provides it)

c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.KubeSpawner.image = "quay.io/jupyter/base-notebook:2024-12-02"
c.KubeSpawner.extra_labels = {"team": "astro"}

load_subconfig("scheduling.py")  # noqa: F821 (traitlets' loader provides it)

c.KubeSpawner.tolerations.append(
    {
        "key": "hub.jupyter.org/dedicated",
        "operator": "Equal",
        "value": "user",
        "effect": "NoSchedule",
    }
)
c.KubeSpawner.extra_labels.update({"cost-centre": "4711"})
c.KubeSpawner.node_selector.update({"disktype": "ssd"})

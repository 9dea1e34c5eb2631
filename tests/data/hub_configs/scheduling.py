# The scheduling part of main.py, loaded with load_subconfig: lazy appends and updates here
# are merged into main.py's configuration by traitlets.
c = get_config()  # noqa: F821 (traitlets' loader provides it)

c.KubeSpawner.node_selector.update({"hub.jupyter.org/node-purpose": "user"})
c.KubeSpawner.tolerations.append(
    {
        "key": "hub.jupyter.org_dedicated",
        "operator": "Equal",
        "value": "user",
        "effect": "NoSchedule",
    }
)
c.KubeSpawner.node_affinity_preferred = [
    {
        "weight": 100,
        "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["west"]}]},
    }
]
c.KubeSpawner.priority_class_name = "user-pods"
c.KubeSpawner.scheduler_name = "user-scheduler"

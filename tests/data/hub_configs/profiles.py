# A research hub's profiles, written as admins write them without z2jh: the list grown with
# LazyConfigValue appends (no earlier assignment), options with an unlisted choice, overrides
# with node selectors and tolerations. Used by tests/test_hub_config_oracle.py.
c = get_config()  # noqa: F821 (traitlets' loader provides it)

c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.JupyterHub.allow_named_servers = True

c.KubeSpawner.image = "quay.io/jupyter/minimal-notebook:2024-12-02"
c.KubeSpawner.cpu_limit = 1
c.KubeSpawner.mem_limit = "2G"
c.KubeSpawner.mem_guarantee = "512M"

c.KubeSpawner.profile_list.append(
    {
        "display_name": "Small",
        "slug": "small",
        "default": True,
        "description": "1 CPU, 2 GB",
    }
)
c.KubeSpawner.profile_list.append(
    {
        "display_name": "Data science",
        "slug": "data-science",
        "profile_options": {
            "image": {
                "display_name": "Image",
                "choices": {
                    "scipy": {
                        "display_name": "SciPy",
                        "default": True,
                        "kubespawner_override": {
                            "image": "quay.io/jupyter/scipy-notebook:2024-12-02"
                        },
                    },
                    "r": {
                        "display_name": "R",
                        "kubespawner_override": {"image": "quay.io/jupyter/r-notebook:2024-12-02"},
                    },
                },
                "unlisted_choice": {
                    "enabled": True,
                    "display_name": "Other image",
                    "validation_regex": "^quay.io/jupyter/.+:.+$",
                    "kubespawner_override": {"image": "{value}"},
                },
            }
        },
        "kubespawner_override": {"cpu_limit": 4, "mem_limit": "8G"},
    }
)
c.KubeSpawner.profile_list.append(
    {
        "display_name": "GPU",
        "slug": "gpu",
        "kubespawner_override": {
            "image": "quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02",
            "node_selector": {"cloud.google.com/gke-accelerator": "nvidia-tesla-t4"},
            "tolerations": [
                {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
            ],
            "extra_resource_limits": {"nvidia.com/gpu": "1"},
        },
    }
)

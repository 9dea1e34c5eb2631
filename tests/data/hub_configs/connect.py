# A hub its servers reach by address and port (no hub_connect_url): JupyterHub's Hub puts
# hub_connect_ip on the port it listens on.
# Used by tests/test_hub_config_oracle.py.
c = get_config()  # noqa: F821 (traitlets' loader provides it)

c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.JupyterHub.hub_connect_ip = "hub.jhub.svc.cluster.local"
c.JupyterHub.hub_port = 8090
c.JupyterHub.tornado_settings = {"cookie_options": {}}

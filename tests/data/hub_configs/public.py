# A hub behind a public URL with a base_url of its own, host-prefixed cookies and cookie
# options: JupyterHub passes each on to the server's environment.
# Used by tests/test_hub_config_oracle.py.
c = get_config()  # noqa: F821 (traitlets' loader provides it)

c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
c.JupyterHub.base_url = "/prefix/"
c.JupyterHub.public_url = "https://hub.example.org:8443/prefix"
c.JupyterHub.cookie_host_prefix_enabled = True
c.JupyterHub.tornado_settings = {"cookie_options": {"SameSite": "Lax"}, "slow_spawn_timeout": 5}
c.JupyterHub.hub_connect_url = "http://hub.internal:8081"
c.JupyterHub.allow_named_servers = True

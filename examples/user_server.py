"""Print the Pod and PersistentVolumeClaim of a typical JupyterHub user server as YAML."""

from kubespawner.objects import make_pod_manifest, make_pvc_manifest, to_yaml

pvc = make_pvc_manifest(
    name="claim-alice",
    storage_class="standard",
    access_modes=["ReadWriteOnce"],
    selector=None,
    storage="10Gi",
    labels={"app": "jupyterhub", "component": "singleuser-storage"},
)
pod = make_pod_manifest(
    name="jupyter-alice",
    cmd=["jupyterhub-singleuser"],
    port=8888,
    image="quay.io/jupyter/scipy-notebook:2024-12-09",
    image_pull_policy="IfNotPresent",
    uid=1000,
    gid=100,
    fs_gid=100,
    allow_privilege_escalation=False,
    env={
        "JUPYTERHUB_USER": "alice",
        "JUPYTERHUB_SERVICE_PREFIX": "/user/alice/",
        "JUPYTERHUB_API_URL": "http://hub:8081/hub/api",
    },
    volumes=[{"name": "home", "persistentVolumeClaim": {"claimName": "claim-alice"}}],
    volume_mounts=[{"name": "home", "mountPath": "/home/jovyan"}],
    labels={
        "app": "jupyterhub",
        "component": "singleuser-server",
        "hub.jupyter.org/username": "alice",
    },
    cpu_limit=2,
    cpu_guarantee=0.5,
    mem_limit="4G",
    mem_guarantee="1G",
)
print(to_yaml(pvc), end="---\n")
print(to_yaml(pod), end="")

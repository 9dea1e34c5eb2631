"""Benchmark: checking a full-featured user pod against the Pod Security Standards.

Run with ``python tools/bench_pod_security.py``; prints the time of one check of
the pod as a manifest dict and as a client ``V1Pod``, at both levels.
"""

from __future__ import annotations

import timeit
from typing import Any

from kubespawner.objects import check_pod_security, make_pod, make_pod_manifest

SECURE_CONTEXT = {
    "runAsNonRoot": True,
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}

# About thirty parameters set, as a busy JupyterHub profile would.
FULL_POD: dict[str, Any] = {
    "name": "jupyter-alice",
    "cmd": ["jupyterhub-singleuser", "--debug"],
    "port": 8888,
    "image": "quay.io/jupyter/scipy-notebook:2024-12-09",
    "image_pull_policy": "IfNotPresent",
    "image_pull_secrets": ["registry-credentials"],
    "node_selector": {"hub.jupyter.org/node-purpose": "user"},
    "uid": 1000,
    "gid": 100,
    "fs_gid": 100,
    "supplemental_gids": [100, 1001],
    "allow_privilege_escalation": False,
    "container_security_context": SECURE_CONTEXT,
    "pod_security_context": {"seccompProfile": {"type": "RuntimeDefault"}},
    "env": {f"VARIABLE_{index}": str(index) for index in range(20)},
    "working_dir": "/home/jovyan",
    "volumes": [
        {"name": "home", "persistentVolumeClaim": {"claimName": "claim-alice"}},
        {"name": "shared", "configMap": {"name": "shared-config"}},
        {"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}},
    ],
    "volume_mounts": [
        {"name": "home", "mountPath": "/home/jovyan"},
        {"name": "shared", "mountPath": "/etc/jupyter/shared", "readOnly": True},
        {"name": "scratch", "mountPath": "/tmp/scratch"},
    ],
    "labels": {"app": "jupyterhub", "component": "singleuser-server"},
    "annotations": {"hub.jupyter.org/username": "alice"},
    "cpu_limit": 2,
    "cpu_guarantee": 0.5,
    "mem_limit": "4G",
    "mem_guarantee": "1G",
    "extra_resource_limits": {"nvidia.com/gpu": "1"},
    "lifecycle_hooks": {"preStop": {"exec": {"command": ["jupyter", "server", "stop"]}}},
    "init_containers": [
        {
            "name": "fix-permissions",
            "image": "busybox:1",
            "command": ["sh", "-c", "true"],
            "securityContext": SECURE_CONTEXT,
        }
    ],
    "extra_containers": [
        {"name": "sidecar", "image": "busybox:1", "securityContext": SECURE_CONTEXT}
    ],
    "service_account": "notebook",
    "tolerations": [
        {"key": "hub.jupyter.org/dedicated", "operator": "Equal", "value": "user"},
    ],
    "node_affinity_preferred": [
        {
            "weight": 10,
            "preference": {
                "matchExpressions": [{"key": "node-type", "operator": "In", "values": ["highmem"]}]
            },
        }
    ],
    "priority_class_name": "user-pods",
}


def per_call(statement: Any, number: int = 2000) -> float:
    """Best of five runs, in microseconds per call."""
    return min(timeit.repeat(statement, number=number, repeat=5)) / number * 1e6


def main() -> None:
    manifest = make_pod_manifest(**FULL_POD)
    model = make_pod(**FULL_POD)
    assert check_pod_security(manifest) == [], check_pod_security(manifest)
    for level in ("baseline", "restricted"):
        on_dict = per_call(lambda level=level: check_pod_security(manifest, level))
        on_model = per_call(lambda level=level: check_pod_security(model, level))
        print(f"{level:<10} manifest dict {on_dict:7.1f} us   V1Pod {on_model:7.1f} us")


if __name__ == "__main__":
    main()

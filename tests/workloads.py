"""Realistic arguments for make_pod and make_pvc, shared by the tests."""

from __future__ import annotations

from typing import Any

BASE_POD: dict[str, Any] = {
    "name": "jupyter-alice",
    "cmd": ["jupyterhub-singleuser"],
    "port": 8888,
    "image": "quay.io/jupyter/base-notebook:2024-12-09",
    "image_pull_policy": "IfNotPresent",
}


def full_pod_arguments() -> dict[str, Any]:
    """Every parameter of make_pod set, as a JupyterHub deployment would."""
    return {
        **BASE_POD,
        "image_pull_secrets": ["regcred", {"name": "mirror-cred"}],
        "node_selector": {"hub.jupyter.org/node-purpose": "user"},
        "uid": 1000,
        "gid": 100,
        "fs_gid": 100,
        "supplemental_gids": [100, 200],
        "privileged": False,
        "allow_privilege_escalation": False,
        "container_security_context": {"readOnlyRootFilesystem": False, "runAsNonRoot": True},
        "pod_security_context": {"seccompProfile": {"type": "RuntimeDefault"}},
        "env": {
            "JUPYTERHUB_USER": "alice",
            "JUPYTERHUB_SERVICE_PREFIX": "/user/alice/",
            "NOTEBOOK_DIR": "$(HOME_DIR)/work",
            "HOME_DIR": "/home/jovyan",
            "POD_IP": {"valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
        },
        "working_dir": "/home/jovyan",
        "volumes": [
            {"name": "home", "persistentVolumeClaim": {"claimName": "claim-alice"}},
            {"name": "shared", "nfs": {"server": "nfs.example.org", "path": "/shared"}},
        ],
        "volume_mounts": [
            {"name": "home", "mountPath": "/home/jovyan"},
            {"name": "shared", "mountPath": "/home/jovyan/shared", "readOnly": True},
        ],
        "labels": {"app": "jupyterhub", "component": "singleuser-server"},
        "annotations": {"hub.jupyter.org/username": "alice"},
        "cpu_limit": 2,
        "cpu_guarantee": 0.5,
        "mem_limit": "4G",
        "mem_guarantee": "1G",
        "extra_resource_limits": {"nvidia.com/gpu": "1"},
        "extra_resource_guarantees": {"nvidia.com/gpu": "1"},
        "lifecycle_hooks": {"postStart": {"exec": {"command": ["sh", "-c", "echo started"]}}},
        "init_containers": [
            {"name": "block-metadata", "image": "busybox:1.36", "command": ["true"]}
        ],
        "service_account": "user-sa",
        "automount_service_account_token": False,
        "extra_container_config": {"envFrom": [{"configMapRef": {"name": "user-config"}}]},
        "extra_pod_config": {"dnsPolicy": "ClusterFirst", "enableServiceLinks": False},
        "extra_containers": [{"name": "crond", "image": "busybox:1.36", "args": ["crond", "-f"]}],
        "scheduler_name": "user-scheduler",
        "tolerations": [
            {
                "key": "hub.jupyter.org/dedicated",
                "operator": "Equal",
                "value": "user",
                "effect": "NoSchedule",
            }
        ],
        "node_affinity_preferred": [
            {
                "weight": 50,
                "preference": {
                    "matchExpressions": [
                        {
                            "key": "hub.jupyter.org/node-purpose",
                            "operator": "In",
                            "values": ["user"],
                        }
                    ]
                },
            }
        ],
        "node_affinity_required": [
            {
                "matchExpressions": [
                    {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}
                ]
            }
        ],
        "pod_affinity_preferred": [
            {
                "weight": 100,
                "podAffinityTerm": {
                    "topologyKey": "kubernetes.io/hostname",
                    "labelSelector": {"matchLabels": {"component": "singleuser-server"}},
                },
            }
        ],
        "pod_affinity_required": [
            {
                "topologyKey": "topology.kubernetes.io/zone",
                "labelSelector": {"matchLabels": {"component": "hub"}},
            }
        ],
        "pod_anti_affinity_preferred": [
            {
                "weight": 10,
                "podAffinityTerm": {
                    "topologyKey": "kubernetes.io/hostname",
                    "labelSelector": {"matchLabels": {"component": "proxy"}},
                },
            }
        ],
        "pod_anti_affinity_required": [
            {
                "topologyKey": "kubernetes.io/hostname",
                "labelSelector": {"matchLabels": {"hub.jupyter.org/username": "alice"}},
            }
        ],
        "priority_class_name": "user-priority",
        "ssl_secret_name": "jupyter-alice-certs",
        "ssl_secret_mount_path": "/etc/jupyterhub/ssl",
    }


def pvc_arguments() -> dict[str, Any]:
    return {
        "name": "claim-alice",
        "storage_class": "standard",
        "access_modes": ["ReadWriteOnce"],
        "selector": {"matchLabels": {"tier": "home"}},
        "storage": "10Gi",
        "labels": {"app": "jupyterhub"},
        "annotations": {"hub.jupyter.org/username": "alice"},
    }

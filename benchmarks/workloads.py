"""The objects the benchmark builds, and the ways of building them that it compares.

Every workload is a set of keyword arguments made of plain JSON data, so the
same arguments can be sent to the reference implementation running in its own
virtualenv. The arguments are written so that this project and the reference
produce the same manifest (quantities as strings, privilege escalation given
explicitly), which makes the comparison one of speed, not of output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubespawner.objects import (
    make_pod,
    make_pod_manifest,
    make_pvc,
    make_pvc_manifest,
    to_manifest,
)

USER = "alice"


def full_pod_arguments(user: str = USER) -> dict[str, Any]:
    """A user server with about 30 parameters set, as a course or research hub configures it."""
    env: dict[str, Any] = {f"COURSE_SETTING_{index:02d}": f"value-{index}" for index in range(16)}
    env.update(
        {
            "JUPYTERHUB_USER": user,
            "JUPYTERHUB_API_URL": "http://hub:8081/hub/api",
            "JUPYTERHUB_SERVICE_PREFIX": f"/user/{user}/",
            "JUPYTERHUB_ACTIVITY_URL": "$(JUPYTERHUB_API_URL)/users/" + user + "/activity",
            "HOME": f"/home/{user}",
            "NOTEBOOK_DIR": "$(HOME)/work",
            "MEM_LIMIT": {
                "valueFrom": {
                    "resourceFieldRef": {"containerName": "notebook", "resource": "limits.memory"}
                }
            },
            "POD_IP": {"valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
        }
    )
    return {
        "name": f"jupyter-{user}",
        "cmd": ["jupyterhub-singleuser", "--ServerApp.default_url=/lab"],
        "port": 8888,
        "image": "quay.io/jupyter/pytorch-notebook:cuda12-2024-12-09",
        "image_pull_policy": "IfNotPresent",
        "image_pull_secrets": ["registry-credentials", {"name": "mirror-credentials"}],
        "node_selector": {"hub.jupyter.org/node-purpose": "user"},
        "uid": 1000,
        "gid": 100,
        "fs_gid": 100,
        "supplemental_gids": [100, 1001],
        "allow_privilege_escalation": False,
        "container_security_context": {
            "capabilities": {"drop": ["ALL"]},
            "readOnlyRootFilesystem": False,
        },
        "pod_security_context": {
            "runAsNonRoot": True,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "env": env,
        "working_dir": f"/home/{user}",
        "volumes": [
            {"name": "home", "persistentVolumeClaim": {"claimName": f"claim-{user}"}},
            {"name": "shared", "nfs": {"server": "nfs.example.org", "path": "/export/shared"}},
            {"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": "1Gi"}},
            {"name": "course-config", "configMap": {"name": "course-config", "defaultMode": 420}},
        ],
        "volume_mounts": [
            {"name": "home", "mountPath": f"/home/{user}"},
            {"name": "shared", "mountPath": "/srv/shared", "readOnly": True},
            {"name": "dshm", "mountPath": "/dev/shm"},
            {"name": "course-config", "mountPath": "/etc/course", "readOnly": True},
        ],
        "labels": {
            "app": "jupyterhub",
            "component": "singleuser-server",
            "heritage": "jupyterhub",
            "release": "course-hub",
            "hub.jupyter.org/username": user,
            "hub.jupyter.org/servername": "",
        },
        "annotations": {
            "hub.jupyter.org/username": user,
            "hub.jupyter.org/servername": "",
            "cluster-autoscaler.kubernetes.io/safe-to-evict": "false",
        },
        "cpu_limit": "4",
        "cpu_guarantee": "500m",
        "mem_limit": "8Gi",
        "mem_guarantee": "2Gi",
        "extra_resource_limits": {"nvidia.com/gpu": "1"},
        "extra_resource_guarantees": {"nvidia.com/gpu": "1"},
        "lifecycle_hooks": {
            "postStart": {"exec": {"command": ["sh", "-c", "cp -rn /etc/skel/. $HOME || true"]}},
            "preStop": {"exec": {"command": ["sh", "-c", "sync"]}},
        },
        "init_containers": [
            {
                "name": "fix-permissions",
                "image": "busybox:1.36",
                "command": ["sh", "-c", f"chown -R 1000:100 /home/{user}"],
                "securityContext": {"runAsUser": 0, "runAsNonRoot": False},
                "volumeMounts": [{"name": "home", "mountPath": f"/home/{user}"}],
            }
        ],
        "service_account": "user-server",
        "automount_service_account_token": False,
        "extra_container_config": {
            "envFrom": [{"configMapRef": {"name": "course-settings"}}],
            "terminationMessagePolicy": "FallbackToLogsOnError",
        },
        "extra_pod_config": {
            "dnsPolicy": "ClusterFirst",
            "terminationGracePeriodSeconds": 30,
            "hostname": f"jupyter-{user}",
        },
        "extra_containers": [
            {
                "name": "backup",
                "image": "restic/restic:0.17.3",
                "args": ["backup", "--quiet", f"/home/{user}"],
                "resources": {"limits": {"cpu": "100m", "memory": "128Mi"}},
                "volumeMounts": [{"name": "home", "mountPath": f"/home/{user}", "readOnly": True}],
            }
        ],
        "scheduler_name": "user-scheduler",
        "tolerations": [
            {
                "key": "hub.jupyter.org/dedicated",
                "operator": "Equal",
                "value": "user",
                "effect": "NoSchedule",
            },
            {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
        ],
        "node_affinity_required": [
            {
                "matchExpressions": [
                    {"key": "nvidia.com/gpu.present", "operator": "In", "values": ["true"]}
                ]
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
        "pod_anti_affinity_preferred": [
            {
                "weight": 100,
                "podAffinityTerm": {
                    "labelSelector": {"matchLabels": {"component": "singleuser-server"}},
                    "topologyKey": "kubernetes.io/hostname",
                },
            }
        ],
        "priority_class_name": "course-hub-default-priority",
    }


def simple_pod_arguments(user: str = USER) -> dict[str, Any]:
    """A user server with the few parameters every spawner sets."""
    return {
        "name": f"jupyter-{user}",
        "cmd": ["jupyterhub-singleuser"],
        "port": 8888,
        "image": "quay.io/jupyter/base-notebook:2024-12-09",
        "image_pull_policy": "IfNotPresent",
        "allow_privilege_escalation": False,
        "env": {"JUPYTERHUB_USER": user, "JUPYTERHUB_API_URL": "http://hub:8081/hub/api"},
        "labels": {"app": "jupyterhub", "component": "singleuser-server"},
        "cpu_limit": "1",
        "mem_limit": "1Gi",
    }


def pvc_arguments(user: str = USER) -> dict[str, Any]:
    """A user's home volume claim."""
    return {
        "name": f"claim-{user}",
        "storage_class": "standard",
        "access_modes": ["ReadWriteOnce"],
        "selector": {"matchLabels": {"hub.jupyter.org/storage": "home"}},
        "storage": "10Gi",
        "labels": {"app": "jupyterhub", "component": "singleuser-storage"},
        "annotations": {"hub.jupyter.org/username": user},
    }


# The bulk run's ways of rendering many users' pods: (label, key in the results).
BULK_WAYS = (
    ("make_pod_manifest", "manifest"),
    ("make_pod_manifest + to_yaml", "yaml"),
    ("kubespawner-objects render, one process", "cli"),
)


def cli_config() -> list[dict[str, Any]]:
    """The full pod as a ``kubespawner-objects render`` config, one pod per ``--user``."""
    return [{"make_pod": full_pod_arguments("{username}")}]


# name: (arguments, project's model-returning function, project's manifest function)
WORKLOADS: dict[
    str, tuple[Callable[[], dict[str, Any]], Callable[..., Any], Callable[..., Any]]
] = {
    "full pod": (full_pod_arguments, make_pod, make_pod_manifest),
    "simple pod": (simple_pod_arguments, make_pod, make_pod_manifest),
    "pvc": (pvc_arguments, make_pvc, make_pvc_manifest),
}


def via_model(workload: str) -> Callable[[], dict[str, Any]]:
    """(a) The public API as a spawner uses it: ``make_*`` returns a model, then ``to_manifest``."""
    arguments_of, make, _ = WORKLOADS[workload]
    arguments = arguments_of()
    return lambda: to_manifest(make(**arguments))


def manifest_only(workload: str) -> Callable[[], dict[str, Any]]:
    """(a') ``make_*_manifest``: the same object, never touching the client's models."""
    arguments_of, _, make_manifest = WORKLOADS[workload]
    arguments = arguments_of()
    return lambda: make_manifest(**arguments)


def literal_source(manifest: dict[str, Any]) -> str:
    """Python source of a function that returns ``manifest`` written out as a literal."""
    # repr of str/int/bool/None/list/dict is a valid Python literal of the same value.
    return f"def build():\n    return {manifest!r}\n"


def floor(workload: str) -> Callable[[], dict[str, Any]]:
    """(c) The floor: a function whose body is the finished manifest as a literal dict.

    Python cannot make a fresh dict of this shape faster than by evaluating
    its literal, so no builder of this output can beat it.
    """
    namespace: dict[str, Any] = {}
    exec(literal_source(manifest_only(workload)()), namespace)
    build: Callable[[], dict[str, Any]] = namespace["build"]
    return build


def hub_values() -> dict[str, Any]:
    """Chart values with 9 profiles and 26 choices, for the ``hub`` command's matrix.

    Profiles 1-4 each have an image option (3 choices) and a memory option (3 choices),
    profile 5 a size option with 2 choices: 4 * 6 + 2 = 26 choices. Profiles 1-2 also
    enable an unlisted image choice; the rest have only overrides.
    """
    profiles: list[dict[str, Any]] = []
    for number in range(1, 10):
        profile: dict[str, Any] = {
            "display_name": f"Profile {number}: {number} CPUs",
            "kubespawner_override": {"cpu_limit": number, "extra_labels": {"tier": f"t{number}"}},
        }
        if number <= 4:
            profile["profile_options"] = {
                "image": {
                    "display_name": "Image",
                    "choices": {
                        name: {
                            "display_name": name,
                            "kubespawner_override": {"image": f"quay.io/jupyter/{name}:2024-12-09"},
                        }
                        for name in ("scipy-notebook", "r-notebook", "julia-notebook")
                    },
                    "unlisted_choice": {
                        "enabled": number <= 2,
                        "validation_regex": "^[a-z0-9./:-]+$",
                        "kubespawner_override": {"image": "{value}"},
                    },
                },
                "memory": {
                    "display_name": "Memory",
                    "choices": {
                        f"{size}g": {
                            "display_name": f"{size} GB",
                            "kubespawner_override": {"mem_limit": f"{size}G"},
                        }
                        for size in (2, 4, 8)
                    },
                },
            }
        elif number == 5:
            profile["profile_options"] = {
                "size": {
                    "display_name": "Size",
                    "choices": {
                        "small": {
                            "display_name": "Small",
                            "kubespawner_override": {"mem_guarantee": "1G"},
                        },
                        "large": {
                            "display_name": "Large",
                            "kubespawner_override": {"mem_guarantee": "2G"},
                        },
                    },
                }
            }
        profiles.append(profile)
    return {
        "hub": {"allowNamedServers": True},
        "singleuser": {
            "image": {"name": "quay.io/jupyterhub/k8s-singleuser-sample", "tag": "4.4.0"},
            "memory": {"limit": "2G", "guarantee": "1G"},
            "extraEnv": {"OWNER": "{unescaped_username}"},
            "profileList": profiles,
        },
    }

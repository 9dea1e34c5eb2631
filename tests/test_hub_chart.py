"""Values -> KubeSpawner's settings, as z2jh 4.4.0's ``files/hub/jupyterhub_config.py`` sets
them. Each expectation names the line of that file (at tag 4.4.0) it follows; "values.yaml
N" is a line of the chart's values.yaml, "names.tpl" its templates/_helpers-names.tpl.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects import hub_spawns
from kubespawner.objects._hub.chart import chart_spawner_config, spawner_config
from kubespawner.objects._hub.config import CHART_DEFAULT, Origin, SpawnerConfig
from kubespawner.objects._hub.values import load_values

NODE_PURPOSE = {
    "matchExpressions": [
        {"key": "hub.jupyter.org/node-purpose", "operator": "In", "values": ["user"]}
    ]
}


def configure(tmp_path: Path, text: str, **options: Any) -> tuple[SpawnerConfig, str]:
    path = tmp_path / "values.yaml"
    path.write_text(text)
    return chart_spawner_config([str(path)], **options), str(path)


def errors(config: SpawnerConfig) -> list[str]:
    return [str(problem) for problem in config.problems if not problem.warning]


# -- the chart's defaults -------------------------------------------------------------------


@pytest.fixture(scope="module")
def defaults() -> SpawnerConfig:
    return spawner_config(load_values([]))


@pytest.mark.parametrize(
    ("trait", "expected"),
    [
        # lines 183-189 with values.yaml 425-427 (published tag)
        ("image", "quay.io/jupyterhub/k8s-singleuser-sample:4.4.0"),
        ("mem_guarantee", "1G"),  # line 171, values.yaml 436
        ("uid", 1000),  # line 156, values.yaml 406
        ("fs_gid", 100),  # line 157, values.yaml 407
        ("start_timeout", 300),  # line 147, values.yaml 430
        ("events_enabled", True),  # line 149, values.yaml 396
        ("extra_labels", {"hub.jupyter.org/network-access-hub": "true"}),  # values.yaml 398
        ("allow_privilege_escalation", False),  # lines 196-198, values.yaml 405
        ("cmd", "jupyterhub-singleuser"),  # lines 441-446 (c.Spawner), values.yaml 440
        ("namespace", "jhub"),  # line 136: POD_NAMESPACE, the release's namespace
        ("storage_pvc_ensure", True),  # line 265: storage type dynamic (values.yaml 410)
        ("storage_capacity", "10Gi"),  # lines 274-276, values.yaml 417
        ("storage_access_modes", ["ReadWriteOnce"]),  # lines 269-273, values.yaml 423
        # line 216 with names.tpl "jupyterhub.user-scheduler.fullname": fullnameOverride ""
        ("scheduler_name", "jupyterhub-user-scheduler"),
        ("node_affinity_preferred", [{"weight": 100, "preference": NODE_PURPOSE}]),  # 221-236
        ("consecutive_failure_limit", 5),  # lines 139-143 (c.Spawner)
        (
            "volumes",  # lines 278-284, values.yaml 422
            {
                "volume-{user_server}": {
                    "name": "volume-{user_server}",
                    "persistentVolumeClaim": {"claimName": "{pvc_name}"},
                }
            },
        ),
        (
            "volume_mounts",  # lines 285-291, values.yaml 418
            {
                "volume-{user_server}": {
                    "mountPath": "/home/jovyan",
                    "name": "volume-{user_server}",
                    "subPath": None,
                }
            },
        ),
        (
            "common_labels",  # lines 120-134
            {
                "app.kubernetes.io/name": "jupyterhub",
                "app": "jupyterhub",
                "app.kubernetes.io/instance": "jupyterhub",
                "release": "jupyterhub",
                "helm.sh/chart": "jupyterhub-4.4.0",
                "chart": "jupyterhub-4.4.0",
                "app.kubernetes.io/managed-by": "kubespawner",
            },
        ),
    ],
)
def test_the_chart_defaults_give_these_settings(
    defaults: SpawnerConfig, trait: str, expected: Any
) -> None:
    assert defaults.traits[trait] == expected
    assert defaults.origin(trait) == CHART_DEFAULT


def test_the_default_tolerations_are_the_user_pods_ones(defaults: SpawnerConfig) -> None:
    # lines 249-253, values.yaml 622-630
    assert [t["key"] for t in defaults.traits["tolerations"]] == [
        "hub.jupyter.org/dedicated",
        "hub.jupyter.org_dedicated",
    ]
    assert {t["value"] for t in defaults.traits["tolerations"]} == {"user"}


def test_the_default_init_container_blocks_the_cloud_metadata_server(
    defaults: SpawnerConfig,
) -> None:
    # lines 450-482, values.yaml 378-382 and 371-377 (network tools image, published tag)
    (container,) = defaults.traits["init_containers"]
    assert container == {
        "name": "block-cloud-metadata",
        "image": "quay.io/jupyterhub/k8s-network-tools:4.4.0",
        "command": [
            "iptables",
            "--append",
            "OUTPUT",
            "--protocol",
            "tcp",
            "--destination",
            "169.254.169.254",
            "--destination-port",
            "80",
            "--jump",
            "DROP",
        ],
        "securityContext": {
            "privileged": True,
            "runAsUser": 0,
            "capabilities": {"add": ["NET_ADMIN"]},
        },
        "resources": {},
    }


def test_the_defaults_leave_these_traits_to_kubespawner(defaults: SpawnerConfig) -> None:
    for trait in (
        "mem_limit", "cpu_limit", "cpu_guarantee", "image_pull_policy", "image_pull_secrets",
        "priority_class_name", "pod_name_template", "pvc_name_template", "service_account",
        "storage_class", "default_url", "debug",
    ):  # fmt: skip
        assert trait not in defaults.traits, trait


def test_the_default_hub_settings(defaults: SpawnerConfig) -> None:
    # lines 80-95 with values.yaml 49, 54, 125; lines 100-107 (hub Service port 8081)
    assert defaults.hub["allow_named_servers"] is False
    assert defaults.hub["base_url"] == "/"
    assert defaults.hub["concurrent_spawn_limit"] == 64
    assert defaults.hub["hub_connect_url"] == "http://hub:8081"
    assert defaults.hub["spawner_class"] == "kubespawner.KubeSpawner"
    assert defaults.problems == []
    assert defaults.unevaluated == []


# -- one values key at a time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "trait", "expected"),
    [
        # the c.KubeSpawner loop, lines 145-181
        ("podNameTemplate: 'jupyter-{user_server}'", "pod_name_template", "jupyter-{user_server}"),
        ("startTimeout: 600", "start_timeout", 600),
        ("image: {pullPolicy: Always}", "image_pull_policy", "Always"),
        ("events: false", "events_enabled", False),
        ("extraLabels: {team: a}", "extra_labels",
         {"hub.jupyter.org/network-access-hub": "true", "team": "a"}),
        ("extraAnnotations: {note: b}", "extra_annotations", {"note": "b"}),
        ("uid: 0", "uid", 0),
        ("fsGid: 1000", "fs_gid", 1000),
        ("serviceAccountName: reader", "service_account", "reader"),
        ("storage: {extraLabels: {tier: x}}", "storage_extra_labels", {"tier": "x"}),
        ("nodeSelector: {pool: users}", "node_selector", {"pool": "users"}),
        ("extraNodeAffinity: {required: [{matchFields: []}]}", "node_affinity_required",
         [{"matchFields": []}]),
        ("extraPodAffinity: {required: [{topologyKey: z}]}", "pod_affinity_required",
         [{"topologyKey": "z"}]),
        ("extraPodAffinity: {preferred: [{weight: 1}]}", "pod_affinity_preferred", [{"weight": 1}]),
        ("extraPodAntiAffinity: {required: [{topologyKey: h}]}", "pod_anti_affinity_required",
         [{"topologyKey": "h"}]),
        ("extraPodAntiAffinity: {preferred: [{weight: 2}]}", "pod_anti_affinity_preferred",
         [{"weight": 2}]),
        ("lifecycleHooks: {postStart: {exec: {command: [x]}}}", "lifecycle_hooks",
         {"postStart": {"exec": {"command": ["x"]}}}),
        ("extraContainers: [{name: side, image: busybox}]", "extra_containers",
         [{"image": "busybox", "name": "side"}]),
        ("memory: {limit: 7.234G}", "mem_limit", "7.234G"),  # the trait reads it (1024s)
        ("memory: {guarantee: 512M}", "mem_guarantee", "512M"),
        ("cpu: {limit: 2}", "cpu_limit", 2),
        ("cpu: {guarantee: 0.5}", "cpu_guarantee", 0.5),
        ("extraResource: {limits: {nvidia.com/gpu: '1'}}", "extra_resource_limits",
         {"nvidia.com/gpu": "1"}),
        ("extraResource: {guarantees: {nvidia.com/gpu: '1'}}", "extra_resource_guarantees",
         {"nvidia.com/gpu": "1"}),
        ("extraEnv: {B: '2', A: '1'}", "environment", {"A": "1", "B": "2"}),
        ("extraEnv: [{name: A, value: '1'}]", "environment", [{"name": "A", "value": "1"}]),
        ("profileList: [{display_name: Small}]", "profile_list", [{"display_name": "Small"}]),
        ("extraPodConfig: {restartPolicy: Never}", "extra_pod_config", {"restartPolicy": "Never"}),
        # lines 183-189: image name and tag; an empty tag leaves the name alone
        ("image: {name: example/lab, tag: '2.0'}", "image", "example/lab:2.0"),
        ("image: {name: example/lab, tag: ''}", "image", "example/lab"),
        # lines 196-198: set even when null (KubeSpawner then leaves the field out)
        ("allowPrivilegeEscalation: null", "allow_privilege_escalation", None),
        ("allowPrivilegeEscalation: true", "allow_privilege_escalation", True),
        # lines 441-448 (c.Spawner)
        ("cmd: [start.sh, jupyterhub-singleuser]", "cmd", ["start.sh", "jupyterhub-singleuser"]),
        ("defaultUrl: /lab", "default_url", "/lab"),
        # lines 259-276: dynamic storage
        ("storage: {dynamic: {pvcNameTemplate: 'home-{username}'}}", "pvc_name_template",
         "home-{username}"),
        ("storage: {dynamic: {storageClass: fast}}", "storage_class", "fast"),
        ("storage: {dynamic: {storageAccessModes: [ReadWriteMany]}}", "storage_access_modes",
         ["ReadWriteMany"]),
        ("storage: {capacity: 1Ti}", "storage_capacity", "1Ti"),
    ],
)  # fmt: skip
def test_a_singleuser_key_sets_its_trait(
    tmp_path: Path, values: str, trait: str, expected: Any
) -> None:
    config, path = configure(tmp_path, "singleuser:\n  " + values + "\n")
    assert config.traits[trait] == expected
    assert config.origin(trait) == Origin(path, 2)
    assert errors(config) == []


def test_each_key_inside_a_setting_keeps_its_own_line(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "singleuser:\n  profileList:\n    - display_name: Big\n      kubespawner_override:\n"
        "        mem_limit: 8G\n",
    )
    assert config.origin("profile_list", 0, "kubespawner_override", "mem_limit") == Origin(path, 5)
    assert config.origin("profile_list", 0, "display_name") == Origin(path, 3)


def test_a_null_command_leaves_kubespawners_default(tmp_path: Path) -> None:
    # values.yaml 440 holds a command, so a null removes the key and lines 441-446 skip it
    config, _ = configure(tmp_path, "singleuser:\n  cmd: null\n")
    assert "cmd" not in config.traits


def test_an_empty_image_name_leaves_kubespawners_image(tmp_path: Path) -> None:
    config, _ = configure(tmp_path, "singleuser:\n  image: {name: ''}\n")  # lines 183-184
    assert "image" not in config.traits


# -- image pull secrets, lines 200-212 ------------------------------------------------------


def test_pull_secrets_join_the_charts_own_then_the_global_then_the_singleuser_ones(
    tmp_path: Path,
) -> None:
    config, path = configure(
        tmp_path,
        "imagePullSecret: {create: true, registry: r, username: u, password: p}\n"
        "imagePullSecrets: [global-one]\n"
        "singleuser:\n  image:\n    pullSecrets: [{name: own}]\n",
    )
    assert config.traits["image_pull_secrets"] == [
        "image-pull-secret",
        "global-one",
        {"name": "own"},
    ]
    assert config.origin("image_pull_secrets", 0) == Origin(path, 1)
    assert config.origin("image_pull_secrets", 2) == Origin(path, 5)


def test_a_pull_secret_string_is_extended_character_by_character_as_the_chart_does(
    tmp_path: Path,
) -> None:
    # jupyterhub_config.py's image_pull_secrets.extend(...) takes any iterable: the hub starts
    # and names one-letter secrets; Helm's schema, which wants a list, is reported as well
    config, path = configure(tmp_path, "singleuser:\n  image:\n    pullSecrets: reg\n")
    assert config.traits["image_pull_secrets"] == ["r", "e", "g"]
    assert [(p.reason, p.origin) for p in config.problems] == [("Wrong type", Origin(path, 3))]
    config, _ = configure(tmp_path, "singleuser:\n  image:\n    pullSecrets: 5\n")
    assert "Hub fails to start" in {p.reason for p in config.problems}


def test_the_charts_own_pull_secret_is_left_out_without_reference_injection(
    tmp_path: Path,
) -> None:
    config, _ = configure(
        tmp_path, "imagePullSecret: {create: true, automaticReferenceInjection: false}\n"
    )
    assert "image_pull_secrets" not in config.traits


# -- names of the chart's objects (names.tpl) -----------------------------------------------


@pytest.mark.parametrize(
    ("values", "release", "scheduler", "priority", "pull_secret"),
    [
        ("", "jupyterhub", "jupyterhub-user-scheduler", "jupyterhub-default-priority",
         "image-pull-secret"),
        ("fullnameOverride: jh\n", "prod", "jh-user-scheduler", "jh", "jh-image-pull-secret"),
        # a null fullnameOverride: release + name, or the release when it holds the name
        ("fullnameOverride: null\n", "prod", "prod-jupyterhub-user-scheduler",
         "prod-jupyterhub", "prod-jupyterhub-image-pull-secret"),
        ("fullnameOverride: null\n", "my-jupyterhub", "my-jupyterhub-user-scheduler",
         "my-jupyterhub", "my-jupyterhub-image-pull-secret"),
        ("fullnameOverride: null\nnameOverride: lab\n", "x", "x-lab-user-scheduler", "x-lab",
         "x-lab-image-pull-secret"),
    ],
)  # fmt: skip
def test_object_names_follow_the_release_and_overrides(
    tmp_path: Path, values: str, release: str, scheduler: str, priority: str, pull_secret: str
) -> None:
    config, _ = configure(
        tmp_path,
        values + "scheduling: {podPriority: {enabled: true}}\nimagePullSecret: {create: true}\n",
        release=release,
    )
    assert config.traits["scheduler_name"] == scheduler  # line 216
    assert config.traits["priority_class_name"] == priority  # line 218
    assert config.traits["image_pull_secrets"] == [pull_secret]  # line 206


def test_without_the_user_scheduler_kubespawner_picks_the_scheduler(tmp_path: Path) -> None:
    config, _ = configure(tmp_path, "scheduling: {userScheduler: {enabled: false}}\n")
    assert "scheduler_name" not in config.traits


def test_common_labels_follow_the_name_override_and_release(tmp_path: Path) -> None:
    config, path = configure(tmp_path, "nameOverride: lab\n", release="prod")  # lines 120-134
    labels = config.traits["common_labels"]
    assert (labels["app"], labels["app.kubernetes.io/name"], labels["release"]) == (
        "lab",
        "lab",
        "prod",
    )
    assert config.origin("common_labels", "app") == Origin(path, 1)


# -- node purpose and tolerations, lines 221-253 ---------------------------------------------


def test_a_required_node_purpose_follows_the_extra_required_affinity(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "singleuser:\n  extraNodeAffinity:\n    required: [{matchFields: []}]\n"
        "scheduling:\n  userPods:\n    nodeAffinity:\n      matchNodePurpose: require\n",
    )
    assert config.traits["node_affinity_required"] == [{"matchFields": []}, NODE_PURPOSE]
    assert config.traits["node_affinity_preferred"] == []
    assert config.origin("node_affinity_required", 1) == Origin(path, 7)


def test_an_ignored_node_purpose_adds_no_affinity(tmp_path: Path) -> None:
    config, _ = configure(
        tmp_path, "scheduling: {userPods: {nodeAffinity: {matchNodePurpose: ignore}}}\n"
    )
    assert config.traits["node_affinity_preferred"] == []
    assert config.traits["node_affinity_required"] == []


def test_an_unknown_node_purpose_stops_the_hub(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path, "scheduling:\n  userPods:\n    nodeAffinity:\n      matchNodePurpose: always\n"
    )
    reasons = {(p.setting, p.reason, p.origin) for p in config.problems}
    where = "scheduling.userPods.nodeAffinity.matchNodePurpose"
    assert (where, "Hub fails to start", Origin(path, 4)) in reasons  # lines 242-245
    assert (where, "Unsupported value", Origin(path, 4)) in reasons  # the schema's enum


def test_extra_tolerations_follow_the_user_pods_ones(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path, "singleuser:\n  extraTolerations:\n    - {key: gpu, operator: Exists}\n"
    )
    assert len(config.traits["tolerations"]) == 3
    assert config.traits["tolerations"][2] == {"key": "gpu", "operator": "Exists"}
    assert config.origin("tolerations", 2, "key") == Origin(path, 3)
    assert config.origin("tolerations", 0) == CHART_DEFAULT


def test_no_tolerations_leave_the_trait_alone(tmp_path: Path) -> None:
    config, _ = configure(tmp_path, "scheduling: {userPods: {tolerations: []}}\n")
    assert "tolerations" not in config.traits


# -- storage, lines 255-362 -------------------------------------------------------------------


def test_static_storage_mounts_the_shared_claim_at_the_users_sub_path(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "singleuser:\n  storage:\n    type: static\n    static:\n      pvcName: shared\n",
    )
    assert config.traits["volumes"] == {
        "home": {"name": "home", "persistentVolumeClaim": {"claimName": "shared"}}
    }
    assert config.traits["volume_mounts"] == {
        "home": {"mountPath": "/home/jovyan", "name": "home", "subPath": "{username}"}
    }
    assert "storage_pvc_ensure" not in config.traits
    assert config.origin("volumes", "home", "persistentVolumeClaim", "claimName") == Origin(path, 5)


@pytest.mark.parametrize("claim", ["", "    static: {pvcName: ''}\n"])
def test_static_storage_without_a_claim_names_the_missing_pvc_name(
    tmp_path: Path, claim: str
) -> None:
    # jupyterhub_config.py (storage type static) copies static.pvcName into the home
    # volume's claimName, which the API server requires (validation.go
    # validatePersistentClaimVolumeSource); values.yaml leaves pvcName null.
    config, path = configure(tmp_path, "singleuser:\n  storage:\n    type: static\n" + claim)
    assert errors(config) == [
        f"{path}:3: singleuser.storage.static.pvcName: Required value: storage type static"
        " mounts the claim it names as every user's home; without it the API server refuses"
        " every pod (persistentVolumeClaim.claimName is required)"
    ]
    # the spawn's claimName problem points at the same line, not at the chart default
    assert config.origin("volumes", "home", "persistentVolumeClaim", "claimName") == Origin(path, 3)


def test_no_storage_leaves_no_volumes(tmp_path: Path) -> None:
    config, _ = configure(tmp_path, "singleuser:\n  storage: {type: none}\n")
    assert config.traits["volumes"] == {}
    assert config.traits["volume_mounts"] == {}
    assert "storage_capacity" not in config.traits


def test_dynamic_storage_takes_its_templates_and_sub_path(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "singleuser:\n  storage:\n    homeMountPath: /home/{username}\n    dynamic:\n"
        "      volumeNameTemplate: home\n      subPath: work\n",
    )
    assert config.traits["volumes"] == {
        "home": {"name": "home", "persistentVolumeClaim": {"claimName": "{pvc_name}"}}
    }
    assert config.traits["volume_mounts"] == {
        "home": {"mountPath": "/home/{username}", "name": "home", "subPath": "work"}
    }
    assert config.origin("volume_mounts", "home", "mountPath") == Origin(path, 3)
    assert config.origin("volume_mounts", "home", "subPath") == Origin(path, 6)


def test_extra_volumes_as_a_mapping_join_by_key_and_as_a_list_by_name(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "singleuser:\n  storage:\n    extraVolumes:\n      shm: {name: shm, emptyDir: {}}\n"
        "    extraVolumeMounts:\n      - {name: shm, mountPath: /dev/shm}\n",
    )
    assert config.traits["volumes"]["shm"] == {"name": "shm", "emptyDir": {}}
    assert config.traits["volume_mounts"]["0-shm"] == {"name": "shm", "mountPath": "/dev/shm"}
    assert list(config.traits["volume_mounts"]) == ["volume-{user_server}", "0-shm"]
    assert config.origin("volumes", "shm", "emptyDir") == Origin(path, 4)
    assert config.origin("volume_mounts", "0-shm", "mountPath") == Origin(path, 6)


def test_an_extra_volume_without_a_name_stops_the_hub(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path, "singleuser:\n  storage:\n    extraVolumes:\n      - emptyDir: {}\n"
    )
    (problem,) = config.problems
    assert (problem.reason, problem.origin) == ("Hub fails to start", Origin(path, 4))


def test_extra_files_become_one_secret_volume_and_a_mount_each(tmp_path: Path) -> None:
    # lines 311-340: items and mounts in key order (Helm hands maps over sorted)
    config, path = configure(
        tmp_path,
        "singleuser:\n  extraFiles:\n"
        "    zz-settings:\n      mountPath: /etc/z.json\n      data: {a: 1}\n"
        "    aa-script:\n      mountPath: /usr/local/bin/a.sh\n      mode: 0755\n"
        "      stringData: echo\n",
    )
    assert config.traits["volumes"]["files"] == {
        "name": "files",
        "secret": {
            "secretName": "singleuser",
            "items": [
                {"key": "aa-script", "path": "aa-script", "mode": 0o755},
                {"key": "zz-settings", "path": "zz-settings"},
            ],
        },
    }
    mounts = config.traits["volume_mounts"]
    assert mounts["0-files"] == {"mountPath": "/usr/local/bin/a.sh", "subPath": "aa-script",
                                 "name": "files"}  # fmt: skip
    assert mounts["1-files"]["subPath"] == "zz-settings"
    assert config.origin("volume_mounts", "1-files", "mountPath") == Origin(path, 4)


# -- the cloud metadata blocker, lines 450-482 ----------------------------------------------


def test_the_metadata_blocker_follows_the_users_init_containers(tmp_path: Path) -> None:
    config, _ = configure(
        tmp_path,
        "singleuser:\n  initContainers: [{name: first, image: busybox}]\n"
        "  cloudMetadata: {ip: 10.0.0.1}\n"
        "  networkTools:\n    image: {name: tools, tag: '1'}\n    resources: {limits: {cpu: 1}}\n",
    )
    first, blocker = config.traits["init_containers"]
    assert first == {"image": "busybox", "name": "first"}
    assert blocker["image"] == "tools:1"
    assert "10.0.0.1" in blocker["command"]
    assert blocker["resources"] == {"limits": {"cpu": 1}}


def test_without_blocking_there_is_no_init_container(tmp_path: Path) -> None:
    config, _ = configure(tmp_path, "singleuser:\n  cloudMetadata: {blockWithIptables: false}\n")
    assert config.traits["init_containers"] == []


def test_removed_cloud_metadata_settings_stop_the_hub(tmp_path: Path) -> None:
    # line 452 calls .get on it: a null removes the chart's mapping
    config, path = configure(tmp_path, "singleuser:\n  cloudMetadata: null\n")
    (problem,) = config.problems
    assert (problem.setting, problem.reason, problem.origin) == (
        "singleuser.cloudMetadata",
        "Hub fails to start",
        Origin(path, 2),
    )


# -- hub.config pass-through, lines 499-527 ---------------------------------------------------


def test_hub_config_kubespawner_replaces_what_the_chart_set(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "hub:\n  config:\n    KubeSpawner:\n      init_containers: []\n      mem_limit: 4G\n"
        "singleuser:\n  memory: {limit: 2G}\n",
    )
    assert config.traits["init_containers"] == []
    assert config.traits["mem_limit"] == "4G"
    assert config.origin("mem_limit") == Origin(path, 5)


def test_kubespawners_own_section_wins_over_the_spawner_section(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "hub:\n  config:\n    Spawner:\n      cmd: [spawner-cmd]\n      mem_limit: 9G\n"
        "singleuser:\n  memory: {limit: 2G}\n",
    )
    assert config.traits["cmd"] == ["spawner-cmd"]  # c.Spawner.cmd updated by hub.config
    assert config.origin("cmd") == Origin(path, 4)
    assert config.traits["mem_limit"] == "2G"  # c.KubeSpawner.mem_limit from the chart
    assert config.origin("mem_limit") == Origin(path, 7)


def test_hub_config_jupyterhub_reaches_the_hub_settings_without_secrets(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "hub:\n  allowNamedServers: false\n  config:\n    JupyterHub:\n"
        "      allow_named_servers: true\n      cookie_secret: s3cr3t\n",
    )
    assert config.hub["allow_named_servers"] is True
    assert config.origin("JupyterHub", "allow_named_servers") == Origin(path, 5)
    assert "cookie_secret" not in config.hub
    assert "s3cr3t" not in repr(config)


def test_hub_keys_reach_the_hub_settings(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path, "hub:\n  allowNamedServers: true\n  namedServerLimitPerUser: 3\n  baseUrl: /x/\n"
    )
    assert config.hub["allow_named_servers"] is True
    assert config.hub["named_server_limit_per_user"] == 3
    assert config.hub["base_url"] == "/x/"
    assert config.origin("JupyterHub", "named_server_limit_per_user") == Origin(path, 3)


def test_a_lowercase_hub_config_section_stops_the_hub(tmp_path: Path) -> None:
    config, path = configure(tmp_path, "hub:\n  config:\n    loadRoles: {}\n")
    (problem,) = config.problems
    assert (problem.setting, problem.reason, problem.origin) == (
        "hub.config.loadRoles",
        "Hub fails to start",
        Origin(path, 3),
    )


def test_debug_adds_the_spawners_debug_flag(tmp_path: Path) -> None:
    config, _ = configure(tmp_path, "debug: {enabled: true}\n")  # lines 485-487
    assert config.traits["debug"] is True


# -- Python the hub would run ----------------------------------------------------------------


def test_extra_config_and_config_d_files_are_listed_not_run(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "hub:\n  extraConfig:\n    b-hook: |\n      c.KubeSpawner.modify_pod_hook = f\n"
        "    a-more: 'c.KubeSpawner.uid = 0'\n"
        "  extraFiles:\n    more:\n"
        "      mountPath: /usr/local/etc/jupyterhub/jupyterhub_config.d/x.py\n"
        "      stringData: pass\n",
    )
    assert config.unevaluated == [
        f"hub.extraConfig.a-more ({path}:5)",
        f"hub.extraConfig.b-hook ({path}:3)",
        f"hub.extraFiles.more: /usr/local/etc/jupyterhub/jupyterhub_config.d/x.py ({path}:7)",
    ]
    assert config.traits["uid"] == 1000


# -- the chart's schema ---------------------------------------------------------------------


def test_an_unknown_singleuser_key_is_reported_with_its_line(tmp_path: Path) -> None:
    config, path = configure(tmp_path, "singleuser:\n  memmory:\n    limit: 2G\n")
    (problem,) = config.problems
    assert problem.setting == "singleuser.memmory"
    assert problem.reason == "Unknown field"
    assert problem.origin == Origin(path, 2)
    assert "did you mean 'memory'" in problem.detail


@pytest.mark.parametrize(
    ("key", "where"),
    [
        # z2jh 4.4.0's schema has none of these under singleuser; KubeSpawner 7.1.0's
        # profile_list help names them as keys of a profile and of a profile option
        ("kubespawner_override", "a profile's key: it belongs inside an entry of"),
        ("kubespawnerOverride", "a profile's key: it belongs inside an entry of"),
        ("profile_options", "a profile's key: it belongs inside an entry of"),
        ("unlisted_choice", "a profile option's key: it belongs under"),
        ("choices", "a profile option's key: it belongs under"),
    ],
)
def test_a_profile_key_under_singleuser_says_where_it_belongs(
    tmp_path: Path, key: str, where: str
) -> None:
    config, path = configure(
        tmp_path, f"singleuser:\n  profileList: [{{display_name: A}}]\n  {key}: {{}}\n"
    )
    (problem,) = config.problems
    assert (problem.setting, problem.reason, problem.origin) == (
        f"singleuser.{key}",
        "Unknown field",
        Origin(path, 3),
    )
    assert problem.detail.startswith(
        f"the chart's schema has no such key under singleuser; {key} is {where}"
        " singleuser.profileList"
    )


def test_a_profile_key_as_a_kubespawner_setting_says_where_it_belongs(tmp_path: Path) -> None:
    config, _ = configure(
        tmp_path, "hub:\n  config:\n    KubeSpawner:\n      kubespawner_override: {}\n"
    )
    problems = [str(problem) for problem in hub_spawns(config, ["ann"], [""])[0].problems]
    assert problems == [
        "Unknown setting: KubeSpawner has no setting 'kubespawner_override': the hub warns and"
        " ignores it; kubespawner_override is a profile's key: it belongs inside an entry of"
        f" profile_list (setting kubespawner_override, {config.origin('kubespawner_override')})"
    ]


@pytest.mark.parametrize(
    ("values", "setting", "reason", "line"),
    [
        ("singleuser:\n  uid: '1000'\n", "singleuser.uid", "Wrong type", 2),
        ("singleuser:\n  extraLabels:\n    team: true\n", "singleuser.extraLabels.team",
         "Wrong type", 3),
        ("singleuser:\n  storage:\n    type: dynamc\n", "singleuser.storage.type",
         "Unsupported value", 3),
        ("singleuser:\n  storage:\n    homeMountPath: null\n", "singleuser.storage.homeMountPath",
         "Required value", 3),
        ("singleuser:\n  image: {pullPolicy: always}\n", "singleuser.image.pullPolicy",
         "Unsupported value", 2),
        ("singleuser:\n  extraFiles:\n    f: {data: {}}\n", "singleuser.extraFiles.f.mountPath",
         "Required value", 3),
        ("singleuser:\n  cpu: {limit: '2'}\n", "singleuser.cpu.limit", "Wrong type", 2),
        ("singleUser: {}\n", "singleUser", "Unknown field", 1),
        ("singleuser:\n  storage:\n    dynamic: {storageclass: x}\n",
         "singleuser.storage.dynamic.storageclass", "Unknown field", 3),
    ],
)  # fmt: skip
def test_values_the_charts_schema_refuses_are_problems(
    tmp_path: Path, values: str, setting: str, reason: str, line: int
) -> None:
    config, path = configure(tmp_path, values)
    assert (setting, reason, Origin(path, line)) in {
        (p.setting, p.reason, p.origin) for p in config.problems
    }


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ("singleuser:\n  image: {tag: 1.10}\n", "1.1"),
        ("singleuser:\n  image: {tag: yes}\n", "true"),
    ],
)
def test_a_string_read_as_a_number_or_boolean_asks_for_quotes(
    tmp_path: Path, values: str, shown: str
) -> None:
    # Helm's YAML reads 1.10 as the number 1.1: the message shows what Helm saw and the fix
    config, _ = configure(tmp_path, values)
    (problem,) = config.problems
    assert problem.setting == "singleuser.image.tag" and problem.reason == "Wrong type"
    assert problem.detail == f"{shown}: must be a string: quote it in the values file"


def test_a_parent_charts_section_names_its_full_path(tmp_path: Path) -> None:
    config, path = configure(
        tmp_path,
        "binderhub:\n  jupyterhub:\n    singleuser:\n      uidd: 1\n      uid: 5\n",
        values_path="binderhub.jupyterhub",
    )
    assert config.traits["uid"] == 5
    (problem,) = config.problems
    assert problem.setting == "binderhub.jupyterhub.singleuser.uidd"
    assert problem.origin == Origin(path, 4)


@pytest.mark.parametrize(
    ("values", "hint"),
    [
        ("basehub:\n  jupyterhub: {singleuser: {}}\n", "--values-path basehub.jupyterhub"),
        ("jupyterhub:\n  singleuser: {}\n", "--values-path jupyterhub"),
    ],
)
def test_a_parent_charts_values_read_as_the_charts_own_name_the_values_path(
    tmp_path: Path, values: str, hint: str
) -> None:
    config, path = configure(tmp_path, values)
    (problem,) = config.problems
    assert (problem.reason, problem.origin) == ("Unknown field", Origin(path, 1))
    assert hint in problem.detail
    assert "did you mean" not in problem.detail


@pytest.mark.parametrize(
    "values",
    [
        "imagePullSecret: s3cr3t-password\n",
        "hub: s3cr3t-token\n",
        "singleuser:\n  extraEnv: s3cr3t-key\n",
        "singleuser:\n  extraFiles:\n    f: {mountPath: /f, stringData: [s3cr3t]}\n",
    ],
)
def test_a_value_that_may_be_secret_is_described_not_shown(tmp_path: Path, values: str) -> None:
    config, _ = configure(tmp_path, values)
    assert config.problems
    assert not any("s3cr3t" in str(problem) for problem in config.problems)


def test_a_created_image_pull_secret_needs_its_credentials_as_strings(tmp_path: Path) -> None:
    # values.schema.yaml's if/then: with create true, registry, username and password are
    # required strings and no other key is allowed
    config, path = configure(
        tmp_path,
        "imagePullSecret:\n  create: true\n  username: 12345\n  pasword: s3cr3t\n",
    )
    found = {(p.setting, p.reason, p.origin) for p in config.problems}
    assert found == {
        ("imagePullSecret.registry", "Required value", Origin(path, 1)),
        ("imagePullSecret.username", "Wrong type", Origin(path, 3)),
        ("imagePullSecret.password", "Required value", Origin(path, 1)),
        ("imagePullSecret.pasword", "Unknown field", Origin(path, 4)),
    }
    assert not any(
        "s3cr3t" in str(problem) or "12345" in str(problem) for problem in config.problems
    )
    assert (
        configure(tmp_path, "imagePullSecret:\n  create: false\n  registry: 5\n")[0].problems == []
    )


@pytest.mark.parametrize(
    ("values", "setting", "reason"),
    [
        ("hub:\n  allowNamedServers: 'yes'\n", "hub.allowNamedServers", "Wrong type"),
        ("hub:\n  namedServerLimitPerUser: 2.5\n", "hub.namedServerLimitPerUser", "Wrong type"),
        ("hub:\n  allowNamedServer: true\n", "hub.allowNamedServer", "Unknown field"),
        ("hub:\n  extraFiles:\n    x: {stringData: a}\n", "hub.extraFiles.x.mountPath",
         "Required value"),
        ("scheduling:\n  userScheduler:\n    enable: false\n", "scheduling.userScheduler.enable",
         "Unknown field"),
        ("scheduling:\n  podPriority:\n    enabled: 'true'\n", "scheduling.podPriority.enabled",
         "Wrong type"),
        ("debug:\n  enabled: 1\n", "debug.enabled", "Wrong type"),
    ],
)  # fmt: skip
def test_hub_and_scheduling_keys_the_chart_reads_are_checked_by_its_schema(
    tmp_path: Path, values: str, setting: str, reason: str
) -> None:
    config, path = configure(tmp_path, values)
    assert (setting, reason) in {(p.setting, p.reason) for p in config.problems}
    assert all(p.origin.file == path for p in config.problems)


def test_a_spawner_setting_that_kubespawners_section_overrides_is_a_warning(
    tmp_path: Path,
) -> None:
    # the chart always sets c.KubeSpawner.environment (line 176, extraEnv default {}), so a
    # hub.config.Spawner.environment never arrives
    config, path = configure(
        tmp_path, "hub:\n  config:\n    Spawner:\n      environment: {A: '1'}\n"
    )
    assert config.traits["environment"] == {}
    (problem,) = config.problems
    assert (problem.setting, problem.reason, problem.warning) == ("environment", "Overridden", True)
    assert problem.origin == Origin(path, 4)
    assert "chart default" in problem.detail

"""Generated settings, profiles and choices, each spawn compared with KubeSpawner 7.1.0.

The hand-written corpus (test_hub_oracle.py) covers each feature once; this draws
combinations of them, valid and invalid values alike, from a fixed seed: settings mixed
with profile overrides, merges and deletions, option choices and unlisted values, for
awkward user and server names. One batch through KubeSpawner for all of them.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from kubespawner.objects._hub.config import SpawnerConfig
from kubespawner.objects._hub.matrix import SAMPLE_USERS
from kubespawner.objects._hub.spawner import spawn

from .kubespawner_envs import NEWEST
from .oracle.compare import assert_same_spawn, oracle_spawns

SEED = 20261202
COUNT = 240

# Candidate values per setting: what admins write, right and wrong.
VALUES: dict[str, list[Any]] = {
    "image": ["quay.io/jupyter/base-notebook:2024-12-02", "jupyter/r:1", 5],
    "mem_limit": ["1G", "512M", 2**30, "1.5G", "1Gi", None],
    "mem_guarantee": ["256M", "4G", None],
    "cpu_limit": [1, 0.5, 2.5, "1", None],
    "cpu_guarantee": [0.1, 4, None],
    "uid": [1000, 0, "1000", None],
    "fs_gid": [100, None],
    "cmd": ["start.sh", ["jupyterhub-singleuser", "--debug"], None],
    "args": [["--a"], "--b", []],
    "extra_labels": [{"team": "x"}, {"owner": "{username}"}, {"bad key!": "x"}, {"u": None}],
    "extra_annotations": [{"who": "{unescaped_username} on {servername}"}, {}],
    "environment": [
        {"A": "1"},
        {"HOME_DIR": "/home/{username}", "N": None},
        {"R": {"valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}},
        {"NUM": 5},
    ],
    "volumes": [
        [{"name": "home", "persistentVolumeClaim": {"claimName": "{pvc_name}"}}],
        {"b": {"name": "b", "emptyDir": {}}, "a": {"name": "a", "emptyDir": {}}},
        [],
    ],
    "volume_mounts": [
        [{"name": "home", "mountPath": "/home/{username}"}],
        {"b": {"name": "b", "mountPath": "/b"}, "a": {"name": "a", "mountPath": "/a"}},
        [],
    ],
    "node_selector": [{"pool": "user"}, {"pool": "{username}"}],
    "tolerations": [
        [{"key": "gpu", "operator": "Exists"}],
        {"t": {"key": "a", "operator": "Exists"}},
    ],
    "working_dir": ["/home/{username}", None],
    "pod_name_template": [
        "jupyter-{username}--{servername}",
        "nb-{user_server}",
        "{unescaped_username}",
    ],
    "pvc_name_template": ["claim-{username}{servername}", "data-{user_server}"],
    "slug_scheme": ["safe", "escape"],
    "storage_pvc_ensure": [True, False],
    "storage_capacity": ["1Gi", "10G", None],
    "storage_class": ["standard", "", None],
    "service_account": ["sa-{username}", None],
    "allow_privilege_escalation": [True, False, None],
    "privileged": [False, True],
    "lifecycle_hooks": [{"postStart": {"exec": {"command": ["true"]}}}, {}],
    "init_containers": [
        [{"name": "i", "image": "busybox:1", "command": ["echo", "{username}"]}],
        [],
    ],
    "extra_pod_config": [{"hostname": "{username}"}, {"dnsPolicy": "Default"}, {}],
    "extra_container_config": [{"stdin": True}, {}],
    "default_url": ["/lab", "/user/{username}/tree", ""],
    "priority_class_name": ["users", ""],
    "image_pull_secrets": [["reg"], "single", [{"name": "a"}]],
}
USERS = [*SAMPLE_USERS, "0day", "ÄÖÜ"]
SERVERS = ["", "gpu", "Named Server", "x" * 50]


def _pick(generator: random.Random, count: int) -> dict[str, Any]:
    names = generator.sample(sorted(VALUES), count)
    return {name: generator.choice(VALUES[name]) for name in names}


def _profile(generator: random.Random, number: int) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "display_name": f"Profile {number} {generator.choice(['', 'Ü', 'GPU!'])}"
    }
    if generator.random() < 0.3:
        profile["default"] = True
    profile["kubespawner_override"] = _pick(generator, generator.randint(0, 3))
    if generator.random() < 0.5:
        choices = {
            f"c{index}": {"display_name": f"C{index}", "kubespawner_override": _pick(generator, 2)}
            for index in range(generator.randint(1, 3))
        }
        option: dict[str, Any] = {"display_name": "Option", "choices": choices}
        if generator.random() < 0.5:
            option["unlisted_choice"] = {
                "enabled": generator.random() < 0.8,
                "validation_regex": generator.choice([None, "^[a-z]+$"]),
                "kubespawner_override": {"extra_labels": {"picked": "{value}"}},
            }
        profile["profile_options"] = {"size": option}
    return profile


def _requests() -> list[dict[str, Any]]:
    generator = random.Random(SEED)
    requests = []
    for _ in range(COUNT):
        traits = _pick(generator, generator.randint(0, 8))
        profiles = [_profile(generator, number) for number in range(generator.randint(0, 3))]
        if profiles and generator.random() < 0.2:
            traits["profile_list"] = {f"key{index}": item for index, item in enumerate(profiles)}
        elif profiles:
            traits["profile_list"] = profiles
        options: dict[str, Any] = {}
        if profiles and generator.random() < 0.7:
            options["profile"] = generator.choice([*(f"profile-{n}" for n in range(3)), "nope"])
            roll = generator.random()
            if roll < 0.3:
                options["size"] = generator.choice(["c0", "c1", "c9"])
            elif roll < 0.5:
                options["size--unlisted-choice"] = generator.choice(["xl", "XL!"])
        requests.append(
            {
                "traits": traits,
                "user": generator.choice(USERS),
                "server": generator.choice(SERVERS),
                "user_options": options,
                "namespace": generator.choice(["jhub", "default"]),
            }
        )
    return requests


REQUESTS = _requests()


@pytest.fixture(scope="module")
def answers() -> list[dict[str, Any]]:
    return oracle_spawns(REQUESTS)


def test_generated_spawns_match_kubespawner(answers: list[dict[str, Any]]) -> None:
    outcomes = {"built": 0, "failed": 0}
    for number, (request, answer) in enumerate(zip(REQUESTS, answers, strict=True)):
        traits = json.loads(json.dumps(request["traits"]))
        config = SpawnerConfig(traits=traits, kubespawner=NEWEST)  # what the oracle runs
        ours = spawn(
            config,
            request["user"],
            request["server"],
            request["user_options"],
            namespace=request["namespace"],
        )
        try:
            assert_same_spawn(ours, answer)
        except AssertionError as error:
            raise AssertionError(f"request {number}: {json.dumps(request)}\n{error}") from None
        outcomes["failed" if "error" in answer else "built"] += 1
    # the generator makes both kinds in numbers, or the comparison says little
    assert min(outcomes.values()) >= COUNT // 6, outcomes

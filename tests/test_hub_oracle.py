"""Every spawn of the corpus equals jupyterhub-kubespawner's own, or is refused for a reason
the API server or KubeSpawner itself would give, for each release emulated (7.0.0 and 7.1.0).

The corpus (tests/data/hub_spawner_corpus.yaml) runs in one batch per release through
KubeSpawner in its own cached environment (tests/oracle/). Per spawn: where KubeSpawner fails,
we report a problem; where both build, the objects are equal (tests/oracle/compare.py says what
"equal" ignores); where only KubeSpawner builds, the API server's rules refuse what it built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects._hub.config import CHART_KUBESPAWNER, SpawnerConfig
from kubespawner.objects._hub.env_keep import KEPT
from kubespawner.objects._hub.matrix import SAMPLE_SERVER, SAMPLE_USERS
from kubespawner.objects._hub.spawner import JUPYTERHUB_VERSION, Spawn, spawn
from kubespawner.objects._hub.traits import RELEASES

from .oracle.compare import assert_same_spawn, oracle_spawns

CORPUS = Path(__file__).parent / "data" / "hub_spawner_corpus.yaml"
# the hub command's own sample users, and a few more awkward names
USERS = [*SAMPLE_USERS, "Bob.Smith@example.org", "Ünïcode-名前", "0day"]
SERVERS = ["", "gpu-1", SAMPLE_SERVER]


def _requests() -> list[tuple[str, dict[str, Any]]]:
    cases = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    requests = []
    for case in cases:
        for options in case.get("user_options", [{}]):
            for user in case.get("users", USERS):
                for server in case.get("servers", SERVERS):
                    request = {
                        "traits": case["traits"],
                        "user": user,
                        "server": server,
                        "user_options": options,
                        "namespace": "jhub",
                        # the hub's own variables, at the text we stand in with for them
                        "hub_environ": {name: KEPT for name in case.get("hub_environ", [])},
                        "before_start": True,
                    }
                    requests.append((case["name"], request))
    return requests


REQUESTS = _requests()


@pytest.fixture(scope="module", params=RELEASES)
def release(request: pytest.FixtureRequest) -> str:
    """A KubeSpawner release: KubeSpawner's answers and ours are those of the same one."""
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def oracle(release: str) -> list[dict[str, Any]]:
    return oracle_spawns([request for _, request in REQUESTS], release)


def _ours(request: dict[str, Any], release: str) -> Spawn:
    traits = json.loads(json.dumps(request["traits"]))
    config = SpawnerConfig(traits=traits, kubespawner=release)
    return spawn(config, request["user"], request["server"], request["user_options"])


@pytest.mark.parametrize("index", range(len(REQUESTS)), ids=[name for name, _ in REQUESTS])
def test_spawn_matches_kubespawner(index: int, release: str, oracle: list[dict[str, Any]]) -> None:
    assert_same_spawn(_ours(REQUESTS[index][1], release), oracle[index])


def test_the_pods_name_the_jupyterhub_of_the_chart_image() -> None:
    # The environments pin the hub images' JupyterHub, whose version the pods name (the
    # comparison above reads that annotation whole, for both releases).
    request = {"traits": {}, "user": "alice", "server": "", "user_options": {}}
    [answer] = oracle_spawns([{**request, "namespace": "jhub"}], CHART_KUBESPAWNER)
    annotations = answer["pod"]["metadata"]["annotations"]
    assert annotations["hub.jupyter.org/jupyterhub-version"] == JUPYTERHUB_VERSION
    ours = _ours(request, CHART_KUBESPAWNER).objects[-1]["metadata"]["annotations"]
    assert ours["hub.jupyter.org/jupyterhub-version"] == JUPYTERHUB_VERSION


def test_kept_variables_sit_where_kubespawner_puts_them(release: str) -> None:
    # The comparison above reads the env as a mapping; here its order, which KubeSpawner's
    # make_pod sorts (by dependency, then name): the kept variables among JupyterHub's own.
    kept = ["ZZ_LAST", "PATH", "AA_FIRST", "JUPYTERHUB_API_TOKEN", "MEM_LIMIT", "CPU_LIMIT"]
    request = {
        "traits": {"env_keep": kept, "mem_limit": "1G", "environment": {"REF": "$(PATH):/x"}},
        "user": "alice",
        "server": "",
        "user_options": {},
        "namespace": "jhub",
        "hub_environ": dict.fromkeys(kept, KEPT),
    }
    [answer] = oracle_spawns([request], release)

    def entries(pod: dict[str, Any]) -> list[tuple[str, Any]]:
        env = pod["spec"]["containers"][0]["env"]
        return [(entry["name"], entry.get("value")) for entry in env]

    theirs = entries(answer["pod"])
    ours = entries(_ours(request, release).objects[-1])
    assert [name for name, _ in ours] == [name for name, _ in theirs]
    # JupyterHub's own token and client id are made at spawn time: compared by name only
    made = {"JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTERHUB_CLIENT_ID"}
    by_name = {name: value for name, value in ours if name not in made}
    assert by_name == {name: value for name, value in theirs if name in by_name}
    assert by_name["PATH"] == by_name["CPU_LIMIT"] == KEPT

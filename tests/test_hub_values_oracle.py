"""The whole loop: values files -> the chart's settings (ours) -> spawns (ours), compared
with KubeSpawner spawning from the same settings: 7.0.0, the release the chart's hub image
ships and the settings' default. The values corpus is the chart layer's
(tests/data/hub_values_corpus.yaml): every singleuser key and profile feature."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects import chart_spawner_config, hub_spawns
from kubespawner.objects._hub.config import CHART_KUBESPAWNER, SpawnerConfig
from kubespawner.objects._hub.spawner import spawn

from .oracle.compare import assert_same_spawn, oracle_spawns
from .test_hub_values_corpus import CASES, case_config

USERS = ["alice", "Bob.Smith@example.org"]
SERVERS = ["", "gpu-1"]


def _spawns(directory: Path) -> list[tuple[str, SpawnerConfig, dict[str, Any]]]:
    spawns = []
    for number, case in enumerate(CASES):
        folder = directory / str(number)
        folder.mkdir()
        config = case_config(case, folder)
        for options in case.get("user_options", [{}]):
            for user in case.get("users", USERS):
                for server in case.get("servers", SERVERS):
                    request = {
                        "traits": config.traits,
                        "user": user,
                        "server": server,
                        "user_options": options,
                        "namespace": "jhub",
                        "hub": config.hub,
                    }
                    spawns.append((case["name"], config, request))
    return spawns


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, ...]]:
    spawns = _spawns(tmp_path_factory.mktemp("values"))
    # the oracle gets plain JSON: what a hub's configuration can hold
    assert {config.kubespawner for _, config, _ in spawns} == {CHART_KUBESPAWNER}
    requests = [json.loads(json.dumps(request)) for _, _, request in spawns]
    answers = oracle_spawns(requests, CHART_KUBESPAWNER)
    return [(*spawn_, answer) for spawn_, answer in zip(spawns, answers, strict=True)]


def test_the_corpus_spawns_as_kubespawner_does(pairs: list[tuple[Any, ...]]) -> None:
    assert pairs
    for name, config, request, answer in pairs:
        ours = spawn(config, request["user"], request["server"], request["user_options"])
        try:
            assert_same_spawn(ours, answer)
        except AssertionError as error:
            raise AssertionError(f"case {name!r}, {ours.name}: {error}") from None


def test_the_documented_example_matrix_spawns_as_kubespawner_does() -> None:
    # every spawn the hub command checks for examples/hub-values.yaml, unlisted value included
    example = Path(__file__).parent.parent / "examples" / "hub-values.yaml"
    config = chart_spawner_config([str(example)])
    spawns = hub_spawns(config, unlisted={"image": "quay.io/jupyter/julia-notebook:2024-12-02"})
    requests = [
        {
            "traits": json.loads(json.dumps(config.traits)),
            "user": result.user,
            "server": result.server,
            "user_options": result.user_options,
            "namespace": "jhub",
            "hub": config.hub,
        }
        for result in spawns
    ]
    answers = oracle_spawns(requests, config.kubespawner)
    for result, answer in zip(spawns, answers, strict=True):
        assert_same_spawn(result, answer)
    assert all(result.objects and not result.problems for result in spawns)

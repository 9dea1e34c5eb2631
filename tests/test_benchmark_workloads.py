"""The benchmark compares like with like: every way it builds an object gives the same manifest.

No timing here; this keeps the floor (a literal dict) honest as the project changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import workloads
from kubespawner.objects import to_yaml, validate
from kubespawner.objects._cli.main import main

from .conftest import assert_schema_valid


@pytest.mark.parametrize("workload", list(workloads.WORKLOADS))
def test_every_contender_builds_the_same_manifest(workload: str) -> None:
    manifest = workloads.manifest_only(workload)()
    assert workloads.via_model(workload)() == manifest
    assert workloads.floor(workload)() == manifest
    assert validate(manifest) == []
    assert_schema_valid(manifest)


def test_the_floor_builds_a_fresh_dict_each_call() -> None:
    build = workloads.floor("full pod")
    first, second = build(), build()
    assert first == second
    assert first is not second
    assert first["spec"]["containers"] is not second["spec"]["containers"]


def test_bulk_users_get_their_own_pods() -> None:
    alice = workloads.manifest_only("full pod")()
    bob = workloads.make_pod_manifest(**workloads.full_pod_arguments("bob"))
    assert bob["metadata"]["name"] == "jupyter-bob"
    assert bob != alice


def test_the_command_renders_the_same_full_pod(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "full-pod.json"
    config.write_text(json.dumps(workloads.cli_config()))
    assert main(["render", str(config), "--user", workloads.USER]) == 0
    assert capsys.readouterr().out == to_yaml(workloads.manifest_only("full pod")())


def test_the_hub_workload_is_the_issues_size_and_clean(tmp_path: Path) -> None:
    from kubespawner.objects import hub_spawns
    from kubespawner.objects._hub.chart import chart_spawner_config

    values = workloads.hub_values()
    profiles = values["singleuser"]["profileList"]
    choices = [
        choice
        for profile in profiles
        for option in profile.get("profile_options", {}).values()
        for choice in option["choices"]
    ]
    assert (len(profiles), len(choices)) == (9, 26)
    path = tmp_path / "values.yaml"
    path.write_text(json.dumps(values))
    spawns = hub_spawns(chart_spawner_config([str(path)]))
    # every spawn is timed as a real one: built, checked, and without a problem
    assert len(spawns) == 336
    assert [str(problem) for spawn in spawns for problem in spawn.problems] == []
    assert all(spawn.objects for spawn in spawns)

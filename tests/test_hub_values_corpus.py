"""The values corpus (tests/data/hub_values_corpus.yaml): every case is a configuration the
chart installs, and together the cases set every ``singleuser`` key of the chart's schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects._hub.chart import chart_spawner_config
from kubespawner.objects._hub.config import SpawnerConfig

CORPUS = Path(__file__).parent / "data" / "hub_values_corpus.yaml"
SCHEMA = (
    Path(__file__).parent.parent / "src" / "kubespawner" / "objects" / "_hub" / "chart_schema.yaml"
)
CASES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def case_config(case: dict[str, Any], directory: Path) -> SpawnerConfig:
    """The settings the chart gives a hub installed with the case's values files."""
    paths = []
    for index, values in enumerate(case["files"]):
        path = directory / f"{index}.yaml"
        path.write_text(yaml.safe_dump(values, sort_keys=False))
        paths.append(str(path))
    return chart_spawner_config(
        paths, case.get("values_path"), release=case.get("release", "jupyterhub")
    )


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_every_case_is_values_the_chart_takes(case: dict[str, Any], tmp_path: Path) -> None:
    config = case_config(case, tmp_path)
    assert [str(problem) for problem in config.problems] == []


def _schema_keys(rule: Any, path: tuple[str, ...]) -> set[tuple[str, ...]]:
    keys = {path}
    if isinstance(rule, dict):
        for key, sub in rule.items():
            if key != "*":
                keys |= _schema_keys(sub, (*path, key.removesuffix("!")))
    return keys


def _set_keys(value: Any, path: tuple[str, ...]) -> set[tuple[str, ...]]:
    keys = {path}
    if isinstance(value, dict):
        for key, sub in value.items():
            keys |= _set_keys(sub, (*path, key))
    return keys


def test_the_corpus_sets_every_singleuser_key_of_the_schema() -> None:
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    wanted = _schema_keys(schema["singleuser!"], ("singleuser",))
    written: set[tuple[str, ...]] = set()
    for case in CASES:
        for values in case["files"]:
            section = values
            for key in filter(None, case.get("values_path", "").split(".")):
                section = section.get(key, {})
            written |= _set_keys(section, ())
    # networkPolicy shapes the NetworkPolicy objects, not pods: setting it once is enough
    missing = {key for key in wanted - written if key[:2] != ("singleuser", "networkPolicy")}
    assert missing == set()

"""KubeSpawner's settings checked as traitlets checks them: hand-written cases from the
trait types of jupyterhub-kubespawner 7.1.0 and JupyterHub, then every trait of our table
given a set of values, compared with what KubeSpawner's own constructor does with them."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from kubespawner.objects._hub.traits import (
    TRAITS,
    TraitValueError,
    check_trait,
    default,
    traits_of,
)

from .kubespawner_envs import reference_python, run_json
from .oracle.compare import RUNNER


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # JupyterHub's ByteSpecification: K, M, G, T are powers of 1024
        ("7.234G", 7767448354),
        ("1K", 1024),
        ("1.5M", 1572864),
        ("2T", 2 * 1024**4),
        (512, 512),
        (1.9, 1),  # int() of a float
    ],
)
def test_memory_is_read_as_a_byte_specification(text: Any, number: int) -> None:
    assert check_trait("mem_limit", text) == number


@pytest.mark.parametrize("text", ["1Gi", "1GB", "G", "1g", "lots", "nanK"])
def test_memory_refuses_kubernetes_and_other_suffixes(text: str) -> None:
    with pytest.raises(TraitValueError, match=r"memory specification|bytes"):
        check_trait("mem_limit", text)


def test_kubernetes_suffix_gets_a_hint() -> None:
    with pytest.raises(TraitValueError, match=r"write 1G$"):
        check_trait("mem_limit", "1Gi")
    with pytest.raises(TraitValueError, match=r"write 2M$"):
        check_trait("mem_limit", "2MB")


def test_environment_of_the_wrong_type_is_not_shown() -> None:
    # singleuser.extraEnv written as "DB_PASSWORD=..." (a string, not a mapping)
    with pytest.raises(TraitValueError) as raised:
        check_trait("environment", "DB_PASSWORD=s3cr3t")
    assert str(raised.value) == "expected a dict, not a str (not shown: it may hold secrets)"


def test_cpu_is_a_float_and_never_a_quantity_string() -> None:
    assert check_trait("cpu_limit", 2) == 2.0
    with pytest.raises(TraitValueError, match="expected a float, not the str"):
        check_trait("cpu_limit", "500m")


@pytest.mark.parametrize(
    ("name", "text", "hint"),
    [
        # Kubernetes writes CPUs as 500m; KubeSpawner's cpu_limit is a traitlets Float.
        ("cpu_limit", "500m", ": write the number 0.5, not text"),
        ("cpu_guarantee", "2", ": write the number 2, not text"),
        ("cpu_guarantee", " 0.250 ", ": write the number 0.25, not text"),
        ("start_timeout", "300", ": write the number 300, not text"),
        # No number, or none of the trait's kind: the refusal alone.
        ("start_timeout", "1.5", ""),
        ("start_timeout", "500m", ""),
        ("cpu_limit", "two", ""),
        ("cpu_limit", "1e3", ""),
    ],
)
def test_a_number_written_as_text_gets_the_number_to_write(name: str, text: str, hint: str) -> None:
    with pytest.raises(TraitValueError) as raised:
        check_trait(name, text)
    assert str(raised.value).endswith(f"not the str {json.dumps(text)}{hint}")


def test_union_traits_take_any_of_their_types() -> None:
    assert check_trait("volumes", {"a": {"name": "a"}}) == {"a": {"name": "a"}}
    assert check_trait("uid", None) is None
    with pytest.raises(TraitValueError, match="expected an int or a callable"):
        check_trait("uid", "1000")
    assert check_trait("cmd", "start.sh") == ["start.sh"]


def test_defaults_are_fresh_copies() -> None:
    labels = default("common_labels")
    labels["x"] = "y"
    assert "x" not in default("common_labels")


SAMPLES: list[Any] = [
    None,
    True,
    0,
    7,
    1.5,
    "text",
    "2G",
    [],
    ["a"],
    [{"name": "a"}],
    {},
    {"a": "b"},
]
# port 0 becomes 8888 in KubeSpawner's constructor, not in traitlets (the spawns do it).
PAIRS = [
    [name, value]
    for name in sorted(TRAITS)
    for value in SAMPLES
    if not (name == "port" and value == 0)
]


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float):
        return math.isclose(ours, theirs)
    return bool(ours == theirs) and type(ours) is type(theirs)


def test_every_trait_accepts_and_refuses_as_kubespawner_does() -> None:
    answers = run_json(reference_python(), RUNNER, {"traits": PAIRS})
    differences = []
    for (name, value), answer in zip(PAIRS, answers, strict=True):
        try:
            ours: Any = {"value": check_trait(name, value)}
        except TraitValueError as error:
            ours = {"error": str(error)}
        if "error" in answer or "error" in ours:
            if ("error" in answer) != ("error" in ours):
                differences.append((name, value, ours, answer))
        elif not _same(ours["value"], answer["value"]):
            differences.append((name, value, ours, answer))
    assert differences == [], "\n".join(map(repr, differences))


# What 7.1.0 changed (kubespawner PRs #825 and #919): these traits, each given every sample,
# against 7.0.0's own constructor; a trait 7.0.0 lacks reads as an error on both sides.
CHANGED_IN_7_1_0 = ["profile_list", "slow_spawn_message", "slow_spawn_message_threshold"]


def test_the_traits_7_1_0_changed_are_checked_as_7_0_0_checks_them() -> None:
    pairs = [[name, value] for name in CHANGED_IN_7_1_0 for value in SAMPLES]
    answers = run_json(reference_python("7.0.0"), RUNNER, {"traits": pairs})
    table = traits_of("7.0.0")
    differences = []
    for (name, value), answer in zip(pairs, answers, strict=True):
        try:
            ours: Any = {"value": check_trait(name, value, "7.0.0")} if name in table else {}
        except TraitValueError as error:
            ours = {"error": str(error)}
        same_outcome = ("error" in answer) == ("value" not in ours)
        if not same_outcome or ("value" in ours and not _same(ours["value"], answer["value"])):
            differences.append((name, value, ours, answer))
    assert differences == [], "\n".join(map(repr, differences))
    # the one difference in what a values file can give profile_list
    assert "error" in answers[pairs.index(["profile_list", {}])]
    newest = run_json(reference_python(), RUNNER, {"traits": [["profile_list", {}]]})
    assert newest == [{"value": {}}]


def test_an_unknown_release_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"jupyterhub-kubespawner 6\.2\.0 is not emulated"):
        traits_of("6.2.0")

"""Names made as KubeSpawner 7.1.0 makes them: hand-written cases, then the same functions
compared with KubeSpawner's own ``kubespawner.slugs`` over generated names."""

from __future__ import annotations

import random

import pytest

from kubespawner.objects._hub.slugs import (
    escape_slug,
    is_label_value,
    multi_slug,
    profile_slug,
    safe_slug,
)

from .kubespawner_envs import reference_python, run_json
from .oracle.compare import RUNNER


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("alice", "alice"),  # valid DNS labels stay as they are
        ("jupyter-alice", "jupyter-alice"),
        # not valid: readable part, "---", 8 hex digits of sha256("Alice")
        ("Alice", "alice---3bc51062"),
        # "--" is reserved for the user--server join, so it is hashed even when valid
        ("a--b", "a-b---90827a2e"),
    ],
)
def test_safe_slug(name: str, slug: str) -> None:
    assert safe_slug(name) == slug


def test_safe_slug_starts_with_a_letter_and_fits() -> None:
    slug = safe_slug("0day", max_length=48)
    assert slug.startswith("x-0day---")
    long = safe_slug("x" * 70, max_length=48)
    assert len(long) <= 48 and long.endswith("---" + long[-8:])


def test_label_slug_keeps_case_and_dots() -> None:
    # label values may hold uppercase and dots, so such names stay as they are
    assert safe_slug("Alice.Smith", is_label_value) == "Alice.Smith"
    assert safe_slug("", is_label_value) == ""


def test_escape_slug_escapes_to_lowercase() -> None:
    # escapism: '-' then the hex of each UTF-8 byte; the result is then lowercased
    assert escape_slug("Alice") == "-41lice"
    assert escape_slug("a.b") == "a-2eb"


def test_multi_slug_joins_with_one_hash() -> None:
    slug = multi_slug(("alice", "gpu"))
    assert slug.startswith("alice--gpu---") and len(slug) == len("alice--gpu---") + 8


def test_profile_slug_is_python_slugify() -> None:
    assert profile_slug("Data Science Ümlaut Ω") == "data-science-umlaut-o"


def _names() -> list[list[str]]:
    generator = random.Random(7)
    alphabet = "abcXYZ019-_.@ üé名-"
    names = ["", "a", "-", "--", "a" * 63, "a" * 64, "Ω" * 30, "user@example.org", "x--y"]
    names += ["".join(generator.choices(alphabet, k=generator.randint(1, 80))) for _ in range(300)]
    servers = ["", "gpu", "Named Server", "s" * 60]
    return [[name, servers[index % len(servers)]] for index, name in enumerate(names)]


def test_slugs_equal_kubespawners_own() -> None:
    pairs = _names()
    theirs = run_json(reference_python(), RUNNER, {"slugs": pairs})
    for (name, server), expected in zip(pairs, theirs, strict=True):
        ours = {
            "safe": safe_slug(name, max_length=48),
            "label": safe_slug(name, is_label_value),
            "multi": multi_slug((name, server), max_length=48),
            "escape": escape_slug(name),
            "profile": profile_slug(name),
        }
        assert ours == expected, (name, server)

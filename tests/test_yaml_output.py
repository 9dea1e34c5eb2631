"""to_yaml gives YAML that loads back to the same manifest, whatever the text in it."""

from __future__ import annotations

import pytest
import yaml

from kubespawner.objects import make_pod_manifest, to_yaml

from .workloads import BASE_POD

TEXTS = [
    "multi\nline\n",
    "multi\n\nline  \n trailing",
    "no",
    "1e3",
    "0o17",
    "~",
    "",
    " leading space",
    "# not a comment",
    "key: value",
    "- not a list",
    "\ttab",
    "über ☃",
    "emoji 😀",
    "next\x85line",
    "line\u2028separator",
    "x" * 300,
]


@pytest.mark.parametrize("text", TEXTS)
def test_any_annotation_text_survives_yaml(text: str) -> None:
    manifest = make_pod_manifest(**BASE_POD, annotations={"example.org/note": text})
    assert yaml.safe_load(to_yaml(manifest)) == manifest


def test_yaml_keeps_key_order_and_block_style() -> None:
    text = to_yaml(make_pod_manifest(**BASE_POD, env={"MULTI": "a\nb"}))
    assert text.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n  name: jupyter-alice\n")
    assert "value: |-\n" in text

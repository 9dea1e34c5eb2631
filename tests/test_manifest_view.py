"""manifest_view: a dict that already is its own manifest is read as it is, anything else copied."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kubespawner.objects import make_pod_manifest, to_manifest
from kubespawner.objects._core.manifest import manifest_view

from .workloads import full_pod_arguments

POD: dict[str, Any] = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "p", "labels": {"app": "jupyterhub"}},
    "spec": {
        "containers": [
            {
                "name": "notebook",
                "image": "jupyter/base:1",
                "ports": [{"containerPort": 8888}],
                "resources": {"limits": {"cpu": "2"}},
            }
        ],
        "terminationGracePeriodSeconds": 1,
    },
}


def test_a_built_pod_is_its_own_manifest() -> None:
    for pod in (make_pod_manifest(**full_pod_arguments()), POD):
        assert manifest_view(pod) is pod
        assert to_manifest(pod) == pod


def change(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    pod = copy.deepcopy(POD)
    edit(pod)
    return pod


# Each of these is something to_manifest's copy changes or refuses.
DIFFERENT = {
    "None value": change(lambda pod: pod["metadata"].update(namespace=None)),
    "tuple": change(lambda pod: pod["spec"].update(containers=tuple(pod["spec"]["containers"]))),
    "snake_case key": change(
        lambda pod: pod["spec"].update(
            termination_grace_period_seconds=pod["spec"].pop("terminationGracePeriodSeconds")
        )
    ),
    "quantity as a number": change(
        lambda pod: pod["spec"]["containers"][0]["resources"]["limits"].update(cpu=2)
    ),
    "boolean for an integer": change(
        lambda pod: pod["spec"]["containers"][0]["ports"][0].update(containerPort=True)
    ),
    "required field missing": change(lambda pod: pod["spec"]["containers"][0].pop("name")),
    "unknown field": change(lambda pod: pod["spec"].update(containerz=[])),
    "label key not a string": change(lambda pod: pod["metadata"]["labels"].update({1: "x"})),
    "snake_case apiVersion": change(lambda pod: pod.update(api_version=pod.pop("apiVersion"))),
    "kind of no table": change(lambda pod: pod.update(kind="ConfigMap")),
    "no apiVersion": change(lambda pod: pod.pop("apiVersion")),
}


@pytest.mark.parametrize("name", sorted(DIFFERENT))
def test_anything_else_goes_through_to_manifest(name: str) -> None:
    pod = DIFFERENT[name]
    try:
        expected = to_manifest(pod)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)) as caught:
            manifest_view(pod)
        assert str(caught.value) == str(error)
        return
    view = manifest_view(pod)
    assert view is not pod
    assert view == expected

"""Property test: a pod that uses every rule family, with any part replaced by junk.

Whatever value lands wherever (a list where a name belongs, a mapping where a
key belongs, numbers, nulls), ``validate`` returns problems and never raises.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects import make_pod_manifest, validate

from .workloads import full_pod_arguments


def rich_pod() -> dict[str, Any]:
    """The full pod, plus the fields only hand-written manifests set."""
    pod = make_pod_manifest(**full_pod_arguments())
    spec = pod["spec"]
    container = spec["containers"][0]
    container["volumeDevices"] = [{"name": "block", "devicePath": "/dev/block"}]
    container["resizePolicy"] = [{"resourceName": "cpu", "restartPolicy": "NotRequired"}]
    container["resources"]["claims"] = [{"name": "gpu", "request": "one"}]
    container["env"].append(
        {
            "name": "CPU",
            "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}},
        }
    )
    selector = {"matchLabels": {"a": "b"}, "matchExpressions": [{"key": "c", "operator": "Exists"}]}
    spec["volumes"].append({"name": "block", "persistentVolumeClaim": {"claimName": "block"}})
    spec.update(
        {
            "resourceClaims": [{"name": "gpu", "resourceClaimName": "gpu-claim"}],
            "hostAliases": [{"ip": "10.0.0.1", "hostnames": ["db"]}],
            "dnsConfig": {
                "nameservers": ["10.0.0.2"],
                "searches": ["a.b"],
                "options": [{"name": "x"}],
            },
            "os": {"name": "windows"},
            "resources": {"limits": {"cpu": "4"}, "requests": {"cpu": "2"}},
            "overhead": {"cpu": "100m"},
            "schedulingGates": [{"name": "example.com/wait"}],
            "readinessGates": [{"conditionType": "example.com/ready"}],
            "topologySpreadConstraints": [
                {
                    "maxSkew": 1,
                    "topologyKey": "zone",
                    "whenUnsatisfiable": "DoNotSchedule",
                    "labelSelector": selector,
                    "matchLabelKeys": ["a"],
                }
            ],
            "affinity": {
                "podAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        {
                            "topologyKey": "zone",
                            "labelSelector": selector,
                            "matchLabelKeys": ["a"],
                            "mismatchLabelKeys": ["b"],
                        }
                    ]
                }
            },
        }
    )
    spec["securityContext"]["windowsOptions"] = {"hostProcess": True, "runAsUserName": "a\\b"}
    pod["metadata"]["annotations"].update(
        {
            "container.apparmor.security.beta.kubernetes.io/notebook": "runtime/default",
            "seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
            "controller.kubernetes.io/pod-deletion-cost": "5",
        }
    )
    return pod


RICH_POD = rich_pod()


def locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``value`` (keys of mappings, indexes of lists) below the root."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += locations(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += locations(item, (*path, index))
    return found


LOCATIONS = locations(RICH_POD)
junk = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LOCATIONS), junk), min_size=1, max_size=3))
def test_junk_anywhere_gives_problems_not_exceptions(changes: list[tuple[Any, Any]]) -> None:
    pod = copy.deepcopy(RICH_POD)
    for location, value in changes:
        target = pod
        try:
            for step in location[:-1]:
                target = target[step]
            target[location[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    problems = validate(pod)
    assert all(isinstance(problem.path, str) for problem in problems)


def test_junk_device_and_mount_names_are_problems() -> None:
    """Two changes at once that the random search seldom pairs: no mount name, junk device name."""
    pod = copy.deepcopy(RICH_POD)
    container = pod["spec"]["containers"][0]
    container["volumeMounts"][0]["name"] = None
    container["volumeMounts"][0]["mountPath"] = None
    container["volumeDevices"][0] = {"name": ["block"], "devicePath": {"a": 1}}
    paths = {problem.path for problem in validate(pod)}
    assert "spec.containers[0].volumeMounts[0].name" in paths
    assert "spec.containers[0].volumeDevices[0].name" in paths

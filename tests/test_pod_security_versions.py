"""Pod Security at each policy version: the controller's own fixtures, and every version boundary.

The boundaries are those of k8s.io/pod-security-admission/policy (kubernetes
1.37): each check's ``Versions`` list says from which policy version a rule
applies. A namespace pins a version with ``pod-security.kubernetes.io/enforce-version``;
``latest`` is the newest version the API server knows.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import (
    BASELINE,
    POD_SECURITY_VERSION,
    RESTRICTED,
    check_pod_security,
)
from kubespawner.objects._rules.pod_security import _checks_of

UPSTREAM = yaml.safe_load(
    (Path(__file__).parent / "data" / "pod_security" / "upstream" / "fixtures.yaml").read_text()
)["fixtures"]
CASES = [(entry["pod"], verdict) for entry in UPSTREAM for verdict in entry["upstream"]]


@pytest.mark.parametrize(
    ("pod", "verdict"), CASES, ids=["/".join(verdict[:3]) for _, verdict in CASES]
)
def test_the_controllers_fixtures_get_its_verdict(pod: dict[str, Any], verdict: list[str]) -> None:
    level, version, file = verdict[:3]
    checks = {problem.check for problem in check_pod_security(pod, level, version)}
    if file.startswith("pass/"):
        assert checks == set()
    else:
        assert verdict[3] in checks


def test_the_fixtures_break_every_check_of_each_level_and_version() -> None:
    broken = {(verdict[0], verdict[1], verdict[3]) for _, verdict in CASES if len(verdict) > 3}
    for level in (BASELINE, RESTRICTED):
        for version, minor in (("v1.34", 34), ("v1.37", 37)):
            expected = {check.id for check in _checks_of(level, minor)}
            assert {check for lv, v, check in broken if (lv, v) == (level, version)} == expected


POD: dict[str, Any] = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "notebook"},
    "spec": {
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [
            {
                "name": "notebook",
                "image": "jupyter/base:1",
                "securityContext": {
                    "allowPrivilegeEscalation": False,
                    "capabilities": {"drop": ["ALL"]},
                },
            }
        ],
    },
}


def pod_with(spec: dict[str, Any] | None = None, **context: Any) -> dict[str, Any]:
    """The restricted POD with fields added to its spec and its container's securityContext."""
    pod = copy.deepcopy(POD)
    pod["spec"].update(spec or {})
    pod["spec"]["containers"][0]["securityContext"].update(context)
    return pod


def checks_at(pod: dict[str, Any], level: str, version: str) -> list[str]:
    return [problem.check for problem in check_pod_security(pod, level, version)]


@pytest.mark.parametrize(
    ("sysctl", "since"),
    [
        ("net.ipv4.ip_local_reserved_ports", 27),  # check_sysctls.go sysctlsV1Dot27
        ("net.ipv4.tcp_keepalive_time", 29),  # sysctlsV1Dot29
        ("net.ipv4.tcp_fin_timeout", 29),
        ("net.ipv4.tcp_keepalive_intvl", 29),
        ("net.ipv4.tcp_keepalive_probes", 29),
        ("net.ipv4.tcp_rmem", 32),  # sysctlsV1Dot32
        ("net.ipv4.tcp_wmem", 32),
        ("net.ipv4.tcp_slow_start_after_idle", 37),  # sysctlsV1Dot37
        ("net.ipv4.tcp_notsent_lowat", 37),
    ],
)
def test_sysctls_allowed_from_their_version(sysctl: str, since: int) -> None:
    pod = pod_with()
    pod["spec"]["securityContext"]["sysctls"] = [{"name": sysctl, "value": "1"}]
    assert checks_at(pod, BASELINE, f"v1.{since - 1}") == ["sysctls"]
    assert checks_at(pod, BASELINE, f"v1.{since}") == []
    assert checks_at(pod, BASELINE, "latest") == []


def test_selinux_type_container_engine_t_from_1_31() -> None:
    # check_seLinuxOptions.go: selinuxAllowedTypes1_31 adds container_engine_t.
    pod = pod_with(seLinuxOptions={"type": "container_engine_t"})
    assert checks_at(pod, BASELINE, "v1.30") == ["seLinuxOptions"]
    assert checks_at(pod, BASELINE, "v1.31") == []


def test_probe_and_lifecycle_hosts_from_1_34() -> None:
    # check_hostProbesAndhostLifecycle.go: the check's first version is 1.34.
    pod = pod_with()
    pod["spec"]["containers"][0]["livenessProbe"] = {
        "httpGet": {"port": 8888, "host": "169.254.169.254"}
    }
    pod["spec"]["containers"][0]["lifecycle"] = {
        "preStop": {"tcpSocket": {"port": 8888, "host": "10.0.0.1"}}
    }
    assert checks_at(pod, BASELINE, "v1.33") == []
    assert checks_at(pod, BASELINE, "v1.34") == ["hostProbesAndHostLifecycle"] * 2


def test_proc_mount_in_a_user_namespace_from_1_35() -> None:
    # check_procMount_baseline.go procMount1_35baseline relaxes for hostUsers=false;
    # check_procMount_restricted.go (1.35+) keeps restricted unconditional, overriding it.
    pod = pod_with({"hostUsers": False}, procMount="Unmasked")
    assert checks_at(pod, BASELINE, "v1.34") == ["procMount"]
    assert checks_at(pod, RESTRICTED, "v1.34") == ["procMount"]
    assert checks_at(pod, BASELINE, "v1.35") == []
    assert checks_at(pod, RESTRICTED, "v1.35") == ["procMount_restricted"]


def test_root_in_a_user_namespace_from_1_35() -> None:
    # check_runAsNonRoot.go runAsNonRoot1_35 and check_runAsUser.go runAsUser1_35.
    pod = pod_with({"hostUsers": False}, runAsNonRoot=False, runAsUser=0)
    assert checks_at(pod, RESTRICTED, "v1.34") == ["runAsNonRoot", "runAsUser"]
    assert checks_at(pod, RESTRICTED, "v1.35") == []


def test_latest_is_the_newest_version_and_newer_ones_are_checked_as_it() -> None:
    pod = pod_with({"hostUsers": False}, procMount="Unmasked")
    pod["spec"]["securityContext"]["sysctls"] = [{"name": "net.ipv4.tcp_notsent_lowat"}]
    newest = check_pod_security(pod, RESTRICTED, f"v{POD_SECURITY_VERSION}")
    assert [problem.check for problem in newest] == ["procMount_restricted"]
    for version in ("latest", POD_SECURITY_VERSION, "v1.38", "v1.99"):
        assert check_pod_security(pod, RESTRICTED, version) == newest


@pytest.mark.parametrize("version", ["v1.24", "v1.0", "1.3x", "v2.0", "v1.030", "", None, 37])
def test_an_unknown_version_is_a_value_error_naming_the_range(version: Any) -> None:
    with pytest.raises(ValueError, match=r"'latest' or a policy version from 'v1\.25'"):
        check_pod_security(POD, RESTRICTED, version)

"""``--pod-security-version``: the policy version ``--pod-security`` is checked at, as a
namespace's ``pod-security.kubernetes.io/enforce-version`` label pins it.

The example: the sysctl ``net.ipv4.tcp_rmem`` is allowed by baseline from policy 1.32
(k8s.io/pod-security-admission/policy/check_sysctls.go, sysctlsV1Dot32), so a namespace
pinned to v1.31 refuses the pod that ``latest`` admits.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_cli import run, write

SYSCTL_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: notebook}
spec:
  securityContext:
    sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]
  containers: [{name: notebook, image: "jupyter/base:1"}]
"""
SYSCTL_CONFIG = """\
- make_pod:
    name: jupyter-ann
    cmd: [jupyterhub-singleuser]
    port: 8888
    image: jupyter/base:1
    pod_security_context: {sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]}
"""
SYSCTL_VALUES = """\
singleuser:
  cloudMetadata: {blockWithIptables: false}
  extraPodConfig:
    securityContext:
      sysctls: [{name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}]
"""
FORBIDDEN = "forbidden sysctls (net.ipv4.tcp_rmem)"


def test_validate_applies_the_policy_of_the_version(tmp_path: Path) -> None:
    pod = write(tmp_path, SYSCTL_POD, "pod.yaml")
    for admitted in ([], ["--pod-security-version", "latest"], ["--pod-security-version", "v1.32"]):
        result = run("validate", pod, "--pod-security", "baseline", *admitted)
        assert result.returncode == 0, result.stderr
    for pinned in ("v1.31", "1.31", "v1.25"):
        result = run(
            "validate", pod, "--pod-security", "baseline", "--pod-security-version", pinned
        )
        assert result.returncode == 1
        assert "spec.securityContext.sysctls[0].name: Forbidden: " in result.stderr
        assert FORBIDDEN in result.stderr


def test_render_applies_the_policy_of_the_version(tmp_path: Path) -> None:
    config = write(tmp_path, SYSCTL_CONFIG)
    latest = run("render", config, "--pod-security", "baseline")
    assert latest.returncode == 0 and latest.stdout, latest.stderr
    pinned = run("render", config, "--pod-security", "baseline", "--pod-security-version", "v1.31")
    assert pinned.returncode == 1 and pinned.stdout == ""
    assert FORBIDDEN in pinned.stderr


def test_hub_applies_the_policy_of_the_version_and_says_which(tmp_path: Path) -> None:
    values = write(tmp_path, SYSCTL_VALUES, "values.yaml")
    common = ("hub", "-f", values, "--user", "ann", "--pod-security", "baseline")
    latest = run(*common)
    assert latest.returncode == 0, latest.stderr
    pinned = run(*common, "--pod-security-version", "v1.31")
    assert pinned.returncode == 1 and pinned.stdout == ""
    assert f"{FORBIDDEN} (level baseline, version v1.31)" in pinned.stderr


@pytest.mark.parametrize("command", ["validate", "render", "hub"])
@pytest.mark.parametrize("version", ["v1.24", "2.0", "1.x", "", "Latest"])
def test_a_version_the_rules_do_not_know_is_refused_cleanly(
    tmp_path: Path, command: str, version: str
) -> None:
    # The controller takes "latest" or "v1.N"; these rules go back to 1.25.
    inputs = {
        "validate": [write(tmp_path, SYSCTL_POD, "pod.yaml")],
        "render": [write(tmp_path, SYSCTL_CONFIG)],
        "hub": ["-f", write(tmp_path, SYSCTL_VALUES, "values.yaml"), "--user", "ann"],
    }[command]
    args = (command, *inputs, "--pod-security", "baseline", "--pod-security-version", version)
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"kubespawner-objects {command}: error: --pod-security-version: version must be 'latest'"
        " or a policy version from 'v1.25' (as pod-security.kubernetes.io/enforce-version"
        f" writes it), not {version!r}\n"
    )
    as_json = run(*args, "--problems", "json")
    assert as_json.returncode == 2
    [problem] = [json.loads(line) for line in as_json.stderr.splitlines()]
    assert problem["severity"] == "error" and "--pod-security-version" in problem["message"]


def test_a_version_without_a_level_is_refused(tmp_path: Path) -> None:
    result = run("validate", write(tmp_path, SYSCTL_POD), "--pod-security-version", "v1.31")
    assert result.returncode == 2 and result.stdout == ""
    assert "--pod-security-version goes with --pod-security LEVEL" in result.stderr


def test_help_describes_the_option() -> None:
    for command in ("validate", "render", "hub"):
        help_text = " ".join(run(command, "--help").stdout.split())
        assert "--pod-security-version VERSION" in help_text
        assert "pod-security.kubernetes.io/enforce-version" in help_text

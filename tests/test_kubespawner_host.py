"""What changes when KubeSpawner is loaded: one log line, the Pod Security setting, the
KubeIngressProxy call. (tests/test_dropin.py runs KubeSpawner itself; these need no hub.)"""

from __future__ import annotations

import logging
import sys
import types

import pytest

from kubespawner.objects import InvalidObjectError, make_ingress_manifest, make_pod, validate
from kubespawner.objects._builders import kubespawner_host

ARGS = ("jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1")


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process in which KubeSpawner is loaded, as in a hub."""
    monkeypatch.setitem(sys.modules, "kubespawner.spawner", types.ModuleType("kubespawner.spawner"))
    monkeypatch.setattr(kubespawner_host, "_announced", False)


def test_inside_a_hub_the_first_call_says_who_builds_the_objects(
    hub: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kubespawner.objects"):
        make_pod(*ARGS)
        make_pod(*ARGS)
    announced = [r for r in caplog.records if "builds its objects with" in r.getMessage()]
    assert len(announced) == 1


@pytest.mark.parametrize("release", ["7.0.0", "7.1.0"])
def test_the_tested_releases_are_not_warned_about(
    hub: None, release: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def version(name: str) -> str:
        return release if name == "jupyterhub-kubespawner" else "0.1.0"

    monkeypatch.setattr("importlib.metadata.version", version)
    with caplog.at_level(logging.INFO, logger="kubespawner.objects"):
        make_pod(*ARGS)
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    assert f"jupyterhub-kubespawner {release} builds its objects" in caplog.records[0].getMessage()


def test_inside_a_hub_allowed_privilege_escalation_is_written_as_kubespawner_writes_it(
    hub: None,
) -> None:
    # KubeSpawner 7's own make_pod writes true; the container context's own key still wins.
    pod = make_pod(*ARGS, allow_privilege_escalation=True)
    assert pod.spec.containers[0].security_context.allow_privilege_escalation is True
    context = {"allowPrivilegeEscalation": False, "runAsNonRoot": True}
    pod = make_pod(*ARGS, allow_privilege_escalation=True, container_security_context=context)
    assert pod.spec.containers[0].security_context.allow_privilege_escalation is False
    assert context == {"allowPrivilegeEscalation": False, "runAsNonRoot": True}  # not changed


def test_inside_a_hub_a_zero_limit_or_guarantee_is_left_out_as_kubespawner_leaves_it_out(
    hub: None,
) -> None:
    # KubeSpawner 7's objects.py sets each only `if cpu_limit:`: a profile's cpu_limit: 0
    # removes the hub's limit
    pod = make_pod(*ARGS, cpu_limit=0.0, mem_limit=0, cpu_guarantee=0.5, mem_guarantee=0)
    resources = pod.spec.containers[0].resources
    assert resources.limits in (None, {})
    assert resources.requests == {"cpu": "500m"}


def test_inside_a_hub_ids_go_through_int_as_kubespawner_passes_them(hub: None) -> None:
    # KubeSpawner 7's objects.py writes int(fs_gid), int(uid), int(gid) and int() of each
    # supplemental gid: its traits take True, and any list of gids
    pod = make_pod(*ARGS, uid=True, gid=False, fs_gid=100.0, supplemental_gids=["100", 200])
    assert pod.spec.security_context.fs_group == 100
    assert pod.spec.security_context.supplemental_groups == [100, 200]
    assert pod.spec.containers[0].security_context.run_as_user == 1
    assert pod.spec.containers[0].security_context.run_as_group == 0
    with pytest.raises(InvalidObjectError, match=r"supplementalGroups\[0\]: Wrong type"):
        make_pod(*ARGS, supplemental_gids=["staff"])


def test_inside_a_hub_an_empty_image_pull_policy_is_sent_as_kubespawner_sends_it(
    hub: None,
) -> None:
    # KubeSpawner 7 sends imagePullPolicy "" (a values file's `pullPolicy: ""`), which the API
    # server accepts (pkg/apis/core/v1/defaults.go SetDefaults_Container fills it in first)
    pod = make_pod(*ARGS, image_pull_policy="")
    assert pod.spec.containers[0].image_pull_policy == ""


def test_outside_a_hub_a_zero_limit_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "kubespawner.spawner", raising=False)
    pod = make_pod(*ARGS, cpu_limit=0)
    assert pod.spec.containers[0].resources.limits == {"cpu": "0"}


def test_outside_a_hub_allowed_privilege_escalation_stays_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "kubespawner.spawner", raising=False)
    pod = make_pod(*ARGS, allow_privilege_escalation=True)
    assert pod.spec.containers[0].security_context is None


def test_an_untested_kubespawner_release_is_warned_about(
    hub: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # No jupyterhub-kubespawner is installed here: its version reads as unknown.
    with caplog.at_level(logging.INFO, logger="kubespawner.objects"):
        make_pod(*ARGS)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "not unknown" in warnings[0].getMessage()


def test_outside_a_hub_nothing_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delitem(sys.modules, "kubespawner.spawner", raising=False)
    monkeypatch.setattr(kubespawner_host, "_announced", False)
    with caplog.at_level(logging.DEBUG, logger="kubespawner.objects"):
        make_pod(*ARGS)
    assert caplog.records == []


def test_the_pod_security_setting_refuses_pods_below_its_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY", "restricted")
    with pytest.raises(InvalidObjectError) as raised:
        make_pod(*ARGS)
    assert "Pod Security level 'restricted'" in str(raised.value)
    paths = {problem.path for problem in raised.value.problems}
    assert "spec.containers[0].securityContext.runAsNonRoot" in paths
    # A pod that meets the level passes.
    make_pod(
        *ARGS,
        allow_privilege_escalation=False,
        container_security_context={
            "runAsNonRoot": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    )


def test_baseline_admits_the_default_pod(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY", "baseline")
    assert make_pod(*ARGS).metadata.name == "jupyter-alice"


def test_an_unknown_pod_security_level_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY", "strict")
    with pytest.raises(InvalidObjectError, match="KUBESPAWNER_OBJECTS_POD_SECURITY must be one of"):
        make_pod(*ARGS)


# A sysctl baseline allows from policy 1.32 (k8s.io/pod-security-admission/policy/
# check_sysctls.go, sysctlsV1Dot32): a namespace pinned to v1.31 refuses the pod.
SYSCTL_CONTEXT = {"sysctls": [{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"}]}


def test_the_pod_security_version_setting_pins_the_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY", "baseline")
    for admitted in ("", "latest", "v1.32", " 1.33 "):
        monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION", admitted)
        make_pod(*ARGS, pod_security_context=SYSCTL_CONTEXT)
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION", "v1.31")
    with pytest.raises(InvalidObjectError) as raised:
        make_pod(*ARGS, pod_security_context=SYSCTL_CONTEXT)
    assert "Pod Security level 'baseline' at version 'v1.31'" in str(raised.value)
    [problem] = raised.value.problems
    assert problem.path == "spec.securityContext.sysctls[0].name"


@pytest.mark.parametrize(
    ("level", "version", "message"),
    [
        # The words of the command's --pod-security-version errors, with the variables' names.
        ("baseline", "1.24", "KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION: version must be 'latest'"),
        ("restricted", "v1.x", "KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION: version must be"),
        ("", "v1.31", "KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION goes with KUBESPAWNER_OBJECTS_POD"),
    ],
)
def test_a_wrong_pod_security_version_setting_fails_every_spawn(
    monkeypatch: pytest.MonkeyPatch, level: str, version: str, message: str
) -> None:
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY", level)
    monkeypatch.setenv("KUBESPAWNER_OBJECTS_POD_SECURITY_VERSION", version)
    with pytest.raises(InvalidObjectError, match=message):
        make_pod(*ARGS)


def test_the_proxy_keywords_give_the_proxys_objects() -> None:
    endpoints, service, ingress = make_ingress_manifest(
        name="jupyter-alice",
        routespec="/user/alice/",
        target="http://10.0.0.5:8888",
        data={"user": "alice"},
        namespace="jhub",
        common_labels={"component": "singleuser-server"},
        ingress_extra_labels={"team": "a"},
    )
    assert endpoints is not None and endpoints["kind"] == "Endpoints"
    # validate() and the command check them as the API server does: the same answer.
    assert [validate(made) for made in (endpoints, service, ingress)] == [[], [], []]
    wrong = {**endpoints, "subsets": [{"addresses": [{"ip": "127.0.0.1"}]}]}
    assert [problem.path for problem in validate(wrong)] == ["subsets[0].addresses[0].ip"]
    assert endpoints["subsets"] == [{"addresses": [{"ip": "10.0.0.5"}], "ports": [{"port": 8888}]}]
    assert service is not None and service["spec"]["type"] == "ClusterIP"
    assert ingress["metadata"]["labels"] == {
        "component": "singleuser-server",
        "hub.jupyter.org/proxy-route": "true",
        "team": "a",
    }
    assert "team" not in service["metadata"]["labels"]


def test_the_proxy_keywords_do_not_mix_with_this_packages_own() -> None:
    with pytest.raises(InvalidObjectError, match="tls_hosts cannot be combined"):
        make_ingress_manifest(
            "jupyter-alice",
            "/user/alice/",
            "http://10.0.0.5:8888",
            data={},
            namespace="jhub",
            tls_hosts=["hub.example.org"],
        )


def test_make_ingress_still_needs_data() -> None:
    with pytest.raises(InvalidObjectError, match="make_ingress needs data"):
        make_ingress_manifest("jupyter-alice", "/user/alice/", "http://10.0.0.5:8888")

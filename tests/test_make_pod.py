"""make_pod / make_pod_manifest: one test per documented parameter and behaviour."""

from __future__ import annotations

import inspect
import logging
from typing import Any

import pytest

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    make_pod,
    make_pod_manifest,
    to_manifest,
    validate,
)

from .conftest import assert_schema_valid
from .workloads import BASE_POD, full_pod_arguments

DOCUMENTED_ORDER = [
    "name",
    "cmd",
    "port",
    "image",
    "image_pull_policy",
    "image_pull_secrets",
    "node_selector",
    "uid",
    "gid",
    "fs_gid",
    "supplemental_gids",
    "privileged",
    "allow_privilege_escalation",
    "container_security_context",
    "pod_security_context",
    "env",
    "working_dir",
    "volumes",
    "volume_mounts",
    "labels",
    "annotations",
    "cpu_limit",
    "cpu_guarantee",
    "mem_limit",
    "mem_guarantee",
    "extra_resource_limits",
    "extra_resource_guarantees",
    "lifecycle_hooks",
    "init_containers",
    "service_account",
    "automount_service_account_token",
    "extra_container_config",
    "extra_pod_config",
    "extra_containers",
    "scheduler_name",
    "tolerations",
    "node_affinity_preferred",
    "node_affinity_required",
    "pod_affinity_preferred",
    "pod_affinity_required",
    "pod_anti_affinity_preferred",
    "pod_anti_affinity_required",
    "priority_class_name",
    "ssl_secret_name",
    "ssl_secret_mount_path",
    "logger",
]


def pod(**changes: Any) -> dict[str, Any]:
    manifest = make_pod_manifest(**{**BASE_POD, **changes})
    assert_schema_valid(manifest)
    return manifest


def notebook(manifest: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = manifest["spec"]["containers"][0]
    return container


NOTEBOOK_CONTEXT = "spec.containers[0].securityContext"


def problems_of(error: pytest.ExceptionInfo[InvalidObjectError]) -> list[tuple[str, str | None]]:
    return [(problem.path, problem.parameter) for problem in error.value.problems]


# --- signature -------------------------------------------------------------------------------


@pytest.mark.parametrize("function", [make_pod, make_pod_manifest])
def test_parameters_are_the_documented_ones_in_the_documented_order(function: Any) -> None:
    assert list(inspect.signature(function).parameters) == DOCUMENTED_ORDER


def test_positional_call_in_documented_order_works() -> None:
    manifest = make_pod_manifest("jupyter-bob", ["start.sh"], 8000, "img:1", "Always")
    assert manifest["metadata"]["name"] == "jupyter-bob"
    assert notebook(manifest)["args"] == ["start.sh"]
    assert notebook(manifest)["ports"][0]["containerPort"] == 8000
    assert notebook(manifest)["imagePullPolicy"] == "Always"


def test_documented_defaults() -> None:
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(make_pod).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    assert defaults.pop("privileged") is False
    assert defaults.pop("allow_privilege_escalation") is True
    assert all(value is None for value in defaults.values())


# --- metadata --------------------------------------------------------------------------------


def test_metadata_always_has_name_labels_and_annotations() -> None:
    assert pod()["metadata"] == {"name": "jupyter-alice", "labels": {}, "annotations": {}}


def test_labels_and_annotations_are_copied() -> None:
    labels = {"app": "jupyterhub"}
    annotations = {"note": "x"}
    manifest = pod(labels=labels, annotations=annotations)
    assert manifest["metadata"]["labels"] == labels
    assert manifest["metadata"]["annotations"] == annotations
    manifest["metadata"]["labels"]["changed"] = "yes"
    assert labels == {"app": "jupyterhub"}


# --- the notebook container ------------------------------------------------------------------


def test_notebook_container_name_image_port_and_args() -> None:
    container = notebook(pod())
    assert container["name"] == "notebook"
    assert container["image"] == BASE_POD["image"]
    assert container["ports"] == [{"name": "notebook-port", "containerPort": 8888}]
    assert container["args"] == ["jupyterhub-singleuser"]
    assert "command" not in container


def test_cmd_none_keeps_the_image_default() -> None:
    assert "args" not in notebook(pod(cmd=None))


def test_cmd_must_be_a_list_of_strings() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(**{**BASE_POD, "cmd": "jupyterhub-singleuser"})
    assert problems_of(error) == [("spec.containers[0].args", "cmd")]


def test_env_volume_mounts_and_resources_are_always_present() -> None:
    container = notebook(pod())
    assert container["env"] == []
    assert container["volumeMounts"] == []
    assert container["resources"] == {"limits": {}, "requests": {}}
    assert pod()["spec"]["volumes"] == []


@pytest.mark.parametrize("policy", ["Always", "IfNotPresent", "Never"])
def test_image_pull_policy(policy: str) -> None:
    assert notebook(pod(image_pull_policy=policy))["imagePullPolicy"] == policy


def test_image_pull_policy_none_is_omitted() -> None:
    assert "imagePullPolicy" not in notebook(pod(image_pull_policy=None))


def test_an_empty_image_pull_policy_is_accepted_and_kept_as_given() -> None:
    # The API server's defaulting (pkg/apis/core/v1/defaults.go, SetDefaults_Container) fills
    # in an empty policy before validation, so it accepts "": KubeSpawner sends it for a
    # values file's `pullPolicy: ""`. Kept as "", not dropped: the caller's value.
    manifest = pod(image_pull_policy="")
    assert notebook(manifest)["imagePullPolicy"] == ""
    assert validate(manifest) == []
    assert (
        make_pod(**{**BASE_POD, "image_pull_policy": ""}).spec.containers[0].image_pull_policy == ""
    )


def test_image_pull_policy_outside_the_documented_values_is_refused() -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**{**BASE_POD, "image_pull_policy": "always"})
    assert problems_of(error) == [("spec.containers[0].imagePullPolicy", "image_pull_policy")]
    assert "IfNotPresent" in str(error.value)
    # the same rule as validate() applies to a manifest that has it
    written = {**notebook(pod()), "imagePullPolicy": "always"}
    assert [p.path for p in validate({**pod(), "spec": {"containers": [written]}})] == [
        "spec.containers[0].imagePullPolicy"
    ]


def test_working_dir() -> None:
    assert notebook(pod(working_dir="/srv"))["workingDir"] == "/srv"


def test_port_must_be_an_integer() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(**{**BASE_POD, "port": "8888"})
    assert problems_of(error) == [("spec.containers[0].ports[0].containerPort", "port")]


# --- resources -------------------------------------------------------------------------------


def test_cpu_numbers_become_canonical_quantities() -> None:
    resources = notebook(pod(cpu_limit=2, cpu_guarantee=0.5))["resources"]
    assert resources == {"limits": {"cpu": "2"}, "requests": {"cpu": "500m"}}


def test_quantity_strings_are_kept_as_given() -> None:
    resources = notebook(pod(cpu_limit="1500m", mem_limit="1Gi", mem_guarantee="512M"))["resources"]
    assert resources == {
        "limits": {"cpu": "1500m", "memory": "1Gi"},
        "requests": {"memory": "512M"},
    }


def test_memory_as_int_bytes() -> None:
    resources = notebook(pod(mem_limit=2**30, mem_guarantee=10**9))["resources"]
    assert resources == {"limits": {"memory": "1073741824"}, "requests": {"memory": "1G"}}


def test_extra_resources_join_limits_and_requests() -> None:
    resources = notebook(
        pod(
            cpu_limit=1,
            extra_resource_limits={"nvidia.com/gpu": 1},
            extra_resource_guarantees={"nvidia.com/gpu": "1", "ephemeral-storage": "1Gi"},
        )
    )["resources"]
    assert resources["limits"] == {"cpu": "1", "nvidia.com/gpu": "1"}
    assert resources["requests"] == {"nvidia.com/gpu": "1", "ephemeral-storage": "1Gi"}


def test_extra_resource_that_repeats_a_dedicated_parameter_is_refused() -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**{**BASE_POD, "cpu_limit": 1, "extra_resource_limits": {"cpu": "2"}})
    assert problems_of(error) == [
        ("spec.containers[0].resources.limits.cpu", "extra_resource_limits")
    ]
    assert "cpu_limit" in str(error.value)


@pytest.mark.parametrize("number", [float("inf"), float("nan")])
def test_resource_that_is_no_finite_number_is_refused(number: float) -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**{**BASE_POD, "cpu_guarantee": number})
    assert problems_of(error) == [("spec.containers[0].resources.requests.cpu", "cpu_guarantee")]


def test_resource_of_a_wrong_type() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(**{**BASE_POD, "mem_limit": ["1G"]})
    assert problems_of(error) == [("spec.containers[0].resources.limits.memory", "mem_limit")]


# --- env -------------------------------------------------------------------------------------


def test_env_strings_become_name_value_pairs_in_key_order() -> None:
    env = notebook(pod(env={"B": "2", "A": "1"}))["env"]
    assert env == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]


def test_env_dict_is_a_full_env_var_named_by_its_key() -> None:
    value_from = {"secretKeyRef": {"name": "s", "key": "token"}}
    env = notebook(pod(env={"TOKEN": {"valueFrom": value_from}}))["env"]
    assert env == [{"name": "TOKEN", "valueFrom": value_from}]


def test_env_dict_accepts_snake_case_and_an_explicit_name() -> None:
    env = notebook(
        pod(
            env={
                "key": {
                    "name": "REAL",
                    "value_from": {"field_ref": {"field_path": "metadata.name"}},
                }
            }
        )
    )["env"]
    assert env == [{"name": "REAL", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]


def test_env_referring_to_others_comes_after_them() -> None:
    env = notebook(pod(env={"A": "$(C)/a", "B": "$(A)+$(C)", "C": "c", "D": "d"}))["env"]
    assert [entry["name"] for entry in env] == ["C", "D", "A", "B"]


def test_env_cycles_and_outside_references_fall_back_to_key_order() -> None:
    env = notebook(pod(env={"Y": "$(X)", "X": "$(Y)", "H": "$(HOME)/h", "A": "a"}))["env"]
    assert [entry["name"] for entry in env] == ["A", "H", "X", "Y"]


def test_env_self_reference_does_not_delay_a_variable() -> None:
    env = notebook(pod(env={"PATH": "/opt/bin:$(PATH)", "A": "a"}))["env"]
    assert [entry["name"] for entry in env] == ["A", "PATH"]


def test_env_references_follow_an_env_var_by_its_name_not_its_key() -> None:
    # $(NAME) refers to the variable's name; "key" below names no variable.
    real = {"name": "REAL", "value": "r"}
    env = notebook(pod(env={"key": real, "B": "$(REAL)/b", "A": "$(key)/a"}))["env"]
    assert [entry["name"] for entry in env] == ["REAL", "B", "A"]


def test_env_value_of_a_wrong_type_names_the_variable() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(**{**BASE_POD, "env": {"PORT": 8888}})
    assert problems_of(error) == [("spec.containers[0].env['PORT']", "env")]


def test_env_problems_name_the_variable_once() -> None:
    # env is a mapping: a problem names the variable, not its place in the sorted list,
    # and a missing key selector is reported once, not again by the rules.
    env = {"B": "ok", "A=1": "x", "C": {"valueFrom": {"secretKeyRef": {"name": "s"}}}}
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**{**BASE_POD, "env": env})
    assert problems_of(error) == [
        ("spec.containers[0].env['C'].valueFrom.secretKeyRef.key", "env"),
        ("spec.containers[0].env['A=1'].name", "env"),
    ]


def test_env_problems_after_extra_container_config_replaced_env_keep_its_indexes() -> None:
    extra = {"env": [{"name": "A=1", "value": "x"}]}
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**{**BASE_POD, "env": {"B": "b"}, "extra_container_config": extra})
    assert problems_of(error) == [("spec.containers[0].env[0].name", "extra_container_config")]


# --- security contexts -----------------------------------------------------------------------


def test_allow_privilege_escalation_none_leaves_the_field_unset() -> None:
    # KubeSpawner 7 passes None for "leave it to the container runtime".
    assert "securityContext" not in notebook(pod(allow_privilege_escalation=None))


def test_uid_gid_privileged_and_escalation_fill_the_container_context() -> None:
    context = notebook(pod(uid=1000, gid=100, privileged=True))["securityContext"]
    assert context == {"runAsUser": 1000, "runAsGroup": 100, "privileged": True}
    context = notebook(pod(allow_privilege_escalation=False))["securityContext"]
    assert context == {"allowPrivilegeEscalation": False}


def test_uid_zero_is_kept() -> None:
    assert notebook(pod(uid=0))["securityContext"] == {"runAsUser": 0}


def test_defaults_leave_the_container_context_out() -> None:
    assert "securityContext" not in notebook(pod())
    assert "securityContext" not in pod()["spec"]


def test_fs_gid_and_supplemental_gids_fill_the_pod_context() -> None:
    context = pod(fs_gid=100, supplemental_gids=[100, 200])["spec"]["securityContext"]
    assert context == {"fsGroup": 100, "supplementalGroups": [100, 200]}


def test_security_context_dicts_win_over_dedicated_parameters() -> None:
    manifest = pod(
        uid=1000,
        allow_privilege_escalation=False,
        container_security_context={"runAsUser": 2000, "capabilities": {"drop": ["ALL"]}},
        fs_gid=100,
        pod_security_context={"fsGroup": 200, "runAsNonRoot": True},
    )
    assert notebook(manifest)["securityContext"] == {
        "runAsUser": 2000,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
    }
    assert manifest["spec"]["securityContext"] == {"fsGroup": 200, "runAsNonRoot": True}


@pytest.mark.parametrize(
    ("dedicated", "parameter", "full", "path"),
    [
        (
            {"uid": 1000},
            "container_security_context",
            {"runAsUser": -1},
            f"{NOTEBOOK_CONTEXT}.runAsUser",
        ),
        ({"fs_gid": 100}, "pod_security_context", {"fsGroup": -5}, "spec.securityContext.fsGroup"),
    ],
)
def test_a_bad_field_a_security_context_dict_replaced_is_blamed_on_the_dict(
    dedicated: dict[str, Any], parameter: str, full: dict[str, Any], path: str
) -> None:
    # The dict wins key by key, so the value the API server would refuse is the dict's.
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**BASE_POD, **dedicated, **{parameter: full})
    assert problems_of(error) == [(path, parameter)]


def test_a_bad_dedicated_id_beside_a_security_context_dict_is_still_its_own() -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**BASE_POD, uid=-1, container_security_context={"runAsGroup": 5})
    assert problems_of(error) == [(f"{NOTEBOOK_CONTEXT}.runAsUser", "uid")]


@pytest.mark.parametrize(
    ("parameter", "path"),
    [
        ("container_security_context", "spec.containers[0].securityContext.run_as_user"),
        ("pod_security_context", "spec.securityContext.run_as_user"),
    ],
)
def test_security_contexts_take_camel_case_keys_only(parameter: str, path: str) -> None:
    with pytest.raises(ValueError, match="runAsUser") as error:
        make_pod_manifest(**{**BASE_POD, parameter: {"run_as_user": 1000}})
    assert isinstance(error.value, InvalidObjectError)
    assert problems_of(error) == [(path, parameter)]  # type: ignore[arg-type]


def test_uid_of_a_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        make_pod_manifest(**{**BASE_POD, "uid": "1000"})


# --- service account -------------------------------------------------------------------------


def test_no_service_account_means_no_api_token() -> None:
    spec = pod()["spec"]
    assert spec["automountServiceAccountToken"] is False
    assert "serviceAccountName" not in spec


def test_service_account_leaves_the_token_to_kubernetes() -> None:
    spec = pod(service_account="user-sa")["spec"]
    assert spec["serviceAccountName"] == "user-sa"
    assert "automountServiceAccountToken" not in spec


@pytest.mark.parametrize("service_account", [None, "user-sa"])
@pytest.mark.parametrize("automount", [True, False])
def test_explicit_automount_always_wins(service_account: str | None, automount: bool) -> None:
    spec = pod(service_account=service_account, automount_service_account_token=automount)["spec"]
    assert spec["automountServiceAccountToken"] is automount


# --- pod spec fields -------------------------------------------------------------------------


def test_restart_policy_is_on_failure() -> None:
    assert pod()["spec"]["restartPolicy"] == "OnFailure"


def test_image_pull_secrets_as_names_and_references() -> None:
    secrets = pod(image_pull_secrets=["a", {"name": "b"}])["spec"]["imagePullSecrets"]
    assert secrets == [{"name": "a"}, {"name": "b"}]


def test_node_selector_scheduler_and_priority_class() -> None:
    spec = pod(node_selector={"disk": "ssd"}, scheduler_name="s", priority_class_name="p")["spec"]
    assert spec["nodeSelector"] == {"disk": "ssd"}
    assert spec["schedulerName"] == "s"
    assert spec["priorityClassName"] == "p"


def test_volumes_and_mounts_accept_camel_snake_and_nested_snake_case() -> None:
    manifest = pod(
        volumes=[
            {"name": "home", "persistent_volume_claim": {"claim_name": "claim-alice"}},
            {"name": "cfg", "configMap": {"name": "cfg", "default_mode": 0o444}},
        ],
        volume_mounts=[
            {"name": "home", "mount_path": "/home/jovyan", "sub_path": "alice"},
            {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True},
        ],
    )
    assert manifest["spec"]["volumes"] == [
        {"name": "home", "persistentVolumeClaim": {"claimName": "claim-alice"}},
        {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 0o444}},
    ]
    assert notebook(manifest)["volumeMounts"] == [
        {"name": "home", "mountPath": "/home/jovyan", "subPath": "alice"},
        {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True},
    ]


def test_unknown_field_is_an_error_with_its_full_path() -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(
            **BASE_POD,
            volumes=[
                {"name": "a", "emptyDir": {}},
                {"name": "b", "persistentVolumeClaim": {"claimNme": "x"}},
            ],
        )
    assert problems_of(error) == [
        ("spec.volumes[1].persistentVolumeClaim.claimNme", "volumes"),
        ("spec.volumes[1].persistentVolumeClaim.claimName", "volumes"),  # required, so missing
    ]
    assert "did you mean 'claimName'" in str(error.value)


def test_missing_required_fields_are_reported_at_any_depth() -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(
            **BASE_POD,
            node_affinity_preferred=[{}],
            init_containers=[{"image": "busybox"}],
            extra_container_config={"envFrom": [{"configMapRef": {"name": "cfg"}}]},
        )
    assert problems_of(error) == [
        ("spec.initContainers[0].name", "init_containers"),
        (f"spec.affinity.nodeAffinity.{PREFERRED}[0].weight", "node_affinity_preferred"),
    ]  # no `preference`: the API server accepts an empty term, whatever the schema says


def test_extra_config_is_partial_and_needs_no_required_top_level_field() -> None:
    manifest = pod(extra_container_config={"envFrom": [{"secretRef": {"name": "s"}}]})
    assert notebook(manifest)["name"] == "notebook"


def test_lifecycle_hooks() -> None:
    hooks = {"preStop": {"exec": {"command": ["jupyter", "stop"]}}}
    assert notebook(pod(lifecycle_hooks=hooks))["lifecycle"] == hooks


def test_init_and_extra_containers() -> None:
    manifest = pod(
        init_containers=[{"name": "init", "image": "busybox"}],
        extra_containers=[{"name": "sidecar", "image": "busybox", "image_pull_policy": "Always"}],
    )
    assert manifest["spec"]["initContainers"] == [{"name": "init", "image": "busybox"}]
    names = [container["name"] for container in manifest["spec"]["containers"]]
    assert names == ["notebook", "sidecar"]
    assert manifest["spec"]["containers"][1]["imagePullPolicy"] == "Always"


def test_tolerations() -> None:
    toleration = {"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}
    assert pod(tolerations=[toleration])["spec"]["tolerations"] == [toleration]


REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"
TERM = {"matchExpressions": [{"key": "a", "operator": "In", "values": ["b"]}]}
POD_TERM = {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"a": "b"}}}


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        (
            "node_affinity_required",
            [TERM],
            {"nodeAffinity": {REQUIRED: {"nodeSelectorTerms": [TERM]}}},
        ),
        (
            "node_affinity_preferred",
            [{"weight": 1, "preference": TERM}],
            {"nodeAffinity": {PREFERRED: [{"weight": 1, "preference": TERM}]}},
        ),
        ("pod_affinity_required", [POD_TERM], {"podAffinity": {REQUIRED: [POD_TERM]}}),
        (
            "pod_affinity_preferred",
            [{"weight": 5, "podAffinityTerm": POD_TERM}],
            {"podAffinity": {PREFERRED: [{"weight": 5, "podAffinityTerm": POD_TERM}]}},
        ),
        ("pod_anti_affinity_required", [POD_TERM], {"podAntiAffinity": {REQUIRED: [POD_TERM]}}),
        (
            "pod_anti_affinity_preferred",
            [{"weight": 5, "podAffinityTerm": POD_TERM}],
            {"podAntiAffinity": {PREFERRED: [{"weight": 5, "podAffinityTerm": POD_TERM}]}},
        ),
    ],
)
def test_affinities(parameter: str, value: list[Any], expected: dict[str, Any]) -> None:
    assert pod(**{parameter: value})["spec"]["affinity"] == expected


def test_no_affinity_parameters_means_no_affinity() -> None:
    assert "affinity" not in pod()["spec"]


# --- extra config ----------------------------------------------------------------------------


def test_extra_container_config_adds_fields() -> None:
    env_from = [{"configMapRef": {"name": "cfg"}}]
    assert notebook(pod(extra_container_config={"envFrom": env_from}))["envFrom"] == env_from


def test_extra_container_config_replaces_generated_fields_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test-spawner")
    with caplog.at_level(logging.WARNING, logger="test-spawner"):
        manifest = pod(
            env={"A": "1"},
            logger=logger,
            extra_container_config={"env": [{"name": "B", "value": "2"}]},
        )
    assert notebook(manifest)["env"] == [{"name": "B", "value": "2"}]
    (record,) = caplog.records
    assert "extra_container_config.env" in record.getMessage()
    assert "spec.containers[0].env" in record.getMessage()


def test_extra_pod_config_replaces_spec_fields_warning_on_the_package_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="kubespawner.objects"):
        manifest = pod(extra_pod_config={"restartPolicy": "Never", "hostname": "alice"})
    assert manifest["spec"]["restartPolicy"] == "Never"
    assert manifest["spec"]["hostname"] == "alice"
    (record,) = caplog.records
    assert "extra_pod_config.restartPolicy" in record.getMessage()


@pytest.mark.parametrize("logger", ["kubespawner", print, 5])
def test_a_logger_that_is_no_logger_is_a_type_error_naming_it(logger: Any) -> None:
    # Found at once, not as an AttributeError when a warning happens to be logged.
    with pytest.raises(TypeError, match=r"^logger must be a logging\.Logger"):
        pod(logger=logger, extra_pod_config={"restartPolicy": "Never"})


def test_any_object_with_the_logging_methods_is_a_logger() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.warnings: list[str] = []

        def warning(self, message: str, *args: Any) -> None:
            self.warnings.append(message % args)

        def debug(self, message: str, *args: Any) -> None:
            pass

    recorder = Recorder()
    pod(logger=recorder, extra_pod_config={"restartPolicy": "Never"})
    assert len(recorder.warnings) == 1 and "restartPolicy" in recorder.warnings[0]


def test_extra_config_replacing_an_empty_value_does_not_warn(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        pod(extra_pod_config={"volumes": [{"name": "v", "emptyDir": {}}]})
    assert caplog.records == []


def test_extra_config_with_an_unknown_field_names_the_parameter() -> None:
    with pytest.raises(InvalidObjectError) as error:
        make_pod_manifest(**BASE_POD, extra_pod_config={"tolerationz": []})
    assert problems_of(error) == [("spec.tolerationz", "extra_pod_config")]


# --- ssl -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mount_path", ["/etc/jupyterhub/ssl", "/etc/jupyterhub/ssl/"])
def test_ssl_secret_is_mounted_and_announced(mount_path: str) -> None:
    manifest = pod(ssl_secret_name="certs", ssl_secret_mount_path=mount_path)
    assert manifest["spec"]["volumes"] == [
        {"name": "jupyterhub-internal-certs", "secret": {"secretName": "certs", "defaultMode": 511}}
    ]
    assert notebook(manifest)["volumeMounts"] == [
        {"name": "jupyterhub-internal-certs", "mountPath": mount_path}
    ]
    assert {entry["name"]: entry["value"] for entry in notebook(manifest)["env"]} == {
        "JUPYTERHUB_SSL_KEYFILE": "/etc/jupyterhub/ssl/ssl.key",
        "JUPYTERHUB_SSL_CERTFILE": "/etc/jupyterhub/ssl/ssl.crt",
        "JUPYTERHUB_SSL_CLIENT_CA": "/etc/jupyterhub/ssl/notebooks-ca_trust.crt",
    }


def test_ssl_goes_after_the_callers_volumes_and_mounts() -> None:
    manifest = pod(
        volumes=[{"name": "home", "emptyDir": {}}],
        volume_mounts=[{"name": "home", "mountPath": "/home"}],
        ssl_secret_name="certs",
        ssl_secret_mount_path="/ssl",
    )
    assert [v["name"] for v in manifest["spec"]["volumes"]] == ["home", "jupyterhub-internal-certs"]
    assert [m["name"] for m in notebook(manifest)["volumeMounts"]] == [
        "home",
        "jupyterhub-internal-certs",
    ]


@pytest.mark.parametrize("given", ["ssl_secret_name", "ssl_secret_mount_path"])
def test_ssl_needs_both_parameters(given: str) -> None:
    manifest = pod(**{given: "/x"})
    assert manifest["spec"]["volumes"] == []
    assert notebook(manifest)["env"] == []


# What JupyterHub's Spawner.get_env() returns with internal_ssl on: the hub's own paths.
HUB_SSL_ENV = {
    "JUPYTERHUB_API_TOKEN": "token",
    "JUPYTERHUB_SSL_KEYFILE": "/srv/jupyterhub/internal-ssl/user-alice/user-alice.key",
    "JUPYTERHUB_SSL_CERTFILE": "/srv/jupyterhub/internal-ssl/user-alice/user-alice.crt",
    "JUPYTERHUB_SSL_CLIENT_CA": "/srv/jupyterhub/internal-ssl/notebooks-ca_trust.crt",
}


def test_ssl_replaces_the_hub_paths_of_get_env(caplog: pytest.LogCaptureFixture) -> None:
    # KubeSpawner calls make_pod(env=self.get_env(), ssl_secret_name=x, ssl_secret_mount_path=y)
    with caplog.at_level(logging.DEBUG, logger="kubespawner.objects"):
        manifest = make_pod_manifest(
            **BASE_POD,
            env=HUB_SSL_ENV,
            ssl_secret_name="jupyter-alice-certs",
            ssl_secret_mount_path="/etc/jupyterhub/ssl/",
        )
    assert {entry["name"]: entry["value"] for entry in notebook(manifest)["env"]} == {
        "JUPYTERHUB_API_TOKEN": "token",
        "JUPYTERHUB_SSL_KEYFILE": "/etc/jupyterhub/ssl/ssl.key",
        "JUPYTERHUB_SSL_CERTFILE": "/etc/jupyterhub/ssl/ssl.crt",
        "JUPYTERHUB_SSL_CLIENT_CA": "/etc/jupyterhub/ssl/notebooks-ca_trust.crt",
    }
    assert_schema_valid(manifest)
    assert [record.levelno for record in caplog.records] == [logging.DEBUG] * 3
    messages = [record.getMessage() for record in caplog.records]
    for variable in HUB_SSL_ENV.keys() - {"JUPYTERHUB_API_TOKEN"}:
        assert sum(variable in message for message in messages) == 1
    # The log says what changed, never what the caller's env held.
    assert not any("/srv/jupyterhub" in message for message in messages)
    assert HUB_SSL_ENV["JUPYTERHUB_SSL_KEYFILE"].startswith("/srv/jupyterhub")  # not modified


def test_ssl_replacement_is_logged_to_the_given_logger(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test-spawner")
    with caplog.at_level(logging.DEBUG, logger="test-spawner"):
        make_pod(
            **BASE_POD,
            env={"JUPYTERHUB_SSL_KEYFILE": {"value": "/hub/ssl.key"}},
            ssl_secret_name="certs",
            ssl_secret_mount_path="/ssl",
            logger=logger,
        )
    (record,) = caplog.records
    assert record.name == "test-spawner"
    assert "JUPYTERHUB_SSL_KEYFILE" in record.getMessage()
    assert "/ssl/ssl.key" in record.getMessage()


@pytest.mark.parametrize(
    ("secret_name", "mount_path"), [("", "/etc/jupyterhub/ssl/"), ("certs", ""), ("", "")]
)
def test_an_empty_ssl_option_turns_ssl_off(secret_name: str, mount_path: str) -> None:
    manifest = make_pod_manifest(
        **BASE_POD,
        env={"JUPYTERHUB_SSL_KEYFILE": "/hub/ssl.key"},
        ssl_secret_name=secret_name,
        ssl_secret_mount_path=mount_path,
    )
    assert manifest["spec"]["volumes"] == []
    assert notebook(manifest)["volumeMounts"] == []
    expected = [{"name": "JUPYTERHUB_SSL_KEYFILE", "value": "/hub/ssl.key"}]
    assert notebook(manifest)["env"] == expected
    assert_schema_valid(manifest)


def test_ssl_options_of_a_wrong_type_are_refused() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(**BASE_POD, ssl_secret_name=5, ssl_secret_mount_path="/ssl")
    assert problems_of(error) == [("spec.volumes", "ssl_secret_name")]


# --- errors ----------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidTypeError) as error:
        make_pod_manifest(
            name="jupyter-alice",
            cmd=None,
            port="8888",  # type: ignore[arg-type]
            image=None,  # type: ignore[arg-type]
            uid="x",  # type: ignore[arg-type]
            mem_limit="1GB",
            tolerations=[{"keyy": "a", "operator": "Exists"}],
            volume_mounts=[{"name": "home", "mountPath": "/home"}],
        )
    # Wrong types and unknown fields first, then what the API server's rules
    # find in the rest; a field already refused is not reported again.
    assert problems_of(error) == [
        ("spec.containers[0].image", "image"),
        ("spec.containers[0].ports[0].containerPort", "port"),
        ("spec.containers[0].securityContext.runAsUser", "uid"),
        ("spec.tolerations[0].keyy", "tolerations"),
        ("spec.containers[0].volumeMounts[0].name", "volume_mounts"),
        ("spec.containers[0].resources.limits.memory", "mem_limit"),
    ]
    assert isinstance(error.value, ValueError)
    message = str(error.value)
    assert message.startswith("Pod 'jupyter-alice' is invalid (6 problems):")


def test_full_pod_is_schema_valid() -> None:
    assert_schema_valid(make_pod_manifest(**full_pod_arguments()))


def test_make_pod_model_matches_the_manifest() -> None:
    arguments = full_pod_arguments()
    assert to_manifest(make_pod(**arguments)) == make_pod_manifest(**arguments)

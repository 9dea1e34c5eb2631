"""Every pod problem of ``hub`` points at the deepest line of the values (or configuration
file) that produced it: the list item or mapping key the setting passed through to the pod,
not the line of the setting that holds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubespawner.objects import hub_spawns
from kubespawner.objects._hub.chart import chart_spawner_config
from kubespawner.objects._hub.pyconfig import config_file_spawner_config

from .test_cli import run, write


def lines_of(config: object, field: str) -> set[int | None]:
    """The lines the problems at pod fields containing ``field`` point at."""
    spawns = hub_spawns(config, ["ann"], [""], matrix=False)  # type: ignore[arg-type]
    found = {
        problem.origin.line
        for problem in spawns[0].problems
        if field in problem.path and problem.origin is not None
    }
    assert found, [str(problem) for problem in spawns[0].problems]
    return found


# (the values, the pod field a problem is at, the line of the item that produced it); each
# setting is one the chart passes through to the pod as a list or mapping (z2jh 4.4.0's
# jupyterhub_config.py and values.yaml)
PASSED_THROUGH = [
    pytest.param(
        """\
singleuser:
  storage:
    type: none
    extraVolumes:
      - name: data
        emptyDir: {}
      - name: shared
        persistentVolumeClaim:
          claimNme: foo
""",
        "claimNme",
        9,
        id="storage.extraVolumes",
    ),
    pytest.param(
        """\
singleuser:
  storage:
    type: none
    extraVolumes:
      - name: shared
        emptyDir: {}
    extraVolumeMounts:
      - name: shared
        mountPath: /a
      - name: shared
        mountPth: /shared
""",
        "mountPth",
        11,
        id="storage.extraVolumeMounts",
    ),
    pytest.param(
        """\
singleuser:
  extraEnv:
    GOOD: ok
    SECRET:
      valueFrom:
        secretKeyRef:
          nme: token
""",
        "secretKeyRef.nme",
        7,
        id="extraEnv",
    ),
    pytest.param(
        """\
singleuser:
  extraPodConfig:
    restartPolicy: OnFailure
    dnsPolicy: Bogus
""",
        "dnsPolicy",
        4,
        id="extraPodConfig",
    ),
    pytest.param(
        """\
singleuser:
  extraContainers:
    - name: side
      image: busybox
    - name: other
      image: busybox
      imagePulPolicy: Always
""",
        "imagePulPolicy",
        7,
        id="extraContainers",
    ),
    pytest.param(
        """\
singleuser:
  initContainers:
    - name: fine
      image: busybox
    - name: Bad_Name
      image: busybox
""",
        "initContainers[1].name",
        5,
        id="initContainers",
    ),
    pytest.param(
        """\
singleuser:
  lifecycleHooks:
    postStart:
      exec:
        comand: [echo]
""",
        "comand",
        5,
        id="lifecycleHooks",
    ),
    pytest.param(
        """\
singleuser:
  extraTolerations:
    - key: a
      operator: Exists
    - key: b
      operator: Wrong
""",
        # after the chart's own two tolerations
        "tolerations[3].operator",
        6,
        id="extraTolerations",
    ),
    pytest.param(
        """\
singleuser:
  extraNodeAffinity:
    required:
      - matchExpressions:
          - key: a
            operator: Bad
""",
        "nodeSelectorTerms[0].matchExpressions[0].operator",
        6,
        id="extraNodeAffinity.required",
    ),
    pytest.param(
        """\
singleuser:
  extraPodAntiAffinity:
    preferred:
      - weight: 1
        podAffinityTerm:
          topologyKey: zone
      - weight: 1000
        podAffinityTerm:
          topologyKey: zone
""",
        "preferredDuringSchedulingIgnoredDuringExecution[1].weight",
        7,
        id="extraPodAntiAffinity.preferred",
    ),
    pytest.param(
        """\
singleuser:
  nodeSelector:
    ok: yes-really
    "bad key!": x
""",
        "nodeSelector",
        4,
        id="nodeSelector",
    ),
    pytest.param(
        """\
singleuser:
  extraResource:
    limits:
      example.com/fine: "1"
      example.com/gpu: lots
""",
        "example.com/gpu",
        5,
        id="extraResource.limits",
    ),
    pytest.param(
        """\
singleuser:
  extraLabels:
    team: data
    "cost centre": x
""",
        "metadata.labels",
        4,
        id="extraLabels",
    ),
    pytest.param(
        """\
imagePullSecret:
  create: false
singleuser:
  image:
    pullSecrets:
      - fine
      - nme: x
""",
        "imagePullSecrets[1]",
        7,
        id="image.pullSecrets",
    ),
    pytest.param(
        """\
singleuser:
  storage:
    dynamic:
      storageAccessModes:
        - ReadWriteOnce
        - ReadWriteSometimes
""",
        "accessModes[1]",
        6,
        id="storage.dynamic.storageAccessModes",
    ),
]


@pytest.mark.parametrize(("values", "field", "line"), PASSED_THROUGH)
def test_a_pod_problem_points_at_the_item_that_produced_it(
    tmp_path: Path, values: str, field: str, line: int
) -> None:
    path = write(tmp_path, values, "values.yaml")
    assert lines_of(chart_spawner_config([path]), field) == {line}


def test_a_profile_override_merged_into_the_volumes_points_at_its_own_item(
    tmp_path: Path,
) -> None:
    # the chart's volumes are a mapping: KubeSpawner merges an override mapping into it, so
    # a volume may come from either; each problem points at the one that wrote it
    path = write(
        tmp_path,
        """\
singleuser:
  storage:
    type: none
    extraVolumes:
      - name: base
        hostPath: {pat: /x}
  profileList:
    - display_name: Extra
      kubespawner_override:
        volumes:
          added:
            name: added
            secret: {secretNme: s}
""",
        "values.yaml",
    )
    config = chart_spawner_config([path])
    assert lines_of(config, "hostPath.pat") == {6}
    assert lines_of(config, "secret.secretNme") == {13}


def test_a_profile_override_replacing_a_list_points_at_its_items(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
singleuser:
  profileList:
    - display_name: Tolerant
      kubespawner_override:
        tolerations:
          - key: fine
            operator: Exists
          - key: bad
            operator: Sometimes
""",
        "values.yaml",
    )
    assert lines_of(chart_spawner_config([path]), "tolerations[1]") == {9}


def test_a_configuration_file_points_at_the_line_that_added_the_item(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'\n"
        "c.KubeSpawner.volumes = [{'name': 'a', 'emptyDir': {}}]\n"
        "c.KubeSpawner.volumes.append(\n"
        "    {'name': 'b', 'persistentVolumeClaim': {'claimNme': 'x'}}\n"
        ")\n"
        "c.KubeSpawner.environment = {'GOOD': 'ok'}\n"
        "c.KubeSpawner.environment['BAD'] = {'valueFrom': {'fieldRf': {}}}\n",
        "jupyterhub_config.py",
    )
    config = config_file_spawner_config(path)
    assert lines_of(config, "claimNme") == {3}
    assert lines_of(config, "fieldRf") == {7}


def test_the_command_names_the_items_line(tmp_path: Path) -> None:
    path = write(tmp_path, PASSED_THROUGH[0].values[0], "values.yaml")  # type: ignore[index]
    result = run("hub", "-f", path, "--user", "ann")
    assert result.returncode == 1
    assert f"{path}:9: no profile, user 'ann', default server: Pod spec.volumes[1]" in (
        result.stderr
    )


def test_a_pod_security_violation_points_at_the_item(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
singleuser:
  storage:
    type: none
    extraVolumes:
      - name: scratch
        emptyDir: {}
      - name: host
        hostPath: {path: /var}
""",
        "values.yaml",
    )
    spawns = hub_spawns(
        chart_spawner_config([path]), ["ann"], [""], matrix=False, pod_security="baseline"
    )
    found = [
        (problem.path, problem.origin.line if problem.origin else None)
        for problem in spawns[0].problems
        if problem.reason == "Pod Security" and "volumes" in problem.path
    ]
    # KubeSpawner lists the volumes by name: "host" first; line 8 is its hostPath key
    assert found == [("spec.volumes[0].hostPath", 8)]


def test_a_value_yaml_read_as_a_boolean_is_said_to_need_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, "singleuser:\n  extraEnv:\n    NAME: x\n    DEBUG: yes\n", "values.yaml")
    result = run("hub", "-f", path, "--user", "ann")
    assert result.returncode == 1
    assert result.stderr == (
        f"{path}:4: no profile, user 'ann', default server: Pod spec.containers[0].env['DEBUG']:"
        " Wrong type: true: must be a string or an EnvVar mapping, not bool;"
        " quote it in the values file to keep it as written (setting environment)\n"
    )


def test_python_that_sets_a_boolean_gets_no_quoting_hint(tmp_path: Path) -> None:
    # the value is Python's True, not text YAML read as one
    path = write(
        tmp_path,
        "c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'\n"
        "c.KubeSpawner.environment = {'DEBUG': True}\n",
        "jupyterhub_config.py",
    )
    result = run("hub", "--config", path, "--user", "ann")
    assert result.returncode == 1
    assert "not bool (setting environment)" in result.stderr
    assert "quote" not in result.stderr


# -- sections the hub does not read, named like those it does


def test_a_misspelled_spawner_section_in_a_configuration_file_is_warned_of(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'\n"
        "c.Authenticator.admin_users = {'ann'}\n"
        "c.LocalProcessSpawner.cmd = ['x']\n"
        "c.Kubespawner.cpu_limit = 2\n"
        "c.Spawnr.mem_limit = '1G'\n"
        "c.SSHSpawner.remote_hosts = ['h']\n"
        "print(c.KubeSpawnr.image)\n",
        "jupyterhub_config.py",
    )
    result = run("hub", "--config", path, "--user", "ann")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "Ignored section" in line]
    assert warnings == [
        f"warning: {path}:4: Kubespawner: Ignored section: the hub reads no Kubespawner"
        " section (class names are case-sensitive), so cpu_limit is ignored; did you mean"
        " KubeSpawner?",
        f"warning: {path}:5: Spawnr: Ignored section: the hub reads no Spawnr section"
        " (class names are case-sensitive), so mem_limit is ignored; did you mean Spawner?",
    ]


def test_a_misspelled_subclass_section_is_warned_of(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "from kubespawner import KubeSpawner\n"
        "class MySpawner(KubeSpawner):\n"
        "    pass\n"
        "c.JupyterHub.spawner_class = MySpawner\n"
        "c.MySpawner.cpu_limit = 1\n"
        "c.Myspawner.mem_limit = '1G'\n",
        "jupyterhub_config.py",
    )
    result = run("hub", "--config", path, "--user", "ann")
    assert f"warning: {path}:6: Myspawner: Ignored section:" in result.stderr
    assert "did you mean MySpawner?" in result.stderr
    assert "MySpawner: Ignored" not in result.stderr


def test_a_misspelled_spawner_section_in_hub_config_is_warned_of(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
hub:
  config:
    JupyterHub:
      admin_access: true
    Authenticator:
      admin_users: [ann]
    Kubespawner:
      cpu_limit: 2
      mem_limit: 1G
""",
        "values.yaml",
    )
    result = run("hub", "-f", path, "--user", "ann")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "Ignored section" in line]
    assert warnings == [
        f"warning: {path}:7: hub.config.Kubespawner: Ignored section: the hub reads no"
        " Kubespawner section (class names are case-sensitive), so cpu_limit, mem_limit are"
        " ignored; did you mean KubeSpawner?"
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        ("--config", "CONFIG", "--run-extra-config"),
        ("--config", "CONFIG", "--values-path", "basehub.jupyterhub"),
        ("-f", "VALUES", "--option", "no-equals-sign"),
        ("-f", "VALUES", "--unlisted", "=value"),
        ("--user", "ann"),
    ],
)
def test_errors_of_the_arguments_read_as_argparse_writes_them(
    tmp_path: Path, arguments: tuple[str, ...]
) -> None:
    files = {
        "VALUES": write(tmp_path, "singleuser: {}\n", "values.yaml"),
        "CONFIG": write(tmp_path, "c.KubeSpawner.cpu_limit = 1\n", "jupyterhub_config.py"),
    }
    result = run("hub", *(files.get(argument, argument) for argument in arguments))
    argparse_error = run("hub", "-f", files["VALUES"], "--release", "Bad_Name")
    assert result.returncode == argparse_error.returncode == 2
    assert result.stdout == ""
    assert argparse_error.stderr.splitlines()[-1].startswith("kubespawner-objects hub: error: ")
    assert result.stderr.startswith("kubespawner-objects hub: error: ")


def test_a_misspelled_section_in_extra_config_is_warned_of(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
hub:
  extraConfig:
    limits: |
      c.KubeSpawner.mem_limit = "1G"
      c.KubeSpawner_.cpu_limit = 1
""",
        "values.yaml",
    )
    result = run("hub", "-f", path, "--run-extra-config", "--user", "ann")
    assert result.returncode == 0, result.stderr
    assert f"warning: {path}:5: KubeSpawner_: Ignored section:" in result.stderr
    assert "did you mean KubeSpawner?" in result.stderr


def test_a_pod_security_violation_in_a_replaced_field_blames_extra_pod_config(
    tmp_path: Path,
) -> None:
    # make_pod (KubeSpawner 7.1.0 objects.py) sets spec.securityContext from
    # pod_security_context, then update_k8s_model lays extra_pod_config over the spec: the
    # sysctl comes from extraPodConfig, which the chart maps to extra_pod_config
    path = write(
        tmp_path,
        """\
singleuser:
  extraPodConfig:
    securityContext:
      sysctls:
        - name: kernel.msgmax
          value: "65536"
""",
        "values.yaml",
    )
    result = run("hub", "-f", path, "--user", "ann", "--pod-security", "baseline")
    assert result.returncode == 1
    assert (
        f"{path}:5: no profile, user 'ann', default server: Pod"
        " spec.securityContext.sysctls[0].name: Pod Security: forbidden sysctls (kernel.msgmax)"
        " (level baseline) (setting extra_pod_config)\n"
    ) in result.stderr
    assert "setting pod_security_context" not in result.stderr


def test_a_pod_security_violation_in_extra_container_config_blames_it(tmp_path: Path) -> None:
    # extra_container_config replaces the notebook container's securityContext whole
    path = write(
        tmp_path,
        """\
singleuser:
  profileList:
    - display_name: root
      kubespawner_override:
        extra_container_config:
          securityContext:
            privileged: true
""",
        "values.yaml",
    )
    spawns = hub_spawns(
        chart_spawner_config([path]), ["ann"], [""], matrix=False, pod_security="baseline"
    )
    found = [
        (problem.path, problem.setting, problem.origin.line if problem.origin else None)
        for problem in spawns[0].problems
        if problem.reason == "Pod Security" and "containers[0]" in problem.path
    ]
    assert found == [
        (
            "spec.containers[0].securityContext.privileged",
            "profile_list[0].kubespawner_override.extra_container_config",
            7,
        )
    ]


def test_a_field_extra_pod_config_replaces_is_a_warning_at_its_line(tmp_path: Path) -> None:
    # KubeSpawner's update_k8s_model logs a warning in the hub's log when extra_pod_config
    # replaces a field it made (here the chart's fsGroup); the command says so once per
    # spawn, where the field was written, and prints no log line of its own
    path = write(
        tmp_path,
        "singleuser:\n  extraPodConfig:\n    securityContext:\n      runAsNonRoot: true\n",
        "values.yaml",
    )
    result = run("hub", "-f", path, "--user", "ann")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"warning: {path}:3: no profile, user 'ann', default server: Pod spec.securityContext:"
        " Replaced: extra_pod_config replaces the spec.securityContext KubeSpawner made from"
        " other settings, whole (setting extra_pod_config)\n"
    )

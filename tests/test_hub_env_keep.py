"""``env_keep``: the hub's own variables a spawn copies into the pod, shown by a stand-in and
warned of where they hold the hub's secrets.

Facts: JupyterHub 5.5.0's ``Spawner.get_env`` copies each ``env_keep`` name set in the hub
process's ``os.environ`` before setting its own variables; KubeSpawner 7.0.0 and 7.1.0 make
``env_keep`` default to ``[]``. The z2jh 4.4.0 hub Deployment (templates/hub/deployment.yaml)
sets CONFIGPROXY_AUTH_TOKEN from its Secret's key hub.config.ConfigurableHTTPProxy.auth_token
and adds hub.extraEnv; its jupyterhub_config.py puts hub.db.password in MYSQL_PWD (mysql) or
PGPASSWORD (postgres). Where the pod lands is compared with KubeSpawner in test_hub_oracle.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects import SpawnerConfig
from kubespawner.objects._hub.chart import chart_spawner_config
from kubespawner.objects._hub.env_keep import KEPT
from kubespawner.objects._hub.spawner import Spawn, spawn

from .test_cli import documents, run, write


def _one(traits: dict[str, Any], config: SpawnerConfig | None = None, **options: Any) -> Spawn:
    config = config or SpawnerConfig(traits=traits)
    return spawn(config, "alice", "", options)


def _env(result: Spawn) -> dict[str, Any]:
    container = result.objects[-1]["spec"]["containers"][0]
    return {entry["name"]: entry.get("value") for entry in container["env"]}


def test_kept_variables_stand_in_for_the_hubs_values_never_this_machines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONFIGPROXY_AUTH_TOKEN", "this-machines-token")
    monkeypatch.setenv("PATH", "/this/machines/path")
    result = _one({"env_keep": ["PATH", "CONFIGPROXY_AUTH_TOKEN", "NOT_SET_HERE"]})
    env = _env(result)
    assert env["PATH"] == env["CONFIGPROXY_AUTH_TOKEN"] == env["NOT_SET_HERE"] == KEPT
    assert "this-machines" not in str(result.objects)
    assert result.problems == []


def test_variables_the_spawner_sets_afterwards_replace_kept_ones() -> None:
    traits = {
        "env_keep": ["MEM_LIMIT", "CPU_LIMIT", "JUPYTER_IMAGE", "SERVICE_TOKEN"],
        "mem_limit": "1G",
        "environment": {"SERVICE_TOKEN": "not-a-secret-of-the-hub"},
    }
    result = _one(traits)
    env = _env(result)
    assert env["MEM_LIMIT"] == "1073741824"
    assert env["CPU_LIMIT"] == KEPT
    assert env["JUPYTER_IMAGE"] == "quay.io/jupyterhub/singleuser:latest"
    # the environment's value, not the hub's, reaches the pod: nothing to warn of
    assert env["SERVICE_TOKEN"] == "not-a-secret-of-the-hub"
    assert result.warnings == []


def test_the_chart_hubs_secrets_are_warned_of(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(
        "hub:\n"
        "  db: {type: postgres}\n"
        "  extraEnv:\n"
        "    CLIENT_ID_OF_APP:\n"
        "      valueFrom: {secretKeyRef: {name: oauth, key: id}}\n"
        "    GREETING: hello\n"
        "  config:\n"
        "    KubeSpawner:\n"
        "      env_keep: [PATH, CONFIGPROXY_AUTH_TOKEN, CLIENT_ID_OF_APP, GREETING, PGPASSWORD]\n"
    )
    result = _one({}, chart_spawner_config([str(values)]))
    assert result.problems == []
    warned = {warning.path: warning for warning in result.warnings}
    assert list(warned) == [
        f"spec.containers[0].env[{name!r}]"
        for name in ("CONFIGPROXY_AUTH_TOKEN", "CLIENT_ID_OF_APP", "PGPASSWORD")
    ]
    proxy, client, database = warned.values()
    assert "key hub.config.ConfigurableHTTPProxy.auth_token of Secret hub" in proxy.detail
    assert "hub.extraEnv sets it from key id of Secret oauth" in client.detail
    assert "hub.db.password" in database.detail
    for warning in warned.values():
        assert warning.reason == "Hub secret" and warning.setting == "env_keep"
        assert "copies the hub's secret into every user's pod" in warning.detail
        assert str(warning.origin) == f"{values}:9"


def test_an_extra_env_list_entry_from_a_secret_is_warned_of(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(
        "hub:\n"
        "  extraEnv:\n"
        "    - {name: UPSTREAM, valueFrom: {secretKeyRef: {name: upstream, key: url}}}\n"
        "  config: {Spawner: {env_keep: [UPSTREAM]}}\n"
    )
    [warning] = _one({}, chart_spawner_config([str(values)])).warnings
    assert "key url of Secret upstream" in warning.detail


@pytest.mark.parametrize(
    "name",
    ["GITHUB_TOKEN", "JPY_COOKIE_SECRET", "JUPYTERHUB_CRYPT_KEY", "ADMIN_PASSWORD", "db_password"],
)
def test_names_of_credentials_are_warned_of(name: str) -> None:
    [warning] = _one({"env_keep": [name]}).warnings
    assert warning.detail == (
        f"env_keep copies the hub's secret into every user's pod ({name}:"
        " its name is a credential's)"
    )


@pytest.mark.parametrize("name", ["PATH", "LANG", "KEYBOARD", "TOKENIZERS_PARALLELISM"])
def test_other_names_are_not(name: str) -> None:
    assert _one({"env_keep": [name]}).warnings == []


def test_a_profile_that_keeps_a_secret_is_named() -> None:
    profile = {"display_name": "P", "kubespawner_override": {"env_keep": ["HUB_TOKEN"]}}
    [warning] = _one({"profile_list": [profile]}).warnings
    assert warning.setting == "profile_list[0].kubespawner_override.env_keep"
    assert "into the pod of every user who chooses this profile" in warning.detail


@pytest.mark.parametrize("name", ["", "A=B"])
def test_a_name_no_environment_can_hold_copies_nothing(name: str) -> None:
    result = _one({"env_keep": ["PATH", name]})
    assert [str(problem) for problem in result.problems] == [
        f"Unintended: no environment holds a variable named {name!r}: KubeSpawner never"
        " copies it (setting env_keep)"
    ]
    assert name not in _env(result)


def test_a_name_the_api_server_refuses_is_env_keeps_problem() -> None:
    # a name the hub may have, which a pod may not (Kubernetes: printable ASCII only)
    [problem] = _one({"env_keep": ["PATH", "PÄTH"]}).problems
    assert problem.path == "spec.containers[0].env['PÄTH'].name"
    assert problem.setting == "env_keep"


def test_a_name_that_is_no_string_fails_the_spawn() -> None:
    result = _one({"env_keep": ["PATH", 1]})
    assert result.objects == []
    assert [str(problem) for problem in result.problems] == [
        "KubeSpawner: the spawn fails: TypeError: env_keep: str expected, not int"
        " (setting env_keep[1])"
    ]


VALUES = "hub: {config: {KubeSpawner: {env_keep: [PATH, CONFIGPROXY_AUTH_TOKEN]}}}\n"


def test_the_command_renders_the_pod_and_warns(tmp_path: Path) -> None:
    path = write(tmp_path, VALUES)
    environment = {"PATH": "/usr/bin:/bin", "CONFIGPROXY_AUTH_TOKEN": "this-machines-token"}
    result = run("hub", "-f", path, "--user", "alice", env=environment)
    assert result.returncode == 0, result.stderr
    assert "this-machines-token" not in result.stdout + result.stderr
    pod = documents(result.stdout)[-1]
    env = {entry["name"]: entry["value"] for entry in pod["spec"]["containers"][0]["env"]}
    assert env["PATH"] == env["CONFIGPROXY_AUTH_TOKEN"] == KEPT
    assert result.stderr.startswith(f"warning: {path}:1: no profile, user 'alice'")
    assert "copies the hub's secret into every user's pod" in result.stderr


def test_the_matrix_counts_warnings_apart_from_problems(tmp_path: Path) -> None:
    result = run("hub", "-f", write(tmp_path, VALUES))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning: ") == 1
    assert "12 spawns checked (1 profile, 6 users, 2 servers): 0 problems in 0 spawns," in (
        result.stderr
    )
    assert result.stderr.rstrip().endswith("1 warning")

"""What the spawn emulation reports beyond KubeSpawner's own failures: settings that do
nothing or surely not what was meant, each with the setting and where it was written.
The objects themselves are compared with KubeSpawner 7.0.0 and 7.1.0 in test_hub_oracle.py."""

from __future__ import annotations

from typing import Any

import pytest

from kubespawner.objects import SpawnerConfig, hub_spawns
from kubespawner.objects._hub.config import Origin
from kubespawner.objects._hub.profiles import later_defaults
from kubespawner.objects._hub.spawner import PLACEHOLDER, Spawn, spawn


def _one(traits: dict[str, Any], **options: Any) -> Spawn:
    return spawn(SpawnerConfig(traits=traits), "alice", "", options)


def _texts(result: Spawn) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_a_clean_spawn_has_no_problems_and_a_pod() -> None:
    result = _one({})
    assert result.problems == []
    assert [manifest["kind"] for manifest in result.objects] == ["Pod"]


def test_storage_pvc_ensure_adds_the_claim_first() -> None:
    result = _one({"storage_pvc_ensure": True, "storage_capacity": "10Gi"})
    assert [manifest["kind"] for manifest in result.objects] == ["PersistentVolumeClaim", "Pod"]
    assert result.objects[0]["metadata"]["name"] == "claim-alice"


def test_template_fields_in_a_setting_kubespawner_never_expands() -> None:
    result = _one({"scheduler_name": "sched-{username}"})
    assert _texts(result) == [
        "Unintended: KubeSpawner does not expand template fields in scheduler_name:"
        " {username} stays as written (setting scheduler_name)"
    ]


def test_name_template_overrides_change_nothing() -> None:
    profile = {"display_name": "P", "kubespawner_override": {"pod_name_template": "x-{username}"}}
    result = _one({"profile_list": [profile]})
    assert result.objects[-1]["metadata"]["name"] == "jupyter-alice"
    [problem] = result.problems
    assert problem.reason == "Unintended"
    assert problem.setting == "profile_list[0].kubespawner_override.pod_name_template"


def test_a_templated_working_dir_override_stays_unexpanded() -> None:
    profile = {"display_name": "P", "kubespawner_override": {"working_dir": "/home/{username}"}}
    result = _one({"profile_list": [profile]})
    assert result.objects[-1]["spec"]["containers"][0]["workingDir"] == "/home/{username}"
    assert "expands working_dir before applying profile overrides" in _texts(result)[0]


def test_an_override_key_that_is_no_setting() -> None:
    ignored = _one({"profile_list": [{"display_name": "P", "kubespawner_override": {"cpu": 2}}]})
    assert ignored.objects and "has no setting 'cpu'" in _texts(ignored)[0]
    # a mapping for a name KubeSpawner does not have fails (getattr raises)
    profile = {"display_name": "P", "kubespawner_override": {"labels": {"a": "b"}}}
    failed = _one({"profile_list": [profile]})
    assert failed.objects == []
    assert "AttributeError: KubeSpawner has no attribute 'labels'" in _texts(failed)[0]


def test_a_list_override_that_drops_the_home_volume() -> None:
    traits = {
        "volumes": [{"name": "home", "emptyDir": {}}],
        "volume_mounts": [{"name": "home", "mountPath": "/home/jovyan"}],
        "profile_list": [
            {
                "display_name": "P",
                "kubespawner_override": {"volumes": [{"name": "x", "emptyDir": {}}]},
            }
        ],
    }
    result = _one(traits)
    texts = _texts(result)
    assert "replaces the whole volumes list and drops the volume 'home'" in texts[0]
    # the mount of the dropped volume then has no volume: the API server refuses the pod
    assert any("volumeMounts[0].name: Not found" in text for text in texts)


def test_mapping_overrides_merge_and_none_deletes() -> None:
    traits = {
        "extra_labels": {"keep": "yes", "drop": "yes"},
        "profile_list": [
            {
                "display_name": "P",
                "kubespawner_override": {"extra_labels": {"drop": None, "added": "yes"}},
            }
        ],
    }
    labels = _one(traits).objects[-1]["metadata"]["labels"]
    assert (labels.get("keep"), labels.get("drop"), labels.get("added")) == ("yes", None, "yes")


def test_deprecated_and_unknown_settings() -> None:
    result = _one({"image_spec": "jupyter/base:1", "cpu_limits": 2})
    assert result.objects[-1]["spec"]["containers"][0]["image"] == "jupyter/base:1"
    assert _texts(result) == [
        "Deprecated: KubeSpawner reads image_spec as image (setting image_spec)",
        "Unknown setting: KubeSpawner has no setting 'cpu_limits' (did you mean 'cpu_limit'?):"
        " the hub warns and ignores it (setting cpu_limits)",
    ]


def test_singleuser_image_spec_is_moved_to_image_spec_which_the_hub_does_not_read() -> None:
    # KubeSpawner's config handler moves image_spec to image first, then this one to image_spec
    result = _one({"singleuser_image_spec": "jupyter/base:1"})
    assert result.objects[-1]["spec"]["containers"][0]["image"] != "jupyter/base:1"
    assert _texts(result) == [
        "Deprecated: KubeSpawner reads singleuser_image_spec as image_spec"
        " (setting singleuser_image_spec)",
        "Unknown setting: KubeSpawner has no setting 'image_spec' (did you mean 'image'?):"
        " the hub warns and ignores it (setting singleuser_image_spec)",
    ]


def test_a_deprecated_override_sets_the_new_setting() -> None:
    profiles = [{"display_name": "A", "kubespawner_override": {"singleuser_image_spec": "x:1"}}]
    result = _one({"profile_list": profiles})
    assert result.objects[-1]["spec"]["containers"][0]["image"] == "x:1"
    assert _texts(result) == [
        "Deprecated: KubeSpawner sets singleuser_image_spec as image"
        " (setting profile_list[0].kubespawner_override.singleuser_image_spec)"
    ]


def test_asking_for_a_missing_profile_where_a_slug_is_no_string() -> None:
    # KubeSpawner fails joining the slugs into its "No such profile" message
    result = _one({"profile_list": [{"display_name": "A", "slug": 5}]}, profile="b")
    assert result.objects == []
    assert _texts(result) == [
        "KubeSpawner: the spawn fails: TypeError: no profile 'b', and listing the profiles"
        " fails: the slug 5 is no string (setting profile_list[0].slug)"
    ]


def test_pod_security_problems_name_the_setting_and_its_origin() -> None:
    config = SpawnerConfig(
        traits={"allow_privilege_escalation": True},
        origins={("allow_privilege_escalation",): Origin("values.yaml", 7)},
    )
    result = spawn(config, "alice", pod_security="restricted")
    escalation = [p for p in result.problems if p.path.endswith("allowPrivilegeEscalation")]
    assert escalation and escalation[0].setting == "allow_privilege_escalation"
    assert str(escalation[0].origin) == "values.yaml:7"


def test_jupyterhub_secrets_are_placeholders() -> None:
    env = _one({}).objects[-1]["spec"]["containers"][0]["env"]
    values = {entry["name"]: entry.get("value") for entry in env}
    assert values["JUPYTERHUB_API_TOKEN"] == values["JPY_API_TOKEN"] == PLACEHOLDER
    assert values["JUPYTERHUB_USER"] == "alice"


def test_the_matrix_tries_each_profile_choice_and_unlisted_choice() -> None:
    option = {
        "display_name": "Image",
        "choices": {"a": {"display_name": "A"}, "b": {"display_name": "B"}},
        "unlisted_choice": {"enabled": True},
    }
    traits = {
        "profile_list": [
            {"display_name": "One", "profile_options": {"image": option}},
            {"display_name": "Two"},
        ]
    }
    spawns = hub_spawns(traits, ["alice"], [""])
    assert [result.user_options for result in spawns] == [
        {"profile": "one"},
        {"profile": "one", "image": "b"},
        {"profile": "one", "image--unlisted-choice": "example"},
        {"profile": "two"},
    ]
    assert all(result.objects and not result.problems for result in spawns)


def test_an_option_the_profile_does_not_have() -> None:
    traits = {"profile_list": [{"display_name": "One"}]}
    result = _one(traits, profile="one", image="big")
    # KubeSpawner ignores it and spawns; the user surely meant something
    assert result.objects
    assert _texts(result) == [
        "Unknown option: profile 'one' has no option 'image' (its options: none);"
        " KubeSpawner ignores it (setting profile_list[0])"
    ]


def _release(release: str, traits: dict[str, Any]) -> Spawn:
    return spawn(SpawnerConfig(traits=traits, kubespawner=release), "alice")


def test_the_pod_names_the_kubespawner_release_the_chart_ships_unless_told() -> None:
    def version(result: Spawn) -> str:
        pod = result.objects[-1]
        return str(pod["metadata"]["annotations"]["hub.jupyter.org/kubespawner-version"])

    assert version(_one({})) == "7.0.0"  # the z2jh 4.4.0 hub image's
    assert version(_release("7.1.0", {})) == "7.1.0"


def test_a_dict_of_profiles_fails_the_spawn_before_7_1_0() -> None:
    profiles = {"b": {"display_name": "B"}, "a": {"display_name": "A"}}
    old = _release("7.0.0", {"profile_list": profiles})
    assert old.objects == []
    assert [p.setting for p in old.problems if p.reason == "KubeSpawner"] == ["profile_list"]
    assert "expected a list or a callable, not the dict" in _texts(old)[0]
    new = _release("7.1.0", {"profile_list": profiles})
    assert new.problems == [] and new.profile == "a"


def test_of_two_default_profiles_the_first_is_taken_and_the_later_one_named() -> None:
    # KubeSpawner 7.1.0's _get_profile: the first profile with a true default; a dict of
    # profiles (7.1.0) is taken in the order of its sorted keys.
    listed = [{"display_name": "A"}, {"slug": "b", "default": 1}, {"slug": "c", "default": True}]
    keyed = {"z": {"slug": "z", "default": True}, "y": {"slug": "y", "default": True}}
    for profiles, taken, later in ((listed, "b", ["c"]), (keyed, "y", ["z"])):
        assert _release("7.1.0", {"profile_list": profiles}).profile == taken
        pairs = [(first.slug, other.slug) for first, other in later_defaults(profiles)]
        assert pairs == [(taken, slug) for slug in later]


@pytest.mark.parametrize("where", ["config", "override"])
def test_slow_spawn_settings_are_unknown_before_7_1_0(where: str) -> None:
    setting = {"slow_spawn_message_threshold": 30}
    traits: dict[str, Any] = (
        setting
        if where == "config"
        else {"profile_list": [{"display_name": "P", "kubespawner_override": setting}]}
    )
    old = _release("7.0.0", traits)
    assert [p.reason for p in old.problems] == ["Unknown setting"]
    detail = "KubeSpawner 7.0.0 has no setting 'slow_spawn_message_threshold' (it came in 7.1.0)"
    assert detail in _texts(old)[0]
    assert old.objects  # the hub warns and spawns
    assert _release("7.1.0", traits).problems == []


def test_an_unknown_release_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match=r"jupyterhub-kubespawner 7\.2\.0 is not emulated"):
        _release("7.2.0", {})


def test_a_problem_without_detail_reads_without_a_dangling_colon() -> None:
    result = _one({"extra_container_config": {"env": [{"name": "", "value": "x"}]}})
    assert _texts(result) == [
        "Pod spec.containers[0].env[0].name: Required value (setting extra_container_config)"
    ]


def _hub_env(hub: dict[str, Any], server: str = "") -> dict[str, Any]:
    result = spawn(SpawnerConfig(traits={}, hub=hub), "Ann", server)
    assert result.problems == [], _texts(result)
    env = result.objects[-1]["spec"]["containers"][0]["env"]
    return {entry["name"]: entry.get("value") for entry in env}


def test_the_hubs_public_url_and_cookie_settings_reach_the_env() -> None:
    # JupyterHub 5.5.0: app.py's public_url validation and init_hub (public_host), user.py's
    # User.public_url and the spawner's public_hub_url, spawner.py's get_env (the values are
    # also compared with JupyterHub itself: tests/data/hub_configs/public.py)
    env = _hub_env(
        {
            "base_url": "/jh/",
            "public_url": "https://hub.example.org",  # no path: base_url is added
            "cookie_host_prefix_enabled": True,
            "tornado_settings": {"cookie_options": {"SameSite": "None"}},
        },
        "gpu 1",
    )
    assert env["JUPYTERHUB_PUBLIC_URL"] == "https://hub.example.org/jh/user/Ann/gpu%201/"
    assert env["JUPYTERHUB_PUBLIC_HUB_URL"] == "https://hub.example.org/jh/hub/"
    assert env["JUPYTERHUB_HOST"] == "https://hub.example.org"
    assert env["JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED"] == "1"
    assert env["JUPYTERHUB_COOKIE_OPTIONS"] == '{"SameSite": "None"}'
    plain = _hub_env({})
    assert plain["JUPYTERHUB_PUBLIC_URL"] == plain["JUPYTERHUB_HOST"] == ""
    assert plain["JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED"] == "0"
    assert "JUPYTERHUB_COOKIE_OPTIONS" not in plain


def test_a_public_url_off_the_base_url_stops_the_hub() -> None:
    hub = {"base_url": "/jh/", "public_url": "https://hub.example.org/other/"}
    result = spawn(SpawnerConfig(traits={}, hub=hub), "ann")
    assert result.objects == []
    assert _texts(result) == [
        "KubeSpawner: the spawn fails: the hub fails to start: ValueError: JupyterHub.public_url"
        " = 'https://hub.example.org/other/' must include base_url: '/jh/'"
        " (setting JupyterHub.public_url)"
    ]


def test_the_hub_reached_by_address_and_port() -> None:
    # JupyterHub's Hub.url: hub_connect_url wins; else hub_connect_ip on hub_connect_port or
    # the port the hub listens on
    assert _hub_env({"hub_connect_ip": "10.0.0.5", "hub_port": 8090})["JUPYTERHUB_API_URL"] == (
        "http://10.0.0.5:8090/hub/api"
    )
    both = {"hub_connect_ip": "10.0.0.5", "hub_connect_port": 9000, "hub_bind_url": "http://:1"}
    assert _hub_env(both)["JUPYTERHUB_API_URL"] == "http://10.0.0.5:9000/hub/api"
    hub = {"hub_connect_url": "http://hub:8081", "hub_connect_ip": "10.0.0.5"}
    result = spawn(SpawnerConfig(traits={}, hub=hub), "ann")
    assert [str(warning) for warning in result.warnings] == [
        "Ignored setting: without effect: hub_connect_url gives the hub's address"
        " (setting JupyterHub.hub_connect_ip)"
    ]


@pytest.mark.parametrize("setting", ["subdomain_host", "internal_ssl"])
def test_hub_settings_not_rendered_are_warned_of(setting: str) -> None:
    value: Any = "https://hub.example.org" if setting == "subdomain_host" else True
    result = spawn(SpawnerConfig(traits={}, hub={setting: value}), "ann")
    assert result.objects and result.problems == []
    assert [(w.reason, w.setting) for w in result.warnings] == [
        ("Not rendered", f"JupyterHub.{setting}")
    ]

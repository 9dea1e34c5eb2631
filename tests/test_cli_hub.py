"""``kubespawner-objects hub`` end to end: values files in, one spawn's objects or the
matrix's problems out, with the exit statuses of the other commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .test_cli import ROOT, documents, run, write

EXAMPLE = str(ROOT / "examples" / "hub-values.yaml")


def test_example_matrix_is_clean() -> None:
    result = run("hub", "-f", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    # 3 profiles; the data science image and GPU framework options add one choice each
    assert "60 spawns checked (3 profiles, 6 users, 2 servers): 0 problems" in result.stderr


def test_one_spawn_renders_its_claim_and_pod() -> None:
    result = run(
        "hub", "-f", EXAMPLE, "--user", "Alice", "--profile", "gpu", "--option", "image=tensorflow"
    )
    assert result.returncode == 0, result.stderr
    claim, pod = documents(result.stdout)
    # "Alice" is no DNS label: KubeSpawner's safe slug, sha256("Alice")[:8]
    assert claim["metadata"]["name"] == "claim-alice---3bc51062"
    assert pod["metadata"]["name"] == "jupyter-alice---3bc51062"
    container = pod["spec"]["containers"][0]
    assert container["image"] == "quay.io/jupyter/tensorflow-notebook:cuda-2024-12-02"
    limits = {"cpu": "2", "memory": "2147483648", "nvidia.com/gpu": "1"}
    assert container["resources"]["limits"] == limits
    assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in pod["spec"][
        "tolerations"
    ]
    env = {entry["name"]: entry.get("value") for entry in container["env"]}
    assert env["OWNER"] == "Alice" and env["MEM_LIMIT"] == "2147483648"
    # JupyterHub's own secrets are placeholders, never values
    assert env["JUPYTERHUB_API_TOKEN"].startswith("<")


def test_json_output_is_a_list() -> None:
    result = run("hub", "-f", EXAMPLE, "--user", "bob", "-o", "json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert listing["kind"] == "List"
    assert [item["kind"] for item in listing["items"]] == ["PersistentVolumeClaim", "Pod"]


def test_an_unlisted_value_is_checked_against_its_regex() -> None:
    good = run(
        "hub", "-f", EXAMPLE, "--user", "bob", "--profile", "data-science",
        "--unlisted", "image=quay.io/jupyter/julia-notebook:2024-12-02",
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert documents(good.stdout)[1]["spec"]["containers"][0]["image"].endswith(
        "julia-notebook:2024-12-02"
    )
    bad = run(
        "hub", "-f", EXAMPLE, "--user", "bob", "--profile", "data-science",
        "--unlisted", "image=docker.io/evil:latest",
    )  # fmt: skip
    assert bad.returncode == 1 and bad.stdout == ""
    # the line of the option's validation_regex in the example
    assert bad.stderr.startswith(f"{EXAMPLE}:47: profile 'data-science', ")
    assert "failed validation regex" in bad.stderr


def test_problems_name_the_values_line_and_the_spawn(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        """\
singleuser:
  profileList:
    - display_name: Big
      kubespawner_override:
        mem_limit: 4Gi
""",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(
        f"{values}:5: profile 'big', user 'ann', default server: KubeSpawner: the spawn fails:"
        " TraitError: mem_limit: 4Gi is not a valid memory specification"
    )


def test_matrix_reports_each_problem_once(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        """\
singleuser:
  profileList:
    - display_name: Scratch only
      kubespawner_override:
        volumes: [{name: scratch, emptyDir: {}}]
        volume_mounts: [{name: scratch, mountPath: /scratch}]
""",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--matrix")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    dropped = [line for line in lines if "drops the volume" in line]
    assert len(dropped) == 1 and dropped[0].startswith(f"{values}:5: profile 'scratch-only'")
    assert dropped[0].endswith("(and 11 more spawns)")
    assert lines[-1].startswith("12 spawns checked (1 profile, 6 users, 2 servers)")


def test_named_servers_warn_when_the_hub_does_not_allow_them(tmp_path: Path) -> None:
    values = write(tmp_path, "singleuser: {}\n", "values.yaml")
    result = run("hub", "-f", values, "--user", "ann", "--server", "gpu")
    assert result.returncode == 0, result.stderr
    assert "does not allow named servers" in result.stderr
    assert documents(result.stdout)[-1]["metadata"]["name"] == "jupyter-ann--gpu"


def test_the_kubespawner_release_is_the_chart_images_unless_told(tmp_path: Path) -> None:
    # z2jh 4.4.0's hub image ships 7.0.0; 7.1.0 also takes a dict of profiles (PR #919)
    values = write(
        tmp_path,
        "hub:\n  config:\n    KubeSpawner:\n      profile_list: {b: {display_name: B}}\n",
        "values.yaml",
    )
    chart = run("hub", "-f", values, "--user", "ann")
    assert chart.returncode == 1 and chart.stdout == ""
    assert "KubeSpawner: the spawn fails: TraitError: profile_list" in chart.stderr
    newer = run("hub", "-f", values, "--user", "ann", "--kubespawner", "7.1.0")
    assert newer.returncode == 0, newer.stderr
    annotations = documents(newer.stdout)[-1]["metadata"]["annotations"]
    assert annotations["hub.jupyter.org/kubespawner-version"] == "7.1.0"
    other = run("hub", "-f", values, "--kubespawner", "6.2.0")
    assert other.returncode == 2 and "invalid choice: '6.2.0'" in other.stderr


def test_python_in_extra_config_is_not_run_and_said_so(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        "hub:\n  extraConfig:\n    mine: |\n      raise SystemExit('ran')\n",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "note: not evaluated (Python code is not run; --run-extra-config runs it): "
        f"hub.extraConfig.mine ({values}:3)"
    )


def test_a_hook_set_by_extra_config_that_ran_is_a_callable_not_called(tmp_path: Path) -> None:
    # The snippet did run: saying its "Python code is not run" would be wrong.
    snippet = "def hook(spawner):\n        pass\n      c.KubeSpawner.pre_spawn_hook = hook\n"
    values = write(tmp_path, f"hub:\n  extraConfig:\n    mine: |\n      {snippet}", "values.yaml")
    result = run("hub", "-f", values, "--user", "ann", "--run-extra-config")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "note: not evaluated (callables are not called): "
        f"c.KubeSpawner.pre_spawn_hook = the callable hook ({values}:6)"
    )


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    missing = run("hub", "-f", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and missing.stdout == ""
    broken = run("hub", "-f", write(tmp_path, "singleuser: [\n", "broken.yaml"))
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr
    option = run("hub", "-f", EXAMPLE, "--user", "ann", "--option", "image")
    assert option.returncode == 2 and "NAME=VALUE" in option.stderr


@pytest.mark.parametrize(
    ("user", "why"),
    [("", "never empty"), ("ann/bob", "has a '/'"), (" ann", "starts or ends with a space")],
)
def test_a_user_name_jupyterhub_refuses_is_an_argument_error(user: str, why: str) -> None:
    # JupyterHub's Authenticator.validate_username refuses these names whatever its
    # username_pattern, so no hub ever spawns a server for them.
    result = run("hub", "-f", EXAMPLE, "--user", user)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(
        "kubespawner-objects hub: error: argument --user"
    )
    assert why in result.stderr


def test_unknown_profile_and_choice_are_problems() -> None:
    profile = run("hub", "-f", EXAMPLE, "--user", "ann", "--profile", "huge")
    assert profile.returncode == 1 and "No such profile: huge" in profile.stderr
    choice = run("hub", "-f", EXAMPLE, "--user", "ann", "--profile", "gpu", "--option", "image=jax")
    assert choice.returncode == 1 and "'jax' is no choice of option 'image'" in choice.stderr


def test_example_is_yaml_with_profiles_options_and_an_unlisted_choice() -> None:
    values = yaml.safe_load(Path(EXAMPLE).read_text())
    profiles = values["singleuser"]["profileList"]
    options = [
        option for profile in profiles for option in profile.get("profile_options", {}).values()
    ]
    assert options and any(option.get("unlisted_choice", {}).get("enabled") for option in options)


def test_values_problems_stop_the_output(tmp_path: Path) -> None:
    values = write(tmp_path, "singleuser:\n  memmory: {limit: 1G}\n", "values.yaml")
    result = run("hub", "-f", values, "--user", "ann")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{values}:2: singleuser.memmory: ")


def test_the_matrix_of_one_profile() -> None:
    result = run("hub", "-f", EXAMPLE, "--profile", "gpu")
    assert result.returncode == 0, result.stderr
    # the default framework, then the other one, for 6 users on 2 servers
    assert (
        result.stderr
        == "24 spawns checked (1 profile, 6 users, 2 servers): 0 problems in 0 spawns\n"
    )


def test_a_problem_that_differs_only_by_user_is_one_line(tmp_path: Path) -> None:
    # the chart's home mount stays while the profile's volumes drop its volume: every
    # user's pod mounts a volume it does not have, each under the user's own name
    values = write(
        tmp_path,
        """\
singleuser:
  profileList:
    - display_name: Scratch
      kubespawner_override:
        volumes: [{name: scratch, emptyDir: {}}]
""",
        "values.yaml",
    )
    result = run("hub", "-f", values)
    assert result.returncode == 1
    missing = [line for line in result.stderr.splitlines() if "Not found" in line]
    assert len(missing) == 1, result.stderr
    assert '"volume-alice": must be the name of one of the pod' in missing[0]
    assert missing[0].endswith("(setting volume_mounts, chart default) (and 11 more spawns)")


def test_every_bad_setting_is_reported_not_only_the_first(tmp_path: Path) -> None:
    # KubeSpawner stops at its first TraitError; the admin sees all of them in one run.
    values = write(
        tmp_path,
        """\
singleuser:
  extraEnv: {}
  profileList:
    - display_name: Big
      kubespawner_override:
        mem_limit: 4Gi
        cpu_limit: lots
""",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann", "--profile", "big")
    assert result.returncode == 1 and result.stdout == ""
    failures = [line for line in result.stderr.splitlines() if "the spawn fails" in line]
    # in the order the hub applies them: Helm hands the chart's values over with sorted keys
    assert [line.split(" TraitError: ")[1].split(":")[0] for line in failures] == [
        "cpu_limit",
        "mem_limit",
    ]
    assert failures[0].startswith(f"{values}:7: ") and failures[1].startswith(f"{values}:6: ")


def test_names_holding_line_breaks_or_escapes_cannot_fake_a_line(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        "singleuser:\n  profileList:\n    - display_name: Big\n      kubespawner_override:\n"
        '        "mem\\nfake: line": 4G\n        "x\\e[31mred": 1\n',
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann", "--profile", "big")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{values}:") for line in lines)
    assert "\x1b" not in result.stderr and "mem\\nfake: line" in lines[0]


@pytest.mark.parametrize(
    ("flag", "value", "reason"),
    [
        ("--release", "Bad_Name", "RFC 1123 subdomain"),
        ("--release", "a" * 54, "no more than 53 characters"),
        ("--namespace", "team.a", "must not contain dots"),
    ],
)
def test_release_and_namespace_are_names_helm_and_kubernetes_take(
    flag: str, value: str, reason: str
) -> None:
    result = run("hub", "-f", EXAMPLE, "--user", "ann", flag, value)
    assert result.returncode == 2 and result.stdout == ""
    assert f"argument {flag}: " in result.stderr and reason in result.stderr


def test_profile_keys_kubespawner_never_reads_are_warned_of_with_the_key_meant(
    tmp_path: Path,
) -> None:
    # KubeSpawner ignores them silently: the profile loses its overrides or its default.
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: Small\n"
        "    defualt: true\n"
        "    kubespawnerOverride: {mem_limit: 1G}\n"
        "    profile_options:\n"
        "      image:\n"
        "        display_name: Image\n"
        "        unlisted_choice: {enabled: true, validationRegex: '^x'}\n"
        "        choices:\n"
        "          a: {display_name: A, kubespawner_overide: {image: 'x:1'}}\n"
        "          b: {display_name: B, custom_badge: new}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values)
    assert result.returncode == 0, result.stderr
    unread = "Unknown field: KubeSpawner does not read it (a custom profile_form_template may)"
    option = "profile_list[0].profile_options.image"
    assert result.stderr.splitlines()[:5] == [
        f"warning: {values}:4: profile_list[0].defualt: {unread}; did you mean 'default'?",
        f"warning: {values}:5: profile_list[0].kubespawnerOverride: {unread}; "
        "did you mean 'kubespawner_override'?",
        f"warning: {values}:9: {option}.unlisted_choice.validationRegex: {unread}; "
        "did you mean 'validation_regex'?",
        f"warning: {values}:11: {option}.choices.a.kubespawner_overide: {unread}; "
        "did you mean 'kubespawner_override'?",
        f"warning: {values}:12: {option}.choices.b.custom_badge: {unread}",
    ]


def test_profiles_marked_default_after_the_first_are_warned_of(tmp_path: Path) -> None:
    # KubeSpawner 7.1.0's _get_profile (kubespawner/spawner.py) returns the first profile with
    # a true default when none is chosen: a later default: true does nothing there. Its
    # templates/form.html marks every default profile's radio button `checked` when the
    # user's options name no profile, and the browser keeps the last one checked.
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: CPU\n"
        "    default: true\n"
        "  - display_name: Small\n"
        "    default: false\n"
        "  - display_name: GPU\n"
        "    slug: gpu\n"
        "    default: true\n"
        "  - {display_name: Big, slug: big, default: true}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "Second default" in line]
    assert warned == [
        f"warning: {values}:9: profile_list[2].default: Second default: profile 'GPU' and "
        "profile 'CPU' (profile_list[0]) both have default: true; KubeSpawner starts the "
        "first, 'CPU', when no profile is chosen (a spawn through the REST API), while its spawn"
        " form pre-selects the last, 'Big', for a user who has not chosen a profile before",
        f"warning: {values}:10: profile_list[3].default: Second default: profile 'Big' and "
        "profile 'CPU' (profile_list[0]) both have default: true; KubeSpawner starts the "
        "first, 'CPU', when no profile is chosen (a spawn through the REST API), while its spawn"
        " form pre-selects the last, 'Big', for a user who has not chosen a profile before",
    ]
    # One default, or none (KubeSpawner then takes the first), is no mistake.
    for single in ("  - {display_name: A}\n  - {display_name: B, default: true}\n", ""):
        one = write(tmp_path, "singleuser:\n  profileList:\n" + single, "one.yaml")
        assert "Second default" not in run("hub", "-f", one).stderr


def test_keys_yaml_reads_as_booleans_are_warned_of(tmp_path: Path) -> None:
    # Helm reads values with go-yaml v2 (YAML 1.1): an unquoted key y, yes, on, n, no or off
    # is a boolean, which sigs.k8s.io/yaml makes the key "true" or "false"; the chart copies
    # singleuser.extraEnv's keys as the variables' names (jupyterhub_config.py), and
    # KubeSpawner 7.1.0 takes a choice's key as its value in user_options.
    values = write(
        tmp_path,
        "singleuser:\n"
        "  extraEnv:\n"
        "    Y: '1'\n"
        "    'N': '0'\n"
        "    off: '0'\n"
        "  profileList:\n"
        "  - display_name: A\n"
        "    profile_options:\n"
        "      gpu:\n"
        "        display_name: GPU\n"
        "        choices:\n"
        "          yes: {display_name: 'Yes'}\n"
        "          'no': {display_name: 'No'}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "Boolean key" in line]
    quote = "quote the key in the values file to keep it as written"
    assert warned == [
        f"warning: {values}:5: environment.false: Boolean key: YAML reads the key n, no, off or"
        f" false unquoted as a boolean, so the variable is named 'false'; {quote}",
        f"warning: {values}:3: environment.true: Boolean key: YAML reads the key y, yes, on or"
        f" true unquoted as a boolean, so the variable is named 'true'; {quote}",
        f"warning: {values}:12: profile_list[0].profile_options.gpu.choices.true: Boolean key:"
        " YAML reads the key y, yes, on or true unquoted as a boolean, so the choice's key is"
        f" 'true'; {quote}",
    ]
    # Written so in Python, a key named "true" is what was meant.
    config = write(
        tmp_path,
        'c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"\n'
        'c.KubeSpawner.environment = {"true": "1"}\n',
        "jupyterhub_config.py",
    )
    assert "Boolean key" not in run("hub", "--config", config).stderr


def test_every_profile_key_kubespawner_reads_passes_without_a_warning() -> None:
    result = run("hub", "-f", EXAMPLE, "--unlisted", "image=quay.io/jupyter/julia-notebook:1")
    assert "warning" not in result.stderr
    assert result.returncode == 0, result.stderr


def test_choices_written_as_a_list_name_the_profile_and_option(tmp_path: Path) -> None:
    # KubeSpawner 7.1.0's _get_initialized_profile_list reads choices with .values(): a list
    # fails every spawn, whichever profile is chosen (tests/data/hub_spawner_corpus.yaml
    # compares the failure with KubeSpawner's own)
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: Plain\n"
        "  - display_name: Data Science\n"
        "    profile_options:\n"
        "      image:\n"
        "        display_name: Image\n"
        "        choices:\n"
        "        - display_name: Scipy\n"
        "          kubespawner_override: {image: 'quay.io/jupyter/scipy-notebook'}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann")
    assert result.returncode == 1
    assert result.stderr == (
        f"{values}:8: profile 'data-science', user 'ann', default server: KubeSpawner: the"
        " spawn fails: option 'image': choices must be a mapping (choice key -> choice), not"
        " a list (setting profile_list[1].profile_options.image.choices)\n"
    )


def test_the_summary_counts_every_profile_and_those_not_rendered(tmp_path: Path) -> None:
    # KubeSpawner 7.1.0's _get_initialized_profile_list reads every profile's choices before
    # any spawn: one profile's broken choices fail the spawns of both profiles.
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: Plain\n"
        "  - display_name: Broken\n"
        "    profile_options:\n"
        "      image: {display_name: Image, choices: 5}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann", "--server", "", "--matrix")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "1 spawn checked (2 profiles, 1 user, 1 server; 2 profiles could not be rendered):"
        " 1 problem in 1 spawn"
    )
    # A profile whose spawns fail on their own leaves the others rendered.
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: Plain\n"
        "  - {display_name: Big, kubespawner_override: {mem_limit: 8Gi}}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann", "--server", "", "--matrix")
    assert result.stderr.splitlines()[-1] == (
        "2 spawns checked (2 profiles, 1 user, 1 server; 1 profile could not be rendered):"
        " 1 problem in 1 spawn"
    )


def test_a_choice_that_is_no_mapping_fails_only_where_kubespawner_reads_it(
    tmp_path: Path,
) -> None:
    # KubeSpawner 7.1.0 looks for a default choice up to the first it finds, so a later
    # choice written as a string fails only the spawns that choose it
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: Images\n"
        "    profile_options:\n"
        "      image:\n"
        "        display_name: Image\n"
        "        choices:\n"
        "          base: {display_name: Base, default: true}\n"
        "          other: 'quay.io/jupyter/base-notebook'\n",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann", "--server", "", "--matrix")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{values}:9: profile 'images', image='other', user 'ann', default server: KubeSpawner:"
        " the spawn fails: option 'image': choice 'other' must be a mapping (display_name,"
        " kubespawner_override...), not a str (setting"
        " profile_list[0].profile_options.image.choices.other)",
        "2 spawns checked (1 profile, 1 user, 1 server): 1 problem in 1 spawn",
    ]


def test_choices_marked_default_after_the_first_are_warned_of(tmp_path: Path) -> None:
    # KubeSpawner 7.1.0's _load_profile takes the first choice with a true default when none
    # is given (tests/data/hub_spawner_corpus.yaml compares it); its templates/form.html
    # marks every such choice `selected` in the option's <select>, where the browser keeps
    # the last. The chart hands KubeSpawner the choices sorted by key (Helm's toYaml).
    values = write(
        tmp_path,
        "singleuser:\n"
        "  profileList:\n"
        "  - display_name: Sizes\n"
        "    profile_options:\n"
        "      size:\n"
        "        display_name: Size\n"
        "        choices:\n"
        "          small: {display_name: S, default: true}\n"
        "          large: {display_name: L, default: true}\n"
        "          medium: {display_name: M, default: true}\n"
        "          tiny: {display_name: T, default: false}\n",
        "values.yaml",
    )
    result = run("hub", "-f", values)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "Second default" in line]
    first = "profile_list[0].profile_options.size.choices"
    assert warned == [
        f"warning: {values}:10: {first}.medium.default: Second default: choice 'medium' and"
        f" choice 'large' ({first}.large) of option 'size' of profile 'Sizes' both have"
        " default: true; KubeSpawner takes the first, 'large', when no choice is given (a"
        " spawn through the REST API), while its spawn form pre-selects the last, 'small'",
        f"warning: {values}:8: {first}.small.default: Second default: choice 'small' and"
        f" choice 'large' ({first}.large) of option 'size' of profile 'Sizes' both have"
        " default: true; KubeSpawner takes the first, 'large', when no choice is given (a"
        " spawn through the REST API), while its spawn form pre-selects the last, 'small'",
    ]
    # One default, or none (KubeSpawner then takes the first), is no mistake.
    for single in ("{a: {default: true}, b: {}}", "{a: {}, b: {}}"):
        one = write(
            tmp_path,
            "singleuser:\n  profileList:\n  - display_name: A\n    profile_options:\n"
            f"      o: {{display_name: O, choices: {single}}}\n",
            "one.yaml",
        )
        assert "Second default" not in run("hub", "-f", one).stderr


def test_a_config_files_public_url_reaches_the_pod(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        'c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"\n'
        'c.JupyterHub.public_url = "https://hub.example.org"\n',
        "jupyterhub_config.py",
    )
    values = write(
        tmp_path,
        "hub:\n  config:\n    JupyterHub:\n      public_url: https://hub.example.org\n",
        "values.yaml",
    )
    for given in (["--config", config], ["-f", values]):
        result = run("hub", *given, "--user", "ann")
        assert result.returncode == 0, result.stderr
        env = {
            e["name"]: e.get("value")
            for e in documents(result.stdout)[-1]["spec"]["containers"][0]["env"]
        }
        assert env["JUPYTERHUB_PUBLIC_URL"] == "https://hub.example.org/user/ann/"
        assert env["JUPYTERHUB_PUBLIC_HUB_URL"] == "https://hub.example.org/hub/"

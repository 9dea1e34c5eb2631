"""``hub --config jupyterhub_config.py`` and ``hub -f ... --run-extra-config``: configuration
code executed as JupyterHub and the z2jh chart execute it, the file and line of every
setting, and clean errors for code that fails (tests/test_hub_config_oracle.py compares the
outcome with traitlets and KubeSpawner themselves)."""

from __future__ import annotations

import base64
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from kubespawner.objects import hub_spawns
from kubespawner.objects._hub import bounded, pyconfig
from kubespawner.objects._hub.chart import chart_spawner_config
from kubespawner.objects._hub.pyconfig import ConfigRunError, config_file_spawner_config

from .test_cli import documents, run, write

HEADER = 'c = get_config()\nc.JupyterHub.spawner_class = "kubespawner.KubeSpawner"\n'


def load(tmp_path: Path, text: str, name: str = "jupyterhub_config.py") -> object:
    return config_file_spawner_config(write(tmp_path, HEADER + text, name))


def test_lazy_appends_land_on_the_default_and_each_item_has_its_line(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "c.KubeSpawner.profile_list.append({'display_name': 'A', 'slug': 'a'})\n"
        "c.KubeSpawner.profile_list.append({'display_name': 'B', 'slug': 'b'})\n"
        "c.KubeSpawner.common_labels.update({'team': 'x'})\n",
    )
    assert [profile["slug"] for profile in config.traits["profile_list"]] == ["a", "b"]
    # update() adds to KubeSpawner's default labels, it does not replace them
    assert config.traits["common_labels"]["team"] == "x"
    assert config.traits["common_labels"]["heritage"] == "jupyterhub"
    assert str(config.origin("profile_list", 0, "slug")).endswith("jupyterhub_config.py:3")
    assert str(config.origin("profile_list", 1)).endswith("jupyterhub_config.py:4")
    assert str(config.origin("common_labels", "team")).endswith("jupyterhub_config.py:5")


def test_kubespawner_wins_over_spawner_and_the_hidden_setting_is_warned_of(
    tmp_path: Path,
) -> None:
    config = load(
        tmp_path,
        "c.Spawner.mem_limit = '1G'\n"
        "c.KubeSpawner.mem_limit = '2G'\n"
        "c.Spawner.environment = {'A': '1'}\n"
        "c.KubeSpawner.environment.update({'B': '2'})\n",
    )
    assert config.traits["mem_limit"] == "2G"
    # a lazy update in KubeSpawner's section adds to the Spawner section's mapping
    assert config.traits["environment"] == {"A": "1", "B": "2"}
    warnings = [str(problem) for problem in config.problems if problem.warning]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "jupyterhub_config.py:3: mem_limit: Overridden: this Spawner setting is overridden by "
        f"KubeSpawner's own mem_limit (from {tmp_path}/jupyterhub_config.py:4): traitlets "
        "gives the subclass the last word"
    )


def test_a_plain_list_appended_to_later_keeps_each_items_line(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "c.KubeSpawner.volumes = [{'name': 'a', 'emptyDir': {}}]\n"
        "c.KubeSpawner.volumes.append({'name': 'b', 'emptyDir': {}})\n"
        "c.KubeSpawner.volumes.extend([{'name': 'c', 'emptyDir': {}}] * 2)\n",
    )
    lines = [config.origin("volumes", index).line for index in range(4)]
    assert lines == [3, 4, 5, 5]


def test_load_subconfig_finds_names_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "c.KubeSpawner.image = 'part:1'\nc.KubeSpawner.uid = 1000\n", "part.py")
    main = write(tmp_path, HEADER + "load_subconfig('part.py')\nc.KubeSpawner.uid = 1001\n")
    monkeypatch.chdir(tmp_path)
    config = config_file_spawner_config(main)
    assert (config.traits["image"], config.traits["uid"]) == ("part:1", 1001)
    assert str(config.origin("image")) == "part.py:1"
    assert config.origin("uid").line == 4


def test_callables_are_listed_with_their_lines_and_left_out(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "def profiles(spawner):\n"
        "    return []\n"
        "c.KubeSpawner.profile_list = profiles\n"
        "c.KubeSpawner.modify_pod_hook = lambda spawner, pod: pod\n"
        "c.KubeSpawner.environment = {'PLAIN': '1', 'DYNAMIC': lambda spawner: 'x'}\n",
    )
    assert "profile_list" not in config.traits and "modify_pod_hook" not in config.traits
    assert config.traits["environment"] == {"PLAIN": "1"}
    assert config.unevaluated == [
        f"c.KubeSpawner.profile_list = the callable profiles ({tmp_path}/jupyterhub_config.py:5)",
        "c.KubeSpawner.modify_pod_hook = the callable <lambda>"
        f" ({tmp_path}/jupyterhub_config.py:6)",
        "c.KubeSpawner.environment.DYNAMIC = the callable <lambda>"
        f" ({tmp_path}/jupyterhub_config.py:7)",
    ]


@pytest.mark.parametrize(
    ("setting", "reported"),
    [
        ("'dockerspawner.DockerSpawner'", "'dockerspawner.DockerSpawner', which is not"),
        ("'kubespawner.spawner.KubeSpawner'", None),
    ],
)
def test_a_spawner_class_other_than_kubespawner_is_a_problem(
    tmp_path: Path, setting: str, reported: str | None
) -> None:
    path = write(tmp_path, f"c.JupyterHub.spawner_class = {setting}\n")
    problems = [str(problem) for problem in config_file_spawner_config(path).problems]
    if reported is None:
        assert problems == []
    else:
        assert len(problems) == 1 and reported in problems[0]
        assert problems[0].startswith(f"{path}:1: JupyterHub.spawner_class: Not KubeSpawner")


def test_an_unset_spawner_class_is_warned_of(tmp_path: Path) -> None:
    config = config_file_spawner_config(write(tmp_path, "c.KubeSpawner.uid = 1000\n"))
    assert [problem.warning for problem in config.problems] == [True]
    assert "LocalProcessSpawner" in config.problems[0].detail


def test_a_subclass_section_wins_and_its_own_code_is_reported(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        "from kubespawner import KubeSpawner\n"
        "class Mine(KubeSpawner):\n"
        "    def start(self):\n"
        "        pass\n"
        "c.JupyterHub.spawner_class = Mine\n"
        "c.KubeSpawner.uid = 1\n"
        "c.Mine.uid = 2\n",
    )
    assert config.traits["uid"] == 2 and config.origin("uid").line == 9
    (problem,) = config.problems
    assert problem.warning and "(start)" in problem.detail and problem.origin.line == 7


@pytest.mark.parametrize(
    ("code", "line", "message"),
    [
        (
            "import os\nvalue = os.environ['NOT_SET_IN_THIS_TEST']\n",
            4,
            "the configuration raises KeyError: 'NOT_SET_IN_THIS_TEST'",
        ),
        ("import sys\nsys.exit(3)\n", 4, "the configuration exits (sys.exit(3))"),
        (
            "from oauthenticator.generic import GenericOAuthenticator\n",
            3,
            "the configuration raises ModuleNotFoundError: No module named 'oauthenticator'",
        ),
        ("c.KubeSpawner.image = (\n", 3, "the configuration raises SyntaxError"),
        (
            "def f():\n    return 1 / 0\nc.KubeSpawner.uid = f()\n",
            4,
            "the configuration raises ZeroDivisionError",
        ),
    ],
)
def test_code_that_fails_is_an_error_naming_file_and_line(
    tmp_path: Path, code: str, line: int, message: str
) -> None:
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, code)
    assert raised.value.source.endswith("jupyterhub_config.py")
    assert raised.value.line == line
    assert str(raised.value).startswith(message)


def test_code_that_runs_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pyconfig, "TIME_LIMIT", 0.2)
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, "try:\n    while True:\n        pass\nexcept Exception:\n    pass\n")
    assert str(raised.value) == "the configuration did not finish within 0.2 s"
    assert raised.value.line in (4, 5)


def test_code_that_swallows_the_time_limit_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a retry loop with a bare except catches the signal's exception and carries on
    monkeypatch.setattr(pyconfig, "TIME_LIMIT", 0.2)
    monkeypatch.setattr(bounded, "GRACE", 0.3)
    code = "while True:\n    try:\n        while True:\n            pass\n"
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, code + "    except BaseException:\n        pass\n")
    assert str(raised.value) == "the configuration did not finish within 0.2 s"
    assert raised.value.source.endswith("jupyterhub_config.py")
    assert raised.value.line is None


def test_code_that_wants_more_memory_than_the_limit_is_stopped(tmp_path: Path) -> None:
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, "c.KubeSpawner.image = 'x'\nblob = 'a' * 10**11\n")
    limit = bounded.MEMORY_LIMIT_MIB
    assert str(raised.value) == f"the configuration used more than {limit} MiB"
    assert raised.value.line == 4


def test_a_list_that_grows_forever_is_stopped_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounded, "MEMORY_LIMIT_MIB", 64)  # the real one is reached alike
    code = "items = []\nwhile True:\n    items.append([len(items)])\n"
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, code)
    assert str(raised.value) == "the configuration used more than 64 MiB"
    assert raised.value.line == 5


def test_what_the_code_changes_in_the_interpreter_stays_with_it(tmp_path: Path) -> None:
    path, modules = list(sys.path), set(sys.modules)
    config = load(
        tmp_path,
        "import os, sys, json\n"
        "os.environ['HUB_PROBE'] = '1'\n"
        "sys.path.insert(0, '/nowhere')\n"
        "sys.modules['json'] = None\n"
        "import csv\n"
        "c.KubeSpawner.image = 'quay.io/jupyter/base-notebook:2024-12-02'\n",
    )
    assert config.traits["image"] == "quay.io/jupyter/base-notebook:2024-12-02"
    assert "HUB_PROBE" not in os.environ
    assert sys.path == path and sys.modules["json"] is not None
    assert "csv" not in set(sys.modules) - modules


@pytest.mark.parametrize(
    ("code", "how"),
    [
        ("import os\nos._exit(3)\n", "ended its process (exit status 3)"),
        ("import ctypes\nctypes.string_at(0)\n", "ended its process abruptly (SIGSEGV)"),
    ],
)
def test_code_that_ends_the_process_is_an_error_naming_the_file(
    tmp_path: Path, code: str, how: str
) -> None:
    path = write(tmp_path, HEADER + code, "jupyterhub_config.py")
    result = run("hub", "--config", path, "--user", "ann")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{path}: the configuration {how}\n"


def test_the_command_says_the_memory_limit_without_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "print('partial')\nblob = [0] * 10**10\n", "c.py")
    result = run("hub", "--config", path, "--user", "ann")
    assert (result.returncode, result.stdout) == (2, "")
    limit = bounded.MEMORY_LIMIT_MIB
    assert result.stderr == f"partial\n{path}:4: the configuration used more than {limit} MiB\n"


def test_messages_that_may_hold_values_are_not_shown(tmp_path: Path) -> None:
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, "token = 'tok-5ecret'\nport = int(token)\n")
    assert "tok-5ecret" not in str(raised.value)
    assert str(raised.value).startswith("the configuration raises ValueError (its message")
    assert raised.value.line == 4


def test_the_command_renders_a_config_files_spawn(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "c.KubeSpawner.image = 'quay.io/jupyter/base-notebook:2024-12-02'\n"
        "print('configured')\n",
        "jupyterhub_config.py",
    )
    result = run("hub", "--config", path, "--user", "ann")
    assert result.returncode == 0, result.stderr
    # what the file prints goes to stderr: stdout holds only the objects
    assert "configured" in result.stderr
    (pod,) = documents(result.stdout)
    assert pod["spec"]["containers"][0]["image"] == "quay.io/jupyter/base-notebook:2024-12-02"


def test_a_config_file_is_for_the_newest_release_unless_told(tmp_path: Path) -> None:
    # a hub without the chart installs KubeSpawner from PyPI; only 7.1.0 takes a dict here
    code = "c.KubeSpawner.profile_list = {'small': {'display_name': 'Small'}}\n"
    path = write(tmp_path, HEADER + code, "jupyterhub_config.py")
    newest = run("hub", "--config", path, "--user", "ann")
    assert newest.returncode == 0, newest.stderr
    (pod,) = documents(newest.stdout)
    assert pod["metadata"]["annotations"]["hub.jupyter.org/kubespawner-version"] == "7.1.0"
    older = run("hub", "--config", path, "--user", "ann", "--kubespawner", "7.0.0")
    assert older.returncode == 1 and older.stdout == ""
    assert f"{path}:3: " in older.stderr and "TraitError: profile_list" in older.stderr


def test_the_command_names_the_line_of_a_bad_setting(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "c.KubeSpawner.mem_limit = '1Gi'\n", "jupyterhub_config.py")
    result = run("hub", "--config", path)
    assert result.returncode == 1 and result.stdout == ""
    assert f"{path}:3: " in result.stderr and "mem_limit" in result.stderr


def test_the_command_names_every_bad_setting_with_its_line(tmp_path: Path) -> None:
    code = (
        "c.KubeSpawner.image = 5\nc.KubeSpawner.mem_limit = '1Gi'\nc.KubeSpawner.cpu_limit = 'x'\n"
    )
    path = write(tmp_path, HEADER + code, "jupyterhub_config.py")
    result = run("hub", "--config", path, "--user", "ann")
    assert result.returncode == 1 and result.stdout == ""
    failures = [line for line in result.stderr.splitlines() if "the spawn fails" in line]
    assert [line.split(": ")[0] for line in failures] == [f"{path}:{n}" for n in (3, 4, 5)]
    assert [line.split(" TraitError: ")[1].split(":")[0] for line in failures] == [
        "image",
        "mem_limit",
        "cpu_limit",
    ]


@pytest.mark.parametrize(
    "code", ["raise SystemExit(0)\n", "import missing_module\n", "c.KubeSpawner.uid = (\n"]
)
def test_the_command_exits_2_without_traceback_or_output(tmp_path: Path, code: str) -> None:
    path = write(tmp_path, HEADER + "print('partial')\n" + code, "jupyterhub_config.py")
    result = run("hub", "--config", path, "--user", "ann")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"{path}:4: the configuration " in result.stderr


NOT_A_FILE = "not a regular file: jupyterhub -f reads only files, so save it to one"


def test_a_missing_file_or_a_directory_is_unusable_input(tmp_path: Path) -> None:
    # traitlets' filefind takes only regular files: JupyterHub skips a pipe as not found.
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for path, message in (
        (tmp_path / "nope.py", "no such file"),
        (tmp_path, "is a directory"),
        (tmp_path / "pipe", NOT_A_FILE),
        (tmp_path / "loop", "a symbolic link that leads to no file"),
    ):
        result = run("hub", "--config", str(path))
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"{path}: {message}\n"


def test_secrets_of_the_configuration_are_never_printed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "c.JupyterHub.cookie_secret = bytes.fromhex('5ec2e7' * 8)\n"
        "c.GenericOAuthenticator.client_secret = 'oauth-5ecret'\n"
        "c.JupyterHub.services = [{'name': 'svc', 'api_token': 'token-5ecret'}]\n"
        "c.KubeSpawner.mem_limit = '1Gi'\n",
        "jupyterhub_config.py",
    )
    for arguments in ([], ["--user", "ann"], ["--user", "ann", "-o", "json"]):
        result = run("hub", "--config", path, *arguments)
        for secret in ("5ec2e7", "oauth-5ecret", "token-5ecret"):
            assert secret not in result.stdout + result.stderr


def test_config_and_values_do_not_combine(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, "jupyterhub_config.py")
    values = write(tmp_path, "singleuser: {}\n", "values.yaml")
    both = run("hub", "--config", path, "-f", values)
    assert both.returncode == 2 and "not allowed with" in both.stderr
    extra = run("hub", "--config", path, "--run-extra-config")
    assert extra.returncode == 2 and "--run-extra-config goes with -f" in extra.stderr


EXTRA = """\
singleuser:
  image: {name: quay.io/jupyter/base-notebook, tag: "2024-12-02"}
  extraEnv: {FROM_VALUES: "1"}
hub:
  config:
    GenericOAuthenticator: {client_secret: values-5ecret}
  extraConfig:
    b-env: |
      c.KubeSpawner.environment.update({"HUB": get_name("hub")})
      c.KubeSpawner.environment["TOKEN"] = get_secret_value("hub.config.x")
      set_config_if_not_none(c.KubeSpawner, "default_url", "custom.defaultUrl")
    a-first: |
      from z2jh import get_config
      c.KubeSpawner.extra_labels = {"image": get_config("singleuser.image.tag")}
      c.KubeSpawner.environment["FIRST"] = "a"
custom:
  defaultUrl: /lab
"""


def test_extra_config_runs_only_when_asked(tmp_path: Path) -> None:
    values = write(tmp_path, EXTRA, "values.yaml")
    skipped = chart_spawner_config([values])
    assert "FIRST" not in skipped.traits["environment"]
    assert [note.split(" (")[0] for note in skipped.unevaluated] == [
        "hub.extraConfig.a-first",
        "hub.extraConfig.b-env",
    ]
    config = chart_spawner_config([values], run_extra_config=True)
    assert config.unevaluated == []
    environment = config.traits["environment"]
    # snippets run in key order, on the chart's settings, with the chart's helpers
    assert list(environment) == ["FROM_VALUES", "FIRST", "HUB", "TOKEN"]
    # z2jh 4's default fullnameOverride "" leaves the names unprefixed
    assert environment["HUB"] == "hub"
    assert environment["TOKEN"] == "<secret hub.config.x: not read>"
    assert config.traits["extra_labels"] == {"image": "2024-12-02"}
    assert config.traits["default_url"] == "/lab"
    # each snippet statement's line in the values file
    assert str(config.origin("extra_labels")) == f"{values}:14"
    assert str(config.origin("environment", "HUB")) == f"{values}:9"
    assert str(config.origin("environment", "FROM_VALUES")) == f"{values}:3"


def test_a_failing_snippet_names_its_line_in_the_values_file(tmp_path: Path) -> None:
    values = write(tmp_path, EXTRA.replace('get_name("hub")', "undefined_name"), "values.yaml")
    result = run("hub", "-f", values, "--run-extra-config", "--user", "ann")
    assert result.returncode == 2 and result.stdout == ""
    assert f"{values}:9: the configuration raises NameError" in result.stderr
    assert "Traceback" not in result.stderr and "values-5ecret" not in result.stderr


CONFIG_D = "/usr/local/etc/jupyterhub/jupyterhub_config.d"
# base64 of: c.KubeSpawner.environment["ORDER"] += ", 10-second"\nraise_here = 1\n
SECOND = base64.b64encode(
    b'c.KubeSpawner.environment["ORDER"] += ", 10-second"\nraise_here = 1\n'
).decode()
CONFIG_D_VALUES = f"""\
hub:
  extraFiles:
    zz-first:
      mountPath: {CONFIG_D}/00-first.py
      stringData: |
        c.KubeSpawner.environment["ORDER"] = "00-first"
        c.KubeSpawner.extra_labels["from"] = "00-first"
    aa-second:
      mountPath: {CONFIG_D}/10-second.py
      binaryData: "{SECOND[:20]}\\n  {SECOND[20:]}"
    in-a-subdirectory:
      mountPath: {CONFIG_D}/more/x.py
      stringData: raise SystemExit("not loaded by the chart")
    hidden:
      mountPath: {CONFIG_D}/.x.py
      stringData: raise SystemExit("not loaded by the chart")
    not-python:
      mountPath: {CONFIG_D}/x.yaml
      data: {{a: 1}}
  extraConfig:
    after: |
      c.KubeSpawner.environment["ORDER"] += ", extraConfig"
"""


def test_config_d_files_run_before_the_snippets_in_path_order(tmp_path: Path) -> None:
    values = write(tmp_path, CONFIG_D_VALUES, "values.yaml")
    listed = chart_spawner_config([values])
    assert [note.split(" ")[0].rstrip(":") for note in listed.unevaluated] == [
        "hub.extraConfig.after",
        "hub.extraFiles.aa-second",
        "hub.extraFiles.hidden",
        "hub.extraFiles.in-a-subdirectory",
        "hub.extraFiles.zz-first",
    ]
    config = chart_spawner_config([values], run_extra_config=True)
    # sorted by the file's path, not the key; subdirectories and hidden files are not loaded
    assert config.traits["environment"]["ORDER"] == "00-first, 10-second, extraConfig"
    assert str(config.origin("extra_labels", "from")) == f"{values}:7"
    assert [note.split(" ")[0].rstrip(":") for note in config.unevaluated] == [
        "hub.extraFiles.hidden",
        "hub.extraFiles.in-a-subdirectory",
    ]
    assert config.problems == []


def test_a_failing_config_d_file_names_its_line(tmp_path: Path) -> None:
    text = CONFIG_D_VALUES.replace("raise_here = 1", "raise_here = 1 / 0")
    second = base64.b64encode(
        b'c.KubeSpawner.environment["ORDER"] += ", 10-second"\nraise_here = 1 / 0\n'
    ).decode()
    values = write(tmp_path, text.replace(f"{SECOND[:20]}\\n  {SECOND[20:]}", second), "v.yaml")
    with pytest.raises(ConfigRunError) as raised:
        chart_spawner_config([values], run_extra_config=True)
    # decoded binaryData has no line in the values file: the file in the hub and its line
    assert (raised.value.source, raised.value.line) == (f"{CONFIG_D}/10-second.py", 2)
    failing = CONFIG_D_VALUES.replace('"00-first"\n', "undefined\n", 1)
    values = write(tmp_path, failing, "values.yaml")
    with pytest.raises(ConfigRunError) as raised:
        chart_spawner_config([values], run_extra_config=True)
    assert (raised.value.source, raised.value.line) == (values, 6)
    assert str(raised.value).startswith("the configuration raises NameError")


@pytest.mark.parametrize(
    ("details", "detail"),
    [
        ("data: {a: 1}", "the chart renders data only into .yaml, .yml, .json and .toml files"),
        ("{stringData: 'x = 1', binaryData: eCA9IDE=}", "the chart takes exactly one of data"),
        ("binaryData: '%%%'", "binaryData is not base64 of UTF-8 text"),
        ("binaryData: '/w=='", "binaryData is not base64 of UTF-8 text"),
    ],
)
def test_a_config_d_file_the_chart_cannot_render_is_a_problem(
    tmp_path: Path, details: str, detail: str
) -> None:
    text = f"hub:\n  extraFiles:\n    f:\n      mountPath: {CONFIG_D}/f.py\n"
    if details.startswith("{"):
        text = text.replace("    f:\n      mountPath:", f"    f: {details[:-1]}, mountPath:")
        text = text.rstrip("\n") + "}\n"
    else:
        text += f"      {details}\n"
    values = write(tmp_path, text, "values.yaml")
    for run_it in (False, True):
        (problem,) = chart_spawner_config([values], run_extra_config=run_it).problems
        assert (problem.setting, problem.reason) == ("hub.extraFiles.f", "Hub fails to start")
        assert problem.detail.startswith(detail) and problem.origin.line == 3


def extra(tmp_path: Path, snippet: str) -> object:
    snippet = "".join(f"      {line}\n" for line in snippet.splitlines())
    text = f"hub:\n  extraConfig:\n    mine: |\n{snippet}"
    return chart_spawner_config([write(tmp_path, text, "values.yaml")], run_extra_config=True)


def test_snippets_have_the_chart_files_globals(tmp_path: Path) -> None:
    config = extra(
        tmp_path,
        'AsyncHTTPClient.configure("tornado.curl_httpclient.CurlAsyncHTTPClient")\n'
        'c.KubeSpawner.environment["CAMEL"] = camelCaseify("named_server_limit")\n'
        'c.KubeSpawner.environment["DIR"] = configuration_directory\n'
        'c.KubeSpawner.environment["FILE"] = __file__\n'
        'c.KubeSpawner.environment["JOIN"] = url_path_join("/hub/", "api")\n'
        "c.KubeSpawner.tolerations.append(\n"
        '    client.V1Toleration(key="gpu", operator="Exists", effect="NoSchedule")\n'
        ")\n",
    )
    assert config.problems == [] and config.unevaluated == []
    environment = config.traits["environment"]
    assert environment["CAMEL"] == "namedServerLimit"
    assert environment["DIR"] == "/usr/local/etc/jupyterhub"
    assert environment["FILE"] == "/usr/local/etc/jupyterhub/jupyterhub_config.py"
    assert environment["JOIN"] == "/hub/api"
    # a client model is taken as the manifest KubeSpawner makes of it
    assert {"key": "gpu", "operator": "Exists", "effect": "NoSchedule"} in config.traits[
        "tolerations"
    ]
    (spawn,) = hub_spawns(config, ["ann"], [""])
    assert spawn.problems == []
    (pod,) = [manifest for manifest in spawn.objects if manifest["kind"] == "Pod"]
    assert {"key": "gpu", "operator": "Exists", "effect": "NoSchedule"} in pod["spec"][
        "tolerations"
    ]


@pytest.mark.parametrize(
    ("snippet", "call"),
    [
        ("AsyncHTTPClient().fetch('http://x')", "AsyncHTTPClient(), which needs a running hub"),
        ("client.CoreV1Api().list_node()", "client.CoreV1Api, which needs a running hub"),
        ("load_subconfig('more.py')", "load_subconfig('more.py'), which needs a running hub"),
    ],
)
def test_a_snippet_calling_what_needs_the_hub_says_so(
    tmp_path: Path, snippet: str, call: str
) -> None:
    with pytest.raises(ConfigRunError) as raised:
        extra(tmp_path, "x = 1\n" + snippet)
    assert str(raised.value).startswith(f"the configuration calls {call}")
    assert raised.value.line == 5


def test_a_setting_that_is_a_client_model_is_not_evaluated(tmp_path: Path) -> None:
    config = extra(
        tmp_path, "c.KubeSpawner.container_security_context = client.V1SecurityContext()\n"
    )
    (note,) = config.unevaluated
    assert note.startswith("c.KubeSpawner.container_security_context = a V1SecurityContext")


def test_values_of_classes_the_file_defines_are_taken_as_their_base_types(
    tmp_path: Path,
) -> None:
    # they are passed back from the child process the file runs in
    config = load(
        tmp_path,
        "class Name(str):\n    pass\n"
        "class Count(int):\n    pass\n"
        "c.KubeSpawner.image = Name('quay.io/jupyter/base-notebook:2024-12-02')\n"
        "c.KubeSpawner.extra_labels = {Name('team'): Name('astro')}\n"
        "c.KubeSpawner.uid = Count(1001)\n",
    )
    assert config.traits["image"] == "quay.io/jupyter/base-notebook:2024-12-02"
    assert type(config.traits["image"]) is str and type(config.traits["uid"]) is int
    assert config.traits["extra_labels"] == {"team": "astro"}
    assert str(config.origin("uid")) == f"{tmp_path / 'jupyterhub_config.py'}:9"


@pytest.mark.skipif(
    importlib.util.find_spec("kubernetes_asyncio") is not None,
    reason="the real kubernetes_asyncio is used where it is installed",
)
def test_kubespawners_client_is_a_stand_in_where_it_is_not_installed(tmp_path: Path) -> None:
    code = (
        "from kubernetes_asyncio import client\n"
        "c.KubeSpawner.tolerations = [client.V1Toleration(key='gpu', operator='Exists')]\n"
    )
    config = load(tmp_path, code)
    assert config.traits["tolerations"] == [{"key": "gpu", "operator": "Exists"}]
    assert str(config.origin("tolerations", 0)) == f"{tmp_path / 'jupyterhub_config.py'}:4"
    with pytest.raises(ConfigRunError) as raised:
        load(tmp_path, code + "nodes = client.CoreV1Api().list_node()\n")
    assert str(raised.value) == (
        "the configuration calls client.CoreV1Api, which needs a running hub (its cluster)"
    )
    assert raised.value.line == 5


MODULE_VALUES = """\
hub:
  extraFiles:
    helpers:
      mountPath: /usr/local/etc/jupyterhub/campus_profiles.py
      stringData: |
        IMAGE = "quay.io/jupyter/scipy-notebook:2024-12-02"


        def configure(c):
            c.KubeSpawner.image = IMAGE
    replaced:
      mountPath: /usr/local/etc/jupyterhub/z2jh.py
      stringData: raise SystemExit("the chart's own helpers are not replaced here")
  extraConfig:
    use: |
      import campus_profiles
      campus_profiles.configure(c)
"""


def test_modules_mounted_beside_the_chart_file_are_importable(tmp_path: Path) -> None:
    values = write(tmp_path, MODULE_VALUES, "values.yaml")
    listed = chart_spawner_config([values])
    assert [note.split(" ")[0].rstrip(":") for note in listed.unevaluated] == [
        "hub.extraConfig.use",
        "hub.extraFiles.helpers",
        "hub.extraFiles.replaced",
    ]
    config = chart_spawner_config([values], run_extra_config=True)
    assert config.traits["image"] == "quay.io/jupyter/scipy-notebook:2024-12-02"
    # set inside the module's function: the module's line in the values file
    assert str(config.origin("image")) == f"{values}:10"
    # a replacement of the chart's own files is not emulated: still listed
    assert [note.split(" ")[0].rstrip(":") for note in config.unevaluated] == [
        "hub.extraFiles.replaced"
    ]
    assert "campus_profiles" not in sys.modules

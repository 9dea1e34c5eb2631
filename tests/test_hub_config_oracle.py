"""``jupyterhub_config.py`` files -> settings and spawns (ours), compared with traitlets and
KubeSpawner loading the same files and spawning (the reference environment of the release the
settings name: 7.0.0, the chart image's, unless set).

The corpus, tests/data/hub_configs/, is written for this test: profile lists grown with lazy
appends, Spawner and KubeSpawner sections, load_subconfig, a KubeSpawner subclass, hooks. Its
hooks leave the pod as it is: we do not call callables, KubeSpawner does.
"""

from __future__ import annotations

import ast
import base64
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects import chart_spawner_config, hub_spawns
from kubespawner.objects._hub.config import SpawnerConfig
from kubespawner.objects._hub.pyconfig import HUB_SETTINGS, config_file_spawner_config
from kubespawner.objects._hub.traits import TRAITS, check_trait

from .kubespawner_envs import reference_python, run_json
from .oracle.compare import RUNNER, assert_same_spawn

CORPUS = Path(__file__).parent / "data" / "hub_configs"
# the files JupyterHub would be started with (scheduling.py is loaded by main.py)
FILES = ["profiles.py", "storage.py", "main.py", "subclass.py", "public.py", "connect.py"]
UNLISTED = {"image": "quay.io/jupyter/julia-notebook:2024-12-02"}


@cache
def _compared(name: str) -> tuple[SpawnerConfig, list[Any], dict[str, Any]]:
    """Our settings and matrix of spawns for the file ``name``, and the reference's answer."""
    # relative names (load_subconfig) are found from the working directory, as in a hub
    here = os.getcwd()
    os.chdir(CORPUS)
    try:
        config = config_file_spawner_config(name)
    finally:
        os.chdir(here)
    spawns = hub_spawns(config, unlisted=UNLISTED)
    requests = [
        {"user": s.user, "server": s.server, "user_options": s.user_options, "namespace": "jhub"}
        for s in spawns
    ]
    request = {"config_file": name, "spawns": requests}
    answer = run_json(reference_python(config.kubespawner), RUNNER, request, directory=CORPUS)
    return config, spawns, answer


@pytest.mark.parametrize("name", FILES)
def test_settings_are_those_kubespawner_holds(name: str) -> None:
    config, _, answer = _compared(name)
    theirs = answer["settings"]
    called = {key for key, value in theirs.items() if value == "<callable>"}
    # every callable is named as not evaluated, with its line; the rest are the same settings
    for key in called:
        assert any(f".{key} = the callable" in note for note in config.unevaluated), key
    assert set(config.traits) == set(theirs) - called
    for key, value in config.traits.items():
        held = check_trait(key, value, config.kubespawner) if key in TRAITS else value
        assert json.loads(json.dumps(held)) == theirs[key], key
    assert config.hub == answer["hub"]


@pytest.mark.parametrize("name", FILES)
def test_spawns_are_kubespawners(name: str) -> None:
    _, spawns, answer = _compared(name)
    assert len(spawns) == len(answer["spawns"]) > 1
    for ours, theirs in zip(spawns, answer["spawns"], strict=True):
        try:
            assert_same_spawn(ours, theirs)
        except AssertionError as error:
            raise AssertionError(f"{name}, {ours.name}: {error}") from None
    # the corpus is written to spawn: a comparison of failures alone would prove little
    assert all(ours.objects for ours in spawns)


def test_the_subclass_is_the_spawner_class() -> None:
    config, _, answer = _compared("subclass.py")
    assert answer["spawner_class"].endswith(".CampusSpawner")
    # the subclass's section wins over KubeSpawner's, on both sides
    assert config.traits["image"] == answer["settings"]["image"]
    assert config.traits["image"] == "registry.campus.example/notebook:3.2"


EXTRA_CONFIG = Path(__file__).parent / "data" / "hub_extra_config.yaml"
# The chart's jupyterhub_config.py as the reference runs it: the imports at the top of the
# chart's file (the real jupyterhub, kubernetes_asyncio and tornado), the chart's sections
# (our mapping, compared with the chart elsewhere), z2jh helpers answering as ours do, then
# the chart's loading of jupyterhub_config.d (every *.py directly in it, sorted by path,
# compiled under its file name) and the snippets executed in key order in the file's own
# namespace, as the chart executes them, with the chart file's directory first on
# sys.path. The files of hub.extraFiles are written under a root directory as the chart
# mounts them, so glob and the import system decide which are loaded.
CHART_FILE = """\
import glob, json, os, re, sys, types
from jupyterhub.utils import url_path_join
from kubernetes_asyncio import client
from tornado.httpclient import AsyncHTTPClient
from traitlets.config import Config

c = get_config()
for _name, _settings in json.loads({sections!r}).items():
    c[_name] = Config(_settings)
_values = json.loads({values!r})
_names = json.loads({names!r})


def get_config(key, default=None):
    value = _values
    for level in key.split("."):
        if not isinstance(value, dict) or level not in value:
            return default
        value = value[level]
    return value


def set_config_if_not_none(parent, name, key):
    data = get_config(key)
    if data is not None:
        setattr(parent, name, data)


def get_name(name):
    return _names.get(name) or _names["hub"][: -len("hub")] + name


def get_secret_value(key, default=None):
    return f"<secret {{key}}: not read>"


def camelCaseify(name):
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


sys.path.insert(0, {root!r} + "/usr/local/etc/jupyterhub")
z2jh = types.ModuleType("z2jh")
z2jh.get_config, z2jh.get_name = get_config, get_name
sys.modules["z2jh"] = z2jh
for _path in sorted(glob.glob({root!r} + "/usr/local/etc/jupyterhub/jupyterhub_config.d/*.py")):
    with open(_path) as _file:
        exec(compile(_file.read(), os.path.basename(_path), "exec"))
for _key, _code in sorted(get_config("hub.extraConfig", {{}}).items()):
    exec(_code)
"""


def mount_extra_files(values: dict[str, Any], root: Path) -> None:
    """hub.extraFiles written under ``root`` as the chart mounts them into the hub."""
    for details in values["hub"].get("extraFiles", {}).values():
        path = root / details["mountPath"].lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if "binaryData" in details:
            path.write_bytes(base64.b64decode("".join(details["binaryData"].split())))
        else:
            path.write_text(details["stringData"])


def test_extra_config_settings_and_spawns_are_kubespawners(tmp_path: Path) -> None:
    from kubespawner.objects._hub.chart import _Mapping, object_names
    from kubespawner.objects._hub.values import load_values

    values = load_values([str(EXTRA_CONFIG)])
    mapping = _Mapping(values)
    mapping.run()
    sections = {
        "Spawner": mapping.spawner.settings,
        "KubeSpawner": mapping.kubespawner.settings,
        "JupyterHub": mapping.jupyterhub.settings,
    }
    chart_file = tmp_path / "jupyterhub_config.py"
    mount_extra_files(values.data, tmp_path / "root")
    chart_file.write_text(
        CHART_FILE.format(
            sections=json.dumps(sections),
            values=json.dumps(values.data),
            names=json.dumps(object_names(values)),
            root=str(tmp_path / "root"),
        )
    )
    config = chart_spawner_config([str(EXTRA_CONFIG)], run_extra_config=True)
    assert config.problems == []
    # the file in a subdirectory is listed: the chart does not load it
    assert [note.split(":")[0] for note in config.unevaluated] == ["hub.extraFiles.c-nested"]
    assert config.traits["extra_labels"]["cost-centre"] == "4711"  # from the mounted module
    spawns = hub_spawns(config)
    requests = [
        {"user": s.user, "server": s.server, "user_options": s.user_options, "namespace": "jhub"}
        for s in spawns
    ]
    answer = run_json(
        reference_python(config.kubespawner),
        RUNNER,
        {"config_file": str(chart_file), "spawns": requests},
    )
    assert set(config.traits) == set(answer["settings"])
    for key, value in config.traits.items():
        held = check_trait(key, value, config.kubespawner) if key in TRAITS else value
        assert json.loads(json.dumps(held)) == answer["settings"][key], key
    # the snippets' and the jupyterhub_config.d files' own settings are among them, client
    # models included
    assert [p["slug"] for p in config.traits["profile_list"]] == ["r", "scipy"]
    assert config.traits["extra_labels"]["gpu"] == "maybeLater"  # 20-gpu.py ran last
    assert config.traits["init_containers"][-1]["name"] == "fetch"
    assert "nvidia.com/gpu" in [toleration["key"] for toleration in config.traits["tolerations"]]
    for ours, theirs in zip(spawns, answer["spawns"], strict=True):
        try:
            assert_same_spawn(ours, theirs)
        except AssertionError as error:
            raise AssertionError(f"{ours.name}: {error}") from None
    assert all(ours.objects for ours in spawns)


def test_the_oracle_keeps_the_hub_settings_we_keep() -> None:
    # The oracle runs under the reference interpreter without this package, so it writes
    # the names out; read them from its source instead of importing it.
    tree = ast.parse(RUNNER.read_text())
    [written] = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [getattr(target, "id", None) for target in node.targets] == ["HUB_SETTINGS"]
    ]
    assert ast.literal_eval(written) == HUB_SETTINGS

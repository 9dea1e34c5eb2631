"""Virtualenvs holding jupyterhub-kubespawner, created and cached by the tests themselves.

KubeSpawner needs the asyncio client, and installed beside this package it would build its
objects with ours (our ``kubespawner/objects/`` package shadows its ``objects.py``), so each
comparison runs in an environment of its own:

- ``reference``: jupyterhub-kubespawner alone, building with its own ``objects.py``;
- ``combined``: the same plus this package installed on top by pip, as an admin would
  (the drop-in mode). Our files are reinstalled from the working tree once per test session.

Each exists per KubeSpawner release in :data:`RELEASES`, with the JupyterHub the hub images
of the z2jh chart run it with: 7.0.0 and JupyterHub 5.5.0 (the 4.4.0 release), 7.1.0 and
JupyterHub 5.5.0 (the development image). Each environment's directory names its pins, so
environments built for other pins (another branch's) are neither reused nor overwritten.

The environments live outside the repository, in ``$KUBESPAWNER_OBJECTS_TEST_CACHE`` or else
``~/.cache/kubespawner-objects-tests``, and are built on first use (about a minute each, once
per machine). A test that needs one and cannot have it fails, naming the pip error; it never
passes silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from functools import cache
from pathlib import Path
from typing import Any

# KubeSpawner release -> what its environments install; the first is the default. The pins
# are those of the z2jh hub image that runs the release (images/hub/requirements.txt): the
# 4.4.0 release for 7.0.0, the development image (main, refrozen 2026-07-18) for 7.1.0. A
# hub installed with pip alone gets JupyterHub 6.x: the Spawner code KubeSpawner builds its
# pod with is the same there (6.0 adds SpawnException, display_name and renaming).
RELEASES: dict[str, list[str]] = {
    "7.1.0": ["jupyterhub-kubespawner==7.1.0", "jupyterhub==5.5.0"],
    "7.0.0": ["jupyterhub-kubespawner==7.0.0", "jupyterhub==5.5.0"],
}
NEWEST = "7.1.0"
REPOSITORY = Path(__file__).resolve().parent.parent


class EnvironmentUnavailable(Exception):
    """A reference environment could not be built; the message says why."""


def cache_dir() -> Path:
    """Where the environments are kept."""
    configured = os.environ.get("KUBESPAWNER_OBJECTS_TEST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "kubespawner-objects-tests"


def _interpreter(environment: Path) -> Path:
    return environment / ("Scripts" if sys.platform == "win32" else "bin") / "python"


def _pip(interpreter: Path, *arguments: str) -> None:
    done = subprocess.run(
        [str(interpreter), "-m", "pip", "install", "--quiet", *arguments],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        last_lines = "\n".join(done.stderr.strip().splitlines()[-8:])
        raise EnvironmentUnavailable(f"pip install {' '.join(arguments)} failed:\n{last_lines}")


def _environment(name: str, packages: list[str], probe: str) -> Path:
    """The interpreter of the cached environment ``name``, built with ``packages`` if missing.

    ``probe`` is code that imports what the environment must hold; a half-built environment
    (an interrupted first run) fails it and is built again.
    """
    environment = cache_dir() / name
    interpreter = _interpreter(environment)
    if interpreter.exists():
        check = subprocess.run([str(interpreter), "-c", probe], capture_output=True)
        if check.returncode == 0:
            return interpreter
    venv.create(environment, with_pip=True, clear=True)
    _pip(interpreter, *packages)
    return interpreter


def tool_python(name: str, packages: list[str], probe: str) -> Path:
    """The interpreter of a cached environment for a tool the tests run (pre-commit, say)."""
    return _environment(name, packages, probe)


def _probe(release: str, code: str) -> str:
    # also fails an environment built with other pins (after an edit of RELEASES)
    pins = dict(package.split("==") for package in RELEASES[release])
    found = f"{{name: version(name) for name in {sorted(pins)!r}}}"
    return f"{code}; from importlib.metadata import version; assert {found} == {pins!r}"


def _name(release: str) -> str:
    """The directory of ``release``'s environments: the release and its other pins."""
    pins = [package.replace("==", "-") for package in RELEASES[release][1:]]
    return "+".join([f"kubespawner-{release}", *pins])


@cache
def reference_python(release: str = NEWEST) -> Path:
    """An interpreter whose ``kubespawner`` is jupyterhub-kubespawner ``release`` alone."""
    probe = "import kubespawner.objects as o, kubernetes_asyncio; assert o.__file__.endswith('.py')"
    return _environment(_name(release), RELEASES[release], _probe(release, probe))


@cache
def combined_python(release: str = NEWEST) -> Path:
    """An interpreter with jupyterhub-kubespawner ``release`` and this package on top."""
    base = _environment(
        f"{_name(release)}-combined",
        [*RELEASES[release], "kubernetes", "PyYAML", "setuptools>=77", "wheel"],
        _probe(release, "import kubespawner.spawner, kubernetes, yaml, setuptools"),
    )
    # Reinstalled every session so the environment holds the code under test, not a stale copy;
    # built from a copy so no build/ directory with removed modules is left in (or reused from)
    # the working tree.
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "kubespawner-objects"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPOSITORY / name, source / name)
        shutil.copytree(
            REPOSITORY / "src",
            source / "src",
            ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"),
        )
        _pip(base, "--no-deps", "--no-build-isolation", "--force-reinstall", str(source))
    return base


def run_json(
    interpreter: Path,
    script: Path,
    request: Any,
    timeout: float = 600,
    directory: Path | None = None,
) -> Any:
    """Run ``script`` under ``interpreter`` (in ``directory``, if given) with ``request`` as
    JSON on stdin; its JSON stdout."""
    done = subprocess.run(
        [str(interpreter), str(script)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=directory,
    )
    if done.returncode != 0:
        raise AssertionError(f"{script.name} failed under {interpreter}:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)

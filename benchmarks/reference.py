"""The reference implementation, jupyterhub-kubespawner, in a virtualenv of its own.

It needs an older, asyncio client than this project, so it cannot share our
environment. The virtualenv lives in a cache directory outside the repository
(``$KUBESPAWNER_OBJECTS_BENCH_CACHE``, else ``~/.cache/kubespawner-objects-bench``),
is created on first use with ``pip``, and reused afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

REFERENCE = "jupyterhub-kubespawner==7.1.0"
RUNNER = Path(__file__).with_name("reference_runner.py")


def cache_dir() -> Path:
    """Where the benchmark keeps what it downloads."""
    configured = os.environ.get("KUBESPAWNER_OBJECTS_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "kubespawner-objects-bench"


def python(environment: Path) -> Path:
    """The interpreter of a virtualenv."""
    scripts = "Scripts" if sys.platform == "win32" else "bin"
    return environment / scripts / ("python.exe" if sys.platform == "win32" else "python")


class ReferenceUnavailable(Exception):
    """The reference could not be installed or run; the message says why."""


def ensure_reference(log: Any = print) -> Path:
    """The interpreter of a virtualenv holding the reference, creating the virtualenv if needed."""
    environment = cache_dir() / ("ref-" + REFERENCE.split("==")[1])
    interpreter = python(environment)
    check = [str(interpreter), "-c", "import kubespawner.objects, kubernetes_asyncio"]
    if interpreter.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return interpreter
    log(f"creating a virtualenv with {REFERENCE} in {environment} (once)")
    try:
        venv.create(environment, with_pip=True, clear=True)
    except Exception as error:
        raise ReferenceUnavailable(
            f"cannot create a virtualenv in {environment}: {error}"
        ) from None
    install = [str(interpreter), "-m", "pip", "install", "--quiet", REFERENCE]
    done = subprocess.run(install, capture_output=True, text=True)
    if done.returncode != 0 or subprocess.run(check, capture_output=True).returncode != 0:
        last_lines = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise ReferenceUnavailable(f"`pip install {REFERENCE}` failed:\n{last_lines}")
    return interpreter


def measure_reference(
    workloads: dict[str, tuple[str, dict[str, Any]]], repeat: int, min_time: float, log: Any = print
) -> dict[str, Any]:
    """The reference's seconds per call and manifest for each workload (see reference_runner)."""
    interpreter = ensure_reference(log)
    request = json.dumps({"workloads": workloads, "repeat": repeat, "min_time": min_time})
    done = subprocess.run(
        [str(interpreter), str(RUNNER)], input=request, capture_output=True, text=True
    )
    if done.returncode != 0:
        last_lines = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise ReferenceUnavailable(f"the reference runner failed:\n{last_lines}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result

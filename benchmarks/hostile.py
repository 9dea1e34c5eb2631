"""Hostile inputs of about 10 MB through ``kubespawner-objects``: exit status, CPU time, memory.

Run ``python benchmarks/hostile.py`` (``--size`` in MB, default 10): each input is
written to a temporary file and given to the installed command in a fresh
process; the table shows its exit status, CPU time, peak resident memory and
how much it wrote on standard error. Nothing here is a pass/fail test: the
tests feed smaller inputs of the same kinds.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
DOCUMENT = 3 * MB - 64 * 1024  # just under the per-document limit
POD_START = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n"
CONFIG_START = (
    "- make_pod:\n    name: jupyter-{username}\n    cmd: [x]\n    port: 8888\n    image: x\n"
)


def _repeat(head: str, piece: str, size: int, tail: str = "") -> bytes:
    count = max(1, (size - len(head) - len(tail)) // len(piece))
    return (head + piece * count + tail).encode()


def _stream(document: str, size: int) -> bytes:
    return ("---\n".join([document] * max(1, size // (len(document) + 4)))).encode()


def _laughs(levels: int, width: int) -> str:
    lines = ["    - &a0 [lol]"]
    for level in range(1, levels):
        lines.append(f"    - &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return POD_START + "  - name: c\n    image: i\n    args:\n" + "\n".join(lines) + "\n"


def _valid_pod(user: int) -> str:
    return (
        f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: jupyter-user{user}\n"
        "  labels: {app: jupyterhub, component: singleuser-server}\nspec:\n  containers:\n"
        "  - name: notebook\n    image: quay.io/jupyter/base-notebook:2024-12-09\n"
        "    ports: [{containerPort: 8888, name: notebook-port}]\n"
        "    resources: {limits: {cpu: '1', memory: 1Gi}, requests: {cpu: 100m}}\n"
    )


# name -> (command arguments, input of about ``size`` bytes)
INPUTS: dict[str, tuple[list[str], Callable[[int], bytes]]] = {
    "random bytes": (["validate"], lambda size: random.Random(0).randbytes(size)),
    "NUL bytes": (["validate"], lambda size: b"\0" * size),
    "one long scalar": (["validate"], lambda size: _repeat("a: ", "x", size)),
    "valid pods, one per document": (
        ["validate"],
        lambda size: "---\n".join(_valid_pod(n) for n in range(size // 330)).encode(),
    ),
    "empty containers, 3 MiB documents": (
        ["validate"],
        lambda size: _stream(_repeat(POD_START, "  - {}\n", DOCUMENT).decode(), size),
    ),
    "flow list of numbers": (["validate"], lambda size: _repeat("a: [", "1,", size, "1]\n")),
    "many labels, 3 MiB documents": (
        ["validate"],
        lambda size: _stream(
            _repeat(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n",
                "    k: v\n",
                DOCUMENT,
            ).decode(),
            size,
        ),
    ),
    "nesting 199 deep, repeated": (
        ["validate"],
        lambda size: _repeat("a:\n", "- " + "[" * 198 + "]" * 198 + "\n", size),
    ),
    "aliases at go-yaml's limit": (["validate"], lambda size: _stream(_laughs(3, 9), size)),
    "billion laughs": (["validate"], lambda size: _laughs(9, 9).encode()),
    "render: long env list": (
        ["render", "--user", "alice"],
        lambda size: _repeat(CONFIG_START + "    env:\n", "      - {name: A, value: b}\n", size),
    ),
    "render: deep extra_pod_config": (
        ["render", "--user", "alice"],
        lambda size: (
            CONFIG_START + "    extra_pod_config: {x: " + "{a: " * 190 + "1" + "}" * 190 + "}\n"
        ).encode(),
    ),
}


def command() -> list[str]:
    script = Path(sys.executable).parent / "kubespawner-objects"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kubespawner.objects"]


def measure(args: list[str], path: Path) -> tuple[int, float, float, int]:
    """(exit status, CPU seconds, peak memory in MB, bytes on stderr) of one run."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [*command(), args[0], str(path), *args[1:]], stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0, os.SEEK_END)
        written = errors.tell()
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, cpu, usage.ru_maxrss / 1024, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=10, help="input size in MB (default 10)")
    size = int(parser.parse_args().size * MB)
    print(f"{'input':36} {'MB':>6} {'exit':>4} {'CPU s':>6} {'max RSS MB':>10} {'stderr':>8}")
    with tempfile.TemporaryDirectory() as directory:
        for name, (args, make) in INPUTS.items():
            path = Path(directory) / "input.yaml"
            path.write_bytes(make(size))
            status, cpu, memory, written = measure(args, path)
            megabytes = path.stat().st_size / MB
            print(f"{name:36} {megabytes:6.1f} {status:4} {cpu:6.2f} {memory:10.0f} {written:8}")


if __name__ == "__main__":
    main()

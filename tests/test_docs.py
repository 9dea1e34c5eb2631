"""Every command shown in the documentation prints what the documentation says.

The Python examples (``>>>``) in the documentation run as doctests (pytest's
``--doctest-glob``); the configs shown are files the tests render.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
_CONSOLE = re.compile(r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)", re.MULTILINE)


def console_examples() -> list[tuple[str, str, str]]:
    """(page, command, expected output) of every ``$ command`` in a console block."""
    examples = []
    for page in sorted(DOCS.glob("*.rst")):
        for block in _CONSOLE.findall(page.read_text()):
            lines = [line[3:] for line in block.rstrip("\n").split("\n")]
            command: str | None = None
            output: list[str] = []
            for line in [*lines, "$ "]:
                if line.startswith("$ "):
                    if command:
                        examples.append((page.name, command, "\n".join(output)))
                    command, output = line[2:], []
                else:
                    output.append(line)
    return examples


EXAMPLES = console_examples()


def test_the_documentation_shows_commands() -> None:
    assert {page for page, _, _ in EXAMPLES} >= {"getting-started.rst", "cli.rst"}


@pytest.mark.parametrize(
    ("page", "command", "expected"), EXAMPLES, ids=[command for _, command, _ in EXAMPLES]
)
def test_documented_command_prints_what_the_documentation_shows(
    page: str, command: str, expected: str
) -> None:
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    assert result.stdout.rstrip("\n") == expected.rstrip("\n"), f"{page}: $ {command}"

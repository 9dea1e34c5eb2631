"""The README's examples show what the package really does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import kubespawner.objects as objects

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


PUBLIC = {name: getattr(objects, name) for name in objects.__all__}


def blocks(language: str) -> list[str]:
    """The README's fenced code blocks of ``language`` ("" for plain ones)."""
    found: list[str] = []
    lines: list[str] = []
    fence: str | None = None
    for line in README.splitlines(keepends=True):
        if not line.startswith("```"):
            lines.append(line)
        elif fence is None:
            fence, lines = line[3:].strip(), []
        else:
            if fence == language:
                found.append("".join(lines))
            fence = None
    return found


def test_the_error_example_prints_what_the_readme_shows() -> None:
    call = next(block for block in blocks("python") if block.startswith("make_pod("))
    with pytest.raises(objects.InvalidObjectError) as error:
        eval(call, dict(PUBLIC))
    assert str(error.value) + "\n" in blocks("")


def test_the_use_example_gives_the_values_in_its_comments() -> None:
    code = next(block for block in blocks("python") if "pod = make_pod(" in block)
    lines = code.splitlines()
    checked = 0
    for number, line in enumerate(lines):
        expression, _, expected = line.partition("  # ")
        if expected.startswith("{"):
            namespace: dict[str, Any] = {}
            exec("\n".join(lines[:number]), namespace)
            assert eval(expression, namespace) == eval(expected)
            checked += 1
    assert checked == 1


def test_the_pod_security_example_prints_what_the_readme_shows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = next(block for block in blocks("python") if "check_pod_security(pod" in block)
    exec(code, {})
    assert capsys.readouterr().out in blocks("")


def test_the_safe_name_examples_give_the_names_in_their_comments() -> None:
    # Each result is written as a comment, inline or on the next line; a name given with
    # "+ hash" ends in a hash after the part shown.
    code = next(block for block in blocks("python") if "expand_name_template(" in block)
    namespace: dict[str, Any] = {}
    result: Any = None
    checked = 0
    for line in code.splitlines():
        expression, _, comment = line.partition("# ")
        if expression.strip():
            if expression.startswith(("from ", "import ")):
                exec(expression, namespace)
                continue
            result = eval(expression, namespace)
        if comment:
            shown, plus, _ = comment.partition(" + ")
            expected = eval(shown)
            if plus:
                assert result.startswith(expected) and len(result) > len(expected)
                if "10-character" in comment:
                    assert len(result) == len(expected) + 10
            else:
                assert result == expected
            checked += 1
    assert checked == 3


def test_the_quantities_the_differences_list_gives_are_what_make_pod_writes() -> None:
    claims = re.findall(r"`((cpu|mem)_limit)=([^`]+)` becomes\s+`\"([^\"]+)\"`", README)
    assert len(claims) == 3
    for parameter, resource, value, written in claims:
        pod = objects.make_pod_manifest(
            "jupyter-alice",
            ["jupyterhub-singleuser"],
            8888,
            "jupyter/base:1",
            **{parameter: eval(value)},
        )
        limits = pod["spec"]["containers"][0]["resources"]["limits"]
        assert limits["cpu" if resource == "cpu" else "memory"] == written

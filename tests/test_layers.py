"""The package's layers import only downwards.

From the bottom: ``_core`` (conversion, fields, errors, names, YAML), ``_rules``
(the API server's rules, Pod Security), ``_builders`` (one module per object and
the model boundary), ``_hub`` (the JupyterHub emulation) and ``_cli`` (the
command). A module may import its own layer and those below it, never one above:
this test reads every import statement, including those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kubespawner" / "objects"
LAYERS = ["_core", "_rules", "_builders", "_hub", "_cli"]


def layer_of(module: str) -> str | None:
    """The layer of a module named relative to the package (``_core.errors`` -> ``_core``)."""
    first = module.split(".", 1)[0]
    return first if first in LAYERS else None


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Each package-relative module a file imports, with the import's line."""
    own = path.relative_to(PACKAGE).with_suffix("").parts
    package = list(own if own[-1] == "__init__" else own[:-1])
    if package and package[-1] == "__init__":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                parts = [*base, *(node.module.split(".") if node.module else [])]
                targets = (
                    [".".join(parts)]
                    if node.module
                    else [".".join([*parts, alias.name]) for alias in node.names]
                )
            elif node.module and node.module.startswith("kubespawner.objects."):
                targets = [node.module.removeprefix("kubespawner.objects.")]
            else:
                continue
            found.extend((node.lineno, target) for target in targets)
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name.removeprefix("kubespawner.objects."))
                for alias in node.names
                if alias.name.startswith("kubespawner.objects.")
            )
    return found


def test_every_private_module_sits_in_a_layer() -> None:
    stray = [
        path.name
        for path in PACKAGE.glob("*.py")
        if path.name not in {"__init__.py", "__main__.py"}
    ]
    assert stray == []


@pytest.mark.parametrize(
    "path",
    sorted(PACKAGE.rglob("*.py")),
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_imports_run_downwards_only(path: Path) -> None:
    own = layer_of(".".join(path.relative_to(PACKAGE).parts))
    if own is None:  # the package's front door and __main__ may import any layer
        return
    upward = [
        f"line {line}: {target}"
        for line, target in imported_modules(path)
        if (target_layer := layer_of(target)) is not None
        and LAYERS.index(target_layer) > LAYERS.index(own)
    ]
    assert upward == [], f"{path.relative_to(PACKAGE)} imports a layer above its own"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    # An import written the way a slip would be, checked by the same reader.
    rules = PACKAGE / "_rules" / "pod.py"
    imports = imported_modules(rules)
    assert any(layer_of(target) == "_core" for _, target in imports)
    fake = PACKAGE / "_rules" / "_layer_probe.py"
    try:
        fake.write_text("from .._builders.pod import make_pod_manifest\n")
        assert imported_modules(fake) == [(1, "_builders.pod")]
    finally:
        fake.unlink()

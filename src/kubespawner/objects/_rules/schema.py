"""The strict check of a manifest against one Kubernetes version's official schema.

It needs the optional ``schema`` extra (``kubernetes-validate``), which is
imported only when a check is asked for.
"""

from __future__ import annotations

import re
from typing import Any

from .._core.convert import join
from .._core.errors import INVALID, Problem

INSTALL_HINT = "pip install 'kubespawner-objects[schema]'"
_VERSION = re.compile(r"v?(\d+)\.(\d+)")


class SchemaUnavailableError(Exception):
    """The schema check cannot run: the extra is missing or the version is unknown."""


def check_version(version: str) -> None:
    """Raise :class:`SchemaUnavailableError` unless schemas of ``version`` (``X.Y``) are here."""
    try:
        import kubernetes_validate
    except ImportError:
        raise SchemaUnavailableError(
            f"--kubernetes-version needs the schema extra: {INSTALL_HINT}"
        ) from None
    match = _VERSION.fullmatch(version)
    if match is None:
        raise SchemaUnavailableError(f"--kubernetes-version must look like 1.30, not {version!r}")
    known = sorted({_numbers(found) for found in kubernetes_validate.utils.all_versions()})
    wanted = (int(match.group(1)), int(match.group(2)))
    if not known[0] <= wanted <= known[-1]:
        oldest, newest = (".".join(map(str, known[i])) for i in (0, -1))
        raise SchemaUnavailableError(
            f"kubernetes-validate {kubernetes_validate.__version__} has schemas for Kubernetes "
            f"{oldest} to {newest}, not {version}; upgrading it may add newer ones"
        )


def _numbers(version: str) -> tuple[int, int]:
    match = _VERSION.match(version)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def schema_problems(manifest: dict[str, Any], version: str) -> list[Problem]:
    """What the official schema of ``version`` rejects in ``manifest`` (its first finding)."""
    import kubernetes_validate

    if not isinstance(manifest.get("apiVersion"), str) or not isinstance(manifest.get("kind"), str):
        return []  # the object checks already report a missing apiVersion or kind
    try:
        kubernetes_validate.validate(manifest, version, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = ""
        for part in error.path:
            path = join(path, part if isinstance(part, int) else str(part))
        # The schema's messages start with the value they refuse, which may be a Secret's
        # value or a token: the path says which value it is.
        message, value = error.message, repr(error.instance)
        if message.startswith(value):
            message = "the value" + message[len(value) :]
        detail = f"Kubernetes {version} schema: {message}"
        return [Problem(path, INVALID, detail)]
    except kubernetes_validate.SchemaNotFoundError as error:
        return [Problem("kind", INVALID, f"Kubernetes {version} schema: {error.message}")]
    return []

"""The Secret holding a notebook server's TLS files for JupyterHub's internal SSL."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.errors import (
    INVALID,
    NO_VALUE,
    NOT_FOUND,
    REQUIRED,
    TOO_LONG,
    WRONG_TYPE,
    Problem,
    raise_for,
)
from .._core.names import dns1123_subdomain_problem
from .metadata import metadata_manifest

# The API server's limit on the decoded size of a Secret's data.
SECRET_MAX_BYTES = 1024 * 1024
# Secret key -> cert_paths key; the trust bundle also gets the hub's CA.
CERT_FILES = {"ssl.key": "keyfile", "ssl.crt": "certfile", "notebooks-ca_trust.crt": "cafile"}
TRUST_BUNDLE = "notebooks-ca_trust.crt"

PathLike = str | os.PathLike[str]


def make_secret_manifest(
    name: str,
    username: str,
    cert_paths: Mapping[str, PathLike],
    hub_ca: PathLike,
    owner_references: Sequence[Mapping[str, Any] | Any] | None,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Make a k8s secret specification holding a user's server certificates.

    Parameters:
      name: Name of the secret, unique in its namespace (a DNS subdomain).
      username: The user the server belongs to; it names the secret in error
        messages and is not stored in the secret.
      cert_paths: Files of the server's certificate, as JupyterHub's
        ``Spawner.cert_paths`` gives them: ``keyfile`` (the private key,
        stored as ``ssl.key``), ``certfile`` (``ssl.crt``) and ``cafile``
        (the CA that signed them).
      hub_ca: File of the hub's CA. ``notebooks-ca_trust.crt`` holds
        ``cafile`` followed by this file.
      owner_references: Kubernetes ``OwnerReference`` objects (e.g. from
        ``make_owner_reference``) so the secret is deleted with the pod; None
        for none.
      labels: Labels of the secret.
      annotations: Annotations of the secret.

    The files are read as bytes and stored base64-encoded in ``data``. A
    missing or unreadable file is an error naming the file and the parameter;
    no error message ever shows what a file holds.

    Returns:
      The secret as a plain manifest dict (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        field path and parameter; InvalidTypeError (also a TypeError) when a
        value has a wrong type.
    """
    problems: list[Problem] = []
    metadata = metadata_manifest(
        problems, name, dns1123_subdomain_problem, labels, annotations, owner_references
    )
    if not isinstance(username, str):
        detail = f"must be a string, not {type(username).__name__}"
        problems.append(Problem("", WRONG_TYPE, detail, parameter="username"))
    contents: dict[str, bytes | None] = {}
    if isinstance(cert_paths, Mapping):
        for key, path_key in CERT_FILES.items():
            contents[key] = _read_cert(problems, cert_paths, path_key, key)
    else:
        detail = (
            f"must be a mapping with keyfile, certfile and cafile, not {type(cert_paths).__name__}"
        )
        problems.append(Problem("data", WRONG_TYPE, detail, parameter="cert_paths"))
    hub_bundle = _read(problems, hub_ca, f"data[{TRUST_BUNDLE}]", "hub_ca")
    server_bundle = contents.get(TRUST_BUNDLE)
    if server_bundle is not None and hub_bundle is not None:
        contents[TRUST_BUNDLE] = _concatenated(server_bundle, hub_bundle)
    size = sum(len(content) for content in contents.values() if content is not None)
    if size > SECRET_MAX_BYTES:
        detail = f"the files hold {size} bytes; a Secret may hold at most {SECRET_MAX_BYTES}"
        problems.append(Problem("data", TOO_LONG, detail, parameter="cert_paths"))

    user = f" of user {username!r}" if isinstance(username, str) else ""
    raise_for(problems, f"Secret {name!r}{user}" if isinstance(name, str) else "Secret")
    data = {
        key: base64.b64encode(content or b"").decode("ascii") for key, content in contents.items()
    }
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata,
        "type": "Opaque",
        "data": data,
    }


def _read_cert(
    problems: list[Problem], cert_paths: Mapping[str, Any], path_key: str, key: str
) -> bytes | None:
    parameter = f"cert_paths[{path_key!r}]"
    if path_key not in cert_paths:
        given = ", ".join(sorted(map(str, cert_paths))) or "none"
        detail = f"cert_paths has no {path_key!r} (keys given: {given})"
        problems.append(Problem(f"data[{key}]", REQUIRED, detail, parameter="cert_paths"))
        return None
    return _read(problems, cert_paths[path_key], f"data[{key}]", parameter)


def _read(problems: list[Problem], file: Any, path: str, parameter: str) -> bytes | None:
    """The bytes of ``file``, or None with a problem naming the file (never its contents)."""
    if not isinstance(file, (str, os.PathLike)):
        detail = f"must be a file path, not {type(file).__name__}"
        problems.append(Problem(path, WRONG_TYPE, detail, parameter=parameter))
        return None
    try:
        with open(file, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        reason, detail = NOT_FOUND, "no such file"
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the text
        reason = INVALID
        detail = f"cannot read the file: {getattr(error, 'strerror', None) or type(error).__name__}"
    shown = _shown_path(file)
    if shown is NO_VALUE:
        detail += " (the text given is not shown: it is not a path in an existing directory)"
    problems.append(Problem(path, reason, detail, shown, parameter))
    return None


def _shown_path(file: str | os.PathLike[str]) -> Any:
    """``file`` as a problem may show it: only when it is plausibly a path.

    Callers sometimes pass a key's text instead of its file. A path naming an
    existing directory is shown (a typo in a file name is then easy to see);
    any other text is not, in case it is the secret itself.
    """
    text = os.fspath(file)
    if not isinstance(text, str) or len(text) > 4096 or "\n" in text or "-----" in text:
        return NO_VALUE
    directory = os.path.dirname(text)
    try:
        directory_exists = bool(directory) and os.path.isdir(directory)
    except (OSError, ValueError):
        directory_exists = False
    return text if directory_exists else NO_VALUE


def _concatenated(first: bytes, second: bytes) -> bytes:
    """Two PEM bundles as one, a line break between them when the first lacks one."""
    if first and not first.endswith(b"\n"):
        first += b"\n"
    return first + second

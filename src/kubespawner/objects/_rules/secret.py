"""A Secret: metadata, keys, size and the keys its type needs, by ``ValidateSecret``."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .._core.errors import Problem
from .._core.names import config_key_problem, dns1123_subdomain_problem
from .common import Problems, invalid, join, mapping, required, text, too_long
from .metadata import check_object_meta

SECRET_MAX_BYTES = 1024 * 1024
SERVICE_ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name"
SSH_AUTH = "kubernetes.io/ssh-auth"
# The keys each built-in type needs in its data (after stringData is merged in).
REQUIRED_KEYS = {
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
    SSH_AUTH: ("ssh-privatekey",),
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
}
JSON_KEYS = {
    "kubernetes.io/dockercfg": ".dockercfg",
    "kubernetes.io/dockerconfigjson": ".dockerconfigjson",
}


def check_secret(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the Secret ``manifest``, with its field path.

    ``data`` values must be base64; ``stringData`` entries count as data (the
    API server merges them in before checking). Keys are config keys, all
    values together hold at most 1 MiB, and the built-in types need their
    keys: ``kubernetes.io/tls`` needs ``tls.crt`` and ``tls.key``,
    ``kubernetes.io/basic-auth`` a ``username`` or ``password``, and so on.
    Other types (``Opaque``, or a type of your own) need nothing.

    Parameters:
      manifest: The Secret as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the Secret is valid.
    """
    problems: Problems = []
    check_object_meta(manifest.get("metadata"), "metadata", problems, dns1123_subdomain_problem)
    contents = _contents(manifest, problems)
    size = sum(len(content) for content in contents.values())
    if size > SECRET_MAX_BYTES:
        detail = f"may not be more than {SECRET_MAX_BYTES} bytes in all, found {size}"
        problems.append(too_long("data", detail))
    secret_type = text(manifest.get("type")) or "Opaque"
    for key in REQUIRED_KEYS.get(secret_type, ()):
        # An ssh-auth Secret needs a key that is not empty too.
        if key not in contents or (secret_type == SSH_AUTH and not contents[key]):
            problems.append(required(f"data[{key}]"))
    json_key = JSON_KEYS.get(secret_type)
    if json_key in contents:
        try:
            # Go reads JSON null into a map without complaint.
            is_object = isinstance(json.loads(contents[json_key]), (dict, type(None)))
        except ValueError:
            is_object = False
        if not is_object:
            detail = "must be a JSON object"
            problems.append(invalid(f"data[{json_key}]", "<secret contents>", detail))
    if secret_type == "kubernetes.io/basic-auth" and not (
        contents.keys() & {"username", "password"}
    ):
        detail = "must contain either username or password"
        problems.append(required("data[username]", detail))
        problems.append(required("data[password]", detail))
    if secret_type == "kubernetes.io/service-account-token":
        annotations = mapping(mapping(manifest.get("metadata")).get("annotations"))
        if not annotations.get(SERVICE_ACCOUNT_ANNOTATION):
            path = join("metadata.annotations", SERVICE_ACCOUNT_ANNOTATION)
            problems.append(required(path))
    return problems


def _contents(manifest: dict[str, Any], problems: Problems) -> dict[str, bytes]:
    """Each key's decoded bytes: ``data`` (base64), then ``stringData`` over it."""
    contents: dict[str, bytes] = {}
    for field in ("data", "stringData"):
        for key, value in mapping(manifest.get(field)).items():
            reason = config_key_problem(key)
            if reason:
                problems.append(invalid(f"{field}[{key}]", key, reason))
            if not isinstance(value, str):
                continue
            if field == "stringData":
                contents[key] = value.encode()
                continue
            try:
                # Like Go's decoder, ignore line breaks but nothing else.
                contents[key] = base64.b64decode(
                    value.replace("\r", "").replace("\n", ""), validate=True
                )
            except (binascii.Error, ValueError):
                # Never echo the value: it is secret.
                detail = "must be base64-encoded"
                problems.append(invalid(f"{field}[{key}]", "<secret contents>", detail))
                contents[key] = b""  # the key is there, for the rules of the type
    return contents

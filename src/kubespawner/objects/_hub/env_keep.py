"""``env_keep``: the variables of the hub process's own environment a spawn copies into the pod.

JupyterHub's ``Spawner.get_env`` (5.5.0) starts the server's environment with each name of
``env_keep`` that is set in the hub's ``os.environ``, at the value the hub has; everything
the spawner sets afterwards (its own ``JUPYTERHUB_*`` variables, ``environment``) replaces
it. The hub's environment is not this machine's, so the rendered pod holds :data:`KEPT` in
its place, and never a value read here. A name the hub holds a secret in is a warning:
``env_keep`` hands that secret to everyone who can start a server.
"""

from __future__ import annotations

from collections.abc import Mapping

# Stands in for the value a variable has in the hub's own environment (the entry is absent
# from the real pod when the hub has no such variable).
KEPT = "<copied from the hub's environment at spawn time, if set there>"
# Name endings (compared without case) that credentials go by: CONFIGPROXY_AUTH_TOKEN,
# JPY_COOKIE_SECRET, JUPYTERHUB_CRYPT_KEY, ...
_CREDENTIAL_ENDINGS = ("_TOKEN", "_SECRET", "_KEY")


def can_be_set(name: str) -> bool:
    """Whether any process environment can hold a variable called ``name``: POSIX
    environments cannot hold an empty name, an ``=`` or a NUL in one."""
    return bool(name) and "=" not in name and "\0" not in name


def secret_reason(name: str, hub_secrets: Mapping[str, str]) -> str | None:
    """Why the hub's variable ``name`` likely holds a secret, or None: where the hub's
    deployment sets it from a secret (``hub_secrets``), else a credential-like name."""
    if name in hub_secrets:
        return hub_secrets[name]
    upper = name.upper()
    if upper.endswith(_CREDENTIAL_ENDINGS) or "PASSWORD" in upper:
        return "its name is a credential's"
    return None

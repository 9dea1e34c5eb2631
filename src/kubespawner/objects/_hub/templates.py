"""KubeSpawner's template fields: the names one user and server get in every template.

KubeSpawner 7 fills ``{username}``, ``{servername}`` and ``{user_server}`` with the slugs of
its ``slug_scheme`` (``safe`` by default), and offers each kind explicitly as well:
``{unescaped_username}`` (the name as given), ``{safe_username}``, ``{escaped_username}``
(the pre-7 scheme), the same for the server, and ``{userid}``, ``{hubnamespace}``. A
rendered template loses the trailing ``-`` an empty server name leaves
(``jupyter-{username}--{servername}`` gives ``jupyter-alice``) unless the template itself
ends with ``-``. The hub command and ``render`` configs use the same fields, so one user
gets one name per field kind everywhere.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from .slugs import escape_slug, multi_slug, safe_slug

# KubeSpawner keeps each slug within 48 characters, so two of them fit an object name.
SLUG_MAX_LENGTH = 48
USER_FIELDS = (
    "username",
    "servername",
    "user_server",
    "unescaped_username",
    "unescaped_servername",
    "safe_username",
    "safe_servername",
    "safe_user_server",
    "escaped_username",
    "escaped_servername",
    "escaped_user_server",
    "userid",
    "hubnamespace",
)
_FIELD = re.compile(r"\{(" + "|".join(USER_FIELDS) + r")\}")


@lru_cache(maxsize=1024)
def _user_fields(user: str, server: str, slug_scheme: str, hub_namespace: str) -> dict[str, Any]:
    safe_username = safe_slug(user, max_length=SLUG_MAX_LENGTH)
    safe_servername = safe_slug(server, max_length=SLUG_MAX_LENGTH) if server else ""
    if len(safe_username) + len(safe_servername) + 2 > SLUG_MAX_LENGTH:
        # one hash over both names, so long pairs still fit (and never collide)
        safe_user_server = multi_slug((user, server), max_length=SLUG_MAX_LENGTH)
    elif server:
        safe_user_server = f"{safe_username}--{safe_servername}"
    else:
        safe_user_server = safe_username
    escaped_username, escaped_servername = escape_slug(user), escape_slug(server)
    if slug_scheme == "safe":
        username, servername, user_server = safe_username, safe_servername, safe_user_server
    else:
        username, servername = escaped_username, escaped_servername
        user_server = f"{username}--{servername}" if server else username
    return {
        "userid": 1,
        "unescaped_username": user,
        "unescaped_servername": server,
        # KubeSpawner's user namespaces avoid "default-<user>"
        "hubnamespace": hub_namespace if hub_namespace != "default" else "user",
        "username": username,
        "servername": servername,
        "user_server": user_server,
        "safe_username": safe_username,
        "safe_servername": safe_servername,
        "safe_user_server": safe_user_server,
        "escaped_username": escaped_username,
        "escaped_servername": escaped_servername,
        "escaped_user_server": f"{escaped_username}--{escaped_servername}",
    }


def user_fields(
    user: str, server: str = "", *, slug_scheme: str = "safe", hub_namespace: str = "jhub"
) -> Mapping[str, Any]:
    """The template fields of ``user`` on ``server`` (``""``: the default server).

    The mapping is shared by every caller asking for the same user: copy it to change it.
    """
    return _user_fields(user, server, slug_scheme, hub_namespace)


def finish(template: str, rendered: str) -> str:
    """``rendered`` without the trailing ``-`` the template did not write itself."""
    return rendered if template.endswith("-") else rendered.rstrip("-")


def has_fields(text: str) -> bool:
    """Whether ``text`` holds one of the user and server fields."""
    return _FIELD.search(text) is not None


def filler(template: str) -> Callable[[Mapping[str, Any]], str]:
    """What fills ``template``: each user or server field replaced, other braces as written.

    The result is a function of :func:`user_fields`. It is prepared once for a
    template filled again and again (a config's, once per user): the template
    becomes a :meth:`str.format_map` form, so each filling is one call.
    """
    if not has_fields(template):
        return lambda fields: template
    pieces = _FIELD.split(template)  # text, field name, text, field name, ..., text
    form = "".join(
        f"{{{piece}}}" if odd else piece.replace("{", "{{").replace("}", "}}")
        for odd, piece in zip(itertools.cycle((False, True)), pieces)
    )
    if template.endswith("-"):  # finish() keeps what the filling gives
        return form.format_map
    return lambda fields: form.format_map(fields).rstrip("-")  # as finish() does

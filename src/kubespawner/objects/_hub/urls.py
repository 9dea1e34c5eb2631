"""JupyterHub's URL helpers (``jupyterhub.utils``, 5.5.0), as the hub builds the URLs it
gives a server: ``url_path_join`` and ``url_escape_path``."""

from __future__ import annotations

from urllib.parse import quote


def url_path_join(*pieces: str) -> str:
    """The pieces joined by single slashes, keeping the first's leading and the last's
    trailing slash; empty pieces at the end are dropped first."""
    kept = list(pieces)
    while kept and not kept[-1]:
        kept.pop()
    if not kept:
        return ""
    joined = "/".join(piece.strip("/") for piece in kept if piece.strip("/"))
    if kept[0].startswith("/"):
        joined = "/" + joined
    if kept[-1].endswith("/"):
        joined += "/"
    return "/" if joined == "//" else joined


def url_escape_path(value: str) -> str:
    """``value`` escaped for a URL path, as JupyterHub escapes user and server names."""
    return quote(value, safe="@~")

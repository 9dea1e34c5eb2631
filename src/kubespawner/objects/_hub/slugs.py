"""The names KubeSpawner 7 makes from user and server names.

Two schemes, as its ``slug_scheme`` trait selects them: ``safe`` (the default) keeps a name
that is already a valid DNS label and otherwise writes a readable part, ``---`` and 8 hex
digits of the name's SHA-256; ``escape`` (the scheme of KubeSpawner < 7) escapes every
character outside ``[a-z0-9]`` with the ``escapism`` library, ``-`` as the escape character,
and lowercases the result. Profile slugs come from ``python-slugify``. The rules here restate
KubeSpawner 7.1.0's ``slugs.py`` behaviour; the libraries load on first use.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import lru_cache

_HASH_LENGTH = 8
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_OBJECT_NAME = re.compile(r"[a-z][a-z0-9-]{0,61}[a-z0-9]|[a-z]")
_LABEL_VALUE = re.compile(r"([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?")
_ESCAPE_SAFE = frozenset(string.ascii_lowercase + string.digits)


def is_object_name(text: str) -> bool:
    """Whether ``text`` is a DNS label that also starts with a letter (KubeSpawner's strictest)."""
    return _OBJECT_NAME.fullmatch(text) is not None


def is_label_value(text: str) -> bool:
    """Whether ``text`` is a valid label value (empty included)."""
    return _LABEL_VALUE.fullmatch(text) is not None


def _readable(name: str, max_length: int) -> str:
    # Lowercase, every run of other characters one '-', trimmed, starting with a letter.
    text = _NOT_ALPHANUMERIC.sub("-", name.lower()).lstrip("-")[:max_length].rstrip("-")
    if text and not text[0].isalpha():
        text = "x-" + text[: max_length - 2]
    return text or "x"


def _sha256(data: bytes) -> str:
    """The hex SHA-256 digest of ``data``."""
    import hashlib  # on first use: ordinary names never need it, and it costs the command's start

    return hashlib.sha256(data).hexdigest()


def _hashed(name: str, max_length: int) -> str:
    digest = _sha256(name.encode("utf8"))[:_HASH_LENGTH]
    return f"{_readable(name, max_length - _HASH_LENGTH - 3)}---{digest}"


@lru_cache(maxsize=4096)
def safe_slug(
    name: str, is_valid: Callable[[str], bool] = is_object_name, max_length: int | None = None
) -> str:
    """``name`` if valid (and free of ``--``, which hashed slugs use), else its hashed slug."""
    if "--" not in name and is_valid(name) and (max_length is None or len(name) <= max_length):
        return name
    return _hashed(name, max_length or 32)


def multi_slug(names: tuple[str, ...], max_length: int = 48) -> str:
    """One slug for several names: their readable parts joined by ``--``, then one hash.

    The hash covers the names separated by the byte 0xFF, which UTF-8 never contains, so
    ``("a-b", "c")`` and ``("a", "b-c")`` differ.
    """
    digest = _sha256(b"\xff".join(name.encode("utf8") for name in names))
    each = (max_length - _HASH_LENGTH - 1) // len(names) - 2
    return "--".join(_readable(name, each) for name in names) + f"---{digest[:_HASH_LENGTH]}"


@lru_cache(maxsize=4096)
def escape_slug(name: str) -> str:
    """The ``escape`` scheme's slug (KubeSpawner < 7): escapism with ``-``, lowercased."""
    import escapism

    return str(escapism.escape(name, safe=_ESCAPE_SAFE, escape_char="-")).lower()


@lru_cache(maxsize=1024)
def profile_slug(display_name: str) -> str:
    """The slug KubeSpawner gives a profile without one: python-slugify's of its name."""
    from slugify import slugify

    return str(slugify(display_name))

"""Kubernetes-safe names from arbitrary user and server names.

A name that is already safe comes back unchanged. Any other name becomes a
readable part (lowercased, accents dropped, other characters turned into
'-', cut to fit), then ``---`` and ten characters of its SHA-256 digest
(base32: 50 bits). Why two different inputs never share a result:

- an unchanged result never contains ``---``, and an escaped one always
  does, so the two kinds never meet (a template's plain expansion is used
  only when reading it back with the template gives exactly the values it
  was made from, so two different sets of values cannot share one);
- two escaped results end in the digests of their inputs, so they are equal
  only if their readable parts are equal and two different inputs share the
  first 50 bits of their SHA-256 digest: even if every readable part were
  equal, the chance that any two of ten thousand escaped names do is about
  one in twenty million (of a hundred thousand, one in two hundred thousand).

For the same reason escaping is not repeated work: an escaped result, given
again, is escaped again (it contains ``---``), because accepting it as it is
would let a user pick, as a name, another user's escaped name.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import string
import unicodedata
from functools import lru_cache

from .errors import INVALID, UNKNOWN_FIELD, WRONG_TYPE, Problem, raise_for
from .names import DNS1123_LABEL_MAX, dns1123_label_problem, label_value_problem

MARKER = "---"
HASH_LENGTH = 10
# The shortest result an escaped name can take: one character, the marker, the digest.
MIN_LENGTH = 1 + len(MARKER) + HASH_LENGTH
TEMPLATE_FIELDS = ("username", "servername")

_NOT_DNS = re.compile(r"[^a-z0-9]+")
_NOT_LABEL = re.compile(r"[^A-Za-z0-9._-]+")
_DASHES = re.compile(r"-{3,}")
_TEMPLATE_TEXT = re.compile(r"[a-z0-9-]*")
_PLAIN_FIELD = re.compile(r"([a-z0-9]+(-[a-z0-9]+)*)?")


def safe_dns_label(name: str, *, max_length: int = 63, letter_first: bool = False) -> str:
    """Turn any name into a valid DNS label (lowercase letters, digits, '-').

    Parameters:
      name: Any string, such as a JupyterHub user or server name.
      max_length: Longest result wanted, 14 to 63 characters.
      letter_first: Also start with a letter, as Service names must (an
        RFC 1035 label).

    A name that is already such a label (within ``max_length``, without
    ``---``) comes back unchanged; any other gets a readable part and a hash
    suffix, e.g. ``Alice.Smith@example.org`` gives
    ``alice-smith-example-org---`` and ten more characters. Different names
    always give different labels (``Alice`` and ``alice`` too).
    """
    _check_arguments(name=name, max_length=max_length)
    if _is_plain(name, max_length, letter_first):
        return name
    return _escaped(_dns_text(name), _digest(name), max_length, letter_first)


def safe_label_value(value: str, *, max_length: int = 63) -> str:
    """Turn any text into a valid label value (letters, digits, '-', '_', '.'; may be empty).

    Parameters:
      value: Any string, such as a JupyterHub user or server name.
      max_length: Longest result wanted, 14 to 63 characters.

    A valid label value (within ``max_length``, without ``---``) comes back
    unchanged, upper case included; any other gets a readable part and a hash
    suffix, like :func:`safe_dns_label`. Different values always give
    different results.
    """
    _check_arguments(value=value, max_length=max_length)
    if len(value) <= max_length and MARKER not in value and label_value_problem(value) is None:
        return value
    readable = _NOT_LABEL.sub("-", _without_accents(value))
    readable = _DASHES.sub("--", readable).strip("-_.")
    return _escaped(readable, _digest(value), max_length, False)


def expand_name_template(
    template: str,
    *,
    username: str,
    servername: str = "",
    max_length: int = 63,
    letter_first: bool = False,
) -> str:
    """Expand a name template such as ``jupyter-{username}--{servername}`` into a DNS label.

    Parameters:
      template: Lowercase letters, digits and '-', with the placeholders
        ``{username}`` and ``{servername}`` (each may appear, or not).
      username: The user's name, as JupyterHub has it (any text).
      servername: The server's name; ``""`` for a user's default server.
      max_length: Longest result wanted, 14 to 63 characters.
      letter_first: Also start with a letter, as Service names must.

    The result is the plain expansion, trailing '-' removed (so
    ``jupyter-{username}--{servername}`` gives ``jupyter-alice`` for Alice's
    default server), when it is a valid label that fits and reads back to
    exactly the values given: that needs plain values (lowercase letters and
    digits, single '-' between them, or empty) and placeholders separated by
    ``--``. Otherwise it is a readable part of the expansion, ``---`` and a
    hash of the template and the values. Different values always give
    different names for one template; values of a placeholder the template
    lacks do not matter.

    Raises:
      InvalidObjectError: the template has other characters, another
        placeholder, or a format spec; InvalidTypeError for non-string values.
    """
    _check_arguments(username=username, servername=servername, max_length=max_length)
    parts = _parse_template(template)
    values = {"username": username, "servername": servername}
    used = {field: values[field] for _, field in parts if field}
    result = "".join(text + (values[field] if field else "") for text, field in parts).rstrip("-")
    # Reading a plain result back must give exactly these values: then no other values share it.
    if _is_plain(result, max_length, letter_first) and _read_back(parts, result) == used:
        return result
    readable = "".join(text + (_dns_text(values[field]) if field else "") for text, field in parts)
    readable = _DASHES.sub("--", readable).strip("-")
    key = json.dumps({"template": template, **used}, sort_keys=True)
    return _escaped(readable, _digest(key), max_length, letter_first)


def _is_plain(name: str, max_length: int, letter_first: bool) -> bool:
    return (
        len(name) <= max_length
        and MARKER not in name
        and dns1123_label_problem(name) is None
        and (not letter_first or name[0].isalpha())
    )


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _dns_text(text: str) -> str:
    """A readable, DNS-safe rendering of ``text``: lowercase, other characters as one '-'."""
    return _NOT_DNS.sub("-", _without_accents(text).lower()).strip("-")


def _digest(text: str) -> str:
    # surrogatepass: Python strings may hold lone surrogates; every string still hashes.
    raw = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return base64.b32encode(raw).decode("ascii")[:HASH_LENGTH].lower()


def _escaped(readable: str, digest: str, max_length: int, letter_first: bool) -> str:
    room = max_length - len(MARKER) - HASH_LENGTH
    if letter_first and not readable[:1].isalpha():
        readable = "x-" + readable if readable else ""
    readable = readable[:room].rstrip("-_.") or "x"
    return readable + MARKER + digest


def _check_arguments(max_length: int, **texts: object) -> None:
    problems = [
        Problem(name, WRONG_TYPE, f"must be a string, not {type(value).__name__}", parameter=name)
        for name, value in texts.items()
        if not isinstance(value, str)
    ]
    if isinstance(max_length, bool) or not isinstance(max_length, int):
        detail = f"must be an integer, not {type(max_length).__name__}"
        problems.append(Problem("max_length", WRONG_TYPE, detail, parameter="max_length"))
    elif not MIN_LENGTH <= max_length <= DNS1123_LABEL_MAX:
        detail = f"must be between {MIN_LENGTH} and {DNS1123_LABEL_MAX}, inclusive"
        problems.append(Problem("max_length", INVALID, detail, max_length, "max_length"))
    raise_for(problems, "safe name")


def _parse_template(template: str) -> tuple[tuple[str, str | None], ...]:
    """The template as (literal text, placeholder or None) pairs; raises for bad templates."""
    if not isinstance(template, str):
        detail = f"must be a string, not {type(template).__name__}"
        raise_for([Problem("template", WRONG_TYPE, detail, parameter="template")], "name template")
    return _parse_text(template)


@lru_cache(maxsize=256)  # a hub has a few templates; any number of callers' must not grow it
def _parse_text(template: str) -> tuple[tuple[str, str | None], ...]:
    problems: list[Problem] = []
    parts: list[tuple[str, str | None]] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        parsed = []
        problems.append(Problem("template", INVALID, str(error), template, "template"))
    for text, field, spec, conversion in parsed:
        if not _TEMPLATE_TEXT.fullmatch(text):
            detail = "text outside placeholders must be lowercase letters, digits and '-'"
            problems.append(Problem("template", INVALID, detail, template, "template"))
        if field is not None and field not in TEMPLATE_FIELDS:
            detail = f"unknown placeholder {{{field}}}; known: {{username}}, {{servername}}"
            problems.append(Problem("template", UNKNOWN_FIELD, detail, template, "template"))
        elif spec or conversion:
            detail = f"placeholder {{{field}}} must not have a format spec or conversion"
            problems.append(Problem("template", INVALID, detail, template, "template"))
        parts.append((text, field or None))
    raise_for(problems, "name template")
    return tuple(parts)


def _read_back(parts: tuple[tuple[str, str | None], ...], result: str) -> dict[str, str] | None:
    """The plain values whose expansion, less its trailing '-', is ``result``; None if none.

    Expansions lose at most two trailing '-' (a third would make ``---``), so
    the first of ``result`` + "", "-", "--" that reads back decides.
    """
    for stripped in range(3):
        values = _decode(parts, result + "-" * stripped)
        if values is not None:
            return values
    return None


def _decode(parts: tuple[tuple[str, str | None], ...], rendered: str) -> dict[str, str] | None:
    """The plain values that expand to ``rendered`` (no strip), found left to right."""
    values: dict[str, str] = {}
    position = 0
    last_field = max((i for i, (_, field) in enumerate(parts) if field), default=-1)
    for index, (text, field) in enumerate(parts):
        if not rendered.startswith(text, position):
            return None
        position += len(text)
        if not field:
            continue
        if index < last_field:
            # A plain value holds no '--' and ends in a letter or digit: the next '--' ends it.
            end = rendered.find("--", position)
        else:
            tail = "".join(text for text, _ in parts[index + 1 :])
            end = len(rendered) - len(tail)
        if end < position:
            return None
        value = rendered[position:end]
        if not _PLAIN_FIELD.fullmatch(value) or values.setdefault(field, value) != value:
            return None
        position = end
    return values if position == len(rendered) else None

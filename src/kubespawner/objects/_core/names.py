"""Kubernetes' name rules (apimachinery's ``util/validation``), as predicates.

Each ``*_problem`` function returns None for a valid name, or the reason it is
not one, worded close to the API server's messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
LABEL_VALUE_MAX = 63
QUALIFIED_NAME_MAX = 63

_DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
_PORT_NAME_CHARACTERS = re.compile(r"[-a-z0-9]+")
_LOWERCASE_LETTER = re.compile(r"[a-z]")
_PRINTABLE_ASCII_BUT_EQUALS = re.compile(r"[ -<>-~]*")
_CONFIG_KEY = re.compile(r"[-._a-zA-Z0-9]+")
_HTTP_HEADER_NAME = re.compile(r"[-A-Za-z0-9]+")
_SYSCTL_NAME = re.compile(r"([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?")
PORT_NAME_MAX = 15
SYSCTL_NAME_MAX = 253

# A hub checks the same names in every pod it makes (label keys, variable, container and
# volume names), so each rule remembers its recent answers.
_remembered = lru_cache(maxsize=1024)


@_remembered
def dns1123_label_problem(name: str) -> str | None:
    """Why ``name`` is not an RFC 1123 DNS label (pod hostnames, container and port names)."""
    if len(name) > DNS1123_LABEL_MAX:
        return f"must be no more than {DNS1123_LABEL_MAX} characters"
    if not _DNS1123_LABEL.fullmatch(name):
        if _DNS1123_SUBDOMAIN.fullmatch(name):
            return "must not contain dots"
        return (
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            "or '-', and must start and end with an alphanumeric character "
            "(e.g. 'my-name', or '123-abc')"
        )
    return None


@_remembered
def dns1123_subdomain_problem(name: str) -> str | None:
    """Why ``name`` is not an RFC 1123 DNS subdomain (most object names)."""
    if len(name) > DNS1123_SUBDOMAIN_MAX:
        return f"must be no more than {DNS1123_SUBDOMAIN_MAX} characters"
    if not _DNS1123_SUBDOMAIN.fullmatch(name):
        return (
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'example.com')"
        )
    return None


@_remembered
def wildcard_dns1123_subdomain_problem(name: str) -> str | None:
    """Why ``name`` is not a DNS subdomain, or one whose first label is ``*`` (``*.a.org``)."""
    if "*" not in name:
        return dns1123_subdomain_problem(name)
    if len(name) > DNS1123_SUBDOMAIN_MAX:
        return f"must be no more than {DNS1123_SUBDOMAIN_MAX} characters"
    if not name.startswith("*.") or dns1123_subdomain_problem(name[2:]):
        return (
            "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
            "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' "
            "and end with an alphanumeric character (e.g. '*.example.com')"
        )
    return None


@_remembered
def label_value_problem(value: str) -> str | None:
    """Why ``value`` is not a valid label value (may be empty)."""
    if len(value) > LABEL_VALUE_MAX:
        return f"must be no more than {LABEL_VALUE_MAX} characters"
    if not _LABEL_VALUE.fullmatch(value):
        return (
            "a valid label must be an empty string or consist of alphanumeric characters, '-', "
            "'_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyValue', or 'my_value', or '12345')"
        )
    return None


@_remembered
def qualified_name_problem(name: str) -> str | None:
    """Why ``name`` is not a qualified name (label and annotation keys).

    A qualified name is a name part with an optional DNS subdomain prefix and '/'.
    """
    prefix, slash, base = name.rpartition("/")
    if slash:
        if not prefix:
            return "prefix part must be non-empty"
        reason = dns1123_subdomain_problem(prefix)
        if reason:
            return "prefix part " + reason
    if not base:
        return "name part must be non-empty"
    if len(base) > QUALIFIED_NAME_MAX:
        return f"name part must be no more than {QUALIFIED_NAME_MAX} characters"
    if not _QUALIFIED_NAME.fullmatch(base):
        return (
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc'), "
            "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        )
    return None


@_remembered
def dns1035_label_problem(name: str) -> str | None:
    """Why ``name`` is not an RFC 1035 DNS label (Service names: a letter first)."""
    reason = dns1123_label_problem(name)
    if reason and len(name) > DNS1123_LABEL_MAX:
        return reason
    if reason or not name[0].isalpha():
        return (
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
            "start with an alphabetic character, and end with an alphanumeric character "
            "(e.g. 'my-name', or 'abc-123')"
        )
    return None


def generated_name_prefix_problem(
    prefix: str, name_rule: Callable[[str], str | None] = dns1123_subdomain_problem
) -> str | None:
    """Why ``prefix`` is not a valid ``generateName``: a name by ``name_rule`` that may end in '-'.

    ``name_rule`` is the kind's name rule (a DNS subdomain for most kinds).
    """
    # The API server appends random characters, so a trailing '-' is allowed.
    masked = prefix[:-1] + "a" if prefix.endswith("-") else prefix
    return name_rule(masked)


@_remembered
def port_name_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA service name (container port names, named probe ports)."""
    reasons = []
    if len(name) > PORT_NAME_MAX:
        reasons.append(f"must be no more than {PORT_NAME_MAX} characters")
    if not _PORT_NAME_CHARACTERS.fullmatch(name):
        reasons.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _LOWERCASE_LETTER.search(name):
        reasons.append("must contain at least one letter (a-z)")
    if "--" in name:
        reasons.append("must not contain consecutive hyphens")
    if name.startswith("-") or name.endswith("-"):
        reasons.append("must not begin or end with a hyphen")
    return "; ".join(reasons) or None


@_remembered
def env_var_name_problem(name: str) -> str | None:
    """Why ``name`` is not an environment variable name (the relaxed rule of Kubernetes 1.32+).

    Any printable ASCII character except '=' is allowed, so ``1_VAR`` or
    ``my var`` are valid names.
    """
    if not name:
        return "environment variable name must be non-empty"
    if not _PRINTABLE_ASCII_BUT_EQUALS.fullmatch(name):
        return (
            "a valid environment variable name must consist only of printable ASCII "
            "characters other than '='"
        )
    return None


@_remembered
def config_key_problem(key: str) -> str | None:
    """Why ``key`` is not a ConfigMap or Secret key."""
    if len(key) > DNS1123_SUBDOMAIN_MAX:
        return f"must be no more than {DNS1123_SUBDOMAIN_MAX} characters"
    if not _CONFIG_KEY.fullmatch(key):
        return (
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            "(e.g. 'key.name', or 'KEY_NAME', or 'key-name')"
        )
    if key in (".", ".."):
        return f"must not be '{key}'"
    if key.startswith(".."):
        return "must not start with '..'"
    return None


@_remembered
def http_header_name_problem(name: str) -> str | None:
    """Why ``name`` is not an HTTP header name (probe headers)."""
    if not _HTTP_HEADER_NAME.fullmatch(name):
        return (
            "a valid HTTP header must consist of alphanumeric characters or '-' "
            "(e.g. 'X-Header-Name')"
        )
    return None


@_remembered
def sysctl_name_problem(name: str) -> str | None:
    """Why ``name`` is not a sysctl name (``net.ipv4.ip_forward``, ``kernel/shm_rmid_forced``)."""
    if len(name) > SYSCTL_NAME_MAX or not _SYSCTL_NAME.fullmatch(name):
        return (
            f"must have at most {SYSCTL_NAME_MAX} characters and consist of dot- or "
            "slash-separated segments of lower case alphanumeric characters, '-' or '_', "
            "each starting and ending with an alphanumeric character"
        )
    return None


def path_segment_problem(name: str) -> str | None:
    """Why ``name`` cannot be one segment of a URL path (``IsValidPathSegmentName``)."""
    if name in (".", ".."):
        return f"may not be '{name}'"
    found = [f"may not contain '{character}'" for character in "/%" if character in name]
    return ", ".join(found) or None

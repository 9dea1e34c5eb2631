"""Kubernetes' name rules (apimachinery's ``util/validation``), as predicates.

Each ``*_problem`` function returns None for a valid name, or the reason it is
not one, worded close to the API server's messages.
"""

from __future__ import annotations

import re

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
LABEL_VALUE_MAX = 63
QUALIFIED_NAME_MAX = 63

_DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")


def dns1123_label_problem(name: str) -> str | None:
    """Why ``name`` is not an RFC 1123 DNS label (pod hostnames, container and port names)."""
    if len(name) > DNS1123_LABEL_MAX:
        return f"must be no more than {DNS1123_LABEL_MAX} characters"
    if not _DNS1123_LABEL.fullmatch(name):
        return (
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            "or '-', and must start and end with an alphanumeric character "
            "(e.g. 'my-name', or '123-abc')"
        )
    return None


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

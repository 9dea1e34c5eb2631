"""Semantic validation of Pods and PersistentVolumeClaims, by the API server's rules.

The rules restate, family by family, those of Kubernetes' own validation
(``pkg/apis/core/validation`` and apimachinery's ``util/validation``) as of
the newest release: ``metadata`` (names, labels, annotations, selectors),
``resources`` (quantities), ``containers``, ``volumes``, ``scheduling``,
``security`` and ``pvc``. Each works on manifest dicts and reports problems
with their full field path; none raises, whatever the data.
"""

from __future__ import annotations

from typing import Any

from .._convert import is_model, to_wire
from .._errors import REQUIRED, UNSUPPORTED, Problem, combined
from .pod import check_pod
from .pvc import check_pvc

__all__ = ["check_pod", "check_pvc", "validate"]

_CHECKS = {
    "Pod": ("V1Pod", check_pod),
    "PersistentVolumeClaim": ("V1PersistentVolumeClaim", check_pvc),
}
_MODEL_KINDS = {model: kind for kind, (model, _) in _CHECKS.items()}


def validate(obj: Any) -> list[Problem]:
    """Every problem Kubernetes would find in a Pod or PersistentVolumeClaim, without raising.

    Unlike ``make_pod`` and ``make_pvc``, which raise, this reports: it suits
    manifests written by hand or by other tools. Besides the API server's
    rules, it reports fields the object's type does not have and values of
    the wrong type (a manifest dict must use Kubernetes' camelCase field
    names).

    Parameters:
      obj: A Pod or PersistentVolumeClaim: a manifest dict (with ``kind``),
        or a model of the official client (either generation).

    Returns:
      The problems found, each with its field path, the offending value and a
      message; empty when the object is valid. An object of another kind gets
      one problem saying that only Pods and PersistentVolumeClaims are checked.
    """
    if is_model(obj):
        kind = _MODEL_KINDS.get(type(obj).__name__)
        if kind is None:
            return [_unsupported_kind(type(obj).__name__)]
        problems: list[Problem] = []
        model, check = _CHECKS[kind]
        manifest = to_wire(obj, model, "", problems)
        manifest.setdefault("kind", kind)
        manifest.setdefault("apiVersion", "v1")
    elif isinstance(obj, dict):
        kind = obj.get("kind")
        if kind is None:
            detail = "kind must be Pod or PersistentVolumeClaim"
            return [Problem("kind", REQUIRED, detail)]
        if not isinstance(kind, str) or kind not in _CHECKS:
            return [_unsupported_kind(kind)]
        problems = []
        model, check = _CHECKS[kind]
        manifest = to_wire(obj, model, "", problems, camel_only=True)
    else:
        detail = "must be a manifest dict or a Kubernetes client model"
        return [Problem("", UNSUPPORTED, detail, repr(obj))]
    api_version = manifest.get("apiVersion")
    if api_version is None:
        problems.append(Problem("apiVersion", REQUIRED, 'must be "v1"'))
    elif api_version != "v1":
        problems.append(Problem("apiVersion", UNSUPPORTED, 'supported values: "v1"', api_version))
    return combined(problems, check(manifest))


def _unsupported_kind(kind: Any) -> Problem:
    detail = (
        "validate checks only Pods and PersistentVolumeClaims "
        '(supported values: "Pod", "PersistentVolumeClaim")'
    )
    return Problem("kind", UNSUPPORTED, detail, kind)

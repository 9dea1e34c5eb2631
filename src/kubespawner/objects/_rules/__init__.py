"""Semantic validation of the objects this package handles, by the API server's rules.

The rules restate, family by family, those of Kubernetes' own validation
(``pkg/apis/core/validation``, ``networking``, ``discovery`` and
apimachinery's ``util/validation``) as of the newest release: ``metadata``
(names, labels, annotations, selectors), ``resources`` (quantities),
``containers``, ``volumes``, ``scheduling``, ``security``, ``pvc``, and one
module per companion kind (``service``, ``secret``, ``namespace``,
``ingress``, ``endpointslice``, with ``ports`` shared). Each works on
manifest dicts and reports problems with their full field path; none
raises, whatever the data. Beside them, ``pod_security`` checks the Pod
Security Standards and ``schema`` the published OpenAPI schemas (through the
optional ``kubernetes-validate``). The rules import only ``_core``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._core.convert import is_model, to_wire
from .._core.errors import REQUIRED, UNSUPPORTED, Problem, combined, short_repr
from .endpointslice import check_endpoint_slice
from .ingress import check_ingress
from .namespace import check_namespace
from .pod import check_pod
from .pvc import check_pvc
from .secret import check_secret
from .service import check_service

__all__ = [
    "VALIDATED_KINDS",
    "check_endpoint_slice",
    "check_ingress",
    "check_namespace",
    "check_pod",
    "check_pvc",
    "check_secret",
    "check_service",
    "validate",
]

Check = Callable[[dict[str, Any]], list[Problem]]

# kind: (apiVersion, client model class, rules)
_CHECKS: dict[str, tuple[str, str, Check]] = {
    "Pod": ("v1", "V1Pod", check_pod),
    "PersistentVolumeClaim": ("v1", "V1PersistentVolumeClaim", check_pvc),
    "Service": ("v1", "V1Service", check_service),
    "Secret": ("v1", "V1Secret", check_secret),
    "Namespace": ("v1", "V1Namespace", check_namespace),
    "Ingress": ("networking.k8s.io/v1", "V1Ingress", check_ingress),
    "EndpointSlice": ("discovery.k8s.io/v1", "V1EndpointSlice", check_endpoint_slice),
}
VALIDATED_KINDS = tuple(_CHECKS)
_MODEL_KINDS = {model: kind for kind, (_, model, _) in _CHECKS.items()}
_KIND_LIST = ", ".join(f'"{kind}"' for kind in VALIDATED_KINDS)


def validate(obj: Any) -> list[Problem]:
    """Every problem Kubernetes would find in an object, without raising.

    The kinds checked are Pod, PersistentVolumeClaim, Service, Secret and
    Namespace (``v1``), Ingress (``networking.k8s.io/v1``) and EndpointSlice
    (``discovery.k8s.io/v1``). Unlike the ``make_*`` functions, which raise,
    this reports: it suits
    manifests written by hand or by other tools. Besides the API server's
    rules, it reports fields the object's type does not have and values of
    the wrong type (a manifest dict must use Kubernetes' camelCase field
    names).

    Parameters:
      obj: An object of one of those kinds: a manifest dict (with ``kind``
        and ``apiVersion``), or a model of the official client (either
        generation).

    Returns:
      The problems found, each with its field path, the offending value and a
      message; empty when the object is valid. An object of another kind gets
      one problem naming the kinds that are checked.
    """
    if is_model(obj):
        kind = _MODEL_KINDS.get(type(obj).__name__)
        if kind is None:
            return [_unsupported_kind(type(obj).__name__)]
        problems: list[Problem] = []
        expected_version, model, check = _CHECKS[kind]
        manifest = to_wire(obj, model, "", problems)
        manifest.setdefault("kind", kind)
        manifest.setdefault("apiVersion", expected_version)
    elif isinstance(obj, dict):
        kind = obj.get("kind")
        if kind is None:
            detail = f"kind must be one of {_KIND_LIST}"
            return [Problem("kind", REQUIRED, detail)]
        if not isinstance(kind, str) or kind not in _CHECKS:
            return [_unsupported_kind(kind)]
        problems = []
        expected_version, model, check = _CHECKS[kind]
        manifest = to_wire(obj, model, "", problems, camel_only=True)
    else:
        detail = "must be a manifest dict or a Kubernetes client model"
        return [Problem("", UNSUPPORTED, detail, short_repr(obj))]
    api_version = manifest.get("apiVersion")
    if api_version is None:
        problems.append(Problem("apiVersion", REQUIRED, f'must be "{expected_version}"'))
    elif api_version != expected_version:
        detail = f'supported values: "{expected_version}"'
        problems.append(Problem("apiVersion", UNSUPPORTED, detail, api_version))
    return combined(problems, check(manifest))


def _unsupported_kind(kind: Any) -> Problem:
    detail = (
        "validate checks only Pods, PersistentVolumeClaims, Services, Secrets, Namespaces, "
        f"Ingresses and EndpointSlices (supported values: {_KIND_LIST})"
    )
    return Problem("kind", UNSUPPORTED, detail, kind)

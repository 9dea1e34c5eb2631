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

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from .._core.convert import is_model, to_wire
from .._core.errors import REQUIRED, UNSUPPORTED, Problem, closest, combined
from .endpoints import check_endpoints
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
    "check_endpoints",
    "check_ingress",
    "check_namespace",
    "check_pod",
    "check_pvc",
    "check_secret",
    "check_service",
    "misspelled_kind",
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
    "Endpoints": ("v1", "V1Endpoints", check_endpoints),
}
VALIDATED_KINDS = tuple(_CHECKS)
_MODEL_KINDS = {model: kind for kind, (_, model, _) in _CHECKS.items()}
_KIND_LIST = ", ".join(f'"{kind}"' for kind in VALIDATED_KINDS)
# Every kind the API server (1.37) serves in the group versions of the kinds checked here.
# There, a kind close to a checked one is a misspelling, which kubectl refuses ("no matches
# for kind"), not another kind.
_SERVED_KINDS = {
    "v1": frozenset(
        {
            *("Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange"),
            *("Namespace", "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod"),
            *("PodTemplate", "ReplicationController", "ResourceQuota", "Secret", "Service"),
            *("ServiceAccount", "List"),
        }
    ),
    "networking.k8s.io/v1": frozenset(
        {"Ingress", "IngressClass", "IPAddress", "NetworkPolicy", "ServiceCIDR"}
    ),
    "discovery.k8s.io/v1": frozenset({"EndpointSlice"}),
}


def validate(obj: Any) -> list[Problem]:
    """Every problem Kubernetes would find in an object, without raising.

    The kinds checked are Pod, PersistentVolumeClaim, Service, Secret,
    Namespace and the legacy Endpoints (``v1``), Ingress
    (``networking.k8s.io/v1``) and EndpointSlice (``discovery.k8s.io/v1``).
    Unlike the ``make_*`` functions, which raise, this reports: it suits
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
      one problem naming the kinds that are checked, or the kind it misspells
      (``pod``, ``Servce``: see :func:`misspelled_kind`); one without ``kind``
      names the key that misspells it, if any (``Kind``).
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
            return [_missing_kind(obj)]
        if not isinstance(kind, str) or kind not in _CHECKS:
            return [misspelled_kind(obj) or _unsupported_kind(kind)]
        problems = []
        expected_version, model, check = _CHECKS[kind]
        manifest = to_wire(obj, model, "", problems, camel_only=True)
    else:
        detail = "must be a manifest dict or a Kubernetes client model"
        return [Problem("", UNSUPPORTED, detail, obj)]
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
        f"Ingresses, EndpointSlices and Endpoints (supported values: {_KIND_LIST})"
    )
    return Problem("kind", UNSUPPORTED, detail, kind)


def misspelled_kind(manifest: Mapping[str, Any]) -> Problem | None:
    """The problem of a manifest whose ``kind`` misspells a kind :func:`validate` checks,
    else None.

    A misspelling is a kind its ``apiVersion`` does not serve that is close to a checked
    one (``pod``, ``Servce``, ``Ingres``); the problem names the kind meant. Kinds the API
    server serves (``ConfigMap``) and unknown group versions are no misspellings.
    """
    kind, api_version = manifest.get("kind"), manifest.get("apiVersion")
    served = _SERVED_KINDS.get(api_version) if isinstance(api_version, str) else None
    if not isinstance(kind, str) or served is None or kind in served:
        return None
    checked = {name.lower(): name for name in VALIDATED_KINDS if name in served}
    close = closest(kind.lower(), checked, cutoff=0.75)
    if close is None:
        return None
    detail = f"apiVersion {api_version} has no such kind; did you mean {checked[close]!r}?"
    return Problem("kind", UNSUPPORTED, detail, kind)


def _missing_kind(manifest: Mapping[str, Any]) -> Problem:
    """The problem of a manifest without ``kind``, naming a key that misspells it (``Kind``,
    ``kidn``): the object's fields are checked by its kind, so nothing else points at it."""
    problem = Problem("kind", REQUIRED, f"kind must be one of {_KIND_LIST}")
    if "kind" in manifest:  # written, as null
        return problem
    keys = {key.lower(): key for key in manifest if isinstance(key, str)}
    close = closest("kind", keys, cutoff=0.7)
    if close is None:
        return problem
    return replace(problem, detail=f"{problem.detail}; {keys[close]!r} is written instead")

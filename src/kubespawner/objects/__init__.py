"""Helper methods for generating k8s API objects.

``make_pod``, ``make_pvc`` and the companion objects' ``make_service``,
``make_secret``, ``make_owner_reference``, ``make_namespace`` and
``make_ingress`` return the official Kubernetes client's models; each
``make_*_manifest`` returns the same objects as plain manifest dicts without
importing the client. ``to_manifest`` and ``to_yaml`` turn any of them (or any
client model) into plain data. ``safe_dns_label``, ``safe_label_value`` and
``expand_name_template`` make valid names from any user and server names.
``validate`` reports what Kubernetes would refuse in any Pod, claim,
Service, Secret, Namespace, Ingress or EndpointSlice;
``check_pod_security`` checks a pod against the Pod Security Standards.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._errors import InvalidObjectError, InvalidTypeError, KubespawnerObjectsError, Problem
    from ._ingress import make_ingress_manifest
    from ._manifest import to_manifest, to_yaml
    from ._model_makers import (
        make_ingress,
        make_namespace,
        make_owner_reference,
        make_pod,
        make_pvc,
        make_secret,
        make_service,
    )
    from ._namespace import make_namespace_manifest
    from ._owner import make_owner_reference_manifest
    from ._pod import make_pod_manifest
    from ._pod_security import (
        BASELINE,
        POD_SECURITY_LEVELS,
        POD_SECURITY_VERSION,
        PRIVILEGED,
        RESTRICTED,
        PodSecurityViolation,
        check_pod_security,
    )
    from ._pvc import make_pvc_manifest
    from ._safe_names import expand_name_template, safe_dns_label, safe_label_value
    from ._secret import make_secret_manifest
    from ._service import make_service_manifest
    from ._validation import validate

# Public name -> the module that defines it. Modules load on first use, so a
# program (such as the command line) pays only for what it touches.
_HOMES = {
    "InvalidObjectError": "_errors",
    "InvalidTypeError": "_errors",
    "KubespawnerObjectsError": "_errors",
    "Problem": "_errors",
    "to_manifest": "_manifest",
    "to_yaml": "_manifest",
    "make_pod": "_model_makers",
    "make_pvc": "_model_makers",
    "make_service": "_model_makers",
    "make_secret": "_model_makers",
    "make_owner_reference": "_model_makers",
    "make_namespace": "_model_makers",
    "make_ingress": "_model_makers",
    "make_pod_manifest": "_pod",
    "make_pvc_manifest": "_pvc",
    "make_service_manifest": "_service",
    "make_secret_manifest": "_secret",
    "make_owner_reference_manifest": "_owner",
    "make_namespace_manifest": "_namespace",
    "make_ingress_manifest": "_ingress",
    "BASELINE": "_pod_security",
    "POD_SECURITY_LEVELS": "_pod_security",
    "POD_SECURITY_VERSION": "_pod_security",
    "PRIVILEGED": "_pod_security",
    "RESTRICTED": "_pod_security",
    "PodSecurityViolation": "_pod_security",
    "check_pod_security": "_pod_security",
    "expand_name_template": "_safe_names",
    "safe_dns_label": "_safe_names",
    "safe_label_value": "_safe_names",
    "validate": "_validation",
}

__all__ = [
    "BASELINE",
    "POD_SECURITY_LEVELS",
    "POD_SECURITY_VERSION",
    "PRIVILEGED",
    "RESTRICTED",
    "InvalidObjectError",
    "InvalidTypeError",
    "KubespawnerObjectsError",
    "PodSecurityViolation",
    "Problem",
    "check_pod_security",
    "expand_name_template",
    "make_ingress",
    "make_ingress_manifest",
    "make_namespace",
    "make_namespace_manifest",
    "make_owner_reference",
    "make_owner_reference_manifest",
    "make_pod",
    "make_pod_manifest",
    "make_pvc",
    "make_pvc_manifest",
    "make_secret",
    "make_secret_manifest",
    "make_service",
    "make_service_manifest",
    "safe_dns_label",
    "safe_label_value",
    "to_manifest",
    "to_yaml",
    "validate",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

"""Helper methods for generating k8s API objects.

``make_pod`` and ``make_pvc`` return the official Kubernetes client's models;
``make_pod_manifest`` and ``make_pvc_manifest`` return the same objects as
plain manifest dicts without importing the client. ``to_manifest`` and
``to_yaml`` turn any of them (or any client model) into plain data.
``validate`` reports what Kubernetes would refuse in any Pod or claim;
``check_pod_security`` checks a pod against the Pod Security Standards.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec

from ._errors import InvalidObjectError, InvalidTypeError, KubespawnerObjectsError, Problem
from ._manifest import to_manifest, to_yaml
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
from ._validation import validate

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
    "make_pod",
    "make_pod_manifest",
    "make_pvc",
    "make_pvc_manifest",
    "to_manifest",
    "to_yaml",
    "validate",
]

_P = ParamSpec("_P")

_MANIFEST_RETURNS = "The {what} as a plain manifest dict (camelCase keys, no None values)."
_MODEL_RETURNS = (
    "The {what} as the installed client's ``{model}`` (kind and apiVersion set);\n"
    "      ``to_manifest`` gives its manifest."
)


def _returning_model(
    build: Callable[_P, dict[str, Any]], name: str, model: str, what: str
) -> Callable[_P, Any]:
    """A function with the signature and docs of ``build`` that returns ``model`` instances."""

    @functools.wraps(build)
    def make(*args: _P.args, **kwargs: _P.kwargs) -> Any:
        from ._models import to_model

        return to_model(build(*args, **kwargs), model)

    make.__name__ = make.__qualname__ = name
    make.__doc__ = (build.__doc__ or "").replace(
        _MANIFEST_RETURNS.format(what=what), _MODEL_RETURNS.format(what=what, model=model)
    )
    return make


make_pod = _returning_model(make_pod_manifest, "make_pod", "V1Pod", "pod")
make_pvc = _returning_model(make_pvc_manifest, "make_pvc", "V1PersistentVolumeClaim", "claim")

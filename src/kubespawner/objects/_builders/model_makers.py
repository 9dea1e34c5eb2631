"""The functions that return the official Kubernetes client's models.

Each is made from its ``make_*_manifest`` twin: same signature and docs, but
the manifest it builds is turned into client models (``models.to_model``),
which is the only step that imports the client. These are the functions
jupyterhub-kubespawner calls when this package stands in for its own
``objects`` module (``kubespawner_host``).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, ParamSpec

from .._core.errors import did_you_mean
from .ingress import make_ingress_manifest
from .kubespawner_host import announce, enforce_pod_security, prepare_pod_arguments
from .namespace import make_namespace_manifest
from .owner import make_owner_reference_manifest
from .pod import make_pod_manifest
from .pvc import make_pvc_manifest
from .secret import make_secret_manifest
from .service import make_service_manifest

_P = ParamSpec("_P")

_MANIFEST_RETURNS = "The {what} as a plain manifest dict (camelCase keys, no None values)."
_MODEL_RETURNS = (
    "The {what} as the installed client's ``{model}`` (kind and apiVersion set);\n"
    "      ``to_manifest`` gives its manifest."
)
_MANIFESTS_RETURNS = "{what},\n      as plain manifest dicts (camelCase keys, no None values)."
_MODELS_RETURNS = (
    "{what},\n      as the installed client's models {model}\n"
    "      (kind and apiVersion set); ``to_manifest`` gives each manifest."
)


def _returning_model(
    build: Callable[_P, Any],
    name: str,
    model: str | tuple[str, ...],
    what: str,
    check: Callable[[Any], None] | None = None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Callable[_P, Any]:
    """A function with the signature and docs of ``build`` that returns ``model`` instances.

    When ``build`` returns a tuple of manifests, ``model`` names the class of
    each; a None in the tuple stays None. ``prepare``, if given, may change the
    keyword arguments first; ``check``, if given, may refuse the built manifest
    before it becomes a model.
    """

    @functools.wraps(build)
    def make(*args: _P.args, **kwargs: _P.kwargs) -> Any:
        from .models import to_model

        logger = kwargs.get("logger")
        announce(logger if isinstance(logger, logging.Logger) else None)
        try:
            built = build(*args, **(prepare(kwargs) if prepare else kwargs))
        except TypeError as error:
            _refuse_call(name, build, args, kwargs, error)
            raise
        if check is not None:
            check(built)
        if isinstance(model, str):
            return to_model(built, model)
        # The kinds in a tuple can vary with the call (make_ingress returns Endpoints
        # instead of an EndpointSlice to KubeSpawner's proxy): each manifest names its own.
        return tuple(
            None if manifest is None else to_model(manifest, "V1" + manifest["kind"])
            for manifest in built
        )

    if isinstance(model, str):
        manifest_returns = _MANIFEST_RETURNS.format(what=what)
        model_returns = _MODEL_RETURNS.format(what=what, model=model)
    else:
        manifest_returns = _MANIFESTS_RETURNS.format(what=what)
        classes = ", ".join(f"``{class_name}``" for class_name in model)
        model_returns = _MODELS_RETURNS.format(what=what, model=classes)
    make.__name__ = make.__qualname__ = name
    make.__doc__ = (build.__doc__ or "").replace(manifest_returns, model_returns)
    # Shown by help() and the docs: the model classes, not the builder's dict.
    returns = model if isinstance(model, str) else f"tuple[{', '.join(model)}]"
    make.__signature__ = inspect.signature(build).replace(  # type: ignore[attr-defined]
        return_annotation=returns
    )
    return make


def _refuse_call(
    name: str, build: Callable[..., Any], args: Any, kwargs: Any, error: TypeError
) -> None:
    """Raise Python's error for arguments ``build`` cannot take, naming ``name`` (the
    function called, not its manifest twin) and the parameter closest to a wrong keyword.

    Returns when the arguments bind: ``error`` came from inside ``build``.
    """
    signature = inspect.signature(build)
    try:
        signature.bind(*args, **kwargs)
    except TypeError as wrong:
        unknown = [key for key in kwargs if key not in signature.parameters]
        if not unknown:
            raise TypeError(f"{name}() {wrong}") from error
        hint = did_you_mean(unknown[0], signature.parameters)
        message = f"{name}() got an unexpected keyword argument {unknown[0]!r}{hint}"
        raise TypeError(message) from error


make_pod = _returning_model(
    make_pod_manifest,
    "make_pod",
    "V1Pod",
    "pod",
    check=enforce_pod_security,
    prepare=prepare_pod_arguments,
)
make_pvc = _returning_model(make_pvc_manifest, "make_pvc", "V1PersistentVolumeClaim", "claim")
make_service = _returning_model(make_service_manifest, "make_service", "V1Service", "service")
make_secret = _returning_model(make_secret_manifest, "make_secret", "V1Secret", "secret")
make_owner_reference = _returning_model(
    make_owner_reference_manifest, "make_owner_reference", "V1OwnerReference", "owner reference"
)
make_namespace = _returning_model(
    make_namespace_manifest, "make_namespace", "V1Namespace", "namespace"
)
make_ingress = _returning_model(
    make_ingress_manifest,
    "make_ingress",
    ("V1EndpointSlice", "V1Service", "V1Ingress"),
    "The endpoint slice (None for a DNS target), the service and the ingress",
)

"""The boundary to the Kubernetes client: wire data to model instances.

Only this module imports ``kubernetes.client``, and only when a caller asks
for models, so rendering manifests never pays for importing the client. It
reads the *installed* client's own ``openapi_types`` and ``attribute_map``,
which both client generations have (36.x and older: classic models; 37.x:
pydantic models), so it builds whatever classes that client defines.

Inside a hub, where jupyterhub-kubespawner is loaded and calls this package
in place of its own ``objects`` module, the models are those of
``kubernetes_asyncio``, the client KubeSpawner sends them with: its own
module returns those, and hooks such as ``modify_pod_hook`` add
``kubernetes_asyncio`` models to them, which the official client's pydantic
models would refuse.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

from .._core.convert import join
from .._core.errors import REQUIRED, UNKNOWN_FIELD, InvalidObjectError, Problem
from .._core.fields import CLIENT_ONLY_REQUIRED

_CONTAINER_TYPE = re.compile(
    r"(?:List|list)\[(?P<item>.*)\]|(?:Dict|dict)[\[(]str, (?P<value>.*)[\])]"
)


@cache
def _official_client() -> Any:
    import kubernetes.client

    return kubernetes.client


@cache
def _asyncio_client() -> Any:
    try:
        import kubernetes_asyncio.client
    except ImportError:
        return None
    return kubernetes_asyncio.client


def _client() -> Any:
    """The client whose models the caller gets: KubeSpawner's inside a hub, else the official."""
    if "kubespawner.spawner" in sys.modules:
        hub_client = _asyncio_client()
        if hub_client is not None:
            return hub_client
    return _official_client()


@cache
def _model_class(client: Any, name: str) -> Any:
    model_class = getattr(client, name, None)
    if name == "V1Secret" and model_class is not None:
        return _quiet_secret(model_class)
    return model_class


# The fields of a Secret whose values a repr must not show.
_SECRET_FIELDS = ("data", "string_data")


def _quiet_secret(model_class: Any) -> Any:
    """The client's ``V1Secret``, with a repr and str that name its keys, never their values.

    A subclass of the same name: ``isinstance`` checks, ``to_dict`` and
    ``model_dump`` are unchanged; only what a log line or traceback prints is.
    """

    def describe(secret: Any) -> str:
        metadata = getattr(secret, "metadata", None)
        shown = {
            "name": getattr(metadata, "name", None),
            "type": getattr(secret, "type", None),
            **{
                field: f"<{len(getattr(secret, field, None) or {})} keys hidden>"
                for field in _SECRET_FIELDS
            },
        }
        return f"{model_class.__name__}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    def repr_args(secret: Any) -> list[tuple[str, str]]:  # pydantic's rich and devtools reprs
        return [("secret", describe(secret))]

    namespace = {"__repr__": describe, "__str__": describe, "__module__": model_class.__module__}
    if hasattr(model_class, "__repr_args__"):
        namespace["__repr_args__"] = repr_args
    return type(model_class.__name__, (model_class,), namespace)


@cache
def _attributes(model_class: Any) -> dict[str, tuple[str, str]]:
    """{wire name: (attribute name, client type string)} of a client model class."""
    return {
        camel: (attribute, model_class.openapi_types[attribute])
        for attribute, camel in model_class.attribute_map.items()
    }


@cache
def _container_type(client_type: str) -> tuple[str, str] | None:
    """("list" or "map", item type) of a client container type string, None for others."""
    match = _CONTAINER_TYPE.fullmatch(client_type)
    if match is None:
        return None
    if match.group("item") is not None:
        return "list", match.group("item")
    return "map", match.group("value")


@cache
def _takes_configuration(model_class: Any) -> bool:
    """Whether a classic model's constructor accepts a shared client configuration."""
    return "local_vars_configuration" in model_class.__init__.__code__.co_varnames


def _build(value: Any, client_type: str, path: str, client: Any, shared: dict[str, Any]) -> Any:
    container = _container_type(client_type)
    if container is not None:
        kind, item_type = container
        if kind == "list":
            return [
                _build(item, item_type, join(path, index), client, shared)
                for index, item in enumerate(value)
            ]
        return {
            key: _build(item, item_type, join(path, key), client, shared)
            for key, item in value.items()
        }
    model_class = _model_class(client, client_type) if client_type[:1].isupper() else None
    if model_class is not None and isinstance(value, dict):
        return _build_model(value, model_class, path, client, shared)
    return value


def _build_model(
    data: dict[str, Any], model_class: Any, path: str, client: Any, shared: dict[str, Any]
) -> Any:
    attributes = _attributes(model_class)
    arguments: dict[str, Any] = {}
    for camel, value in data.items():
        if camel not in attributes:
            version = getattr(client, "__version__", None) or _installed_version()
            detail = (
                f"the installed kubernetes client ({version}) has no field {camel!r} "
                f"in {model_class.__name__}; upgrade the client to use it"
            )
            raise InvalidObjectError([Problem(join(path, camel), UNKNOWN_FIELD, detail)])
        attribute, client_type = attributes[camel]
        arguments[attribute] = _build(value, client_type, join(path, camel), client, shared)
    missing = [
        field for field in CLIENT_ONLY_REQUIRED.get(model_class.__name__, ()) if field not in data
    ]
    if missing:  # the client's models cannot hold what the API server accepts
        detail = (
            f"the kubernetes client's {model_class.__name__} needs it, though the API server "
            "does not; the make_*_manifest functions build the object without it"
        )
        raise InvalidObjectError(
            [Problem(join(path, field), REQUIRED, detail) for field in missing]
        )
    if shared and _takes_configuration(model_class):
        arguments.update(shared)
    return model_class(**arguments)


def _installed_version() -> str:
    from importlib.metadata import version

    return version("kubernetes")


def to_model(manifest: dict[str, Any], class_name: str) -> Any:
    """The client model ``class_name`` (e.g. ``V1Pod``) holding ``manifest``."""
    client = _client()
    model_class = _model_class(client, class_name)
    validate = getattr(model_class, "model_validate", None)
    if validate is not None:
        # The current client's pydantic models accept the wire names and build the whole
        # tree natively in one call; only a failure needs the walk below, which names the field.
        try:
            return validate(manifest)
        except ValueError:  # pydantic's ValidationError
            return _build_model(manifest, model_class, "", client, {})
    # Classic models each deep-copy the client's default configuration unless given one;
    # one copy shared by the whole object makes building it about ten times faster.
    configuration = client.Configuration.get_default_copy()
    shared = {"local_vars_configuration": configuration}
    return _build_model(manifest, model_class, "", client, shared)

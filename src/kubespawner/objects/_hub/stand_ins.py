"""Stand-ins for what executed configuration finds only in a running hub: KubeSpawner's
Kubernetes client and tornado's HTTP client. What works offline works (the client's
models, choosing an HTTP client implementation); what needs the hub's cluster or network
raises :class:`NeedsRunningHub`, which stops the run with a message naming the call.
"""

from __future__ import annotations

import types
from typing import Any, NoReturn


class NeedsRunningHub(Exception):
    """Raised by a stand-in for what only the running hub has (its cluster, its network):
    the message names the call and what it needs."""


def needs_hub(what: str, needs: str) -> NoReturn:
    """Stop the configuration: ``what`` it calls needs ``needs`` of a running hub."""
    raise NeedsRunningHub(f"{what}, which needs a running hub ({needs})")


class ClientStandIn(types.ModuleType):
    """``kubernetes_asyncio.client`` offline: its models are the Kubernetes client's own
    (the same classes); its API classes and configuration need the cluster."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # what import and copy machinery probe for
        from kubernetes import client

        found = getattr(client, name)  # AttributeError as the module raises it
        if isinstance(found, type) and hasattr(found, "openapi_types"):
            return found

        def stand_in(*args: Any, **kwargs: Any) -> NoReturn:
            needs_hub(f"client.{name}", "its cluster")

        return stand_in


class AsyncHTTPClientStandIn:
    """tornado's ``AsyncHTTPClient``: ``configure`` (choosing an implementation, as the
    chart does) is accepted and changes nothing here; a client needs the network."""

    @classmethod
    def configure(cls, *args: Any, **kwargs: Any) -> None:
        """Accepted: which implementation the hub uses does not change a spawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        needs_hub("AsyncHTTPClient()", "its network")

"""Times jupyterhub-kubespawner's ``make_pod``/``make_pvc``; runs inside the reference's virtualenv.

Reads ``{"workloads": {name: [function, arguments]}, "repeat": n, "min_time": s}``
as JSON on standard input and writes, as JSON, each workload's seconds per
call of ``make_*`` followed by the client's ``sanitize_for_serialization``
(what kubespawner does before sending an object), together with the manifest
that produced, so the caller can check both sides built the same object.
"""

from __future__ import annotations

import asyncio
import json
import sys
from importlib.metadata import version
from typing import Any

from timing import best_of


async def measure(request: dict[str, Any]) -> dict[str, Any]:
    from kubernetes_asyncio.client import ApiClient

    from kubespawner import objects

    results = {}
    # kubernetes_asyncio's ApiClient opens an aiohttp session, which needs a running loop.
    async with ApiClient() as api:
        for name, (function, arguments) in request["workloads"].items():
            make = getattr(objects, function)

            def build(make: Any = make, arguments: dict[str, Any] = arguments) -> Any:
                return api.sanitize_for_serialization(make(**arguments))

            manifest = build()
            seconds = best_of(build, request["repeat"], request["min_time"])
            results[name] = {"seconds": seconds, "manifest": manifest}
    return {
        "versions": {
            "jupyterhub-kubespawner": version("jupyterhub-kubespawner"),
            "kubernetes_asyncio": version("kubernetes_asyncio"),
        },
        "results": results,
    }


def main() -> None:
    request = json.load(sys.stdin)
    json.dump(asyncio.run(measure(request)), sys.stdout)


if __name__ == "__main__":
    main()

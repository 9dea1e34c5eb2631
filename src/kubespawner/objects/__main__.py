"""``python -m kubespawner.objects``: the ``kubespawner-objects`` command."""

from .cli import run

run()

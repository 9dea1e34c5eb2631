"""``python -m kubespawner.objects``: the ``kubespawner-objects`` command."""

from ._cli.main import run

run()

"""The ``kubespawner-objects`` command: argument parsing, render configs and output.
The top layer: nothing in the package imports it."""

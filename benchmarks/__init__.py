"""Benchmarks of kubespawner-objects against the reference implementation and the floor.

Run ``python benchmarks/run.py``; see ``docs/benchmarks.md``.
"""

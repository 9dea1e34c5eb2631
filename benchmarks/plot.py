"""Draw the benchmark's figures as one PNG (``python benchmarks/run.py --plot``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display needed

import matplotlib.pyplot as plt
from workloads import BULK_WAYS

PROJECT, MANIFEST, REFERENCE, FLOOR, OTHER = "#1f77b4", "#6baed6", "#d62728", "#7f7f7f", "#ff7f0e"


def _bars(axis: Any, labels: list[str], values: list[float], colors: list[str], unit: str) -> None:
    positions = range(len(labels))
    axis.barh(positions, values, color=colors)
    axis.set_yticks(list(positions), labels)
    axis.invert_yaxis()
    axis.set_xscale("log")
    axis.set_xlabel(unit + " (log scale)")
    for position, value in zip(positions, values, strict=True):
        axis.text(value, position, f" {value:,.1f}", va="center", fontsize=8)
    axis.set_xlim(left=min(values) / 5, right=max(values) * 8)


def plot(results: dict[str, Any], path: Path) -> None:
    """Write a chart of ``results`` (as made by run.py) to ``path``."""
    figure, axes = plt.subplots(2, 2, figsize=(13, 8.5))
    build, validation, cold, bulk = axes.flat

    labels, values, colors = [], [], []
    for name, row in results["build"]["rows"].items():
        for contender, key, color in (
            ("make_* + to_manifest", "project", PROJECT),
            ("make_*_manifest", "manifest only", MANIFEST),
            ("jupyterhub-kubespawner", "reference", REFERENCE),
            ("literal dict (floor)", "floor", FLOOR),
        ):
            if key in row:
                labels.append(f"{name}: {contender}")
                values.append(row[key] * 1e6)
                colors.append(color)
    _bars(build, labels, values, colors, "microseconds per object")
    build.set_title("Building an object, to a JSON-ready manifest")

    measured = results["validation"]
    labels = [
        "kubespawner.objects.validate",
        f"kubernetes-validate {measured['kubernetes-validate version']} strict",
        "check_pod_security baseline",
        "check_pod_security restricted",
    ]
    values = [
        measured[key] * 1e6
        for key in (
            "project",
            "kubernetes-validate",
            "pod security baseline",
            "pod security restricted",
        )
    ]
    colors = [PROJECT, OTHER, MANIFEST, MANIFEST]
    _bars(validation, labels, values, colors, "microseconds")
    validation.set_title("Validating the full pod's manifest")

    seconds = results["cold"]["seconds"]
    cold_colors = {"import kubernetes": OTHER, "python -c pass": FLOOR}
    _bars(
        cold,
        list(seconds),
        [value * 1e3 for value in seconds.values()],
        [cold_colors.get(name, PROJECT) for name in seconds],
        "CPU milliseconds, fresh process",
    )
    cold.set_title("Cold start")

    rates = [(name, results["bulk"][key]) for name, key in BULK_WAYS if key in results["bulk"]]
    labels = [name for name, _ in rates]
    _bars(bulk, labels, [rate for _, rate in rates], [PROJECT] * len(rates), "pods/s")
    bulk.set_title(f"Bulk: {results['bulk']['count']:,} users' full pods")

    figure.suptitle("kubespawner-objects benchmarks (min of repeats, one run, one machine)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)

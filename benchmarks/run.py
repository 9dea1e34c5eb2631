"""Measure kubespawner-objects against jupyterhub-kubespawner and the floor, in one run.

    python benchmarks/run.py              # print the table
    python benchmarks/run.py --plot       # also redraw docs/_static/benchmarks.png
    python benchmarks/run.py --markdown   # also rewrite the figures in docs/benchmarks.md
    python benchmarks/run.py --profile    # also profile the full pod's manifest path

Every time is the minimum over several repeats of the CPU time of the process
doing the work: this one, the reference's in its own virtualenv, or a fresh
command's (see timing.py), all on this machine in one run.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import workloads
from reference import ReferenceUnavailable, cache_dir, measure_reference
from timing import best_of, best_of_each, run_command

from kubespawner.objects import (
    BASELINE,
    RESTRICTED,
    check_pod_security,
    make_pod_manifest,
    to_manifest,
    to_yaml,
    validate,
)

ROOT = Path(__file__).resolve().parent.parent
PLOT = ROOT / "docs" / "_static" / "benchmarks.png"
DOCS = ROOT / "docs" / "benchmarks.md"
FIGURES_START = "<!-- figures:start -->"
FIGURES_END = "<!-- figures:end -->"
KUBERNETES_VERSION = "1.37"

# Targets of issues 6 and 13 (and issue 3's validation bar).
# Full pod by make_pod_manifest (issue 13 puts the bar on the manifest path: make_pod's client
# models cost about 95 us more that any library returning them pays), reference time / ours.
TARGET_SPEEDUP = 3.0
TARGET_VALIDATION = 50.0  # kubernetes-validate time / project validate time
TARGET_COLD = 1 / 3  # cold render time / cold `import kubernetes` time
TARGET_HUB = 5.0  # seconds for `hub --matrix` of 9 profiles, 26 choices, 6 users, 2 servers


def measure_build(repeat: int, min_time: float, with_reference: bool) -> dict[str, Any]:
    """Seconds per object of each way of building each workload, and the reference's status."""
    rows: dict[str, dict[str, float]] = {}
    for name in workloads.WORKLOADS:
        rows[name] = {
            "project": best_of(workloads.via_model(name), repeat, min_time),
            "manifest only": best_of(workloads.manifest_only(name), repeat, min_time),
            "floor": best_of(workloads.floor(name), repeat, min_time),
        }
    reference: dict[str, Any] = {"available": False, "why": "skipped (--no-reference)"}
    if with_reference:
        request = {
            name: (make.__name__, arguments_of())
            for name, (arguments_of, make, _) in workloads.WORKLOADS.items()
        }
        try:
            measured = measure_reference(request, repeat, min_time, log=_note)
        except ReferenceUnavailable as error:
            reference = {"available": False, "why": str(error)}
        else:
            reference = {"available": True, "versions": measured["versions"], "differences": {}}
            for name, result in measured["results"].items():
                rows[name]["reference"] = result["seconds"]
                ours = workloads.manifest_only(name)()
                if result["manifest"] != ours:
                    reference["differences"][name] = _differences(ours, result["manifest"])
    return {"rows": rows, "reference": reference}


WITHOUT_RULES = "make_pod_manifest with its rules switched off"
RULES_ALONE = "its rules alone (check_pod on the manifest)"


def measure_stages(repeat: int, min_time: float) -> dict[str, float]:
    """Seconds of each stage of the full pod's path *a*, timed alone (no profiler distortion).

    To show what validation costs inside ``make_pod_manifest``, one stage runs
    it with the rules it applies (``_builders.pod.check_pod``) replaced by a function
    finding nothing; that stage is left out if the internals have changed.
    """
    from kubespawner.objects._builders import pod as _pod
    from kubespawner.objects._builders.models import to_model

    arguments = workloads.full_pod_arguments()
    manifest = make_pod_manifest(**arguments)
    pod = to_model(manifest, "V1Pod")
    seconds = {
        "make_pod_manifest (convert, build, validate)": best_of(
            lambda: make_pod_manifest(**arguments), repeat, min_time
        )
    }
    rules = getattr(_pod, "check_pod", None)
    if rules is not None:
        setattr(_pod, "check_pod", lambda manifest: [])  # noqa: B010 - patching on purpose
        try:
            seconds[WITHOUT_RULES] = best_of(
                lambda: make_pod_manifest(**arguments), repeat, min_time
            )
        finally:
            setattr(_pod, "check_pod", rules)  # noqa: B010
        seconds[RULES_ALONE] = best_of(lambda: rules(manifest), repeat, min_time)
    seconds["manifest -> client V1Pod (to_model)"] = best_of(
        lambda: to_model(manifest, "V1Pod"), repeat, min_time
    )
    seconds["to_manifest(V1Pod)"] = best_of(lambda: to_manifest(pod), repeat, min_time)
    seconds["to_yaml(manifest), not part of a"] = best_of(
        lambda: to_yaml(manifest), repeat, min_time
    )
    return seconds


def _differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Field paths where two manifests differ (first few), to report rather than hide."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in sorted(set(ours) | set(theirs)):
            found += _differences(ours.get(key), theirs.get(key), f"{path}.{key}".lstrip("."))
        return found[:10]
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        found = []
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            found += _differences(mine, other, f"{path}[{index}]")
        return found[:10]
    return [] if ours == theirs else [f"{path}: ours {ours!r}, reference {theirs!r}"]


def measure_validation(repeat: int, min_time: float) -> dict[str, Any]:
    """Seconds to validate the full pod's manifest: the project's ``validate`` vs the schema.

    The Pod Security checks are timed beside it for scale; they have no target.
    """
    import kubernetes_validate

    manifest = workloads.manifest_only("full pod")()
    kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)  # loads the schema
    problems = validate(manifest)
    if problems:
        raise SystemExit(f"the benchmark's full pod is invalid: {problems}")

    def schema() -> None:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)

    contenders: dict[str, Callable[[], Any]] = {
        "project": lambda: validate(manifest),
        "kubernetes-validate": schema,
        **{
            f"pod security {level}": functools.partial(check_pod_security, manifest, level)
            for level in (BASELINE, RESTRICTED)
        },
    }
    result: dict[str, Any] = best_of_each(contenders, repeat, min_time)
    result["kubernetes-validate version"] = version("kubernetes-validate")
    return result


def cli() -> tuple[list[str], str]:
    """The ``kubespawner-objects`` command: its script beside this interpreter, else ``-m``."""
    script = Path(sys.executable).with_name("kubespawner-objects")
    if script.exists():
        return [str(script)], "kubespawner-objects"
    return [sys.executable, "-m", "kubespawner.objects"], "python -m kubespawner.objects"


def write_config(config_dir: Path) -> Path:
    """A config for ``kubespawner-objects render`` of the full pod (JSON, which is YAML too)."""
    path = config_dir / "full-pod.json"
    path.write_text(json.dumps(workloads.cli_config()))
    return path


def command_environment() -> dict[str, str]:
    """The environment of timed commands: bytecode cached, as in any installed environment.

    Without cached bytecode every start compiles this package's source again
    (its editable install has no ``.pyc`` files, and PYTHONDONTWRITEBYTECODE
    may be set), which no installed copy does. The cache lives outside the
    repository, and both this package and the client are loaded from it.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir() / "pycache")
    return env


def measure_cold_start(runs: int) -> dict[str, Any]:
    """Fresh-process times, the fastest of ``runs``, the commands taking turns."""
    env = command_environment()
    with tempfile.TemporaryDirectory() as config_dir:
        command, render_how = cli()
        config = str(write_config(Path(config_dir)))
        render = [*command, "render", config, "--user", workloads.USER]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import kubespawner.objects": [sys.executable, "-c", "import kubespawner.objects"],
            "render full pod": render,
            "import kubernetes": [sys.executable, "-c", "import kubernetes"],
        }
        for command in commands.values():  # cache bytecode and files; fail loudly if broken
            subprocess.run(command, check=True, capture_output=True, env=env)
        cpu: dict[str, float] = dict.fromkeys(commands, float("inf"))
        wall = dict(cpu)
        for _ in range(runs):
            for name, command in commands.items():
                wall_seconds, cpu_seconds = run_command(command, env)
                wall[name] = min(wall[name], wall_seconds)
                cpu[name] = min(cpu[name], cpu_seconds)
    return {"seconds": cpu, "wall seconds": wall, "render": render_how}


def measure_bulk(count: int, repeat: int) -> dict[str, Any]:
    """Objects per second rendering ``count`` users' full pods from one set of arguments."""
    users = [f"user{index:05d}" for index in range(count)]

    def manifests() -> None:
        for user in users:
            make_pod_manifest(**workloads.full_pod_arguments(user))

    def yaml_documents() -> None:
        for user in users:
            to_yaml(make_pod_manifest(**workloads.full_pod_arguments(user)))

    result: dict[str, float] = {"count": count}
    for name, work in (("manifest", manifests), ("yaml", yaml_documents)):
        seconds = min(_once(work) for _ in range(repeat))
        result[name] = count / seconds
    with tempfile.TemporaryDirectory() as config_dir:
        render = [*cli()[0], "render", str(write_config(Path(config_dir)))]
        for user in users:
            render += ["--user", user]
        env = command_environment()
        seconds = min(run_command(render, env)[1] for _ in range(repeat))
    result["cli"] = count / seconds
    return result


def measure_stream(count: int, repeat: int) -> dict[str, Any]:
    """Reading and checking a YAML stream of ``count`` users' full pods, a document at a time.

    Seconds (CPU, min of rounds, garbage collection on as in real use) to read
    the stream, to read and check every pod, and of ``kubespawner-objects
    validate`` on it; PyYAML's C loader reading the same stream for comparison.
    """
    import yaml

    from kubespawner.objects._core.documents import read_documents

    template = to_yaml(make_pod_manifest(**workloads.full_pod_arguments(workloads.USER)))
    pods = [template.replace(workloads.USER, f"user{n:05d}") for n in range(count)]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "pods.yaml"
        path.write_text("---\n".join(pods))

        def read() -> None:
            for _ in read_documents(str(path)):
                pass

        def read_and_check() -> None:
            for document in read_documents(str(path)):
                if validate(document.data):
                    raise AssertionError(f"pod {document.index} is invalid")

        def pyyaml() -> None:
            with path.open("rb") as stream:
                for _ in yaml.load_all(stream, Loader=yaml.CSafeLoader):
                    pass

        def events() -> None:  # the floor of reading through PyYAML's libyaml binding
            with path.open("rb") as stream:
                parser = yaml.CSafeLoader(stream)
                while parser.get_event() is not None:
                    pass

        result: dict[str, Any] = {"count": count, "megabytes": path.stat().st_size / 2**20}
        for name, work in (("read", read), ("read and check", read_and_check)):
            result[name] = min(_once(work) for _ in range(repeat))
        if hasattr(yaml, "CSafeLoader"):
            result["PyYAML CSafeLoader load_all"] = min(_once(pyyaml) for _ in range(repeat))
            result["libyaml events"] = min(_once(events) for _ in range(repeat))
        command = [*cli()[0], "validate", str(path)]
        env = command_environment()
        result["command"] = min(run_command(command, env)[1] for _ in range(repeat))
    return result


def measure_hub(repeat: int) -> dict[str, Any]:
    """CPU seconds of ``kubespawner-objects hub --matrix`` on the 9-profile values (a fresh
    process each run: reading the values, every spawn built and checked, the report)."""
    from kubespawner.objects._hub.chart import chart_spawner_config
    from kubespawner.objects._hub.matrix import hub_spawns

    with tempfile.TemporaryDirectory() as directory:
        values = Path(directory) / "values.yaml"
        values.write_text(json.dumps(workloads.hub_values()))
        spawns = hub_spawns(chart_spawner_config([str(values)]))
        command = [*cli()[0], "hub", "-f", str(values), "--matrix"]
        runs = [run_command(command, command_environment()) for _ in range(repeat)]
    return {
        "spawns": len(spawns),
        "problems": sum(len(spawn.problems) for spawn in spawns),
        "seconds": min(cpu for _, cpu in runs),
        "wall seconds": min(wall for wall, _ in runs),
    }


def _once(work: Callable[[], None]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def profile_full_pod(calls: int = 2000, top: int = 12) -> dict[str, list[tuple[str, float]]]:
    """Where the full pod's path *a* spends its time, by cProfile: shares of own time.

    cProfile adds a cost to every Python call and none to native code, so the
    shares of Python functions are overstated; the stage timings are exact.
    """
    build = workloads.via_model("full pod")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        build()
    profiler.disable()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values())
    areas: dict[str, float] = {}
    functions: dict[str, float] = {}
    for (filename, line, function), (_, _, own, _, _) in stats.items():
        area = _area(filename, function)
        areas[area] = areas.get(area, 0.0) + own / total
        name = f"{area}:{line}({function})" if line else function
        functions[name] = functions.get(name, 0.0) + own / total
    return {
        "by module": sorted(areas.items(), key=lambda item: -item[1])[:top],
        "by function": sorted(functions.items(), key=lambda item: -item[1])[:top],
    }


def _area(filename: str, function: str) -> str:
    """The module, or the package outside this project, that a profiled function belongs to."""
    if filename == "~":  # native code: cProfile names it by its function only
        return "pydantic-core (native)" if "pydantic_core" in function else "Python builtins"
    path = Path(filename)
    if "kubespawner" in path.parts:
        return path.name
    for package in ("pydantic", "kubernetes", "yaml"):
        if package in path.parts:
            return package
    return path.name


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- reporting ------------------------------------------------------------------------------


def _us(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1e6:,.1f}"


def _ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1e3:,.1f}"


def _x(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:,.1f}x" if ratio >= 10 else f"{ratio:.2f}x"


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def tables(results: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The figures as (title, header, rows) tables, shared by the terminal and the docs."""
    build = results["build"]
    build_rows = []
    for name, row in build["rows"].items():
        reference = row.get("reference")
        build_rows.append(
            [
                name,
                _us(row["project"]),
                _us(row["manifest only"]),
                _us(reference),
                _us(row["floor"]),
                _x(_ratio(reference, row["project"])),
                _x(_ratio(row["project"], row["floor"])),
                _x(_ratio(row["manifest only"], row["floor"])),
            ]
        )
    validation = results["validation"]
    ours = validation.get("project")
    theirs = validation["kubernetes-validate"]
    validation_rows = [
        ["project validate", _us(ours), _x(_ratio(ours, ours))],
        [
            f"kubernetes-validate {KUBERNETES_VERSION} strict",
            _us(theirs),
            _x(_ratio(theirs, ours)),
        ],
    ]
    for level in ("baseline", "restricted"):
        seconds = validation.get(f"pod security {level}")
        if seconds is not None:
            name = f"check_pod_security {level} (no target)"
            validation_rows.append([name, _us(seconds), _x(_ratio(seconds, ours))])
    cold = results["cold"]["seconds"]
    wall = results["cold"]["wall seconds"]
    base = cold["import kubernetes"]
    cold_rows = [
        [name, _ms(seconds), f"{seconds / base:.2f}", _ms(wall[name])]
        for name, seconds in cold.items()
    ]
    bulk = results["bulk"]
    bulk_rows = [
        [what, f"{bulk[key]:,.0f}", _us(1 / bulk[key]), f"{bulk['count'] / bulk[key]:.2f}"]
        for what, key in workloads.BULK_WAYS
        if key in bulk
    ]
    stream_tables = []
    stream = results.get("stream")
    if stream:
        reading, checking = stream["read"], stream["read and check"] - stream["read"]
        ways = [
            ("reading (parsing, kubectl's scalars, lines)", reading),
            ("checking (validate)", checking),
            ("reading and checking", stream["read and check"]),
            ("kubespawner-objects validate FILE", stream["command"]),
            (
                "for comparison: PyYAML CSafeLoader load_all",
                stream.get("PyYAML CSafeLoader load_all"),
            ),
            ("floor: libyaml's parser events alone", stream.get("libyaml events")),
        ]
        stream_rows = [
            [
                what,
                f"{stream['count'] / seconds:,.0f}",
                _us(seconds / stream["count"]),
                f"{seconds:.2f}",
            ]
            for what, seconds in ways
            if seconds
        ]
        stream_tables.append(
            (
                f"YAML in: a stream of {stream['count']:,} full pods "
                f"({stream['megabytes']:.0f} MB), read and checked one document at a time; "
                "reading is "
                f"{100 * reading / stream['read and check']:.0f}% of the time",
                ["work", "pods/s", "us per pod", "seconds"],
                stream_rows,
            )
        )
    full = build["rows"]["full pod"]["project"]
    stage_rows = [
        [name, _us(seconds), f"{100 * seconds / full:.0f}%"]
        for name, seconds in results["stages"].items()
    ]
    profile_tables = []
    for view, shares in results.get("profile", {}).items():
        profile_tables.append(
            (
                f"Profile of the full pod's a, {view} (cProfile own time; overstates Python code)",
                [view.split()[-1], "share"],
                [[name, f"{100 * share:.1f}%"] for name, share in shares],
            )
        )
    hub = results.get("hub")
    hub_tables = []
    if hub:
        hub_tables.append(
            (
                "hub --matrix: 9 profiles, 26 choices, 6 users, 2 servers (a fresh process)",
                ["spawns", "CPU seconds", "wall seconds", "ms per spawn"],
                [
                    [
                        str(hub["spawns"]),
                        f"{hub['seconds']:.2f}",
                        f"{hub['wall seconds']:.2f}",
                        f"{1000 * hub['seconds'] / hub['spawns']:.2f}",
                    ]
                ],
            )
        )
    return [
        (
            "Building an object, microseconds per object (a: make_* + to_manifest; "
            "b: reference make_* + sanitize_for_serialization; c: literal dict)",
            [
                "object",
                "a project",
                "a' manifest only",
                "b reference",
                "c floor",
                "b / a",
                "a / c",
                "a' / c",
            ],
            build_rows,
        ),
        (
            "Where a's time goes for the full pod: each stage timed alone, microseconds",
            ["stage", "time", "of a"],
            stage_rows,
        ),
        *profile_tables,
        (
            "Validating the full pod's manifest, microseconds",
            ["validator", "time", "vs project"],
            validation_rows,
        ),
        (
            "Cold start in a fresh process, milliseconds (min of runs)",
            ["command", "CPU time", "vs import kubernetes", "wall time"],
            cold_rows,
        ),
        (
            f"Bulk: {bulk['count']:,} users' full pods from one set of arguments",
            ["work", "objects/s", "us per object", "seconds"],
            bulk_rows,
        ),
        *stream_tables,
        *hub_tables,
    ]


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, holds) for each target the issues set."""
    full = results["build"]["rows"]["full pod"]
    speedup = _ratio(full.get("reference"), full["project"])
    validation = results["validation"]
    validation_ratio = _ratio(validation["kubernetes-validate"], validation.get("project"))
    cold = results["cold"]["seconds"]
    cold_ratio = cold["render full pod"] / cold["import kubernetes"]
    manifest_speedup = _ratio(full.get("reference"), full["manifest only"])
    unchecked = results["stages"].get(WITHOUT_RULES)
    building_speedup = _ratio(full.get("reference"), unchecked)
    return [
        (
            f"full pod by make_pod_manifest >= {TARGET_SPEEDUP:g}x faster than the reference",
            f"{_x(manifest_speedup)} (for scale: {_x(speedup)} by make_pod + to_manifest, "
            f"{_x(building_speedup)} by make_pod_manifest without its rules)",
            None if manifest_speedup is None else manifest_speedup >= TARGET_SPEEDUP,
        ),
        (
            f"validation >= {TARGET_VALIDATION:g}x faster than kubernetes-validate",
            _x(validation_ratio),
            None if validation_ratio is None else validation_ratio >= TARGET_VALIDATION,
        ),
        (
            "cold render <= 1/3 of import kubernetes",
            f"{cold_ratio:.2f}",
            cold_ratio <= TARGET_COLD,
        ),
        *(
            [
                (
                    f"hub matrix (9 profiles, 26 choices, 6 users, 2 servers) < {TARGET_HUB:g} s",
                    f"{results['hub']['seconds']:.2f} s CPU for {results['hub']['spawns']} spawns",
                    results["hub"]["seconds"] < TARGET_HUB,
                )
            ]
            if "hub" in results
            else []
        ),
    ]


def notes(results: dict[str, Any]) -> list[str]:
    """What the reader must know to trust the figures: versions, missing parts, differences."""
    found = [
        f"Machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}; kubernetes {version('kubernetes')}, "
        f"PyYAML {version('PyYAML')} (libyaml: {_libyaml()}), "
        f"kubespawner-objects {version('kubespawner-objects')}.",
        f"Cold render ran: {results['cold']['render']}.",
    ]
    reference = results["build"]["reference"]
    if reference["available"]:
        versions = ", ".join(f"{k} {v}" for k, v in reference["versions"].items())
        found.append(f"Reference: {versions}, in its own virtualenv.")
        for name, differences in reference["differences"].items():
            found.append(f"The reference's {name} differs from ours at: " + "; ".join(differences))
    else:
        found.append(f"Reference NOT measured: {reference['why']}")
    stream = results.get("stream")
    if stream and stream.get("libyaml events"):
        share = stream["libyaml events"] / stream["read"]
        found.append(
            f"YAML in is bound by libyaml's parser and PyYAML's event objects ({100 * share:.0f}% "
            "of reading); the rest is one Python loop building each document's data and lines."
        )
    return found


def _libyaml() -> str:
    import yaml

    return "yes" if getattr(yaml, "__with_libyaml__", False) else "no"


def format_text(results: dict[str, Any]) -> str:
    lines = []
    for title, header, rows in tables(results):
        widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
        lines += ["", title]
        for index, row in enumerate([header, *rows]):
            cells = [
                cell.ljust(width) if column == 0 else cell.rjust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells))
            if index == 0:
                lines.append("  ".join("-" * width for width in widths))
    lines += ["", "Targets"]
    for target, measured, holds in targets(results):
        verdict = {True: "holds", False: "MISSED", None: "not measured"}[holds]
        lines.append(f"  {verdict:12} {target}: {measured}")
    lines += ["", *notes(results)]
    return "\n".join(lines)


def format_markdown(results: dict[str, Any]) -> str:
    lines = []
    for title, header, rows in _escaped(tables(results)):
        lines += [f"**{title}**", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append(
            "|" + "|".join(" --- " if i == 0 else " ---: " for i in range(len(header))) + "|"
        )
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
    lines += ["**Targets**", ""]
    for target, measured, holds in targets(results):
        verdict = {True: "holds", False: "missed", None: "not measured"}[holds]
        lines.append(f"- {target}: {measured} ({verdict})")
    lines += ["", *[f"- {note}" for note in notes(results)]]
    return "\n".join(lines)


def _escaped(
    found: list[tuple[str, list[str], list[list[str]]]],
) -> list[tuple[str, list[str], list[list[str]]]]:
    """Tables with Markdown's emphasis marks escaped (``make_*``)."""

    def escape(text: str) -> str:
        return text.replace("*", "\\*")

    return [
        (escape(title), [escape(cell) for cell in header], [[escape(c) for c in r] for r in rows])
        for title, header, rows in found
    ]


def write_markdown(results: dict[str, Any], path: Path) -> None:
    """Replace the figures between the markers of ``path`` with this run's."""
    text = path.read_text()
    start, end = text.index(FIGURES_START), text.index(FIGURES_END)
    figures = f"{FIGURES_START}\n\n{format_markdown(results)}\n\n"
    path.write_text(text[:start] + figures + text[end:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds per figure (default 7)")
    parser.add_argument(
        "--min-time", type=float, default=0.2, help="seconds per round (default 0.2)"
    )
    parser.add_argument("--cold-runs", type=int, default=15, help="fresh processes per command")
    parser.add_argument("--bulk", type=int, default=10_000, help="users in the bulk run")
    parser.add_argument("--bulk-repeat", type=int, default=3, help="rounds of the bulk run")
    parser.add_argument("--stream", type=int, default=10_000, help="pods in the YAML-in stream")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference")
    parser.add_argument("--plot", nargs="?", const=PLOT, type=Path, help=f"PNG (default {PLOT})")
    parser.add_argument(
        "--markdown", nargs="?", const=DOCS, type=Path, help=f"rewrite figures in {DOCS}"
    )
    parser.add_argument("--json", type=Path, help="also save the raw figures as JSON")
    parser.add_argument("--profile", action="store_true", help="print a profile of the full pod")
    options = parser.parse_args()

    _note("building objects ...")
    results = {"build": measure_build(options.repeat, options.min_time, not options.no_reference)}
    results["stages"] = measure_stages(options.repeat, options.min_time)
    _note("validating ...")
    results["validation"] = measure_validation(options.repeat, options.min_time)
    _note("cold starts ...")
    results["cold"] = measure_cold_start(options.cold_runs)
    _note(f"bulk, {options.bulk:,} pods ...")
    results["bulk"] = measure_bulk(options.bulk, options.bulk_repeat)
    _note(f"reading and checking a stream of {options.stream:,} pods ...")
    results["stream"] = measure_stream(options.stream, options.bulk_repeat)
    _note("hub matrix ...")
    results["hub"] = measure_hub(options.bulk_repeat)

    if options.profile:
        _note("profiling ...")
        results["profile"] = profile_full_pod()
    print(format_text(results))
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))
    if options.markdown:
        write_markdown(results, options.markdown)
    if options.plot:
        from plot import plot

        plot(results, options.plot)


if __name__ == "__main__":
    main()

"""The ``kubespawner-objects`` command: render configs into manifests, validate manifests,
show a JupyterHub deployment's spawns (``hub``, in ``hub.py``).

Exit status: 0 when everything is valid, 1 when an object is invalid, 2 when
the input cannot be used (a missing file, bad YAML, an unknown function or
parameter). Each problem is one line on standard error, ``file:line: where:
problem``. ``render`` writes nothing to standard output unless every object
is valid. Rendering works on manifests only, so it never imports the
Kubernetes client.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .._core.convert import join, to_wire
from .._core.documents import Document, UnusableInputError, load_documents, read_text, source_name
from .._core.errors import KubespawnerObjectsError, Problem
from .._core.manifest import dump_yaml
from .._rules import VALIDATED_KINDS, validate
from .._rules.schema import SchemaUnavailableError, check_version, schema_problems
from . import hub
from .config import Entry, parse_entries, render_entry, with_yaml_hint

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2

PROG = "kubespawner-objects"
POD_SECURITY_LEVELS = ("baseline", "restricted")

# Kinds checked for unknown fields and wrong types only: ``validate`` has no rules for them.
_FIELD_CHECKED_KINDS = {"Endpoints": "V1Endpoints"}


class _Report:
    """Writes each problem as one line on standard error and keeps the exit status."""

    def __init__(self) -> None:
        self.unusable = False
        self.invalid = False
        self.unusable_count = 0

    def line(self, source: str, line: int | None, where: str | None, text: str) -> None:
        location = f"{source}:{line}" if line is not None else source
        parts = [location, where, text] if where else [location, text]
        print(": ".join(parts), file=sys.stderr)

    def unusable_input(self, error: UnusableInputError) -> None:
        self.unusable = True
        self.unusable_count += 1
        self.line(error.source, error.line, None, str(error))

    def problem(self, source: str, line: int | None, where: str, problem: Problem) -> None:
        self.invalid = True
        self.line(source, line, where, str(problem))

    @property
    def status(self) -> int:
        if self.unusable:
            return EXIT_UNUSABLE
        return EXIT_INVALID if self.invalid else EXIT_OK


def _documents(paths: Sequence[str], report: _Report) -> Iterator[Document]:
    for path in paths:
        try:
            yield from load_documents(read_text(path), source_name(path))
        except UnusableInputError as error:
            report.unusable_input(error)


def _pod_security_problems(manifest: Mapping[str, Any], level: str | None) -> list[Problem]:
    if level is None or manifest.get("kind") != "Pod":
        return []
    from .._rules.pod_security import check_pod_security  # only when asked for

    return list(check_pod_security(dict(manifest), level))


def _object_problems(manifest: Mapping[str, Any]) -> list[Problem] | None:
    """The problems of one manifest, or None for a kind this package does not check."""
    kind = manifest.get("kind")
    if not kind or kind in VALIDATED_KINDS:
        return validate(dict(manifest))
    class_name = _FIELD_CHECKED_KINDS.get(kind) if isinstance(kind, str) else None
    if class_name is None:
        return None
    problems: list[Problem] = []
    to_wire(manifest, class_name, "", problems, camel_only=True)
    return problems


def _config_entries(paths: Sequence[str], report: _Report) -> list[Entry]:
    """The entries of every config, numbered from 0 in each file."""
    entries: list[Entry] = []
    for path in paths:
        numbered = 0
        errors_before = report.unusable_count
        for document in _documents([path], report):
            found, errors = parse_entries(document, numbered)
            numbered += len(found) + len(errors)
            entries += found
            for error in errors:
                report.unusable_input(error)
        if numbered == 0 and report.unusable_count == errors_before:
            # An empty file, `[]` or `null`: most likely the wrong file, so not a silent success.
            message = "no entries: a config is a list of {make_*: parameters} entries"
            report.unusable_input(UnusableInputError(message, source_name(path)))
    return entries


def _calls(
    entries: list[Entry], users: list[str], report: _Report
) -> list[tuple[Entry, str | None]]:
    """(entry, user) pairs to render: users in turn, entries without templates only once."""
    if "" in users:
        report.unusable_input(UnusableInputError("--user: a user name is never empty", PROG))
    for entry in entries:
        if entry.uses_templates and not users:
            message = f"{entry.describe()}: uses {{username}} or {{servername}}: give --user"
            report.unusable_input(UnusableInputError(message, entry.document.source, entry.line()))
    return [
        (entry, user if entry.uses_templates else None)
        for number, user in enumerate(users or [None])
        for entry in entries
        if entry.uses_templates or number == 0
    ]


def _build(
    entry: Entry, user: str | None, args: argparse.Namespace, report: _Report
) -> list[dict[str, Any]]:
    """The objects of one entry for one user, with their problems reported."""
    source = entry.document.source
    where = entry.describe(user)
    logger = logging.LoggerAdapter(_warnings_logger(), {"where": f"{source}: {where}"})
    try:
        parameters = entry.parameters if user is None else entry.expanded(user, args.server)
        built = render_entry(entry, parameters, logger)
    except KubespawnerObjectsError as error:
        located = [
            (entry.line(problem.parameter, problem.path), with_yaml_hint(problem))
            for problem in getattr(error, "problems", ())
        ]
        for line, problem in sorted(located, key=lambda pair: pair[0] or 0):
            report.problem(source, line, where, problem)
        return []
    for manifest in built:
        for problem in _pod_security_problems(manifest, args.pod_security):
            report.problem(source, entry.field_line(problem.path), where, problem)
    return built


def _render(args: argparse.Namespace, report: _Report) -> int:
    entries = _config_entries(args.configs, report)
    calls = _calls(entries, list(dict.fromkeys(args.user or [])), report)
    if report.status != EXIT_OK:
        return report.status
    # YAML is written as each object is built: thousands of pods kept as text, not as
    # dicts, spare memory and the garbage collector's passes over them.
    keep: Callable[[dict[str, Any]], Any] = dump_yaml if args.output == "yaml" else _same
    objects = [
        keep(manifest) for entry, user in calls for manifest in _build(entry, user, args, report)
    ]
    if report.status != EXIT_OK:
        return report.status
    if args.output == "json":
        listing = {"apiVersion": "v1", "kind": "List", "items": objects}
        sys.stdout.write(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("---\n".join(objects))
    return EXIT_OK


def _same(manifest: dict[str, Any]) -> dict[str, Any]:
    return manifest


def _warnings_logger() -> logging.Logger:
    """Where builders' warnings go: one line on standard error, naming the entry."""
    logger = logging.getLogger("kubespawner.objects.cli")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(where)s: warning: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


def _objects(document: Document) -> Iterator[tuple[str, Any]]:
    """(path, object) of each object in a document; a ``List`` gives its items."""
    data = document.data
    if isinstance(data, Mapping) and data.get("kind") == "List":
        items = data.get("items") or []
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield f"items[{index}]", item
            return
    yield "", data


def _describe(document: Document, path: str, manifest: Mapping[str, Any]) -> str:
    where = f"document {document.index}" + (f", {path}" if path else "")
    kind = manifest.get("kind")
    metadata = manifest.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    named = " ".join(str(part) for part in (kind, name) if part)
    return f"{where} ({named})" if named else where


def _validate(args: argparse.Namespace, report: _Report) -> int:
    if args.kubernetes_version is not None:
        check_version(args.kubernetes_version)
    checked = unchecked = invalid = 0
    for document in _documents(args.files, report):
        for path, manifest in _objects(document):
            line = document.line(path)
            if not isinstance(manifest, Mapping):
                where = f"document {document.index}" + (f", {path}" if path else "")
                message = f"{where}: not a Kubernetes object (a mapping with kind and apiVersion)"
                report.unusable_input(UnusableInputError(message, document.source, line))
                continue
            where = _describe(document, path, manifest)
            found = _object_problems(manifest)
            problems = list(found or [])
            problems += _pod_security_problems(manifest, args.pod_security)
            if args.kubernetes_version is not None:
                problems += schema_problems(dict(manifest), args.kubernetes_version)
            elif found is None:
                unchecked += 1
                report.line(document.source, line, where, "not checked: no rules for its kind")
                continue
            checked += 1
            invalid += bool(problems)
            for problem in problems:
                line = document.line(join(path, problem.path) if problem.path else path)
                report.problem(document.source, line, where, problem)
    if report.status == EXIT_OK:
        skipped = f", {unchecked} not checked" if unchecked else ""
        print(f"{checked} object{'s' if checked != 1 else ''} valid{skipped}")
    elif invalid:
        print(f"{invalid} of {checked} objects invalid", file=sys.stderr)
    return report.status


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from importlib.metadata import version

        print(f"{PROG} {version('kubespawner-objects')}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Render JupyterHub notebook servers' Kubernetes objects from a config, "
        "validate existing manifests, or check what a JupyterHub deployment's values create, "
        "without a cluster.",
        epilog="Exit status: 0 all valid, 1 an object is invalid, 2 unusable input.",
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    render = commands.add_parser(
        "render",
        help="build objects from a config and print them",
        description="Call the make_* functions a config names and print the objects they "
        "build, as YAML documents for `kubectl apply -f -` or as a JSON List. Prints nothing "
        "unless every object is valid.",
    )
    render.add_argument(
        "configs",
        nargs="+",
        metavar="CONFIG",
        help="YAML or JSON file: a list of {make_pod: {parameters}} entries; - for stdin",
    )
    render.add_argument(
        "--user",
        action="append",
        metavar="NAME",
        help="render the entries that use {username} for this user; repeat for more users",
    )
    # Where _gather_users puts the --user values: see there.
    render.add_argument(_USERS, nargs="+", action="extend", dest="user", help=argparse.SUPPRESS)
    render.add_argument(
        "--server",
        default="",
        metavar="NAME",
        help="the server name filled into {servername} (default: empty, the default server)",
    )
    render.add_argument(
        "-o",
        "--output",
        choices=("yaml", "json"),
        default="yaml",
        help="yaml: one document per object (default); json: a List object",
    )
    _add_pod_security(render)

    validate = commands.add_parser(
        "validate",
        help="check existing manifests",
        description="Check Kubernetes manifests, whoever wrote them, with this package's "
        "rules (the API server's, for Pods, PersistentVolumeClaims, Services, Secrets, "
        "Namespaces, Ingresses and EndpointSlices; fields only, for Endpoints), and optionally "
        "Pod Security and a Kubernetes version's official schema.",
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="YAML (one or more documents) or JSON file, or a List of objects; - for stdin",
    )
    _add_pod_security(validate)
    validate.add_argument(
        "--kubernetes-version",
        metavar="X.Y",
        help="also check strictly against that Kubernetes version's official schema "
        "(needs: pip install 'kubespawner-objects[schema]')",
    )
    hub.add_parser(commands, POD_SECURITY_LEVELS)
    return parser


def _add_pod_security(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pod-security",
        choices=POD_SECURITY_LEVELS,
        metavar="LEVEL",
        help="also check pods against this Pod Security Standards level: baseline or restricted",
    )


_USERS = "--users-gathered"


def _gather_users(argv: list[str]) -> list[str]:
    """``argv`` of ``render`` with its ``--user NAME`` options given as one option, in order.

    argparse before Python 3.13 takes time quadratic in the number of options
    (10,000 users: about two seconds). Values that start with "-" stay where
    they are, for argparse to refuse; arguments after "--" are left alone.
    """
    if not argv or argv[0] != "render":
        return argv
    end = argv.index("--") if "--" in argv else len(argv)
    kept: list[str] = []
    users: list[str] = []
    index = 0
    while index < end:
        token = argv[index]
        if token == "--user" and index + 1 < end and not argv[index + 1].startswith("-"):
            users.append(argv[index + 1])
            index += 2
            continue
        if token.startswith("--user="):
            users.append(token.removeprefix("--user="))
        else:
            kept.append(token)
        index += 1
    gathered = [_USERS, *users] if users else []
    return [*kept, *gathered, *argv[end:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); return its exit status."""
    given = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(_gather_users(given))
    report = _Report()
    try:
        if args.command == "render":
            return _render(args, report)
        if args.command == "hub":
            return hub.run_hub(args)
        return _validate(args, report)
    except SchemaUnavailableError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE


def run() -> None:
    """The console script's entry point."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (``| head``) stopped early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_OK
    sys.exit(status)

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
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from .._core.convert import join
from .._core.documents import Document, UnusableInputError, read_documents, source_name
from .._core.errors import (
    DUPLICATE,
    NO_VALUE,
    WRONG_TYPE,
    KubespawnerObjectsError,
    Problem,
    shorten,
    show_value,
    with_yaml_hint,
)
from .._core.manifest import dump_yaml
from .._rules import VALIDATED_KINDS, misspelled_kind, validate
from .._rules.schema import SchemaUnavailableError, check_version, schema_problems
from . import hub, problems
from .config import Entry, WrongInputs, parse_entries, render_entry
from .options import add_output_option, add_pod_security_option, add_problems_option
from .output import (
    PROG,
    OutputError,
    defused,
    json_document,
    say,
    set_problem_format,
    write_output,
)
from .problems import Finding

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2

# Problems shown per object: enough to fix it; hostile input can have millions.
PROBLEMS_SHOWN = 100
# Values an object to check (or a config entry's parameters) may hold. Checking costs up
# to some 20 µs and 2 KB a value on hostile input; objects hold a few thousand.
CHECKED_VALUES_LIMIT = 100_000
# YAML documents ``render`` writes at once (about 5 MB of full pods).
_WRITE_BATCH = 1000

# What a file without objects holds; kubectl apply refuses it ("no objects passed to apply").
_NO_OBJECTS = "empty, or only comments, empty documents or empty Lists"


class _Report:
    """Reports each problem on standard error and keeps the exit status."""

    def __init__(self) -> None:
        self.unusable = False
        self.invalid = False
        self.unusable_count = 0
        self.unusable_sources: set[str] = set()

    def line(self, source: str, line: int | None, where: str | None, text: str) -> None:
        say(_located(source, line, ": ".join([where, text]) if where else text))

    def unusable_input(self, error: UnusableInputError) -> None:
        self.unusable = True
        self.unusable_count += 1
        self.unusable_sources.add(error.source)
        message = str(error)
        text = _located(error.source, error.line, message)
        problems.report(Finding(text, message, file=error.source, line=error.line, detail=message))

    def problem(
        self,
        source: str,
        line: int | None,
        where: str,
        problem: Problem,
        named: Mapping[str, Any] | None = None,
    ) -> None:
        """One problem of the object ``named`` (a manifest, when ``validate`` reads one)."""
        self.invalid = True
        message = f"{where}: {problem}"
        kind, name = _kind_and_name(named) if named is not None else (None, None)
        value = None if problem.value is NO_VALUE else show_value(problem.value)
        finding = Finding(
            _located(source, line, message),
            message,
            file=source,
            line=line,
            kind=kind,
            name=name,
            where=where,
            path=problem.path,
            reason=problem.reason,
            detail=problem.detail or None,
            value=value,
            parameter=problem.parameter,
        )
        problems.report(finding)

    def problems(
        self,
        source: str,
        where: str,
        located: Sequence[tuple[int | None, Problem]],
        named: Mapping[str, Any] | None = None,
    ) -> None:
        """The problems of one object, the first :data:`PROBLEMS_SHOWN` of them."""
        for line, problem in located[:PROBLEMS_SHOWN]:
            self.problem(source, line, where, problem, named)
        if len(located) > PROBLEMS_SHOWN:
            more = len(located) - PROBLEMS_SHOWN
            self.line(source, None, where, f"and {more} more problems")

    def no_objects(self, source: str, required: bool) -> None:
        """A file that holds no object: a warning, or an error when objects are required."""
        detail = f"no objects in it ({_NO_OBJECTS})"
        if required:
            self.invalid = True
            message = f"{detail}; --require-objects asks for at least one"
            problems.report(Finding(f"{source}: {message}", message, file=source, detail=message))
        else:
            message = f"warning: {detail}"
            finding = Finding(f"{source}: {message}", message, "warning", source, detail=detail)
            problems.report(finding)

    @property
    def status(self) -> int:
        if self.unusable:
            return EXIT_UNUSABLE
        return EXIT_INVALID if self.invalid else EXIT_OK


def _located(source: str, line: int | None, message: str) -> str:
    """``file:line: message``, the line of the text format."""
    return f"{source}:{line}: {message}" if line is not None else f"{source}: {message}"


def _kind_and_name(manifest: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The object's kind and name, where they are strings."""
    kind = manifest.get("kind")
    metadata = manifest.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return (kind if isinstance(kind, str) else None, name if isinstance(name, str) else None)


def _documents(paths: Sequence[str], report: _Report) -> Iterator[Document]:
    """The documents of each file as they are read, so memory holds one at a time."""
    for path in paths:
        try:
            yield from read_documents(path)
        except UnusableInputError as error:
            report.unusable_input(error)


def _inputs(paths: Sequence[str], expected: str, report: _Report) -> Iterator[Document]:
    """The documents of each file that are not plainly another command's input; those are
    told once per file, after its last document."""
    wrong_inputs = WrongInputs(expected)
    for path in paths:
        for document in _documents([path], report):
            if not wrong_inputs.add(document):
                yield document
        for error in wrong_inputs.errors():
            report.unusable_input(error)


def _duplicates(document: Document, under: str | None = None) -> list[tuple[int | None, Problem]]:
    """(line, problem) for each key written twice (kubectl would keep the last).

    With ``under``, only those inside the object at that path, with paths from it.
    """
    found: list[tuple[int | None, Problem]] = []
    for duplicate in document.duplicates:
        path = duplicate.path
        if under:
            if not path.startswith(under) or path[len(under) : len(under) + 1] not in (".", "["):
                continue
            path = path[len(under) :].removeprefix(".")
        detail = (
            f"written {duplicate.where_written}; strict field validation refuses duplicate fields"
        )
        found.append((duplicate.line, Problem(path, DUPLICATE, detail)))
    if document.more_duplicates and not under:
        detail = f"and {document.more_duplicates} more fields written twice"
        found.append((None, Problem("", DUPLICATE, detail)))
    return found


def _too_large(data: Any) -> str | None:
    """Why ``data`` is too large to check, if it holds more than the limit of values."""
    pending = [data]
    count = 0
    while pending:  # aliases may share values: each is counted where it is used
        value = pending.pop()
        count += 1
        if count > CHECKED_VALUES_LIMIT:
            return f"too large to check: more than {CHECKED_VALUES_LIMIT:,} values"
        if isinstance(value, dict):
            pending += value.values()
        elif isinstance(value, list):
            pending += value
    return None


def _pod_security_problems(manifest: Mapping[str, Any], args: argparse.Namespace) -> list[Problem]:
    level = args.pod_security
    if level is None or manifest.get("kind") != "Pod":
        return []
    from .._rules.pod_security import check_pod_security  # only when asked for

    try:
        return list(check_pod_security(dict(manifest), level, args.pod_security_version))
    except KubespawnerObjectsError:
        # Unknown fields or wrong types: such a pod is not judged, and validate reports them.
        return []


def _object_problems(manifest: Mapping[str, Any]) -> list[Problem] | None:
    """The problems of one manifest, or None for a kind this package does not check."""
    kind = manifest.get("kind")
    if not kind or kind in VALIDATED_KINDS:
        return validate(dict(manifest))
    if not isinstance(kind, str):  # kubectl reads no kind at all ("Object 'Kind' is missing")
        return [Problem("kind", WRONG_TYPE, f"must be a string, not {type(kind).__name__}", kind)]
    items = manifest.get("items")
    if kind == "List" and not isinstance(items, (list, type(None))):  # kubectl cannot read it
        detail = f"must be a list of objects, not {type(items).__name__}"
        return [Problem("items", WRONG_TYPE, detail, items)]
    misspelling = misspelled_kind(manifest)  # validate's problem; no rules for other kinds
    return [misspelling] if misspelling else None


def _config_entries(paths: Sequence[str], report: _Report) -> list[Entry]:
    """The entries of every config, numbered from 0 in each file."""
    entries: list[Entry] = []
    for path in paths:
        numbered = 0
        errors_before = report.unusable_count
        for document in _inputs([path], "config", report):
            for duplicate in document.duplicates:
                message = (
                    f"document {document.index}: {duplicate.path}: "
                    f"written {duplicate.where_written}"
                )
                report.unusable_input(UnusableInputError(message, document.source, duplicate.line))
            if document.more_duplicates:
                more = document.more_duplicates
                message = f"document {document.index}: and {more} more keys written twice"
                report.unusable_input(UnusableInputError(message, document.source))
            found, errors = parse_entries(document, numbered)
            numbered += len(found) + len(errors)
            for entry in found if document.values > CHECKED_VALUES_LIMIT else ():
                too_large = _too_large(entry.parameters)
                if too_large:
                    message = f"{entry.describe()}: parameters {too_large}"
                    errors.append(UnusableInputError(message, document.source, entry.line()))
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
    logger = logging.LoggerAdapter(_warnings_logger(), {"source": source, "where": where})
    try:
        parameters = entry.parameters if user is None else entry.expanded(user, args.server)
        built = render_entry(entry, parameters, logger)
    except KubespawnerObjectsError as error:
        located = [
            (entry.line(problem.parameter, problem.path), with_yaml_hint(problem))
            for problem in getattr(error, "problems", ())
        ]
        report.problems(source, where, sorted(located, key=lambda pair: pair[0] or 0))
        return []
    for manifest in built:
        for problem in _pod_security_problems(manifest, args):
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
        write_output(json_document(listing))
    else:
        # A batch at a time: one string of every document, and then its encoding, would
        # each take as much memory again as all the documents.
        for start in range(0, len(objects), _WRITE_BATCH):
            batch = "---\n".join(objects[start : start + _WRITE_BATCH])
            write_output(f"---\n{batch}" if start else batch)
    return EXIT_OK


def _same(manifest: dict[str, Any]) -> dict[str, Any]:
    return manifest


class _WarningHandler(logging.Handler):
    """Builders' warnings as problems of severity warning, naming the entry."""

    def emit(self, record: logging.LogRecord) -> None:
        detail = record.getMessage()
        where = getattr(record, "where", "")
        source = getattr(record, "source", "")
        message = f"{where}: warning: {detail}"
        finding = Finding(
            f"{source}: {message}", message, "warning", source, where=where, detail=detail
        )
        problems.report(finding)


@cache
def _warnings_logger() -> logging.Logger:
    """Where builders' warnings go: one line on standard error, naming the entry."""
    logger = logging.getLogger("kubespawner.objects.cli")
    if not logger.handlers:
        logger.addHandler(_WarningHandler())
        logger.propagate = False
    return logger


def _objects(document: Document) -> Iterator[tuple[str, Any]]:
    """(path, object) of each object in a document; a ``List`` gives its items."""
    data = document.data
    if isinstance(data, Mapping) and data.get("kind") == "List":
        items = data.get("items")
        if items is None or isinstance(items, list):  # null or left out: no items
            for index, item in enumerate(items or []):
                yield f"items[{index}]", item
            return
    yield "", data


def _describe(document: Document, path: str, manifest: Mapping[str, Any]) -> str:
    where = f"document {document.index}" + (f", {path}" if path else "")
    kind = manifest.get("kind")
    metadata = manifest.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    # A kind or name that is a mapping or list names nothing (its problem shows it).
    shown = [part for part in (kind, name) if part and not isinstance(part, (Mapping, list))]
    named = shorten(" ".join(map(str, shown)))
    return f"{where} ({named})" if named else where


def _validate(args: argparse.Namespace, report: _Report) -> int:
    if args.kubernetes_version is not None:
        check_version(args.kubernetes_version)
    checked = unchecked = invalid = 0
    with_objects: set[str] = set()
    for document in _inputs(args.files, "objects", report):
        objects = list(_objects(document))
        if objects:
            with_objects.add(document.source)
        if document.duplicates and (not objects or objects[0][0]):  # a List: outside its items
            for written, problem in _duplicates(document):
                if not problem.path.startswith("items["):
                    report.problem(document.source, written, f"document {document.index}", problem)
        for path, manifest in objects:
            line = document.line(path)
            if not isinstance(manifest, Mapping):
                where = f"document {document.index}" + (f", {path}" if path else "")
                message = f"{where}: not a Kubernetes object (a mapping with kind and apiVersion)"
                report.unusable_input(UnusableInputError(message, document.source, line))
                continue
            where = _describe(document, path, manifest)
            too_large = _too_large(manifest) if document.values > CHECKED_VALUES_LIMIT else None
            if too_large:
                message = f"{where}: {too_large}"
                report.unusable_input(UnusableInputError(message, document.source, line))
                continue
            found = _object_problems(manifest)
            duplicates = _duplicates(document, path)
            problems = list(found or [])
            problems += _pod_security_problems(manifest, args)
            if args.kubernetes_version is not None:
                problems += schema_problems(dict(manifest), args.kubernetes_version)
            elif found is None and not duplicates:
                unchecked += 1
                report.line(document.source, line, where, "not checked: no rules for its kind")
                continue
            checked += 1
            invalid += bool(problems or duplicates)
            if not document.json:  # YAML reads version: 1.10 or enabled: yes unquoted as no string
                problems[:PROBLEMS_SHOWN] = map(with_yaml_hint, problems[:PROBLEMS_SHOWN])
            located = duplicates + [
                (document.line(join(path, problem.path) if problem.path else path), problem)
                for problem in problems[:PROBLEMS_SHOWN]
            ]
            located += [(None, problem) for problem in problems[PROBLEMS_SHOWN:]]
            report.problems(document.source, where, located, manifest)
    # A file without objects is usually a wrong path or a template that rendered nothing,
    # but may be meant (a placeholder, a hook run on every YAML file): see docs/cli.rst.
    for source in dict.fromkeys(map(source_name, args.files)):
        if source not in with_objects and source not in report.unusable_sources:
            report.no_objects(source, args.require_objects)
    if report.status == EXIT_OK:
        skipped = f", {unchecked} not checked" if unchecked else ""
        write_output(f"{checked} object{'s' if checked != 1 else ''} valid{skipped}\n")
    elif invalid:
        say(f"{invalid} of {checked} objects invalid")
    return report.status


def _pod_security_version_problem(level: str | None, version: str) -> str | None:
    """What is wrong with ``--pod-security-version``, if anything."""
    if version == "latest":
        return None  # the default: the rules are not loaded for it
    from .._rules.pod_security import policy_version_problem  # only when asked for

    return policy_version_problem(level, version, "--pod-security-version", "--pod-security LEVEL")


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from importlib.metadata import version

        print(f"{PROG} {version('kubespawner-objects')}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors quote the arguments (file names from a pull
    request, say) :func:`defused`."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(defused(message), file)


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser."""
    parser = _Parser(
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
    add_output_option(render)
    add_pod_security_option(render)
    add_problems_option(render)

    validate = commands.add_parser(
        "validate",
        help="check existing manifests",
        description="Check Kubernetes manifests, whoever wrote them, with this package's "
        "rules (the API server's, for Pods, PersistentVolumeClaims, Services, Secrets, "
        "Namespaces, Ingresses, EndpointSlices and Endpoints), and optionally "
        "Pod Security and a Kubernetes version's official schema.",
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="YAML (one or more documents) or JSON file, or a List of objects; - for stdin",
    )
    add_pod_security_option(validate)
    validate.add_argument(
        "--kubernetes-version",
        metavar="X.Y",
        help="also check strictly against that Kubernetes version's official schema "
        "(needs: pip install 'kubespawner-objects[schema]')",
    )
    validate.add_argument(
        "--require-objects",
        action="store_true",
        help="a FILE without objects (empty, or only comments) is an error, not a warning",
    )
    add_problems_option(validate)
    hub.add_parser(commands)
    return parser


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
    set_problem_format(args.problems)
    wrong = _pod_security_version_problem(args.pod_security, args.pod_security_version)
    if wrong is not None:
        problems.report_error(f"{PROG} {args.command}: error: {wrong}")
        return EXIT_UNUSABLE
    report = _Report()
    try:
        if args.command == "render":
            return _render(args, report)
        if args.command == "hub":
            return hub.run_hub(args)
        return _validate(args, report)
    except SchemaUnavailableError as error:
        problems.report_error(f"{PROG}: error: {error}")
        return EXIT_UNUSABLE


def run() -> None:
    """The console script's entry point."""
    try:
        if sys.stdout is None:  # every subcommand's answer goes there
            raise OutputError("standard output is closed")
        status = main()
        write_output("")  # what any subcommand left in the buffer, so that a failure shows here
    except BrokenPipeError:
        # The reader (``| head``) stopped early: not an error of ours.
        _discard_output()
        status = EXIT_OK
    except OutputError as error:
        _discard_output()
        problems.report_error(f"{PROG}: error: cannot write the output: {error}")
        status = EXIT_UNUSABLE
    sys.exit(status)


def _discard_output() -> None:
    """Send what is left in standard output's buffer nowhere, so exiting raises nothing."""
    if sys.stdout is not None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

"""``kubespawner-objects hub``: what a JupyterHub deployment creates for its users.

Zero to JupyterHub values files become KubeSpawner's settings as the z2jh 4.4.0 chart hands
them over (``_hub.chart``), a ``jupyterhub_config.py`` as JupyterHub loads it
(``_hub.pyconfig``); then spawns as jupyterhub-kubespawner makes them (``_hub``). One
user, at most one server and no ``--matrix`` render that one spawn's objects; otherwise
every profile, choice, user and server is checked and each problem printed once.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from typing import Any

from .._core.documents import UnusableInputError
from .._core.errors import shorten
from .._core.manifest import dump_yaml
from .._core.names import dns1123_label_problem, dns1123_subdomain_problem
from .._hub.config import CHART_KUBESPAWNER
from .._hub.traits import NEWEST, RELEASES
from .options import add_output_option, add_pod_security_option, add_problems_option
from .output import PROG, json_document, say, write_output
from .problems import Finding, report, report_error

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2


def _why_unevaluated(hook: str) -> str:
    """Why the hub's code ``hook`` names was not run, and how to run it where one can."""
    if hook.startswith("c."):  # a callable the executed configuration set
        return "callables are not called"
    name = hook.split(" ", 1)[0]
    if ".hub.extraConfig." in f".{name}":  # also under a parent chart's --values-path
        return "Python code is not run; --run-extra-config runs it"
    return "Python code is not run"


def add_parser(commands: Any) -> None:
    """The ``hub`` subcommand's arguments (the interface of issue 9, kept as it is)."""
    hub = commands.add_parser(
        "hub",
        help="show and check the pods a JupyterHub deployment will create",
        description="Merge Zero to JupyterHub values files as Helm does and map them to "
        "KubeSpawner's settings as the z2jh 4.4.0 chart does (or execute a "
        "jupyterhub_config.py as JupyterHub does), and make each user's spawn as "
        "jupyterhub-kubespawner would: one spawn's objects as YAML, or (with --matrix, "
        "several users or servers, or no --user) every profile, choice, user and server "
        "checked, one line per problem. Python code runs only when asked: with --config, "
        "or hub.extraConfig with --run-extra-config.",
    )
    source = hub.add_mutually_exclusive_group()
    source.add_argument(
        "-f",
        "--values",
        action="append",
        metavar="VALUES",
        help="a values file, as given to helm -f; repeat to merge several, later ones win"
        " (as in Helm, commas separate files: -f a.yaml,b.yaml)",
    )
    for flag, metavar, what in _SET_FLAGS:
        hub.add_argument(flag, action="append", default=[], metavar=metavar, help=what)
    source.add_argument(
        "--config",
        metavar="JUPYTERHUB_CONFIG_PY",
        help="a jupyterhub_config.py (not z2jh), as given to jupyterhub -f: EXECUTED as the "
        "hub executes it, with your permissions; run only code you trust",
    )
    hub.add_argument(
        "--run-extra-config",
        action="store_true",
        help="with -f: EXECUTE hub.extraConfig's Python and the jupyterhub_config.d files of "
        "hub.extraFiles as the chart's hub does (off by "
        "default: a values file from someone else, a pull request say, must not run code "
        "on your machine; use it only for values files whose code you trust)",
    )
    hub.add_argument(
        "--values-path",
        metavar="DOTTED",
        help="the section holding the jupyterhub chart's values in a parent chart "
        "(jupyterhub, basehub.jupyterhub, binderhub.jupyterhub)",
    )
    hub.add_argument(
        "--release",
        default="jupyterhub",
        type=_release_name,
        metavar="NAME",
        help="Helm release name",
    )
    hub.add_argument(
        "--kubespawner",
        choices=RELEASES,
        help=f"the jupyterhub-kubespawner release the hub runs (default: {CHART_KUBESPAWNER},"
        f" the one the z2jh 4.4.0 hub image ships, with -f; {NEWEST}, the newest, with"
        " --config)",
    )
    hub.add_argument(
        "--namespace", default="jhub", type=_namespace, metavar="NS", help="the hub's namespace"
    )
    hub.add_argument(
        "--user",
        action="append",
        type=_user_name,
        metavar="NAME",
        help="a user name, as given; repeatable",
    )
    hub.add_argument(
        "--server",
        action="append",
        metavar="NAME",
        help="a named server (default: the user's default server); repeatable",
    )
    hub.add_argument("--profile", metavar="SLUG", help="the profile (default: the default one)")
    hub.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=CHOICE",
        help="the choice (its key under choices) of a profile option; repeatable",
    )
    hub.add_argument(
        "--unlisted",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for a profile option's unlisted choice; repeatable",
    )
    hub.add_argument(
        "--matrix", action="store_true", help="check every profile, choice, user and server"
    )
    add_output_option(hub)
    add_pod_security_option(hub)
    add_problems_option(hub)


# Helm's options for values on its command line: flag, metavar, help.
_SET_FLAGS = (
    (
        "--set",
        "KEY=VALUE,...",
        "values as given to helm --set (typed as Helm types them: true, null, 42);"
        " repeatable. These options apply after the -f files, in Helm's order: every"
        " --set-json, then --set, --set-string, --set-file, --set-literal",
    ),
    ("--set-string", "KEY=VALUE,...", "as --set, every value a string"),
    ("--set-json", "KEY=JSON,...", "as --set, JSON values; or one JSON object to merge"),
    ("--set-file", "KEY=PATH,...", "as --set, each value the text of the file it names"),
    ("--set-literal", "KEY=VALUE", "one string value, taken as written (commas too)"),
)

# Helm refuses longer release names: its objects' names append suffixes to them.
_RELEASE_NAME_LIMIT = 53


def _release_name(name: str) -> str:
    """A name ``helm install`` accepts: a DNS-1123 subdomain of at most 53 characters."""
    problem = dns1123_subdomain_problem(name)
    if problem is None and len(name) > _RELEASE_NAME_LIMIT:
        problem = f"must be no more than {_RELEASE_NAME_LIMIT} characters (Helm's limit)"
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{shorten(name)!r}: {problem}")
    return name


def _namespace(name: str) -> str:
    """A namespace's name: a DNS-1123 label."""
    problem = dns1123_label_problem(name)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{shorten(name)!r}: {problem}")
    return name


def _user_name(name: str) -> str:
    """A name JupyterHub lets log in (Authenticator.validate_username's fixed checks)."""
    if not name:
        raise argparse.ArgumentTypeError("a user name is never empty")
    if "/" in name or name != name.strip():
        problem = "has a '/'" if "/" in name else "starts or ends with a space"
        raise argparse.ArgumentTypeError(f"{shorten(name)!r}: {problem}; JupyterHub refuses it")
    return name


def run_hub(args: argparse.Namespace) -> int:
    """Run ``hub`` with parsed ``args``; the exit status."""
    options = _pairs(args.option, "--option")
    unlisted = _pairs(args.unlisted, "--unlisted")
    if options is None or unlisted is None:
        return EXIT_UNUSABLE
    set_values = [
        (flag, text)
        for flag, _, _ in _SET_FLAGS
        for text in getattr(args, flag[2:].replace("-", "_"))
    ]
    command_line = set_values[0][0] if set_values else None
    if args.config is None and args.values is None and command_line is None:
        _error("give values (-f VALUES or --set KEY=VALUE) or --config")
        return EXIT_UNUSABLE
    if args.config is not None and (args.run_extra_config or args.values_path or command_line):
        flag = command_line or ("--run-extra-config" if args.run_extra_config else "--values-path")
        _error(f"{flag} goes with -f values files (Helm's), not --config")
        return EXIT_UNUSABLE
    from .._hub.matrix import hub_spawns, untried_unlisted

    try:
        config = _load(args, set_values)
    except UnusableInputError as error:
        location = f"{error.source}:{error.line}" if error.line is not None else error.source
        report(Finding(f"{location}: {error}", str(error), file=error.source, line=error.line))
        return EXIT_UNUSABLE
    if args.kubespawner is not None:
        config.kubespawner = args.kubespawner
    users = list(dict.fromkeys(args.user or []))
    servers = list(dict.fromkeys(args.server or []))
    single = not args.matrix and len(users) == 1 and len(servers) <= 1
    status = _config_problems(config)
    _warn_unread_profile_keys(config)
    _warn_later_default_profiles(config)
    _warn_later_default_choices(config)
    _warn_boolean_keys(config)
    for hook in config.unevaluated:
        say(f"note: not evaluated ({_why_unevaluated(hook)}): {hook}")
    named = config.hub.get("allow_named_servers")
    if any(servers) and not named:
        setting = "c.JupyterHub.allow_named_servers" if args.config else "hub.allowNamedServers"
        message = f"the hub does not allow named servers ({setting}); rendering them anyway"
        report(Finding(f"warning: {message}", message, "warning", setting=setting))
    spawns = hub_spawns(
        config,
        users or None,
        servers or ([""] if single else None),
        profile=args.profile,
        options=options,
        unlisted=unlisted,
        matrix=not single,
        namespace=args.namespace,
        pod_security=args.pod_security,
        pod_security_version=args.pod_security_version,
    )
    if single:
        return _render(spawns[0], args.output, status)
    for slug, name in untried_unlisted(config, unlisted, args.profile):
        say(
            f"note: profile {slug!r}, option {name!r}: the unlisted choice was not tried;"
            f" give a value with --unlisted {name}=VALUE"
        )
    listed = config.traits.get("profile_list")
    # every listed profile counts, those whose spawns all fail included (KubeSpawner
    # initializes the whole list: one broken profile fails them all)
    total = len(listed) if isinstance(listed, (list, dict)) and not args.profile else 0
    return max(status, _report_matrix(spawns, total))


def _error(text: str) -> None:
    """An error in the arguments, worded as argparse words its own."""
    report_error(f"{PROG} hub: error: {text}")


def _load(args: argparse.Namespace, set_values: Sequence[tuple[str, str]]) -> Any:
    """The hub's settings from the values files and options, or the configuration file."""
    if args.config is not None:
        from .._hub.pyconfig import config_file_spawner_config

        return config_file_spawner_config(args.config)
    from .._hub.chart import chart_spawner_config

    return chart_spawner_config(
        [path for given in args.values or [] for path in _helm_file_list(given)],
        args.values_path,
        args.release,
        args.namespace,
        run_extra_config=args.run_extra_config,
        set_values=set_values,
    )


def _helm_file_list(given: str) -> list[str]:
    """The files of one ``-f``: Helm splits it at commas, as a CSV record (``-f a,b``)."""
    return next(csv.reader([given]), [])


def _pairs(texts: Sequence[str], flag: str) -> dict[str, str] | None:
    pairs = {}
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals or not name:
            _error(f"{flag} takes NAME=VALUE, not {text!r}")
            return None
        pairs[name] = value
    return pairs


def _config_problems(config: Any) -> int:
    """Print what is wrong with the values themselves; EXIT_INVALID unless only warnings."""
    status = EXIT_OK
    for problem in config.problems:
        report(_config_finding(problem))
        if not problem.warning:
            status = EXIT_INVALID
    return status


def _warn_unread_profile_keys(config: Any) -> None:
    """Warn of each key of a profile, option or choice that KubeSpawner never reads."""
    from .._hub.config import ConfigProblem, setting_name
    from .._hub.profiles import unread_profile_keys

    for path, meant in unread_profile_keys(config.traits.get("profile_list")):
        hint = f"; did you mean {meant!r}?" if meant else ""
        detail = f"KubeSpawner does not read it (a custom profile_form_template may){hint}"
        setting = shorten(setting_name(path))
        unread = ConfigProblem(setting, "Unknown field", detail, config.origin(*path), True)
        report(_config_finding(unread))


def _warn_later_default_profiles(config: Any) -> None:
    """Warn of each profile marked default after the first one marked so."""
    from .._hub.config import ConfigProblem, setting_name
    from .._hub.profiles import later_defaults

    pairs = list(later_defaults(config.traits.get("profile_list")))
    for first, later in pairs:
        detail = (
            f"profile {_profile_name(later)} and profile {_profile_name(first)} "
            f"({shorten(setting_name(first.path))}) both have default: true; KubeSpawner "
            f"starts the first, {_profile_name(first)}, when no profile is chosen (a spawn "
            "through the REST API), while its spawn form pre-selects the last,"
            f" {_profile_name(pairs[-1][1])}, for a user who has not chosen a profile before"
        )
        path = (*later.path, "default")
        setting = shorten(setting_name(path))
        problem = ConfigProblem(setting, "Second default", detail, config.origin(*path), True)
        report(_config_finding(problem))


def _profile_name(profile: Any) -> str:
    """A profile in a message: its display name, or its slug where it has none."""
    name = profile.data.get("display_name")
    return shorten(repr(name if isinstance(name, str) else profile.slug))


def _warn_later_default_choices(config: Any) -> None:
    """Warn of each choice marked default after the first one so in the same option."""
    from .._hub.config import ConfigProblem, setting_name
    from .._hub.profiles import default_choices

    for profile, name, defaults in default_choices(config.traits.get("profile_list")):
        first, last = (shorten(repr(key)) for key in (defaults[0], defaults[-1]))
        option = (*profile.path, "profile_options", name)
        for later in defaults[1:]:
            detail = (
                f"choice {shorten(repr(later))} and choice {first}"
                f" ({shorten(setting_name((*option, 'choices', defaults[0])))}) of option"
                f" {shorten(repr(name))} of profile {_profile_name(profile)} both have"
                " default: true; KubeSpawner takes the first,"
                f" {first}, when no choice is given (a spawn through the REST API), while its"
                f" spawn form pre-selects the last, {last}"
            )
            path = (*option, "choices", later, "default")
            setting = shorten(setting_name(path))
            problem = ConfigProblem(setting, "Second default", detail, config.origin(*path), True)
            report(_config_finding(problem))


def _warn_boolean_keys(config: Any) -> None:
    """Warn of each variable name or choice key a values file's YAML made ``true``/``false``."""
    from .._hub.config import ConfigProblem, setting_name
    from .._hub.profiles import boolean_keys

    for path in boolean_keys(config.traits):
        origin = config.origin(*path)
        if not origin.yaml:
            continue  # written so in Python or on the command line: as meant
        spelled = "y, yes, on or true" if path[-1] == "true" else "n, no, off or false"
        what = "the variable is named" if path[0] == "environment" else "the choice's key is"
        detail = (
            f"YAML reads the key {spelled} unquoted as a boolean, so {what} {path[-1]!r};"
            " quote the key in the values file to keep it as written"
        )
        problem = ConfigProblem(shorten(setting_name(path)), "Boolean key", detail, origin, True)
        report(_config_finding(problem))


def _config_finding(problem: Any) -> Finding:
    """A problem with the values themselves: ``file:line: setting: reason: detail``."""
    origin = problem.origin
    message = f"{problem.setting}: {problem.reason}: {problem.detail}"
    return Finding(
        ("warning: " if problem.warning else "") + str(problem),
        message if origin.file is not None else str(problem),
        "warning" if problem.warning else "error",
        origin.file,
        origin.line,
        reason=problem.reason,
        detail=problem.detail,
        setting=problem.setting,
    )


def _finding(spawn: Any, problem: Any, more: str = "", *, warning: bool = False) -> Finding:
    """``file:line: spawn: problem`` where the setting's values key is known, else the
    problem with its origin (the chart's default) at the end; a ``warning`` says so first."""
    origin = problem.origin
    if origin is not None and origin.file is not None:
        message = f"{spawn.name}: {problem.text()}{more}"
        text = f"{origin}: {message}"
    else:
        text = message = f"{spawn.name}: {problem}{more}"
    return Finding(
        f"warning: {text}" if warning else text,
        message,
        "warning" if warning else "error",
        file=origin.file if origin is not None else None,
        line=origin.line if origin is not None else None,
        kind=problem.kind or None,
        where=spawn.name,
        path=problem.path or None,
        reason=problem.reason,
        detail=problem.detail or None,
        setting=problem.setting,
    )


def _render(spawn: Any, output: str, status: int) -> int:
    """Print the spawn's objects, unless it (or the values, ``status``) has a problem;
    its warnings are printed and do not stop it."""
    for warning in spawn.warnings:
        report(_finding(spawn, warning, warning=True))
    for problem in spawn.problems:
        report(_finding(spawn, problem))
    if spawn.problems or status != EXIT_OK:
        return EXIT_INVALID
    if output == "json":
        listing = {"apiVersion": "v1", "kind": "List", "items": spawn.objects}
        write_output(json_document(listing))
    else:
        write_output("---\n".join(dump_yaml(manifest) for manifest in spawn.objects))
    return EXIT_OK


def _report_matrix(spawns: Sequence[Any], listed: int = 0) -> int:
    """One line per distinct warning, then per distinct problem (each with the first spawn
    that has it), then a summary counting the ``listed`` profiles (or those tried, if more)
    and how many of them no spawn could render; warnings do not make the spawns fail.

    Problems at the same field, of the same kind, from the same setting are one problem:
    they differ only in the names each user's spawn holds.
    """
    warned = _distinct(spawns, "warnings")
    seen = _distinct(spawns, "problems")
    for spawn, problem, more in warned:
        report(_finding(spawn, problem, more, warning=True))
    for spawn, problem, more in seen:
        report(_finding(spawn, problem, more))
    failing = sum(1 for spawn in spawns if spawn.problems)
    tried = {spawn.profile or spawn.user_options.get("profile") for spawn in spawns}
    rendered = {
        spawn.profile or spawn.user_options.get("profile") for spawn in spawns if spawn.objects
    }
    profiles = max(len(tried), listed)
    users = len({spawn.user for spawn in spawns})
    servers = len({spawn.server for spawn in spawns})
    counts = ", ".join(
        (_count(profiles, "profile"), _count(users, "user"), _count(servers, "server"))
    )
    if len(rendered) < profiles:
        counts += f"; {_count(profiles - len(rendered), 'profile')} could not be rendered"
    warnings = f", {_count(len(warned), 'warning')}" if warned else ""
    say(
        f"{_count(len(spawns), 'spawn')} checked ({counts}):"
        f" {_count(len(seen), 'problem')} in {_count(failing, 'spawn')}{warnings}"
    )
    return EXIT_INVALID if seen else EXIT_OK


def _distinct(spawns: Sequence[Any], which: str) -> list[tuple[Any, Any, str]]:
    """Each distinct problem of the list ``which`` of the spawns: the first spawn that has
    it, the problem, and how many more spawns have it, in words."""
    seen: dict[Any, list[Any]] = {}
    for spawn in spawns:
        for problem in getattr(spawn, which):
            key = (problem.kind, problem.path, problem.reason, problem.setting, problem.origin)
            seen.setdefault(key, []).append((spawn, problem))
    distinct = []
    for found in seen.values():
        others = len(found) - 1
        more = f" (and {others} more spawn{'s' if others > 1 else ''})" if others else ""
        distinct.append((*found[0], more))
    return distinct


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

"""How the command reports problems: ``--problems text|json|github``.

``text`` is one line a problem, ``file:line: where: problem`` (the default);
``json`` one JSON object a line with each part in its own key; ``github`` a
GitHub Actions workflow command a problem, which GitHub shows as an annotation
on the file and line. All go to standard error. Every part written is escaped
as its format needs, so that what the input holds (a name with a line break,
``::error``) cannot write a line or an annotation of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .._core.documents import STDIN, source_name
from .output import (
    PROG,
    PROPERTY_ESCAPES,
    escape,
    json_line,
    problem_format,
    say,
    workflow_command,
    write_error_line,
)


@dataclass(frozen=True)
class Finding:
    """One problem as the command reports it.

    Attributes:
      text: the whole line of the text format, as the command has always written it.
      message: the problem without its file and line: an annotation's message.
      severity: ``error`` (the exit status says invalid or unusable) or ``warning``.
      file, line: where the problem was written, where known (line numbers from 1).
      kind, name: the object's kind and ``metadata.name``, where known.
      where: the document, config entry or spawn, as the text line names it.
      path: the field path in the object; reason: the API server's kind of problem
        (``Invalid value``, ...); detail: what is wrong, in words.
      value: the offending value as the text line shows it.
      parameter: the ``make_*`` parameter it came from (``render``).
      setting: the values key or KubeSpawner setting it came from (``hub``).
    """

    text: str
    message: str
    severity: str = "error"
    file: str | None = None
    line: int | None = None
    kind: str | None = None
    name: str | None = None
    where: str | None = None
    path: str | None = None
    reason: str | None = None
    detail: str | None = None
    value: str | None = None
    parameter: str | None = None
    setting: str | None = None


def report(finding: Finding) -> None:
    """Write ``finding`` on standard error in the chosen format."""
    chosen = problem_format()
    if chosen == "json":
        fields = asdict(finding)
        del fields["text"]
        write_error_line(json_line({"severity": fields.pop("severity"), **fields}))
    elif chosen == "github":
        write_error_line(_github_command(finding))
    else:
        say(finding.text)


def report_error(text: str) -> None:
    """Report ``text``, an error of the command's arguments or environment, as a problem."""
    report(Finding(text, text))


def _github_command(finding: Finding) -> str:
    """``::error file=F,line=L,title=T::message`` (``::warning`` for a warning); without a
    file to point at (standard input), the message keeps the text line's location."""
    properties = []
    message = finding.text
    if finding.file is not None and finding.file != source_name(STDIN):
        properties.append(f"file={escape(finding.file, PROPERTY_ESCAPES)}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
        message = finding.message
    title = finding.reason or PROG
    properties.append(f"title={escape(title, PROPERTY_ESCAPES)}")
    return workflow_command(finding.severity, ",".join(properties), message)

"""Where text would make GitHub Actions run a workflow command if a CI log showed it.

The runner (actions/runner, ``ActionCommand.TryParseV2`` and ``TryParse``) runs a command
from a line that starts, after white space, with ``::``, and from a line holding ``##[``
anywhere (the older syntax). The YAML writer quotes such text and the command's output
escapes it; both find it with :data:`WORKFLOW_COMMAND`.
"""

from __future__ import annotations

import re

# Group 1 is the white space before a line's "::" (None where "##[" matched); the first
# ":" alone is matched, so that escaping it leaves the rest of the line as written.
WORKFLOW_COMMAND = re.compile(r"^(\s*):(?=:)|##\[", re.MULTILINE)

"""No environment variables as a channel between our own modules: ``helpers/`` reads the environment only where the
value comes from outside the project, each place listed here with its reason.

The report runner tells a notebook's kernel how to display output through the ``DISPLAY`` papermill parameter (see
``test_reports.py``), not through a variable it sets and the kernel reads back. The scan looks at Python names
(``os.environ``, ``getenv``, ``putenv``, ``unsetenv``, ``from os import environ``), not at comments or docstrings.
"""
from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from helpers import charts, settings
from helpers.paths import PROJECT_ROOT

HELPERS_DIR = PROJECT_ROOT / "helpers"
ENV_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
# file (relative to the project) -> (the only line allowed to name the environment there, or None for any; why)
EXTERNAL_READS = {
    "helpers/settings.py": (None, "user-facing configuration (ARTICLE_PROFILER_MODEL, ARTICLE_PROFILER_CACHE), read "
                                  "once into Settings, which then travels as an argument and as the SETTINGS parameter"),
    "helpers/charts.py": ('return "live" if os.environ.get(JUPYTER_SESSION_ENV) else "stored"',
                          "Jupyter's own JPY_SESSION_NAME, set by jupyter_server (never by us) for the kernels JupyterLab "
                          "starts: how DISPLAY=None knows the notebook is open in JupyterLab"),
}


def _environment_uses(path: Path) -> list[tuple[int, str]]:
    """(line number, stripped line) of every Python name in ``path`` that reads or writes the process environment."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NAME and token.string in ENV_NAMES:
            found.append((token.start[0], lines[token.start[0] - 1].strip()))
    return found


def test_helpers_read_the_environment_only_for_values_from_outside():
    unexpected = []
    for path in sorted(HELPERS_DIR.rglob("*.py")):
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        allowed_line, _why = EXTERNAL_READS.get(rel, ("", ""))
        for number, line in _environment_uses(path):
            if rel in EXTERNAL_READS and (allowed_line is None or line == allowed_line):
                continue
            unexpected.append(f"{rel}:{number}: {line}")
    assert not unexpected, ("helpers/ uses the environment outside the places listed in EXTERNAL_READS; pass the value "
                            "as an argument or a notebook parameter instead:\n" + "\n".join(unexpected))


def test_the_allowed_reads_exist_and_read_what_they_say():
    """The list is not stale (each entry still matches code), so the scan above is not vacuous."""
    for rel, (allowed_line, _why) in EXTERNAL_READS.items():
        uses = _environment_uses(PROJECT_ROOT / rel)
        assert uses, f"{rel} no longer reads the environment: remove it from EXTERNAL_READS"
        if allowed_line is not None:
            assert [line for _n, line in uses] == [allowed_line], f"{rel}: {uses}"
    assert charts.JUPYTER_SESSION_ENV == "JPY_SESSION_NAME"


def test_every_article_profiler_variable_named_in_helpers_is_a_setting():
    """The only ARTICLE_PROFILER_* variables the package knows are the user's settings (the tests have their own opt-outs)."""
    names = set()
    for path in HELPERS_DIR.rglob("*.py"):
        names |= set(re.findall(r"\bARTICLE_PROFILER_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert names == {settings.MODEL_ENV, settings.CACHE_ENV}

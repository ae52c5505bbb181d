"""The loader on hostile inputs: colliding ids, mojibake, special files, broken table exports, tiny texts, the memo.

Every case is built in a tmp folder. The rule under test: every input gets exactly one row (per table row or
line) with a status and, when something is wrong, an `error` sentence saying what to do.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
from pathlib import Path

import pandas as pd
import pytest

import helpers.load as load
from helpers import load_articles
from helpers.paths import SEEDS_DIR

STORY = ("Storm closes schools across the region\n\nHeavy snow closed hundreds of schools on Monday, officials said, "
         "and more is expected overnight.\n\nThe weather service warned drivers to stay off the roads until Tuesday.\n")
CURLY = ("Minister resigns over contracts\n\nThe president’s spokesman said on Monday that the minister had “done "
         "nothing wrong” but would resign.\n\nOpposition leaders said the resignation came far too late for voters.\n")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _story(tag: str) -> str:
    """A distinct English story, so that copies are not flagged as duplicates."""
    return STORY.replace("Monday", f"Monday ({tag})")


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _by_path(arts: pd.DataFrame) -> pd.DataFrame:
    return arts.set_index("path")


@pytest.fixture
def no_hang():
    """Fail a test (instead of hanging the suite) if the loader blocks on a pipe for more than 20 seconds."""
    def _timeout(signum, frame):
        raise TimeoutError("load_articles blocked: a FIFO was opened")

    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# --- 1. ids unique by construction --------------------------------------------------------------------------------

def test_ids_follow_corpus_paths_and_never_collide(tmp_path):
    for name in ("a-2.txt", "x/a.txt", "y/a.txt", "a.txt", "a.html", "a.html.txt", "t-1.txt"):
        _write(tmp_path / name, _story(name) if not name.endswith(".html") else f"<html><body><p>{_story(name)}</p></body></html>")
    pd.DataFrame({"id": ["1", "1", "x/y"], "text": [_story(f"row {i}") for i in range(3)]}).to_csv(tmp_path / "t.csv", index=False)
    arts = load_articles(tmp_path)
    ids = dict(zip(arts.path.map(lambda p: os.path.relpath(p, tmp_path)), arts.article_id))
    assert ids["a-2.txt"] == "a-2" and ids["x/a.txt"] == "x/a" and ids["y/a.txt"] == "y/a"
    assert ids["a.txt"] == "a.txt" and ids["a.html.txt"] == "a.html"  # a.txt and a.html share a stem: both keep their suffix
    assert ids["a.html"] not in {"a", "a.html"}  # its suffixed id would equal a.html.txt's id, so it is numbered
    assert ids["t-1.txt"] != "t-1" and ids["t.csv#row=2"] == "t-x_y"  # row ids never equal a file's id; `/` in a row id is made safe
    assert arts.article_id.is_unique and len(arts) == 7 + 3


def test_ids_do_not_depend_on_input_order(tmp_path):
    files = [_write(tmp_path / name, _story(name)) for name in ("a.txt", "a.md", "sub/a.txt", "b.txt")]
    first = load_articles(files).set_index("path").article_id
    second = load_articles(files[::-1]).set_index("path").article_id
    assert first.to_dict() == second.to_dict()
    assert first[str(tmp_path / "sub/a.txt")] == "sub/a" and first[str(tmp_path / "b.txt")] == "b"
    assert load_articles(files[0]).article_id.tolist() == ["a"]  # a single file: its stem


def test_seed_and_top_level_ids_keep_their_stem():
    assert load_articles(SEEDS_DIR).article_id.tolist() == ["000_4eff886acbd5aaa1"]


# --- 2. mojibake ----------------------------------------------------------------------------------------------------

def test_stray_byte_in_utf8_is_replaced_not_mojibake(tmp_path):
    data = CURLY.encode("utf-8").replace(b"far too late", b"far too \xfflate")
    row = load_articles(_write(tmp_path / "stray.txt", data)).iloc[0]
    assert row.status == "ok" and row.encoding == "utf-8"
    assert "president’s" in row.raw_text and "‚Äô" not in row.raw_text and "\ufffd" in row.raw_text
    assert "1 invalid byte was replaced" in row.error


def test_latin1_and_code_pages_decode_to_the_right_letters(tmp_path):
    texts = {
        "latin1_fr.txt": ("The naïve plan\n\nThe naïve plan was criticised by café owners on Monday, who said it was too late.\n", "latin-1", "naïve"),
        "latin1_es.txt": ("Reforma aprobada\n\nEl gobierno aprobó el año pasado una reforma que según los expertos no tendrá efecto.\n", "latin-1", "año"),
        "cz.txt": ("Nový zákon\n\nVláda schválila nový zákon o daních, řekl ministr financí. Poslanci hlasovali pro změnu v úterý večer.\n", "cp1250", "řekl"),
        "tr.txt": ("Vergi yasası\n\nHükümet yeni vergi yasasını onayladı, dedi maliye bakanı. Milletvekilleri salı akşamı oy kullandı.\n", "cp1254", "akşamı"),
    }
    for name, (text, enc, _) in texts.items():
        _write(tmp_path / name, text.encode(enc))
    arts = load_articles(tmp_path, english_only=False).set_index("article_id")
    for name, (_, _, word) in texts.items():
        row = arts.loc[name.removesuffix(".txt")]
        assert word in row.raw_text, (name, row.encoding, row.raw_text[:80])
        assert row.status == "ok" and row.encoding in row.error and "guess" in row.error  # a lossy guess always says so
    assert arts.loc["latin1_fr", "encoding"] == "cp1252" and "naďve" not in arts.loc["latin1_fr", "raw_text"]


def test_weak_or_mixed_guess_is_a_decode_error(tmp_path):
    _write(tmp_path / "noise.txt", bytes(range(1, 256)) * 12)
    # 36 valid curly quotes, 24 Latin-1 bytes: too many to be stray bytes, too much UTF-8 for a code page
    mixed = (CURLY * 12).encode("utf-8") + ("Le président a déclaré que la réforme était nécessaire. " * 4).encode("latin-1")
    _write(tmp_path / "mixed.txt", mixed)
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.loc["noise", "status"] == "decode-error" and "could not be recognised" in arts.loc["noise", "error"]
    assert arts.loc["mixed", "status"] == "decode-error" and "mixes UTF-8" in arts.loc["mixed", "error"]
    assert (arts.error.str.len() > 30).all()


def test_no_lossy_guess_is_ok_without_a_note(tmp_path):
    for i, (text, enc) in enumerate([(STORY.replace("said", "saïd"), "latin-1"), (CURLY, "cp1252"), (STORY + "ÿ", "latin-1"),
                                     ("Переговоры в Женеве. Делегации России и Украины встретились в Женеве сегодня.", "cp1251")]):
        _write(tmp_path / f"f{i}.txt", text.encode(enc))
    arts = load_articles(tmp_path, english_only=False)
    guessed = arts[~arts.encoding.isin(["utf-8", "utf-16", ""])]
    assert len(guessed) == 4
    assert all(enc in err for enc, err in zip(guessed.encoding, guessed.error))


# --- 3. inputs with no row ------------------------------------------------------------------------------------------

def test_special_files_and_links_each_get_a_row(tmp_path, monkeypatch, no_hang):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    _write(corpus / "good.txt", _story("good"))
    _write(corpus / "sub" / "inner.txt", _story("inner"))
    _write(outside / "far.txt", _story("far"))
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "broken.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    (corpus / "sub" / "up").symlink_to(corpus, target_is_directory=True)  # a loop
    (corpus / "again").symlink_to(corpus / "sub", target_is_directory=True)  # a second way into sub
    (corpus / "far").symlink_to(outside, target_is_directory=True)  # a linked folder: followed once
    (corpus / "far2").symlink_to(outside, target_is_directory=True)
    (corpus / "null").symlink_to("/dev/null")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock"))
    opened = []
    real_open = load._open_file
    monkeypatch.setattr(load, "_open_file", lambda p: opened.append(Path(p).name) or real_open(p))
    try:
        arts = load_articles(corpus).set_index("article_id")
    finally:
        sock.close()
    expect = {"good": "ok", "sub/inner": "ok", "far/far": "ok", "far2": "not-a-file", "pipe": "not-a-file",
              "broken": "not-a-file", "self": "not-a-file", "sub/up": "not-a-file", "again": "not-a-file",
              "null": "not-a-file", "sock": "not-a-file"}
    assert arts.index.is_unique and arts.status.to_dict() == expect
    assert (arts.loc[arts.status != "ok", "error"].str.len() > 30).all()
    assert arts.loc["pipe", "format"] == "fifo" and arts.loc["null", "format"] == "device"
    assert "loop" in arts.loc["self", "error"] and "already read" in arts.loc["sub/up", "error"]
    assert sorted(opened) == ["far.txt", "good.txt", "inner.txt"]  # FIFOs, devices and sockets are never opened


def test_fifo_as_the_source_gives_one_row_without_hanging(tmp_path, no_hang):
    os.mkfifo(tmp_path / "pipe")
    arts = load_articles(tmp_path / "pipe")
    assert arts[["article_id", "status"]].values.tolist() == [["pipe", "not-a-file"]]
    assert "named pipe" in arts.error.iloc[0]


def test_broken_link_as_the_source_gives_one_row(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    arts = load_articles(tmp_path / "gone.txt")
    assert arts.status.tolist() == ["not-a-file"] and "broken link" in arts.error.iloc[0]


def _deny(monkeypatch, module, name: str, targets: set[Path]) -> None:
    """Make ``module.<name>`` raise PermissionError for ``targets`` (tests run as root, who can read 0o000 files)."""
    real = getattr(module, name)

    def fake(path, *args, **kwargs):
        if Path(path) in targets:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(module, name, fake)


def test_unreadable_file_and_folder_get_rows_monkeypatched(tmp_path, monkeypatch):
    _write(tmp_path / "good.txt", _story("good"))
    _write(tmp_path / "secret.txt", _story("secret"))
    _write(tmp_path / "table.csv", "text\n" + _story("row").replace("\n", " ") + "\n")
    _write(tmp_path / "locked" / "inside.txt", _story("inside"))
    _deny(monkeypatch, load, "_open_file", {tmp_path / "secret.txt", tmp_path / "table.csv"})  # the read fails, not the stat
    _deny(monkeypatch, os, "scandir", {tmp_path / "locked"})
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.status.to_dict() == {"good": "ok", "locked": "unreadable", "secret": "unreadable", "table": "unreadable"}
    assert "Permission denied" in arts.loc["secret", "error"] and "chmod" in arts.loc["secret", "error"]
    assert arts.loc["locked", "format"] == "folder" and "chmod a+rx" in arts.loc["locked", "error"]


@pytest.mark.skipif(IS_ROOT, reason="root reads 0o000 files and folders; the monkeypatched test above covers this case")
def test_unreadable_file_and_folder_get_rows_chmod(tmp_path):
    _write(tmp_path / "secret.txt", _story("secret")).chmod(0)
    _write(tmp_path / "locked" / "inside.txt", _story("inside"))
    (tmp_path / "locked").chmod(0)
    try:
        arts = load_articles(tmp_path).set_index("article_id")
    finally:
        (tmp_path / "locked").chmod(stat.S_IRWXU)
        (tmp_path / "secret.txt").chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert arts.status.to_dict() == {"locked": "unreadable", "secret": "unreadable"}


# --- 4. table exports -----------------------------------------------------------------------------------------------

def test_table_over_max_bytes_is_read_and_each_big_row_flagged(tmp_path):
    big = "The council met on Monday and said it would decide later. " * 3500  # about 200 KB in one cell
    rows = {"id": ["small", "big", "other"], "text": [_story("small"), big, _story("other")]}
    pd.DataFrame(rows).to_csv(tmp_path / "export.csv", index=False)
    arts = load_articles(tmp_path, max_bytes=150_000).set_index("article_id")
    assert arts.status.to_dict() == {"export-small": "ok", "export-big": "too-large", "export-other": "ok"}
    assert "max_bytes" in arts.loc["export-big", "error"]
    assert load_articles(tmp_path).status.tolist() == ["ok", "ok", "ok"]  # a 200 KB cell loads with the defaults
    whole = load_articles(tmp_path, max_table_bytes=1000)
    assert whole.status.tolist() == ["too-large"] and "max_table_bytes" in whole.error.iloc[0]


def test_jsonl_bad_lines_each_get_a_row_and_good_lines_load(tmp_path):
    lines = [json.dumps({"id": "a", "text": _story("a")}), "{not json", "42", "[1, 2]", "",
             json.dumps({"title": "no text here"}), json.dumps({"text": ""}), json.dumps({"id": "b", "text": _story("b")})]
    _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    arts = _by_path(load_articles(tmp_path))
    p = str(tmp_path / "feed.jsonl")
    assert arts.status.to_dict() == {f"{p}#line=1": "ok", f"{p}#line=2": "decode-error", f"{p}#line=3": "decode-error",
                                     f"{p}#line=4": "decode-error", f"{p}#line=6": "no-body", f"{p}#line=7": "empty",
                                     f"{p}#line=8": "ok"}
    assert "not valid JSON" in arts.loc[f"{p}#line=2", "error"] and "a number (42)" in arts.loc[f"{p}#line=3", "error"]
    assert arts.loc[f"{p}#line=1", "article_id"] == "feed-a" and arts.article_id.is_unique


def test_json_scalar_and_non_object_items_get_rows(tmp_path):
    _write(tmp_path / "number.json", "42")
    _write(tmp_path / "mixed.json", json.dumps([{"text": _story("one")}, 42, "a string", None, [1], {"text": _story("two")}]))
    _write(tmp_path / "broken.json", '{"text": "unfinished')
    _write(tmp_path / "z_lines.json", json.dumps({"text": _story("l1")}) + "\n" + json.dumps({"text": _story("l2")}) + "\n")
    arts = load_articles(tmp_path)
    assert arts.status.tolist() == ["decode-error", "ok", "decode-error", "decode-error", "decode-error", "decode-error",
                                    "ok", "decode-error", "ok", "ok"]
    assert arts.path.iloc[-1].endswith("z_lines.json#line=2")  # JSON Lines saved as .json is read line by line
    assert (arts.loc[arts.status != "ok", "error"].str.len() > 30).all()
    assert arts.path.iloc[1].endswith("mixed.json#row=0")


def test_empty_text_cell_is_empty_not_no_body(tmp_path):
    _write(tmp_path / "cells.csv", f'title,text\nA title,\nOther,"{_story("x")}"\n')
    arts = load_articles(tmp_path)
    assert arts.status.tolist() == ["empty", "ok"]
    assert "empty" in arts.error.iloc[0]


def test_tsv_unterminated_quote_does_not_swallow_rows(tmp_path):
    one, two, three = (_story(t).replace("\n", " ") for t in ("one", "two", "three"))
    rows = ["id\ttext", f'a\t"He said it would never happen. {one}', f"b\t{two}", f'c\t"{three}"'.replace("Heavy", 'Heavy ""wet""')]
    _write(tmp_path / "export.tsv", "\n".join(rows) + "\n")
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.status.to_dict() == {"export-a": "ok", "export-b": "ok", "export-c": "ok"}
    assert arts.loc["export-a", "raw_text"].startswith('"He said')
    assert 'Heavy "wet" snow' in arts.loc["export-c", "raw_text"]  # an exporter's quoting is undone


def test_csv_unterminated_quote_is_reported_and_the_rows_after_it_load(tmp_path):
    body = [_story(t).replace("\n", " ").strip() for t in ("one", "two", "three")]
    _write(tmp_path / "export.csv", f'id,text\na,"{body[0]}"\nb,"unterminated {body[1]}\nc,{body[2]}\nd,"{body[0]} again"\n')
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.status.to_dict() == {"export-a": "ok", "export-1": "decode-error", "export-c": "ok", "export-d": "ok"}
    assert "line 3" in arts.loc["export-1", "error"] and arts.loc["export-1", "path"].endswith("export.csv#row=1")


def test_table_rows_with_invalid_bytes_are_noted(tmp_path):
    data = ("id,text\n1," + CURLY.replace("\n", " ") + "\n2," + _story("b").replace("\n", " ") + "\n").encode("utf-8")
    _write(tmp_path / "export.csv", data.replace(b"resign.", b"resign\xff."))
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.status.tolist() == ["ok", "ok"]
    assert "\ufffd" in arts.loc["export-1", "raw_text"] and "1 invalid byte" in arts.loc["export-1", "error"]
    assert "invalid" not in arts.loc["export-2", "error"]


def test_table_in_a_code_page_notes_every_row(tmp_path):
    text = "id,text\na," + STORY.replace("\n", " ").replace("Storm", "Café storm") + "\nb," + _story("b").replace("\n", " ") + "\n"
    _write(tmp_path / "old.csv", text.encode("cp1252"))
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.status.tolist() == ["ok", "ok"] and (arts.encoding == "cp1252").all()
    assert "Café storm" in arts.loc["old-a", "raw_text"] and arts.error.str.contains("Decoded as cp1252").all()


# --- 5. small statuses ----------------------------------------------------------------------------------------------

def test_short_texts_are_ok_with_undetermined_language(tmp_path):
    _write(tmp_path / "one.txt", "Hello")
    _write(tmp_path / "few.txt", "Ceasefire holds\n\nTalks resume tomorrow.")
    arts = load_articles(tmp_path).set_index("article_id")
    assert arts.status.to_dict() == {"few": "ok", "one": "ok"}
    assert (arts.language == "und").all()
    assert arts.error.str.contains("too short to tell").all()


def test_invisible_only_files_are_empty(tmp_path):
    for name, data in {"bom": b"\xef\xbb\xbf", "nbsp": "\u00a0\u00a0\n\u00a0".encode(), "control": b"\x01\x02\x1f\x7f",
                       "zero_width": "\u200b\u200d".encode(), "bom_16": "\ufeff".encode("utf-16")}.items():
        _write(tmp_path / f"{name}.txt", data)
    arts = load_articles(tmp_path)
    assert set(arts.status) == {"empty"}
    assert (arts.error.str.len() > 30).all()


# --- the memo -------------------------------------------------------------------------------------------------------

def test_memo_gives_the_same_frame_and_skips_the_work(tmp_path, monkeypatch):
    _write(tmp_path / "plain.txt", _story("plain"))
    _write(tmp_path / "old.txt", CURLY.encode("cp1252"))
    _write(tmp_path / "page.html", f"<html><head><title>Port strike</title></head><body><p>{_story('page')}</p></body></html>")
    _write(tmp_path / "russian.txt", "Переговоры в Женеве. Делегации России и Украины встретились в Женеве сегодня утром.")
    pd.DataFrame({"text": [_story("r1"), "Short one"]}).to_csv(tmp_path / "rows.csv", index=False)
    memo: dict[str, str] = {}
    cold = load_articles(tmp_path, memo=memo)
    assert memo and all(isinstance(v, str) for v in memo.values())
    calls = []
    for name in ("decode_bytes", "detect_language", "extract_html", "find_front_matter"):
        real = getattr(load, name)
        monkeypatch.setattr(load, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    warm = load_articles(tmp_path, memo=memo)
    assert calls == []
    pd.testing.assert_frame_equal(cold, warm)
    pd.testing.assert_frame_equal(cold, load_articles(tmp_path))

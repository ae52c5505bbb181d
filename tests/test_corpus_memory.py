"""What keeps a corpus run's memory flat: compressed payloads in the parent, per-step gathering, streamed compaction."""
from __future__ import annotations

import json
import sys

import pytest

from helpers.actors import mentions_for_article
from helpers.cache import CacheWarning, StepCache
from helpers.corpus import Payloads, _GatheredColumns, entry_key, gather_columns, release_free_memory
from helpers.dataflow import Columns
from helpers.nlp import ParsedArticle, ParsedParagraph, load_nlp
from helpers.steps import Step


def _step(name: str, row_id: str | None = None) -> Step:
    return Step(name=name, run=lambda inp: [], frame=lambda columns, built: None, row_id=row_id)


def test_payloads_keep_compressed_text_and_decode_on_read():
    payloads = Payloads()
    block = {"text": ["The minister said so."] * 200, "score": [1.5] * 200, "flag": [None] * 200}
    text = json.dumps(block)
    payloads.put("s:a", text)
    payloads.put("s:b", json.dumps({"text": ["caf\u00e9 \ud83d\ude00"]}, ensure_ascii=False))
    assert payloads["s:a"] == block
    assert payloads["s:b"] == {"text": ["caf\u00e9 \ud83d\ude00"]}
    assert "s:a" in payloads and "s:c" not in payloads and len(payloads) == 2 and set(payloads) == {"s:a", "s:b"}
    assert payloads.nbytes() < len(text) / 5
    payloads.put("s:a", json.dumps({"text": ["again"]}))  # a later put replaces
    assert payloads["s:a"] == {"text": ["again"]}


def test_gathered_columns_match_the_row_by_row_gather_and_decode_per_step():
    steps = [_step("one"), _step("two", row_id="row_id")]
    keys = {"one": "k1", "two": "k2"}
    akeys = {"art-1": "x", "art-2": "y", "art-3": "x"}  # art-3 has art-1's content: the same entries
    blocks = {"one": {"x": {"v": [1, 2]}, "y": {}}, "two": {"x": {"w": ["a"]}, "y": {"w": ["b"], "z": [True]}}}
    payloads = Payloads()
    for name, by_key in blocks.items():
        for ak, block in by_key.items():
            payloads.put(entry_key(keys[name], ak), json.dumps(block))
    for step in steps:
        expected = Columns(step.row_id)
        for aid, ak in akeys.items():
            expected.extend(blocks[step.name][ak], aid)
        assert gather_columns(step, keys[step.name], akeys, payloads) == expected.columns
    columns = _GatheredColumns(steps, keys, akeys, payloads)
    assert list(columns) == ["one", "two"] and len(columns) == 2
    two = columns["two"]
    assert two["row_id"] == ["art-1:000", "art-2:000", "art-3:000"] and two["z"] == [None, True, None]
    assert columns["two"] == two and columns["two"] is not two  # decoded afresh on each access, never kept
    with pytest.raises(KeyError):
        columns["three"]


def test_get_many_can_return_the_json_text_and_still_drops_a_bad_part(tmp_path):
    cache = StepCache(tmp_path / "cache")
    cache.prepare()
    cache.put("k1", "s", '{"i": [1]}')
    cache.flush()
    assert cache.get_many({"k1"}, decode=False) == {"k1": '{"i": [1]}'}
    assert cache.get_many({"k1"}) == {"k1": {"i": [1]}}
    cache.put("k2", "s", '{"i": [2')  # truncated JSON
    cache.flush()
    with pytest.warns(CacheWarning, match=r"part-.*parquet"):
        assert cache.get_many({"k2"}, decode=False) == {}


def test_compaction_streams_parts_keeping_the_first_entry_of_each_key(tmp_path):
    cache = StepCache(tmp_path / "cache")
    cache.prepare()
    for i in range(30):
        cache.write_part([(f"k{i}", "s", json.dumps({"i": [i]})), ("dup", "s", json.dumps({"first": [i]}))])
    cache.compact(min_parts=24)
    parts = list((tmp_path / "cache").glob("part-*.parquet"))
    assert len(parts) == 1 and cache.written_parts == set(parts)
    assert cache.get_many({"k0", "k29", "dup"}) == {"k0": {"i": [0]}, "k29": {"i": [29]}, "dup": {"first": [0]}}
    assert cache.info().entries == {"s": 31}
    assert not list((tmp_path / "cache").glob(".tmp-*"))


def test_compaction_of_only_unreadable_parts_leaves_no_empty_part(tmp_path):
    cache = StepCache(tmp_path / "cache")
    cache.prepare()
    for i in range(3):
        (tmp_path / "cache" / f"part-{i:020d}-bad.parquet").write_bytes(b"not parquet")
    with pytest.warns(CacheWarning):
        cache.compact(min_parts=1)
    assert not list((tmp_path / "cache").glob("part-*.parquet")) and not cache.written_parts


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_free_memory_hands_back_the_heap_on_linux():
    assert release_free_memory() is True


def test_mention_sentences_are_numbered_as_parsed_article_sentences():
    nlp = load_nlp()
    paragraphs = ["Angela Merkel met Emmanuel Macron in Berlin. They spoke for an hour.",
                  "Later, Macron flew to Paris. Merkel stayed in Berlin with Olaf Scholz."]
    raw = "\n\n".join(paragraphs)
    parsed = ParsedArticle("a1", raw)
    start = 0
    for i, text in enumerate(paragraphs):
        parsed.paragraphs.append(ParsedParagraph(i, start, nlp(text)))
        start += len(text) + 2
    sentence_of = {}
    for para in parsed.paragraphs:
        for _p, k, sent in (s for s in parsed.sentences() if s[2].doc is para.doc):
            for token in sent:
                sentence_of[para.start + token.idx] = k
    rows = mentions_for_article(parsed)
    assert rows and max(r["sentence"] for r in rows) == 3
    for row in rows:
        assert row["sentence"] == sentence_of[row["start"]], row


_ALLOCATOR_PROBE = r"""
import ctypes, sys

class Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = Mallinfo2
SIZE = int(sys.argv[1])

def mapped_after_malloc(size):
    before = libc.mallinfo2().hblkhd
    block = libc.malloc(size)
    mapped = libc.mallinfo2().hblkhd - before
    libc.free(block)
    return mapped

eager = mapped_after_malloc(SIZE)  # before any project import, on a young heap with no free chunk this large
from helpers.memory import relax_eager_trimming
assert relax_eager_trimming() is True
print(eager, mapped_after_malloc(SIZE))
"""


def test_relaxed_trimming_serves_a_large_block_from_the_heap_in_a_dask_like_worker():
    """A process started as Dask's nanny starts workers (MALLOC_TRIM_THRESHOLD_=65536) maps every large block
    separately (glibc's fixed 128 KB mmap threshold); after relax_eager_trimming the block comes from the heap, as with
    glibc's own dynamic thresholds. The block is 16 MB, far above the fixed threshold and below the relaxed one (32 MB),
    so that no free chunk left in the heap by the interpreter's start can serve it before the change (a 1 MB probe was
    served from such a chunk on another machine)."""
    import ctypes
    import os
    from pathlib import Path
    import subprocess
    import sys

    if not hasattr(ctypes.CDLL("libc.so.6"), "mallinfo2"):
        pytest.skip("needs glibc >= 2.33 (mallinfo2)")
    size = 16 << 20
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "GLIBC_TUNABLES"))}
    env["MALLOC_TRIM_THRESHOLD_"] = "65536"
    out = subprocess.run([sys.executable, "-c", _ALLOCATOR_PROBE, str(size)], env=env, capture_output=True, text=True,
                         check=True, cwd=str(Path(__file__).resolve().parent.parent)).stdout.split()
    eager_mapped, relaxed_mapped = int(out[0]), int(out[1])
    assert eager_mapped >= size
    assert relaxed_mapped == 0


def test_forget_word_caches_empties_the_per_word_memos():
    """What a renewed worker forgets: textstat's per-word memo, pyphen's hyphenation cache and the name look-ups."""
    import pyphen

    from helpers.actor_gender import nqg_lookup
    from helpers.memory import forget_word_caches
    from helpers.readability import use_word_memo
    from helpers.textstat_offline import use_offline_cmudict

    textstat = use_offline_cmudict()
    use_word_memo()
    from textstat.backend.counts import _count_syllables

    assert textstat.syllable_count("Brzezinski") > 0 and textstat.syllable_count("unremembered") > 0
    nqg_lookup("Hillary")
    memo = _count_syllables.count_syllables.word_memo
    hyph = [d for d in pyphen.hdcache.values() if d.cache]
    assert memo and hyph and nqg_lookup.cache_info().currsize
    forget_word_caches()
    assert not memo and not any(d.cache for d in hyph) and nqg_lookup.cache_info().currsize == 0
    assert textstat.syllable_count("Brzezinski") > 0  # recomputed on demand

"""Article Profiler: turn a folder of news articles into readability, actor and claim frames.

Each public function lives in the module named for its idea; they are re-exported here.
"""
from __future__ import annotations

from .settings import Settings, package_version  # noqa: E402
from .load import load_articles, paragraphs  # noqa: E402
from .nlp import load_nlp, parse_articles  # noqa: E402
from .readability import find_hardest_passages, profile_readability, score_parsed_article  # noqa: E402
from .actors import cooccurrence, extract_mentions, mentions_for_article, summarize_actors  # noqa: E402
from .corpus import CorpusProfile, profile_corpus  # noqa: E402
from .article_view import article_page_name, claim_link, render_article, write_article_pages  # noqa: E402
from .claims import claims_for_article, count_claims_by_speaker, count_speaker_targets, extract_claims, rank_check_worthy  # noqa: E402

__version__ = package_version()

__all__ = [
    "CorpusProfile", "Settings", "article_page_name", "claim_link", "render_article", "write_article_pages", "claims_for_article", "cooccurrence", "count_claims_by_speaker", "count_speaker_targets",
    "extract_claims", "extract_mentions", "find_hardest_passages", "load_articles", "load_nlp", "mentions_for_article",
    "paragraphs", "parse_articles", "profile_corpus", "profile_readability", "rank_check_worthy", "score_parsed_article",
    "summarize_actors",
]

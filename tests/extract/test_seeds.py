"""Checks on the real seed pages in ../shared/seeds (skipped when absent; nothing copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.extract import ClaimExtractor, QuoteExtractor, cluster_claims, match_quotes
from newsprism.models import Article, Quote

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _seed(prefix: str) -> Article:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not files:
        pytest.skip(f"seed {prefix} not present")
    text = files[0].read_text(encoding="utf-8")
    return Article(id=prefix, source=str(files[0]), title="", text=text, outlet=f"outlet{prefix}")


def _quotes(prefix: str) -> tuple[Article, list[Quote]]:
    art = _seed(prefix)
    quotes = QuoteExtractor().extract(art)
    for q in quotes:
        assert art.text[q.start : q.end] == q.text
    return art, quotes


def test_002_opportunity_quote_by_official():
    _, quotes = _quotes("002")
    hits = [q for q in quotes if q.text.startswith("But we take this opportunity to make clear one thing")]
    assert hits and "official" in (hits[0].speaker or "") and hits[0].kind == "direct"


def test_000_block_quote_by_official():
    _, quotes = _quotes("000")
    hits = [
        q
        for q in quotes
        if q.text.startswith("We have never exported weapons or ammunition to Russia before")
    ]
    assert hits and hits[0].kind == "block" and "official" in (hits[0].speaker or "")


def test_001_vice_director_and_kirby():
    _, quotes = _quotes("001")
    assert any(
        "vice director" in (q.speaker or "") or "official" in (q.speaker or "")
        for q in quotes
        if q.kind != "indirect"
    )
    kirby = [q for q in quotes if q.speaker_canonical == "John Kirby" and q.cue in ("claimed", "alleged")]
    assert kirby and all(q.kind == "indirect" for q in kirby)


def test_denial_claims_in_several_seeds():
    arts = [_seed(p) for p in ("000", "001", "002", "003", "004")]
    extractor, cx = QuoteExtractor(), ClaimExtractor()
    with_denial = 0
    claims_by_article = {}
    for art in arts:
        claims = cx.extract(art, extractor.extract(art))
        claims_by_article[art.id] = claims
        for c in claims:
            assert art.text[c.start : c.end] == c.text
        if any(
            c.polarity == "denies"
            and ("North Korea" in (c.asserter or "") or "official" in (c.asserter or ""))
            and "Russia" in c.text
            and any(w in c.text for w in ("weapons", "arms", "export"))
            for c in claims
        ):
            with_denial += 1
    assert with_denial >= 3
    clusters = cluster_claims(claims_by_article, {a.id: a.text for a in arts})
    top = clusters[0]
    assert "denies" in top.polarity_counts and "asserts" in top.polarity_counts
    assert len(top.article_ids) >= 4


def test_same_quote_across_seeds():
    pairs = [_quotes(p) for p in ("000", "002", "004")]
    qba = {a.id: qs for a, qs in pairs}
    clusters = match_quotes(qba, {a.id: a.outlet for a, _ in pairs}, {a.id: None for a, _ in pairs})
    never = [c for c in clusters if any("never exported weapons" in v for v in c.variants)]
    assert never and len({aid for aid, _ in never[0].members}) == 3

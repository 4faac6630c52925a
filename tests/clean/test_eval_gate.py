"""Quality ratchet of the clean stage: pinned floors on fixed, fast subsets of public
gold sets and on our own labelled lines.

Each floor sits a little below the value measured when it was set (comment beside
it). CI fails when a change lowers a metric below its floor; lowering a floor is an
explicit, explained commit. The public sets are read from ``../shared/eval-data``
(unpacked once into a temp cache); without them those checks skip.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from newsprism.clean.evaluate import (
    EVAL_DATA,
    MetadataScores,
    SnippetScores,
    TokenScores,
    cleaneval_pages,
    dataset_dir,
    decode_page,
    gold_lines_eval,
    metadata_eval,
    readability_content_pages,
    readability_pages,
    snippet_eval,
    token_eval,
    trafilatura_docs,
)

CACHE = Path(tempfile.gettempdir()) / "newsprism-eval-cache"
WORKERS = min(2, os.cpu_count() or 1)
TRAFILATURA_SUBSET = 120  # first documents by sorted URL key


def _dataset(name: str) -> Path:
    if not EVAL_DATA.is_dir():
        pytest.skip(f"../shared/eval-data not present ({EVAL_DATA}): public-set quality gate skipped")
    try:
        return dataset_dir(name, cache=CACHE)
    except FileNotFoundError as exc:
        pytest.skip(f"eval archive missing: {exc}")


@pytest.fixture(scope="module")
def snippets() -> dict[str, SnippetScores]:
    docs = trafilatura_docs(_dataset("trafilatura-eval"), TRAFILATURA_SUBSET)
    return snippet_eval(docs, ("newsprism", "trafilatura", "newsprism-text"), workers=WORKERS)


@pytest.fixture(scope="module")
def cleaneval() -> dict[str, TokenScores]:
    pages = [
        (pid, decode_page(p.read_bytes()), gold)
        for pid, p, gold in cleaneval_pages(_dataset("cleaneval-dev"))
    ]
    return token_eval(pages, ("newsprism", "trafilatura", "newsprism-text"), workers=WORKERS)


@pytest.fixture(scope="module")
def readability_content() -> dict[str, TokenScores]:
    pages = readability_content_pages(_dataset("readability-testpages"))
    return token_eval(pages, ("newsprism", "trafilatura", "newsprism-text"), workers=WORKERS)


@pytest.fixture(scope="module")
def readability() -> MetadataScores:
    return metadata_eval(readability_pages(_dataset("readability-testpages")), ("newsprism",))["newsprism"]


def test_trafilatura_eval_snippets(snippets: dict[str, SnippetScores]) -> None:
    ours, base, text = snippets["newsprism"], snippets["trafilatura"], snippets["newsprism-text"]
    assert ours.docs == TRAFILATURA_SUBSET
    # raised on 2026-11-24 (multilingual news-tail patterns): first 120 docs 0.9157, all 990: 0.9320
    assert ours.f >= 0.905
    assert ours.precision >= 0.875  # measured 0.8859 on 2026-11-24 (trafilatura alone: 0.8168)
    assert ours.recall >= 0.935  # measured 0.9477 on 2026-11-24 (trafilatura alone: 0.9593)
    # never below plain trafilatura on the same pages in the same run (0.9157 vs 0.8824)
    assert ours.f >= base.f
    assert sum(ours.failures.values()) <= 3  # measured 0 on 2026-11-24
    # the plain-text path on full-page renders of the same pages: 0.8203 on 2026-11-24, 0.8283
    # after the run-on, lead-in and introduced-list rules (all 990: 0.8594 -> 0.8662 against the
    # HTML path's 0.9320: the gap 0.066 still misses the 0.05 target; a learned line model,
    # scripts/train_line_classifier.py, reached 0.8513 on held-out pages and was not shipped).
    # Page-language stopwords, standfirsts and the site-notice patterns (2026-11-24, session 3):
    # all 990: 0.8662 -> 0.8847 (HTML path 0.9345, gap 0.0498); dev half 0.8786 -> 0.8998,
    # test half (never looked at) 0.8543 -> 0.8705 (`evaluate.page_half`)
    # Boxes around the article (share-bar comment links, author boxes, sign-up pitches,
    # comment-form and embedded-content notices, footers, figure captions, read-also links
    # of more languages; 2026-11-24, session 7): first 120 docs 0.8534 -> 0.8559; all 990:
    # 0.8886 -> 0.8940 (HTML path 0.9345 -> 0.9348); dev half 0.9086 -> 0.9170, test half
    # (read once before, once after) 0.8695 -> 0.8722, its gap 0.0658 -> 0.0638
    # A more faithful render (hidden elements without paragraphs dropped, <noscript> shown,
    # drop caps joined) and question subheadings (2026-11-24, session 7, second round):
    # first 120 docs 0.8559 -> 0.8622; all 990: 0.8940 -> 0.8953 (HTML path 0.9348
    # unchanged); dev half 0.9170 -> 0.9189, test half (read once before, once after)
    # 0.8722 -> 0.8730, its gap 0.0638 -> 0.0629. Floor raised 0.845 -> 0.85.
    # Session 8 (second standfirst paragraph, fact boxes, paywall-cut last paragraph,
    # closing smileys, multilingual cookie/affiliate/cancel-anytime/click-here/contents
    # patterns, credits run into captions): dev half 0.9189 -> 0.9238 (fold A 0.9082 ->
    # 0.9147, fold B 0.9284 -> 0.9318), test half (read once, after) 0.8730 -> 0.8780, its
    # gap 0.0629 -> 0.0586 (HTML path 0.9360 -> 0.9366). First-120 subset not re-measured:
    # floor unchanged.
    # Session 8, second round (ingredient lists, pros-and-cons tables, a post before the
    # comment form, long notices known by their first sentence): dev half 0.9238 -> 0.9288
    # (fold A 0.9147 -> 0.9215, fold B 0.9318 -> 0.9353), test half (read once, after)
    # 0.8780 -> 0.8804, its gap 0.0586 -> 0.0562. First-120 subset not re-measured.
    assert text.f >= 0.85


def test_cleaneval_tokens(cleaneval: dict[str, TokenScores]) -> None:
    ours, base, text = cleaneval["newsprism"], cleaneval["trafilatura"], cleaneval["newsprism-text"]
    assert ours.f1 >= 0.915  # measured 0.9264 micro-F1 on 2026-11-24
    assert ours.macro_f1 >= 0.835  # measured 0.8506 on 2026-11-24
    assert ours.f1 >= base.f1  # trafilatura alone: 0.7707 micro-F1
    assert ours.macro_f1 >= base.macro_f1  # trafilatura alone: 0.7663
    # the plain-text path on full-page renders of the same pages
    assert text.f1 >= 0.925  # measured 0.9311 on 2026-11-24, was 0.9280 (HTML path 0.9273)
    assert text.macro_f1 >= 0.82  # measured 0.8263 on 2026-11-24, was 0.8209
    # session 8 (fact boxes kept in the body, more clutter patterns): 0.9318 -> 0.9329
    # micro-F1, 0.8280 -> 0.8284 macro-F1; floors raised 0.92 -> 0.925, 0.81 -> 0.82


def test_readability_content_tokens(readability_content: dict[str, TokenScores]) -> None:
    ours, base, text = (
        readability_content["newsprism"],
        readability_content["trafilatura"],
        readability_content["newsprism-text"],
    )
    assert ours.f1 >= 0.955  # measured 0.9637 micro-F1 on 2026-11-24
    assert ours.macro_f1 >= 0.92  # measured 0.9293 on 2026-11-24
    # never below plain trafilatura (0.9623 micro, 0.9284 macro in the same run)
    assert ours.f1 >= base.f1
    assert ours.macro_f1 >= base.macro_f1
    # plain-text path on full-page renders: measured 0.9313 on 2026-11-24 (was 0.9263);
    # 0.9333 -> 0.9355 with the render changes of session 7's second round; 0.9355 ->
    # 0.9358 in session 8 (table-of-contents headings). Floor raised 0.92 -> 0.925.
    assert text.f1 >= 0.925


def test_readability_metadata(readability: MetadataScores) -> None:
    assert readability.total["title"] == 127
    assert readability.accuracy("title") >= 0.97  # measured 0.992 (126/127) on 2026-11-23
    assert readability.accuracy("date") >= 0.93  # measured 1.000 (33/33) on 2026-11-23
    assert readability.accuracy("byline") >= 0.68  # measured 0.724 (55/76) on 2026-11-23
    assert readability.accuracy("site") >= 0.90  # measured 0.935 (58/62) on 2026-11-23


def test_own_gold_lines() -> None:
    scores = gold_lines_eval()
    assert scores.pages >= 12
    assert scores.f1 >= 0.975  # measured 0.9879 on 2026-11-23 and 2026-11-24 (removal F1)
    assert scores.body_recall >= 0.98  # measured 1.000 on 2026-11-23: no body line removed

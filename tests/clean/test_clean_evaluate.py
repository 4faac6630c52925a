"""The evaluation helpers on small invented inputs (no eval data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.clean.evaluate import (
    SnippetScores,
    TokenScores,
    _same_text,
    cleaneval_gold_text,
    gold_lines_eval,
    load_gold_lines,
    render_text,
    run_system,
)
from newsprism.clean.html import extract_html

PARA = (
    "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, "
    "the port authority said in a statement on its website."
)


def test_render_text_keeps_all_visible_text_in_blocks() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> <a>World</a></nav>"
        "<p>The ferry\n sails <b>today</b>.</p><script>var x = 1;</script><ul><li>One</li><li>Two</li></ul>"
        "</body></html>"
    )
    # paragraphs are separated by a blank line, list items stay together in one block
    assert render_text(html).split("\n\n") == ["Home World", "The ferry sails today.", "One\nTwo"]


def test_title_matching_rule_allows_only_a_site_affix() -> None:
    assert _same_text("Storm hits coast", "Storm hits coast | The Herald", affix=True)
    assert _same_text("storm  hits coast", "The Herald - Storm hits coast", affix=True)
    assert not _same_text("Storm hits", "Storm hits coast", affix=True)
    assert not _same_text("Storm hits coast", "Storm hits coast | The Herald")
    assert _same_text("Jane Roe", "By Jane Roe", byline=True)


def test_token_scores_bag_of_words() -> None:
    s = TokenScores("x")
    s.add("the cat sat the", "The cat sat on the mat")
    assert (s.tp, s.fp, s.fn) == (4, 0, 2)
    assert s.precision == 1.0 and s.recall == pytest.approx(4 / 6)


def test_snippet_scores_f() -> None:
    s = SnippetScores("x", tp=8, fp=2, tn=8, fn=2)
    assert [s.precision, s.recall, s.accuracy, s.f] == pytest.approx([0.8] * 4)


def test_cleaneval_gold_text_drops_url_and_tags() -> None:
    gold = "URL: http://example.invalid/a\n<h>Harbour news\n<p>The harbour reopened.\n<l>* quay repaired"
    assert cleaneval_gold_text(gold).split() == [
        "Harbour",
        "news",
        "The",
        "harbour",
        "reopened.",
        "*",
        "quay",
        "repaired",
    ]


def test_run_system_reports_failures_as_reasons() -> None:
    text, fail = run_system("newsprism", "<html><body></body></html>")
    assert text == "" and fail.startswith("rejected")
    text, fail = run_system("newsprism-text", f"<html><body><p>{PARA}</p></body></html>")
    assert fail == "" and "Port Alder" in text


def test_gold_lines_loader_and_score(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "R Home | News | Sport | Weather\nR Harbour reopens\n\n"
        + "\n".join(f"K {PARA}" for _ in range(1))
        + "\n"
        "K Fishermen returned to work early in the morning, and the council said repairs would take a year.\n"
        "R Related stories\nR Storm hits coast again\n",
        encoding="utf-8",
    )
    name, lines, labels = next(load_gold_lines(tmp_path))
    assert name == "a" and labels.count(True) == 2
    scores = gold_lines_eval(tmp_path)
    assert scores.body_recall == 1.0 and scores.recall == 1.0
    (tmp_path / "b.txt").write_text("no label here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="without a K/R label"):
        list(load_gold_lines(tmp_path))


def test_bundled_gold_lines_parse() -> None:
    pages = list(load_gold_lines())
    assert len(pages) >= 12
    assert all(any(labels) and not all(labels) for _, _, labels in pages)


def test_html_metadata_from_json_ld_and_markup() -> None:
    html = (
        "<html><head><title>Harbour reopens after storm | The Alder Courier</title>"
        '<meta property="og:site_name" content="The Alder Courier">'
        '<script type="application/ld+json"><![CDATA[{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Harbour reopens after storm", "datePublished": "2024-03-05T09:00:00Z",'
        ' "author": [{"@type": "Person", "name": "Mira Solvang"}]}]]></script></head>'
        f"<body><article><h1>Harbour reopens after storm</h1><p>{PARA}</p><p>{PARA}</p></article></body></html>"
    )
    page = extract_html(html)
    assert page.title == "Harbour reopens after storm"
    assert page.published == "2024-03-05T09:00:00Z" and page.published_source == "html JSON-LD datePublished"
    assert page.author == "Mira Solvang" and page.site_name == "The Alder Courier"


def test_html_title_from_title_tag_without_site_and_byline_from_markup() -> None:
    html = (
        "<html><head><title>Ferry timetable cut for winter - The Alder Courier</title></head><body>"
        '<div class="article-byline">By Oren Kell</div>'
        f"<p>{PARA}</p><p>{PARA.replace('Tuesday', 'Friday')}</p></body></html>"
    )
    page = extract_html(html)
    assert page.title == "Ferry timetable cut for winter"
    assert page.author == "Oren Kell"


def test_extracted_table_rows_are_judged_by_their_cells() -> None:
    from newsprism.clean.clutter import classify_lines

    rows = [PARA, "| | |", f"| {PARA} |", "| Home | News | Sport |"]
    result = classify_lines(rows, extracted=True)
    kept = [v.text for v in result.verdicts if v.keep]
    assert f"| {PARA} |" in kept and "| | |" not in kept

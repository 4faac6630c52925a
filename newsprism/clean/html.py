"""Main text and metadata from an HTML page.

trafilatura finds the article body (precision favoured, no tables or comments);
`news_tail_filter` then removes the related-stories, read-more, newsletter, share
and photo-credit paragraphs it lets through. Metadata comes from the page's own
tags (`article:published_time`, `og:site_name`, `<link rel=canonical>`, `<time
datetime>`, author) and from trafilatura/htmldate where the tags say nothing.
If trafilatura finds no body, the text of `<article>` (or of all `<p>`) goes
through the plain-text clutter remover instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsprism.clean.clutter import ClutterResult, classify_lines, remove_clutter
from newsprism.clean.normalize import normalize_text
from newsprism.errors import ParseFailure

# Meta tags that carry the publication date, best first.
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "article.published",
)
_AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "dc.creator", "sailthru.author")


@dataclass(slots=True)
class HtmlPage:
    """What an HTML page yields before metadata resolution."""

    body: ClutterResult  # verdicts over the extracted paragraphs
    title: str | None = None
    published: str | None = None  # raw value, not yet validated
    published_source: str = ""
    site_name: str | None = None
    author: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    method: str = "trafilatura"  # or "lxml fallback"
    meta: dict[str, str] = field(default_factory=dict)


def _meta_tags(tree: object) -> dict[str, str]:
    """Lower-cased meta names/properties/itemprops -> first content value."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):  # type: ignore[attr-defined]
        key = el.get("property") or el.get("name") or el.get("itemprop") or ""
        value = el.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    for el in tree.iter("time"):  # type: ignore[attr-defined]
        value = el.get("datetime")
        if value and value.strip():
            key = "time[itemprop]" if el.get("itemprop") == "datePublished" else "time"
            out.setdefault(key, value.strip())
    for el in tree.iter("link"):  # type: ignore[attr-defined]
        rel = (el.get("rel") or "").lower()
        if "canonical" in rel.split() and el.get("href"):
            out.setdefault("link:canonical", el.get("href").strip())
    root_lang = tree.get("lang") if hasattr(tree, "get") else None  # type: ignore[attr-defined]
    if root_lang:
        out["html:lang"] = root_lang.strip()
    return out


def _fallback_paragraphs(tree: object) -> list[str]:
    """Text of <article> elements, else of all <p> elements."""
    articles = list(tree.iter("article"))  # type: ignore[attr-defined]
    blocks: list[str] = []
    for art in articles:
        paras = [p.text_content() for p in art.iter("p", "h1", "h2", "h3", "li", "blockquote")]
        blocks.extend(paras or [art.text_content()])
    if not blocks:
        blocks = [p.text_content() for p in tree.iter("p")]  # type: ignore[attr-defined]
    return [b for b in (normalize_text(b) for b in blocks) if b]


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Extract the article paragraphs and page metadata from `html`.

    Raises `ParseFailure` when the page cannot be parsed at all.
    """
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError) as exc:  # type: ignore[attr-defined]
        raise ParseFailure(f"HTML could not be parsed: {exc}") from exc
    meta = _meta_tags(tree)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if text and text.strip():
        paragraphs = [p for p in (normalize_text(line) for line in text.split("\n")) if p]
        body = classify_lines(paragraphs, extracted=True)
        method = "trafilatura"
    else:
        paragraphs = _fallback_paragraphs(tree)
        body = remove_clutter("\n\n".join(paragraphs))
        method = "lxml fallback"

    published, source = None, ""
    for key in _DATE_META:
        if key in meta:
            published, source = meta[key], f"html meta {key}"
            break
    if published is None and meta.get("time[itemprop]"):
        published, source = meta["time[itemprop]"], "html <time itemprop=datePublished>"
    if published is None and doc is not None and getattr(doc, "date", None):
        published, source = str(getattr(doc, "date", "")), "htmldate (trafilatura)"
    if published is None and meta.get("time"):
        published, source = meta["time"], "html <time datetime>"

    author = next((meta[k] for k in _AUTHOR_META if k in meta and not meta[k].startswith("http")), None)
    if author is None and doc is not None:
        author = getattr(doc, "author", None)
    # trafilatura's title drops " | Site name" suffixes that og:title and <title> carry
    title = (getattr(doc, "title", None) if doc is not None else None) or meta.get("og:title")
    if not title:
        t = tree.find(".//title")
        title = t.text_content().strip() if t is not None else None
    site_name = meta.get("og:site_name") or (getattr(doc, "sitename", None) if doc is not None else None)
    canonical = meta.get("link:canonical") or meta.get("og:url")
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = None
    return HtmlPage(
        body=body,
        title=normalize_text(title) if title else None,
        published=published,
        published_source=source,
        site_name=normalize_text(site_name) if site_name else None,
        author=normalize_text(author) if author else None,
        canonical_url=canonical,
        language=(meta.get("html:lang") or meta.get("og:locale") or "")
        .replace("_", "-")
        .split("-")[0]
        .lower()
        or None,
        method=method,
        meta=meta,
    )

"""Main text and metadata from an HTML page.

trafilatura finds the article body (its default precision/recall balance, tables
kept, comments dropped); the news-tail filter (`classify_lines(extracted=True)`)
then removes the related-stories, read-more, newsletter, share and photo-credit
paragraphs it lets through. Metadata comes from the page itself: schema.org JSON-LD
(headline, datePublished, author, publisher), meta tags (`article:published_time`,
`og:title`, `og:site_name`, Dublin Core, author), `<link rel=canonical>`, `<time
datetime>`, author markup (itemprop/rel/class "byline"), and htmldate where the tags
say nothing. If trafilatura finds no body, the page's visible text (`render_text`)
goes through the plain-text clutter remover instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
            for k in key.lower().split():  # property="dc:title og:title" names both
                out.setdefault(k, value.strip())
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


# --- rendering HTML to full-page text (the input of the plain-text path) ------------

_BLOCK = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr "
    "td th ul option title caption center dialog hgroup legend menu".split()
)
# <noscript> is rendered: it is what a reader without scripts sees, and some blogs
# put the whole post there (a script writes it otherwise). (Session 7, dev half of
# trafilatura-eval, text path: fold A 0.9064 -> 0.9082, fold B unchanged.)
_SKIP = frozenset("script style template head svg iframe object embed select button".split())
# Elements the page marks as not shown: the `hidden` attribute, or an inline style
# that hides them (MathML copies for screen readers, collapsed menus, tooltips). A
# hidden element holding paragraphs is rendered all the same: slideshow steps and tab
# panels are shown on a click and are part of the page a reader sees. (Session 7, dev
# half, text path: fold A unchanged, fold B 0.9264 -> 0.9277; hiding the paragraph
# panels too lost on fold A, 0.9064 -> 0.9048.)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
_LEADING_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def render_text(html: str) -> str:
    """All visible text of a page, block elements on lines of their own (no extraction).

    Scripts, styles, the head and form controls are dropped; inline elements run on;
    table cells and list items become lines; paragraphs, headings, lists and tables
    are separated by a blank line. This is what a plain scraper saves.

    >>> render_text("<html><body><h1>Ferry</h1><p>It <b>sails</b> today.</p><script>x</script></body></html>")
    'Ferry\\n\\nIt sails today.'
    """
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(_LEADING_DECL.sub("", html))
    except (ValueError, lxml.etree.ParserError):
        return ""
    return _render_tree(tree)


_BREAK = "\x00"  # marks a block boundary while the text is assembled
_PARA_BREAK = "\x01"  # marks a paragraph boundary (a blank line in the output)
_PARAGRAPH = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl figure hr section article".split())


def _render_tree(tree: object) -> str:
    parts: list[str] = []

    def walk(el: object) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        tag = tag.lower()
        if not tag or tag in _SKIP:
            return
        if (
            el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "")  # type: ignore[attr-defined]
        ) and next(el.iter("p"), None) is None:  # type: ignore[attr-defined]
            return
        mark = _PARA_BREAK if tag in _PARAGRAPH else _BREAK if tag in _BLOCK else ""
        if mark:
            parts.append(mark)
        if el.text:  # type: ignore[attr-defined]
            parts.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if mark:
            parts.append(mark)

    walk(tree)
    # Line breaks in the HTML source are spaces; block boundaries end a line, and
    # paragraph-level blocks leave a blank line (as html2text and most scrapers do), so
    # list items and table cells stay together in one block while paragraphs do not.
    out: list[str] = []
    for chunk in "".join(parts).split(_PARA_BREAK):
        lines = [" ".join(line.split()) for line in chunk.split(_BREAK)]
        lines = [line for line in lines if line]
        if lines:
            out.append("\n".join(lines))
    text = "\n\n".join(out)
    return _DROP_CAP.sub(_join_drop_cap, text) if "\n" in text else text


# A drop cap: the first letter of a paragraph set in an element of its own before it
# ("<span class=initial>T</span><p>he ferry ...") is shown as part of the first word.
# (Session 7: no change on the dev half of trafilatura-eval; one page of it splits so.)
_DROP_CAP = re.compile(r"(?m)^([^\W\d_])\n\n?([^\W\d_])")


def _join_drop_cap(m: re.Match[str]) -> str:
    cap, nxt = m.group(1), m.group(2)
    return cap + nxt if cap.isupper() and nxt.islower() else m.group(0)


_JSONLD_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "webpage", "report")
_TITLE_SEP = re.compile(r"\s+(?:[|\-–—:»·/\\]|::)\s+")
# ld+json payloads larger than this are skipped (product catalogues, not article data)
_MAX_JSONLD = 200_000
_CDATA = re.compile(r"^\s*(?:/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?:/\*\s*)?\]\]>(?:\s*\*/)?\s*$")
# publisher title tags, in the order Readability.js trusts them
_TITLE_META = ("dc:title", "dcterm:title", "dc.title", "og:title", "twitter:title", "parsely-title")
_BYLINE_HINT = re.compile(r"byline|author|writer|reporter|contributor", re.I)
_BYLINE_TAIL = re.compile(r"\s+[•|·]\s+")  # "Jane Roe • 8h", "Jane Roe | Staff"
_BY_PREFIX = re.compile(r"^(?:by|von|par|por|de)\s+", re.I)


def _jsonld(tree: object) -> dict[str, str]:
    """headline, datePublished, author name and publisher name from the page's
    schema.org JSON-LD (the article object when there are several)."""
    import json

    out: dict[str, str] = {}
    for el in tree.iter("script"):  # type: ignore[attr-defined]
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        if len(el.text) > _MAX_JSONLD:
            continue
        try:
            data = json.loads(_CDATA.sub("", el.text))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "itemListElement"))
            kinds = item.get("@type")
            kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
            article = any(isinstance(k, str) and k.lower() in _JSONLD_TYPES for k in kinds)
            if not article and not (item.get("headline") or item.get("datePublished")):
                continue
            for key in ("headline", "name", "datePublished"):
                value = item.get(key)
                if isinstance(value, str) and value.strip():
                    out.setdefault(key, value.strip())
            for key, field_ in (("author", "author"), ("publisher", "publisher")):
                value = item.get(key)
                if isinstance(value, list):
                    raw_names = [v.get("name") if isinstance(v, dict) else v for v in value]
                    names = [n.strip() for n in raw_names if isinstance(n, str) and n.strip()]
                    if names:
                        out.setdefault(field_, ", ".join(names))
                    continue
                if isinstance(value, dict):
                    value = value.get("name")
                if isinstance(value, str) and value.strip():
                    out.setdefault(field_, value.strip())
    return out


def _dom_byline(tree: object) -> str | None:
    """The author as the page marks it up: itemprop=author, rel=author, or a short
    element whose class or id says byline/author ("By " cut)."""
    candidates: list[Any] = []
    candidates.extend(tree.xpath('//*[@itemprop="author"]'))  # type: ignore[attr-defined]
    candidates.extend(tree.xpath('//a[@rel="author"]'))  # type: ignore[attr-defined]
    candidates.extend(
        el
        for el in tree.xpath("//*[@class or @id]")  # type: ignore[attr-defined]
        if _BYLINE_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        and el.tag not in ("meta", "link", "script", "style", "img", "body", "html", "article")
    )
    for el in candidates:
        name_el = el.xpath('.//*[@itemprop="name"]')  # type: ignore[attr-defined]
        text = " ".join((name_el[0] if name_el else el).text_content().split())
        if not text and name_el:
            text = name_el[0].get("content") or ""
        text = _BY_PREFIX.sub("", _BYLINE_TAIL.split(text)[0]).strip(" ,|")
        # a name, not a bio paragraph or an "Authors" heading with a list
        if 3 <= len(text) <= 60 and 1 <= len(text.split()) <= 6 and not text.lower().startswith("author"):
            return text
    return None


def _strip_site(title: str, site: str | None) -> str:
    """The title without a " | Site name" suffix or a "Site name: " prefix.

    Only the site's own name (or an affix of at most 3 words beside a title of at least
    4) is cut, so "Chapter 6 - Monitoring Distributed Systems" keeps its first part.
    """
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    site_key = " ".join((site or "").casefold().split())
    seps = list(_TITLE_SEP.finditer(title))
    last, first = parts[-1].strip(), parts[0].strip()
    if site_key and last.casefold() == site_key:
        return title[: seps[-1].start()].strip()
    if site_key and first.casefold() == site_key:
        return title[seps[0].end() :].strip()
    head = title[: seps[-1].start()].strip()
    if len(last.split()) <= 3 and len(head.split()) >= 4 and not last[:1].isdigit():
        return head
    return title


def _ld_title(tree: object, ld: dict[str, str]) -> str | None:
    """JSON-LD headline, or its `name` where that is closer to the <title> (on
    encyclopaedia pages the "headline" is a one-line description)."""
    headline, name = ld.get("headline"), ld.get("name")
    if not (headline and name) or headline == name:
        return headline
    t = tree.find(".//title")  # type: ignore[attr-defined]
    words = set((t.text_content() if t is not None else "").casefold().split())

    def overlap(x: str) -> float:
        w = set(x.casefold().split())
        return len(w & words) / len(w | words) if w | words else 0.0

    return name if overlap(name) > overlap(headline) else headline


def _page_title(tree: object, meta: dict[str, str], ld: dict[str, str], site: str | None) -> str | None:
    """The headline: publisher metadata (JSON-LD, og/twitter/DC title), else <title>,
    else the page's single <h1>; site-name affixes cut."""
    title = _ld_title(tree, ld) or next((meta[k] for k in _TITLE_META if meta.get(k)), None)
    if not title:
        t = tree.find(".//title")  # type: ignore[attr-defined]
        title = " ".join(t.text_content().split()) if t is not None else None
    if not title:
        h1 = list(tree.iter("h1"))  # type: ignore[attr-defined]
        if len(h1) == 1:
            title = " ".join(h1[0].text_content().split())
    return _strip_site(title, site) if title else None


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Extract the article paragraphs and page metadata from `html`.

    Raises `ParseFailure` when the page cannot be parsed at all.
    """
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(_LEADING_DECL.sub("", html))
    except (ValueError, TypeError, lxml.etree.ParserError) as exc:  # type: ignore[attr-defined]
        raise ParseFailure(f"HTML could not be parsed: {exc}") from exc
    meta = _meta_tags(tree)
    ld = _jsonld(tree)
    site_name = meta.get("og:site_name") or ld.get("publisher")
    title = _page_title(tree, meta, ld, site_name)
    # trafilatura's default balance of precision and recall (its "standard" mode scores
    # F 0.924 on trafilatura-eval against 0.920 for favor_precision): the news-tail
    # filter below supplies the extra precision on news pages. Tables stay in (layout
    # tables hold the whole text of older pages); comments do not belong to the article.
    # Metadata comes from the tags read above, not from trafilatura's metadata pass,
    # which took a third of the time (measured with cProfile on 80 pages).
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if text and text.strip():
        paragraphs = [p for p in (normalize_text(line) for line in text.split("\n")) if p]
        body = classify_lines(paragraphs, extracted=True)
        method = "trafilatura"
    else:
        # no body found: the page's visible text through the plain-text clutter remover
        body = remove_clutter(normalize_text(_render_tree(tree)))
        method = "full-text fallback"
        if not body.kept:
            paragraphs = _fallback_paragraphs(tree)
            body = remove_clutter("\n\n".join(paragraphs))
            method = "lxml fallback"

    published, source = None, ""
    if ld.get("datePublished"):
        published, source = ld["datePublished"], "html JSON-LD datePublished"
    for key in _DATE_META:
        if published is None and key in meta:
            published, source = meta[key], f"html meta {key}"
    if published is None and meta.get("time[itemprop]"):
        published, source = meta["time[itemprop]"], "html <time itemprop=datePublished>"
    if published is None:
        published = _htmldate(tree)
        source = "htmldate" if published else ""
    if published is None and meta.get("time"):
        published, source = meta["time"], "html <time datetime>"

    author = (
        ld.get("author")
        or next((meta[k] for k in _AUTHOR_META if k in meta and not meta[k].startswith("http")), None)
        or _dom_byline(tree)
    )
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


def _htmldate(tree: object) -> str | None:
    """htmldate's original-date guess in its fast mode (no exhaustive text search)."""
    try:
        from htmldate import find_date
    except ImportError:  # htmldate comes with trafilatura; without it there is no guess
        return None
    try:
        return find_date(tree, original_date=True, extensive_search=False)
    except Exception:  # htmldate failing on one odd page must not lose the article
        return None

"""The clean stage: `RawDocument` -> `Article` (clean body and metadata) or `Rejection`.

>>> from newsprism.models import RawDocument
>>> page = ("Harbour reopens after storm\\n\\nBy Jane Roe\\n\\n"
...         + "The harbour at Port Alder reopened on Tuesday after a three-day closure, officials said. " * 5)
>>> art = clean_one(RawDocument(source="x.txt", format="text", content=page, published="2024-03-07"))
>>> art.title, art.byline, art.published, [m.date for m in art.date_mentions][:1]
('Harbour reopens after storm', 'Jane Roe', '2024-03-07', ['2024-03-05'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.clean.clutter import remove_clutter
from newsprism.clean.dates import find_date_mentions, find_date_stamp, parse_date
from newsprism.clean.html import HtmlPage, extract_html
from newsprism.clean.metadata import (
    Dateline,
    detect_language,
    domain_in_lines,
    domain_of,
    find_byline,
    find_dateline,
    find_name_byline,
    find_outlet,
    find_pipe_dateline,
    find_title,
    find_wire_agency,
    mark_title,
    masthead_outlet,
    normalize_agency,
    url_date,
)
from newsprism.clean.normalize import normalize_text
from newsprism.errors import EmptyContent, InputRejected
from newsprism.ids import article_id, content_hash
from newsprism.models import Article, RawDocument, Rejection, RemovedLine
from newsprism.text import split_sentences

_HTML_TAG = re.compile(
    r"<(?:html|head|body|article|div|p|br|span|a|h[1-6]|section|main|meta|title|ul|li|table)\b", re.I
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# Lines of these kinds are other stories or pictures, not credits of this article. An
# author's portrait ("Jane Roe is a correspondent for ...") names their employers, not
# the wire this article came from.
_NOT_CREDIT = frozenset(
    {
        "related-stories list",
        "headline list",
        "photo caption",
        "duplicate line",
        "truncated teaser",
        "title",
        "author bio",
    }
)


@dataclass(slots=True)
class CleanConfig:
    """Settings of the clean stage.

    `now` bounds publication dates (nothing after it is accepted); None means the
    current UTC time when an article is cleaned.
    """

    now: datetime | None = None
    min_words: int = 40  # shorter bodies are rejected as "too-short"
    max_chars: int = 200_000  # the clean text is cut at a paragraph boundary beyond this
    max_input_chars: int = 5_000_000  # longer inputs are cut before cleaning (bounded time)
    # Share of control characters (other than whitespace) above which content is "binary".
    # Real text pages have ~0; 5% leaves room for stray form feeds and escapes.
    max_control_ratio: float = 0.05
    # Cut a dateline opening the first paragraph ("PORT ALDER (MPA) — ") out of the text
    # (it is kept in `Article.dateline`, the wire credit and `removed`). Off by default:
    # the dateline is part of the article as published, and extraction gold sets keep it.
    strip_dateline: bool = False
    detect_language: bool = True
    date_mentions: bool = True


def _now(config: CleanConfig) -> datetime:
    now = config.now or datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def _check_binary(content: str, config: CleanConfig) -> str:
    """`content` without stray NUL bytes; raises `InputRejected` ("binary") for binary data.

    A NUL in the first 8 KiB means a binary file (archives, images and office files all
    have them in their headers); a few further on are corruption of a text page (one of
    the 990 trafilatura-eval pages has one deep in its HTML) and are dropped.
    """
    sample = content[:8192]
    if "\x00" in sample:
        raise InputRejected("content contains NUL bytes: a binary file, not text", reason="binary")
    control = len(_CONTROL.findall(sample))
    if sample and control / len(sample) > config.max_control_ratio:
        raise InputRejected(
            f"{control} of the first {len(sample)} characters are control or replacement characters",
            reason="binary",
        )
    return content.replace("\x00", "") if "\x00" in content else content


def _looks_like_html(content: str) -> bool:
    head = content.lstrip()[:2000]
    return head.startswith("<") and _HTML_TAG.search(head) is not None


_AUTHOR_CREDIT = re.compile(r"^\s*(?P<ag>[A-Z]{2,6}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s*(?:[;|,/]|$)")


def _author_agency(author: str) -> str | None:
    """An agency given as the page's author ("MPA", "CW; Hollinford", "Reuters")."""
    m = _AUTHOR_CREDIT.match(author)
    if not m:
        return None
    name = m.group("ag")
    return normalize_agency(name) if name.isupper() else normalize_agency(name, allow_codes=False)


def _language_code(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower() or None


def _cap_paragraphs(paragraphs: list[str], max_chars: int) -> tuple[list[str], list[str]]:
    total = 0
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        total += len(p) + 2
        if total > max_chars and out:
            return out, paragraphs[i:]
        out.append(p if len(p) <= max_chars else p[:max_chars])
    return out, []


def clean_one(raw: RawDocument, config: CleanConfig | None = None) -> Article:
    """Clean one raw document into an `Article`.

    Raises an `InputRejected` subclass (reason "empty", "binary", "no-body",
    "too-short", "parse-error") when the input does not hold an article.
    """
    config = config or CleanConfig()
    now = _now(config)
    content = raw.content
    if not isinstance(content, str) or not content.strip():
        raise EmptyContent("the input has no content")
    content = _check_binary(content, config)
    if len(content) > config.max_input_chars:
        content = content[: config.max_input_chars]

    page: HtmlPage | None = None
    if raw.format == "html" or (raw.format != "text" and _looks_like_html(content)):
        page = extract_html(content, raw.url)
        result = page.body
    else:
        result = remove_clutter(normalize_text(content))
    if not result.verdicts:
        raise EmptyContent("the input holds only whitespace and markup")

    provenance: dict[str, str] = {}
    if page is not None:
        provenance["extraction"] = page.method

    # --- title (removed from the body with its repetitions) ---
    title, chosen = None, None
    if raw.title and raw.title.strip():
        title, provenance["title"] = normalize_text(raw.title), "input"
    elif page is not None and page.title:
        title, provenance["title"] = page.title, "html metadata"
    else:
        # the outlet's name often stands above the headline (a masthead): know it first
        masthead_name = (
            raw.outlet
            or find_outlet([v.text for v in result.verdicts if not v.keep])[0]
            or masthead_outlet(result)
        )
        chosen = find_title(result, outlet=masthead_name)
        if chosen is not None:
            title, provenance["title"] = chosen.text, f"headline line {chosen.position}"
    if title and chosen is None:
        key = " ".join(title.casefold().split())
        chosen = next(
            (v for v in result.verdicts if v.zone == "head" and " ".join(v.text.casefold().split()) == key),
            None,
        )
    if title:
        mark_title(result, title, chosen)

    kept = result.kept
    if not kept:
        raise EmptyContent(
            f"no article body found: all {len(result.verdicts)} lines were classified as clutter",
            reason="no-body",
        )

    side = [v for v in result.verdicts if not v.keep]
    side_lines = [v.text for v in side]
    credit_lines = [v.text for v in side if v.reason not in _NOT_CREDIT]

    # --- dateline: a header line "AP | Seoul", or the prefix of the first paragraph ---
    paragraphs = [v.text for v in kept]
    removed: list[RemovedLine] = result.removed
    dateline: Dateline | None = find_dateline(paragraphs[0])
    if dateline is not None and not config.strip_dateline:
        provenance["dateline"] = "first paragraph (kept in the text)"
    elif dateline is not None:
        prefix = paragraphs[0][: dateline.end].strip()
        paragraphs[0] = paragraphs[0][dateline.end :].lstrip()
        removed.append(RemovedLine(prefix, "dateline", kept[0].position))
        provenance["dateline"] = f"first paragraph '{prefix}'"
        if not paragraphs[0]:
            paragraphs.pop(0)
    else:
        dateline = find_pipe_dateline(v.text for v in side if v.zone == "head")
        if dateline is not None:
            provenance["dateline"] = "header credit line"

    # --- wire agency, outlet, domain, byline ---
    wire, evidence = find_wire_agency(credit_lines, dateline=dateline)
    author_agency = _author_agency(page.author) if page is not None and page.author else None
    if not wire and author_agency:
        wire, evidence = author_agency, f"html author credit '{page.author if page else ''}'"
    if wire:
        provenance["wire_agency"] = evidence
    url = raw.url or (page.canonical_url if page is not None else None)
    domain = domain_of(raw.url) or domain_of(page.canonical_url if page is not None else None)
    if domain is None:
        domain = domain_in_lines(side_lines)
        if domain:
            provenance["domain"] = "domain printed on the page"
    outlet: str | None = None
    if raw.outlet and raw.outlet.strip():
        outlet, provenance["outlet"] = raw.outlet.strip(), "input"
    elif page is not None and page.site_name and not normalize_agency(page.site_name, allow_codes=False):
        outlet, provenance["outlet"] = page.site_name, "html og:site_name"
    else:
        outlet, ev = find_outlet(side_lines, domain=domain)
        if outlet:
            provenance["outlet"] = ev
        elif page is None and (outlet := masthead_outlet(result)):
            provenance["outlet"] = "masthead line above the site menu"
        elif domain:
            outlet, provenance["outlet"] = domain, "url domain"

    byline: str | None = None
    if raw.byline and raw.byline.strip():
        byline, provenance["byline"] = raw.byline.strip(), "input"
    else:
        byline = find_byline(credit_lines, exclude=[outlet or ""])
        if byline:
            provenance["byline"] = "byline line"
        elif page is None and (name := find_name_byline(result, chosen)):
            byline, provenance["byline"] = name, "name line under the headline"
        elif (
            page is not None
            and page.author
            and not author_agency
            and not normalize_agency(page.author, allow_codes=False)
            and (not outlet or page.author.casefold() != outlet.casefold())
        ):
            byline, provenance["byline"] = page.author, "html meta author"

    # --- publication date: input, HTML metadata, page stamps, URL ---
    published = parse_date(raw.published, now=now)
    if published:
        provenance["published"] = "input"
    if not published and page is not None and page.published:
        published = parse_date(page.published, now=now)
        if published:
            provenance["published"] = page.published_source
    if not published:
        stamp = find_date_stamp(side_lines, now=now)
        if stamp:
            published, provenance["published"] = stamp[0], f"text stamp '{stamp[1][:80]}'"
    if not published:
        published = parse_date(url_date(url), now=now)
        if published:
            provenance["published"] = "url path"

    # --- body text ---
    paragraphs, cut = _cap_paragraphs(paragraphs, config.max_chars)
    for p in cut:
        removed.append(RemovedLine(p, "over max_chars cap", -1))
    text = "\n\n".join(paragraphs)
    n_words = len(text.split())
    if n_words < config.min_words:
        raise InputRejected(
            f"clean text has {n_words} words, fewer than min_words={config.min_words}", reason="too-short"
        )
    if not title:
        first = split_sentences(text)[:1]
        title = (first[0][:120].rstrip() if first else text[:120]).strip()
        provenance["title"] = "first sentence (no headline found)"

    language = _language_code(raw.language)
    if language:
        provenance["language"] = "input"
    elif config.detect_language:
        language = detect_language(text)
        if language:
            provenance["language"] = "py3langid"
    if not language and page is not None and page.language:
        language, provenance["language"] = page.language, "html lang attribute"

    raw_hash = content_hash(raw.content)
    return Article(
        id=article_id(url, raw_hash),
        source=raw.source,
        title=title,
        text=text,
        url=url,
        published=published,
        outlet=outlet,
        domain=domain,
        byline=byline,
        wire_agency=wire,
        dateline=dateline.city if dateline else None,
        language=language,
        input_format=raw.format,
        content_hash=raw_hash,
        removed=sorted(removed, key=lambda r: r.position),
        provenance=provenance,
        date_mentions=find_date_mentions(text, published) if config.date_mentions else [],
    )


class ArticleCleaner:
    """The clean stage: yields an `Article` or a `Rejection` for every raw document."""

    name = "clean"

    def __init__(self, config: CleanConfig | None = None) -> None:
        self.config = config or CleanConfig()

    def clean_one(self, raw: RawDocument) -> Article:
        """Clean one document; raises `InputRejected` (see `clean_one`)."""
        return clean_one(raw, self.config)

    def run(self, raws: Iterable[RawDocument]) -> Iterator[Article | Rejection]:
        for raw in raws:
            try:
                yield clean_one(raw, self.config)
            except InputRejected as exc:
                yield Rejection(raw.source, exc.reason, exc.detail)
            except Exception as exc:  # a bug on one page must not stop the run; it is reported
                yield Rejection(raw.source, "internal-error", f"{type(exc).__name__}: {exc}")

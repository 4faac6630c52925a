"""RSS and Atom feeds: each entry becomes one raw document.

An entry that carries its full text (``content:encoded``, Atom ``content``) is
read as it is. An entry that carries only a summary — short, or cut with "…",
"[...]" or "Read more" — has its page fetched by URL (through the safe
`Fetcher`) unless page fetching is disabled; a failed fetch rejects that entry
with the fetch's reason, because a teaser alone is not the article.

A feed that is not well-formed XML is recovered as far as feedparser's lenient
parser gets: the entries it found are read, plus one rejection
``feed-xml-error`` for the rest; a feed with no entries is rejected
(``invalid-feed`` or ``empty-feed``).

Example::

    for item in read_feed("world.rss", data, ReaderConfig(), fetcher):
        print(item)
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newsprism.errors import InputRejected
from newsprism.models import RawDocument, Rejection

if TYPE_CHECKING:
    from newsprism.ingest.fetch import Fetcher
    from newsprism.ingest.readers import ReaderConfig

_TAGS = re.compile(r"<[^>]{0,2000}>")
# how feeds mark a teaser: an ellipsis, "[...]" (WordPress), "Read more", "Continue reading"
_TRUNCATED = re.compile(
    r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]|\b(?:read|see) (?:more|the full (?:story|article))\b|"
    r"\bcontinue reading\b)[\s\W]{0,40}$",
    re.I,
)
FEED_ROOTS = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


def looks_like_feed(data: bytes) -> bool:
    """True when the start of `data` is an RSS, Atom or RSS 1.0 (RDF) document."""
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head.startswith(b"<") and FEED_ROOTS.search(head) is not None


def _plain(html: str) -> str:
    return " ".join(_TAGS.sub(" ", html).split())


def is_summary_only(body_html: str, has_full_content: bool, min_words: int) -> bool:
    """An entry whose text is a teaser: no full content and short or visibly cut."""
    if has_full_content:
        return False
    text = _plain(body_html)
    return len(text.split()) < min_words or _TRUNCATED.search(text[-200:]) is not None


def _entry_body(entry: Any) -> tuple[str, bool]:
    """The entry's longest content block, and whether it is full content (not a summary)."""
    contents = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
    summary = entry.get("summary") or ""
    if contents:
        best = max(contents, key=len)
        # some feeds copy the summary into content: that is not full text
        if len(_plain(best)) > len(_plain(summary)) + 20 or not summary:
            return best, True
        return best, False
    return summary, False


def _author(entry: Any) -> str | None:
    if entry.get("author"):
        return str(entry["author"])
    names = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    return ", ".join(names) or None


def read_feed(
    source: str,
    data: bytes,
    config: ReaderConfig,
    fetcher: Fetcher | None = None,
    *,
    content_type: str | None = None,
) -> Iterator[RawDocument | Rejection]:
    """Read a feed's entries; never raises for bad content.

    `fetcher` fetches the pages of summary-only entries (when `config.fetch_pages`);
    without one those entries are read as their summaries.
    """
    import feedparser

    from newsprism.ingest.limits import ParseTimeout, time_limit

    headers = {"content-type": content_type} if content_type else None
    try:
        # a stream, never a string or bytes: given those, feedparser would open them as a URL or a file name
        with time_limit(config.parse_time_limit):
            parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except ParseTimeout as exc:
        yield Rejection(source, "parse-timeout", f"the feed took more than {exc.seconds:g} s to parse")
        return
    except Exception as exc:  # feedparser is lenient; anything escaping it is a broken feed
        yield Rejection(source, "invalid-feed", f"{type(exc).__name__}: {exc}")
        return
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # a wrong declared encoding is fixed by feedparser itself: not worth a rejection
    if problem is not None and type(problem).__name__ in ("CharacterEncodingOverride",):
        problem = None
    entries = list(parsed.get("entries") or [])
    if not entries:
        if problem is not None:
            yield Rejection(
                source, "invalid-feed", f"not a readable feed: {type(problem).__name__}: {problem}"
            )
        elif not parsed.get("version"):
            yield Rejection(source, "invalid-feed", "not an RSS or Atom feed (no feed root element found)")
        else:
            yield Rejection(source, "empty-feed", "the feed has no entries")
        return
    language = (parsed.get("feed") or {}).get("language")
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        key = str(entry.get("id") or entry.get("link") or f"entry{index}")
        where = f"{source}#{key}" if key not in seen else f"{source}#{key}-{index}"
        seen.add(key)
        yield _entry_document(where, entry, language, config, fetcher)
    if problem is not None:
        yield Rejection(
            f"{source}#rest",
            "feed-xml-error",
            f"the feed is not well-formed XML ({type(problem).__name__}: {problem}); "
            f"{len(entries)} entries recovered, any after the error are lost",
        )


def _entry_document(
    where: str, entry: Any, language: str | None, config: ReaderConfig, fetcher: Fetcher | None
) -> RawDocument | Rejection:
    body, full = _entry_body(entry)
    link = entry.get("link")
    title = entry.get("title")
    published = entry.get("published") or entry.get("updated") or entry.get("created")
    meta: dict[str, Any] = {
        "url": link,
        "title": title,
        "published": published,
        "byline": _author(entry),
        "language": language,
        "external_id": entry.get("id"),
    }
    summary_only = is_summary_only(body, full, config.feed_min_words)
    if summary_only and config.fetch_pages and fetcher is not None and link:
        try:
            page = fetcher.fetch(link)
        except InputRejected as exc:
            return Rejection(
                where, exc.reason, f"entry gives only a summary and its page failed: {exc.detail}"
            )
        if page.kind == "feed":
            return Rejection(
                where, "unsupported-content-type", f"entry link {link} is a feed, not an article page"
            )
        meta["url"] = page.url
        return RawDocument(
            source=where, format="html" if page.kind == "html" else "text", content=page.text, **meta
        )
    if not body.strip():
        return Rejection(where, "missing-text", "the entry has neither content nor summary")
    if len(body) > config.max_record_chars:
        return Rejection(where, "too-large", f"entry text is over {config.max_record_chars:,} characters")
    return RawDocument(source=where, format="feed", content=body, **meta)

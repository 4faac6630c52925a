"""Stable, content-derived identifiers.

Ids are short hex digests so that the same input always gets the same id, across
runs, machines and the local and Dask runners.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# query parameters that track the reader, not the page
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref")


def digest(*parts: str, length: int = 16) -> str:
    """A hex digest of the parts (joined with a separator that cannot occur in them)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def content_hash(text: str) -> str:
    """Hash of a page's content, insensitive to whitespace differences."""
    return digest(" ".join(text.split()), length=32)


def canonical_url(url: str | None) -> str | None:
    """The URL without fragment, tracking parameters, default port or trailing slash.

    >>> canonical_url("HTTPS://Example.com:443/a/b/?utm_source=x&id=3#top")
    'https://example.com/a/b?id=3'
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port and (scheme, parts.port) not in (("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS)
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def article_id(url: str | None, raw_content_hash: str) -> str:
    """An article's id: from its canonical URL when it has one, else from its content."""
    canon = canonical_url(url)
    return "a" + (
        digest("url", canon, length=15) if canon else digest("content", raw_content_hash, length=15)
    )


def group_id(prefix: str, member_ids: list[str] | str) -> str:
    """An id for a group (story, copy group, storyline) derived from a founding member."""
    key = member_ids if isinstance(member_ids, str) else min(member_ids)
    return prefix + digest(prefix, key, length=11)

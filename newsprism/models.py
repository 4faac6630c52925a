"""The data model: plain typed records that flow between the pipeline stages.

Nothing here does work beyond small derived properties; the stages create these
records and the store persists them. Field names of `Article` and `Story` are part
of the export contract (docs/export.md): keep them stable.

Flow::

    RawDocument --clean--> Article --dedup--> CopyLink / CopyGroup
                                  --cluster--> Story / Storyline / TimelineEntry
                                  --extract--> Quote / Claim / Entity
                                  --compare--> Fact / StoryComparison
                                  --summarize--> SummarySentence
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

InputFormat = Literal["text", "html", "jsonl", "csv", "feed", "warc", "url"]


@dataclass(slots=True)
class Outlet:
    """A news outlet: who published an article."""

    name: str
    domain: str | None = None
    country: str | None = None
    ownership: str | None = None  # "state-owned", "public broadcaster", "private", "wire agency"
    language: str | None = None


@dataclass(slots=True)
class RawDocument:
    """One input as read, before cleaning: a page, a feed entry or a dump record.

    Fields other than `source`, `format` and `content` are metadata the input itself
    carried (JSONL keys, feed fields); the cleaner fills in what is missing.
    """

    source: str  # input path, "path#record-id" or URL
    format: InputFormat
    content: str  # raw page text or HTML
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as given by the input, unparsed
    outlet: str | None = None
    language: str | None = None
    byline: str | None = None
    external_id: str | None = None


@dataclass(slots=True)
class RemovedLine:
    """A piece of the page that cleaning removed, and why (so it can explain itself)."""

    text: str
    reason: str
    position: int  # index of the line/block in the page as read


@dataclass(slots=True)
class DateMention:
    """A date the text refers to ("on Thursday", "last week", "22 September"), resolved
    against the publication date; used for event dates and timelines."""

    text: str
    date: str  # ISO "YYYY-MM-DD"
    start: int
    end: int
    relative: bool = False  # resolved from a relative expression


@dataclass(slots=True)
class Article:
    """A clean article: the main text and its metadata."""

    id: str
    source: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" (or full ISO timestamp) or None
    outlet: str | None = None
    domain: str | None = None
    byline: str | None = None
    wire_agency: str | None = None
    dateline: str | None = None
    language: str | None = None
    input_format: str = "text"
    content_hash: str = ""
    removed: list[RemovedLine] = field(default_factory=list)
    # how each metadata field was found, e.g. {"published": "text stamp 'First Published: ...'"}
    provenance: dict[str, str] = field(default_factory=dict)
    date_mentions: list[DateMention] = field(default_factory=list)

    @property
    def published_date(self) -> str | None:
        """The publication day as "YYYY-MM-DD"."""
        return self.published[:10] if self.published else None


@dataclass(slots=True)
class Rejection:
    """An input that did not become an article, with the reason."""

    source: str
    reason: str
    detail: str = ""


@dataclass(slots=True)
class Passage:
    """One aligned passage between two articles (character offsets into each clean text)."""

    kind: Literal["identical", "edited", "only_a", "only_b"]
    a_start: int | None
    a_end: int | None
    b_start: int | None
    b_end: int | None
    similarity: float


@dataclass(slots=True)
class CopyLink:
    """Two articles that share copied text, with the evidence."""

    a_id: str
    b_id: str
    jaccard: float  # estimated shingle Jaccard (MinHash)
    coverage_a: float  # share of A's text found in B
    coverage_b: float  # share of B's text found in A
    kind: Literal["same_copy", "partial_reuse"]
    passages: list[Passage] = field(default_factory=list)


@dataclass(slots=True)
class CopyGroup:
    """Articles that carry the same source copy (wire story)."""

    id: str
    article_ids: list[str]
    origin_id: str | None  # the likely origin article
    origin_agency: str | None  # wire credit of the copy, if any
    origin_reason: str = ""
    # per article: share of its text that is the shared copy
    copied_share: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Evidence:
    """Why an article is in its story."""

    article_id: str
    story_id: str
    similarity: float
    shared_terms: list[str] = field(default_factory=list)
    shared_entities: list[str] = field(default_factory=list)
    time_gap_days: float | None = None
    reason: str = ""


@dataclass(slots=True)
class Story:
    """Articles about one event."""

    id: str
    title: str
    article_ids: list[str]
    first_seen: str | None = None
    last_seen: str | None = None
    event_date: str | None = None
    outlets: list[str] = field(default_factory=list)
    storyline_id: str | None = None
    merged_from: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEntry:
    """A dated development in a storyline."""

    date: str | None
    story_id: str
    headline: str
    article_ids: list[str] = field(default_factory=list)
    # how `date` was found: "publication", "date mentions", "text date" or "lower bound"
    # (the story is not older than `date`); inferred dates carry the phrase they rest on
    date_basis: str = ""
    date_inferred: bool = False
    date_evidence: str = ""


@dataclass(slots=True)
class Storyline:
    """Related stories chained over time."""

    id: str
    title: str
    story_ids: list[str]
    timeline: list[TimelineEntry] = field(default_factory=list)
    shared_entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """A named entity mention, normalised across articles."""

    text: str
    label: str  # PERSON, ORG, GPE, ...
    canonical: str
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    """A quote grounded in the clean text: `text == article.text[start:end]`."""

    text: str
    speaker: str | None
    start: int
    end: int
    kind: Literal["direct", "block", "partial", "indirect"] = "direct"
    cue: str | None = None  # the speech verb ("said", "claimed", ...)
    speaker_canonical: str | None = None
    article_id: str = ""


@dataclass(slots=True)
class Claim:
    """An assertion with who asserts or denies it."""

    text: str
    asserter: str | None
    polarity: Literal["asserts", "denies", "disputes"]
    start: int
    end: int
    cue: str | None = None
    article_id: str = ""
    cluster_id: str | None = None


@dataclass(slots=True)
class Fact:
    """Equivalent statements across the articles of a story."""

    id: str
    text: str  # representative sentence
    article_ids: list[str]
    outlets: list[str]
    # per article: how it carries the fact ("reports", "attributes", "hedges", "contradicts")
    treatment: dict[str, str] = field(default_factory=dict)
    copy_groups: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SummarySentence:
    """One sentence of a cited summary, with the articles that support it."""

    sentence: str
    article_ids: list[str]
    supported: bool = True


@dataclass(slots=True)
class StoryComparison:
    """How each outlet covered a story."""

    story_id: str
    facts: list[Fact] = field(default_factory=list)
    # outlet -> attribution verbs used, with counts
    attribution: dict[str, dict[str, int]] = field(default_factory=dict)
    exclusive: dict[str, list[str]] = field(default_factory=dict)  # outlet -> fact ids only it has
    omitted: dict[str, list[str]] = field(default_factory=dict)  # outlet -> common facts it lacks


def to_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a model record (nested records included)."""
    return asdict(record)

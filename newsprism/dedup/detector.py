"""The copy detector: which articles carry the same wire copy, verified passage by passage.

Three steps joined through data (so each can run per shard):

1. fingerprint every article (`CopyDetector.fingerprint`: MinHash signature plus the
   hashes of its long non-quote sentences, "anchors"); the store keeps the bytes;
2. candidates: banded LSH over the signatures, plus articles sharing at least
   ``anchor_min_shared`` anchor sentences exactly (this catches partial reuse and
   copies padded with much own text, whose shingle Jaccard is too low for LSH);
3. verify each candidate pair by sentence alignment (`align`) and decide its kind
   (`classify`). Never all pairs: only candidates are aligned.

>>> from newsprism.models import Article
>>> wire = ("Flooding closed the Orrin valley railway on Tuesday, the operator Dalemark Rail said. "
...         "Engineers expect the line between Pellis and Crowe to reopen by Friday at the earliest. "
...         "About 4,000 passengers a day use the route, most of them commuters into Pellis.")
>>> copy = "Local officials met on Wednesday to discuss the disruption. " + wire
>>> links = CopyDetector().detect([Article("b", "s", "t", copy)], [Article("a", "s", "t", wire)])
>>> [(link.a_id, link.b_id, link.kind) for link in links]
[('a', 'b', 'same_copy')]
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from newsprism.dedup.align import Alignment, SentenceUnits, align_units, prepare_units
from newsprism.dedup.index import CopyIndex, Features, unique_ints
from newsprism.dedup.minhash import (
    CopyConfig,
    SignatureMismatch,
    estimate_jaccard,
    fingerprint_many,
    shingle_hashes,
    signature_from_bytes,
    signature_to_bytes,
    sketch_many,
)
from newsprism.models import Article, CopyLink

__all__ = ["CandidatePair", "CopyDetector", "CopyVerdict", "PairOverlap", "classify", "pair_overlap"]

# a pair to verify: article a, article b (a first in the detector's order), their signatures
CandidatePair = tuple[Article, Article, np.ndarray, np.ndarray]

_FP_MAGIC = b"NPCF"
_FP_VERSION = 1
# after the signature bytes: magic, format version, shingle count, anchor count
_FP_TAIL = struct.Struct("<4sBII")

LinkKind = Literal["same_copy", "partial_reuse"]


@dataclass(slots=True)
class CopyVerdict:
    """The scores for one pair and the decision taken on them, with the reason.

    `link` is the `CopyLink` when the pair shares copy, else None (`reason` says why).
    """

    a_id: str
    b_id: str
    jaccard: float
    alignment: Alignment
    kind: LinkKind | None
    reason: str
    link: CopyLink | None = field(default=None)


@dataclass(frozen=True, slots=True)
class PairOverlap:
    """What the exact check before alignment measured of a pair (see `pair_overlap`)."""

    jaccard: float  # exact Jaccard of the two texts' distinct word-shingle sets
    shared_anchors: int  # distinct anchor sentences (long, mostly non-quote) in both texts
    passed: bool  # aligned: jaccard >= min_jaccard, or shared_anchors >= anchor_min_shared


def _anchor_sentences(units: SentenceUnits, cfg: CopyConfig) -> Iterator[str]:
    # the normalised sentences that are anchors: long enough, mostly not quotes (the
    # fingerprint hashes them for candidates; the exact check compares them)
    for norm, n, q in zip(units.norms, units.n_words, units.quote_share, strict=True):
        if n >= cfg.anchor_min_words and q <= cfg.max_quote_share:
            yield norm


def _overlap_data(units: SentenceUnits, cfg: CopyConfig) -> tuple[np.ndarray, frozenset[str]]:
    # A text's distinct shingles and anchor sentences, kept on its units: an article is
    # checked against all of its candidates (and the batch runner's workers keep units
    # across tasks). The shingles are those of the fingerprint (`shingle_hashes`, same
    # size and version) over the units' normalised words, so that both runners, which
    # both hold the units but not always the text, measure the same sets; their top 32
    # bits (4 bytes per distinct shingle held; a false match between two texts of 500
    # shingles has probability ~6e-5, against a floor of ~50 matches).
    key = (cfg.shingle_size, cfg.version, cfg.anchor_min_words, cfg.max_quote_share)
    data = units.overlap.get(key)
    if data is None:
        hashes = shingle_hashes(" ".join(units.norms), cfg.shingle_size, cfg.version)
        shingles = unique_ints((hashes >> np.uint64(32)).astype(np.uint32))
        anchors = frozenset(_anchor_sentences(units, cfg))
        data = units.overlap[key] = (shingles, anchors)
    return data


def _common(a: np.ndarray, b: np.ndarray) -> int:
    # size of the intersection of two sorted arrays of distinct values
    if a.size > b.size:
        a, b = b, a
    if not a.size:
        return 0
    at = np.searchsorted(b, a)
    at[at == b.size] = 0
    return int(np.count_nonzero(b[at] == a))


def pair_overlap(ua: SentenceUnits, ub: SentenceUnits, config: CopyConfig | None = None) -> PairOverlap:
    """The exact check a candidate pair must pass to be aligned (both runners apply it).

    Passed when the exact Jaccard of the two texts' word-shingle sets is at least
    ``min_jaccard``, or they share ``anchor_min_shared`` anchor sentences (the anchor
    candidate rule, which the floor never applied to). Band candidates are chosen on the
    *estimated* Jaccard, whose noise (sd ~0.03 at J=0.1 with 128 positions) lets pairs
    of unrelated texts over the floor; this drops them before the costly alignment.
    Always passed when ``exact_jaccard`` is off or ``min_jaccard`` is 0.

    >>> a = prepare_units("The Orrin valley railway closed on Tuesday after the flood, the operator said.")
    >>> b = prepare_units("Voters in Pellis re-elected the mayor on Sunday with a narrow majority.")
    >>> pair_overlap(a, b).passed, pair_overlap(a, a).jaccard
    (False, 1.0)
    """
    cfg = config or CopyConfig()
    sa, anchors_a = _overlap_data(ua, cfg)
    sb, anchors_b = _overlap_data(ub, cfg)
    shared = len(anchors_a & anchors_b)
    common = _common(sa, sb)
    union = sa.size + sb.size - common
    jaccard = common / union if union else 0.0
    passed = (
        not cfg.exact_jaccard
        or cfg.min_jaccard <= 0
        or jaccard >= cfg.min_jaccard
        or shared >= cfg.anchor_min_shared
    )
    return PairOverlap(jaccard, shared, passed)


def classify(alignment: Alignment, config: CopyConfig | None = None) -> tuple[LinkKind | None, str]:
    """Decide the kind of a pair from its alignment: (kind or None, reason).

    - No link unless at least ``min_shared_sentences`` shared sentences are of real
      length and not mostly quotation: independent reports of one event share facts
      and the same quotes, but not their narration.
    - ``same_copy`` when at least ``same_copy_full`` of both texts is shared;
    - ``same_copy`` when the shared passages are at least ``same_copy_coverage`` of the
      better-covered article (usually the shorter), at least ``same_copy_min_coverage``
      of the other, and at least half of the shared part of the better-covered article
      is non-quote narration, or at least ``same_copy_narration`` of its own narration is
      shared (a copy of a mostly-quote article: independent reports sharing its quotes
      share little of each other's narration).
    - otherwise ``partial_reuse`` when at least ``partial_min_identical`` of the
      substantive shared sentences are verbatim, else no link (only reworded overlap).
    """
    cfg = config or CopyConfig()
    al = alignment
    low = min(al.coverage_a, al.coverage_b)
    if al.shared_sentences >= cfg.min_shared_sentences and low >= cfg.same_copy_full:
        # nearly all of both texts is shared: a copy even when it is all quotation
        return "same_copy", (
            f"same copy: near-identical texts, coverage {al.coverage_a:.2f}/{al.coverage_b:.2f}, "
            f"{al.shared_sentences} shared sentences"
        )
    if al.substantive_shared < cfg.min_shared_sentences:
        return None, (
            f"{al.substantive_shared} substantive non-quote shared sentence(s) "
            f"(< {cfg.min_shared_sentences}); {al.shared_sentences} shared in all"
        )
    if al.coverage_a >= al.coverage_b:
        hi, lo, nq_hi, narr = al.coverage_a, al.coverage_b, al.nonquote_coverage_a, al.narration_coverage_a
    else:
        hi, lo, nq_hi, narr = al.coverage_b, al.coverage_a, al.nonquote_coverage_b, al.narration_coverage_b
    facts = (
        f"coverage {hi:.2f}/{lo:.2f} (better/worse covered), non-quote {nq_hi:.2f}, "
        f"narration shared {narr:.2f}, "
        f"{al.substantive_shared} substantive shared sentences"
    )
    narrated = nq_hi >= hi / 2 or narr >= cfg.same_copy_narration
    if hi >= cfg.same_copy_coverage and lo >= cfg.same_copy_min_coverage and narrated:
        return "same_copy", "same copy: " + facts
    if al.substantive_identical < cfg.partial_min_identical:
        # reworded overlap only, in texts that are mostly different: other reporting
        # paraphrasing the same facts, not reuse of the passages
        return None, f"no verbatim shared narration ({al.substantive_identical} identical); " + facts
    return "partial_reuse", "partial reuse: " + facts


def _sort_key(article: Article) -> tuple[int, str, str]:
    # earlier publication first; undated articles last; id breaks ties
    return (0 if article.published else 1, article.published or "", article.id)


class CopyDetector:
    """Finds wire copy shared between articles (the ``dedup`` stage).

    A link's ``a_id`` is the earlier article (by published date, then id), so
    ``coverage_a`` is the share of the earlier text found in the later one.
    """

    name = "dedup"

    def __init__(self, config: CopyConfig | None = None) -> None:
        self.config = config or CopyConfig()

    # --- fingerprints ----------------------------------------------------------------------

    def _anchors(self, units: SentenceUnits) -> np.ndarray:
        cfg = self.config
        hashes = {
            int.from_bytes(
                hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
            )
            for norm in _anchor_sentences(units, cfg)
        }
        return np.array(sorted(hashes), dtype=np.uint64)

    def _pack(self, feats: Features) -> bytes:
        tail = _FP_TAIL.pack(_FP_MAGIC, _FP_VERSION, feats.n_shingles, feats.anchors.size)
        return signature_to_bytes(feats.signature, self.config) + tail + feats.anchors.astype("<u8").tobytes()

    def _unpack(self, data: bytes) -> Features:
        sig = signature_from_bytes(data, self.config)
        offset = len(signature_to_bytes(sig, self.config))
        if len(data) < offset + _FP_TAIL.size:
            raise SignatureMismatch("fingerprint has no copy-detector section")
        magic, version, n_shingles, n_anchors = _FP_TAIL.unpack_from(data, offset)
        if magic != _FP_MAGIC or version != _FP_VERSION:
            raise SignatureMismatch(
                f"fingerprint section {magic!r} v{version}, expected {_FP_MAGIC!r} v{_FP_VERSION}"
            )
        body = data[offset + _FP_TAIL.size :]
        if len(body) != 8 * n_anchors:
            raise SignatureMismatch(f"expected {n_anchors} anchors, found {len(body)} bytes")
        anchors = np.frombuffer(body, dtype="<u8").astype(np.uint64)
        return Features(sig, n_shingles, anchors)

    def _features(self, articles: Sequence[Article], units: Mapping[str, SentenceUnits]) -> list[Features]:
        sigs, counts = sketch_many([a.text for a in articles], self.config)
        return [
            Features(sig, int(c), self._anchors(units[a.id]))
            for a, c, sig in zip(articles, counts.tolist(), sigs, strict=True)
        ]

    def fingerprint(self, article: Article) -> bytes:
        """The article's copy fingerprint as bytes (MinHash signature + anchor hashes).

        The bytes carry the settings that made them; `detect` recomputes a fingerprint
        made with other settings instead of comparing it.
        """
        return self._fingerprint_units(article, prepare_units(article.text))

    def _fingerprint_units(self, article: Article, units: SentenceUnits) -> bytes:
        # `fingerprint` on units already prepared from `article.text` (the batch runner
        # keeps them for verification, so it prepares each article once)
        return self._pack(self._features([article], {article.id: units})[0])

    def fingerprints(self, articles: Sequence[Article]) -> dict[str, bytes]:
        """`fingerprint` of many articles, by id: the same bytes, signatures made in one batch.

        >>> from newsprism.models import Article
        >>> det = CopyDetector()
        >>> art = Article("a", "s", "t", "Rain closed the Orrin valley railway on Tuesday, the operator said.")
        >>> det.fingerprints([art]) == {"a": det.fingerprint(art)}
        True
        """
        units = {a.id: prepare_units(a.text) for a in articles}
        feats = self._features(articles, units)
        return {a.id: self._pack(f) for a, f in zip(articles, feats, strict=True)}

    # --- detection ---------------------------------------------------------------------------

    def compare(self, a: Article, b: Article, *, check: bool = False) -> CopyVerdict:
        """Align two articles and decide whether (and how) they share copy.

        An explicit comparison is aligned whatever the texts' overlap; with `check`, the
        pair first takes the exact check that candidate pairs take (`pair_overlap`), so
        the verdict is the one `verdicts` and the batch runner give that pair.
        """
        first, second = sorted((a, b), key=_sort_key)
        sigs = fingerprint_many([first.text, second.text], self.config)
        return self._verify(
            first,
            second,
            prepare_units(first.text),
            prepare_units(second.text),
            sigs[0],
            sigs[1],
            check=check,
        )

    def _verify(
        self,
        a: Article,
        b: Article,
        ua: SentenceUnits,
        ub: SentenceUnits,
        sig_a: np.ndarray,
        sig_b: np.ndarray,
        *,
        check: bool = True,
    ) -> CopyVerdict:
        return self._verify_ids(a.id, b.id, ua, ub, sig_a, sig_b, check=check)

    def _verify_ids(
        self,
        a_id: str,
        b_id: str,
        ua: SentenceUnits,
        ub: SentenceUnits,
        sig_a: np.ndarray,
        sig_b: np.ndarray,
        *,
        check: bool = True,
    ) -> CopyVerdict:
        # `_verify` by article ids: the verdict needs the ids and the units, not the
        # articles (the batch runner verifies from stored units without the texts).
        # With `check`, a pair failing the exact check (`pair_overlap`) is not aligned.
        jaccard = round(estimate_jaccard(sig_a, sig_b), 4)
        if check:
            overlap = pair_overlap(ua, ub, self.config)
            if not overlap.passed:
                return CopyVerdict(
                    a_id,
                    b_id,
                    jaccard,
                    Alignment(),
                    None,
                    f"not aligned: exact shingle Jaccard {overlap.jaccard:.3f} "
                    f"(< {self.config.min_jaccard}), {overlap.shared_anchors} shared anchor "
                    f"sentence(s) (< {self.config.anchor_min_shared})",
                )
        alignment = align_units(ua, ub, self.config)
        kind, reason = classify(alignment, self.config)
        verdict = CopyVerdict(a_id, b_id, jaccard, alignment, kind, reason)
        if kind is not None:
            verdict.link = CopyLink(
                a_id=a_id,
                b_id=b_id,
                jaccard=jaccard,
                coverage_a=round(alignment.coverage_a, 4),
                coverage_b=round(alignment.coverage_b, 4),
                kind=kind,
                passages=alignment.passages,
            )
        return verdict

    def build_index(
        self, fingerprints: Mapping[str, bytes], *, index: CopyIndex | None = None
    ) -> tuple[CopyIndex, list[str]]:
        """A `CopyIndex` of stored fingerprints, and the ids whose bytes were made otherwise.

        Those stale ids are not indexed: pass their articles to `detect` as `existing`
        (their fingerprints are then recomputed and indexed), or fingerprint them again
        (`fingerprints`) and add those with ``build_index(new_bytes, index=index)``.
        With `index`, the fingerprints are added to that index instead of a new one.
        """
        index = index if index is not None else CopyIndex(self.config)
        items: list[tuple[str, Features]] = []
        stale: list[str] = []
        for article_id, data in fingerprints.items():
            try:
                items.append((article_id, self._unpack(data)))
            except SignatureMismatch:
                stale.append(article_id)
        index.add_many(items)
        return index, stale

    def verdicts(
        self,
        new: Sequence[Article],
        existing: Sequence[Article] = (),
        fingerprints: Mapping[str, bytes] | None = None,
        *,
        index: CopyIndex | None = None,
        lookup: Callable[[str], Article | None] | None = None,
    ) -> Iterator[CopyVerdict]:
        """Every verified candidate pair with its scores and decision (links and non-links).

        Same inputs as `detect`; use this to see why a pair was, or was not, linked.
        """
        units: dict[str, SentenceUnits] = {}
        for a, b, sig_a, sig_b in self._pairs(new, existing, fingerprints, index, lookup, units):
            yield self._verify(a, b, self._units(units, a), self._units(units, b), sig_a, sig_b)

    def candidate_pairs(
        self,
        new: Sequence[Article],
        existing: Sequence[Article] = (),
        fingerprints: Mapping[str, bytes] | None = None,
        *,
        index: CopyIndex | None = None,
        lookup: Callable[[str], Article | None] | None = None,
    ) -> list[CandidatePair]:
        """The pairs `verdicts` would verify, in its order, without verifying them.

        Each is (a, b, signature of a, signature of b), a before b in the detector's
        order. `verify_pairs` over them (in any split into consecutive chunks, in any
        process) gives exactly `verdicts`; the local runner uses that to verify in
        several processes. The index is updated as by `verdicts`.
        """
        return list(self._pairs(new, existing, fingerprints, index, lookup, {}))

    def verify_pairs(self, pairs: Iterable[CandidatePair]) -> list[CopyVerdict]:
        """The verdicts of candidate pairs from `candidate_pairs`, in their order."""
        units: dict[str, SentenceUnits] = {}
        return [
            self._verify(a, b, self._units(units, a), self._units(units, b), sig_a, sig_b)
            for a, b, sig_a, sig_b in pairs
        ]

    @staticmethod
    def _units(cache: dict[str, SentenceUnits], article: Article) -> SentenceUnits:
        u = cache.get(article.id)
        if u is None:
            u = cache[article.id] = prepare_units(article.text)
        return u

    def _pairs(
        self,
        new: Sequence[Article],
        existing: Sequence[Article],
        fingerprints: Mapping[str, bytes] | None,
        index: CopyIndex | None,
        lookup: Callable[[str], Article | None] | None,
        units: dict[str, SentenceUnits],
    ) -> Iterator[CandidatePair]:
        cfg = self.config
        pool: dict[str, Article] = {a.id: a for a in existing}
        new_ids: list[str] = []
        new_set: set[str] = set()
        for a in new:
            pool[a.id] = a  # a new version of a stored article replaces it
            if a.id not in new_set:
                new_set.add(a.id)
                new_ids.append(a.id)
        if not new_ids:
            return

        feats: dict[str, Features] = {}
        missing: list[Article] = []
        for article_id, article in pool.items():
            if article_id not in new_set and index is not None and article_id in index:
                continue  # already indexed
            data = fingerprints.get(article_id) if fingerprints and article_id not in new_set else None
            if data is not None:
                try:
                    feats[article_id] = self._unpack(data)
                    continue
                except SignatureMismatch:
                    pass  # made with other settings: recompute below
            missing.append(article)
        if missing:
            for article in missing:
                self._units(units, article)
            feats.update(zip([a.id for a in missing], self._features(missing, units), strict=True))

        if index is None:
            index = CopyIndex(cfg)
        # one batch: the index is updated with the new (and newly seen) articles, then queried
        index.add_many(list(feats.items()))
        found = index.candidates([feats[i] for i in new_ids], exclude=new_ids)

        seen: set[tuple[str, str]] = set()
        for article_id, candidates in zip(new_ids, found, strict=True):
            for other in candidates:
                pair = (min(article_id, other), max(article_id, other))
                if pair in seen:
                    continue
                seen.add(pair)
                if other not in pool:
                    art = lookup(other) if lookup is not None else None
                    if art is None:
                        continue  # indexed but its text is not available to this call
                    pool[other] = art
                a, b = sorted((pool[article_id], pool[other]), key=_sort_key)
                yield a, b, index.signature(a.id), index.signature(b.id)

    def detect(
        self,
        new: Sequence[Article],
        existing: Sequence[Article] = (),
        fingerprints: Mapping[str, bytes] | None = None,
        *,
        index: CopyIndex | None = None,
        lookup: Callable[[str], Article | None] | None = None,
    ) -> list[CopyLink]:
        """Copy links between `new` articles and `new` + `existing` ones.

        `fingerprints` maps article ids to bytes from `fingerprint` (as the store
        keeps them); missing or incompatible ones are recomputed from the text. Only
        pairs involving at least one new article are linked.

        Incremental use: pass a persistent `index` (from `build_index`, or an empty
        `CopyIndex`); it is updated with `new` (and any unindexed `existing`) instead of
        being rebuilt, and indexed candidates not in `existing` are fetched with
        `lookup(id)` (skipped when it returns None or is not given).
        """
        verdicts = self.verdicts(new, existing, fingerprints, index=index, lookup=lookup)
        return [v.link for v in verdicts if v.link is not None]

    def run(self, articles: Iterable[Article]) -> Iterator[CopyLink]:
        """The stage protocol: all articles against each other, through the index."""
        yield from self.detect(list(articles))

"""MinHash fingerprints of article text and a banded LSH index over them.

How a signature is made (format version 2, the default)::

    text --lower-case, punctuation to spaces, split--> words (numbers included)
         --blake2b-64 per word--> 64-bit word hashes          (independent of the seed)
         --fmix64 chain over `shingle_size` words--> 64-bit shingle hashes
         --fmix64(h ^ seed key): one bin of k and a 32-bit value per shingle
         --min per bin, empty bins densified--> signature (uint32 x k)

Version 1 tokenised with `newsprism.text.words` and used k hash functions instead
of one: the k hash functions are Thorup's vector multiply-shift scheme over the two 32-bit
halves of a shingle hash: ``h(x) = ((a1*lo(x) + a2*hi(x) + b) mod 2**64) >> 32`` with
``a1, a2, b`` drawn uniformly from ``[0, 2**64)`` by ``numpy.random.PCG64(seed)``. That
family is 2-independent (strongly universal) on 64-bit inputs and needs only wrapping
uint64 arithmetic, so it vectorises in NumPy as one (k x n) multiply-add per text.

The estimated Jaccard of two texts is the share of equal signature positions.

Compatibility: a signature is only comparable with one made with the same
``(version, seed, num_perm, shingle_size)``. `signature_to_bytes` writes all four in a
header and `signature_from_bytes` refuses bytes made with other settings
(`SignatureMismatch`), so persisted fingerprints never get compared silently across
versions. Version history:

- 1: first format (blake2b-64 words, fmix64 shingles, multiply-shift permutations).
- 2 (default): faster tokens (punctuation to spaces, numbers kept) and one-permutation hashing with rotation
  densification (see `_signature_of_hashes_v2`): one hash per shingle instead of
  ``num_perm``, measured ~5x faster signatures on 515-word articles with the same
  estimation accuracy on texts of 150+ words (tests/dedup/test_minhash.py). Version
  1 is still computed with ``CopyConfig(version=1)``; stored v1 fingerprints are
  recomputed, never compared with v2 ones.

>>> cfg = CopyConfig()
>>> a = fingerprint("The minister said the new bridge would open in May next year.", cfg)
>>> b = fingerprint("The minister said the new bridge would open in June next year.", cfg)
>>> 0.4 < estimate_jaccard(a, b) < 1.0
True
>>> bool((signature_from_bytes(signature_to_bytes(a, cfg), cfg) == a).all())
True
"""

from __future__ import annotations

import hashlib
import string
import struct
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsprism.errors import ConfigError, NewsprismError
from newsprism.text import WORD_PATTERN as _WORD_RE  # the same token pattern as `words`
from newsprism.text import words

SIGNATURE_VERSION = 2
_MAGIC = b"NPMH"
# magic, version, num_perm, shingle_size, seed
_HEADER = struct.Struct("<4sHHHQ")
_EMPTY = np.uint32(0xFFFFFFFF)  # value of every position when a text has no shingles
_M64 = (1 << 64) - 1

__all__ = [
    "CopyConfig",
    "LSHIndex",
    "SignatureMismatch",
    "estimate_jaccard",
    "fingerprint",
    "fingerprint_many",
    "shingle_hashes",
    "sketch_many",
    "signature_from_bytes",
    "signature_to_bytes",
    "signatures_of_hashes",
]


class SignatureMismatch(NewsprismError, ValueError):
    """Stored signature bytes were made with other settings (or are not a signature)."""


@dataclass(frozen=True, slots=True)
class CopyConfig:
    """Settings of copy detection: fingerprints, LSH candidates, alignment and link kinds.

    Defaults and how they were chosen:

    - ``num_perm=128`` and word 2-gram shingles: published settings for news copy
      detection, where copies are much less similar than web-crawl duplicates.
    - ``bands=64, rows=2, min_jaccard=0.1, band_max_df=500`` (the candidate rule):
      ``1-(1-J**2)**64`` makes a pair at J=0.15 a candidate with p~0.77, J=0.20 with
      p~0.93 (news copies with an added intro or a trimmed end have J of 0.2-0.5); band
      candidates whose estimated Jaccard (whole signature) is below 0.1 are dropped
      before alignment, and band buckets of more than 500 articles (bins whose minimum
      is a very common bigram agree across unrelated texts: the largest 2-row bucket
      held 6% of 924 PolNeAR articles) are ignored so lookups stay bounded. Anchor
      candidates (shared exact sentences) are not subject to the floor.
      Measured on the PolNeAR-generated sets (``scripts/eval_copies.py``, 3 seeds each)
      against the former default (``bands=42, rows=3``, no floor, no bucket limit):
      hard-set copy-group ARI 0.971/0.970/0.973 -> 0.990/0.984/0.992 (link recall
      0.88-0.90 -> 0.97, precision equal), standard sets equal or better
      (0.996/0.997/0.997 -> 0.996/0.997/0.999); the copy pairs the former default
      missed had a median J of 0.23 (p~0.42 under 42x3); no gold pair had J below 0.1.
      On the generated batch-benchmark corpus (``benchmarks/corpus.py 1000``) it aligns
      15.3 candidate pairs per article instead of 38.7 (CPU 12.6 s -> 5.4 s) and its
      links differ only where the former were wrong: 53 links between different gold
      stories dropped, 70 same-story copies gained. The batch runner (`newsprism.batch`)
      applies the same floor and bucket limit. ``CopyConfig(bands=42, rows=3,
      min_jaccard=0.0, band_max_df=0)`` gives the former behaviour.
    - ``min_jaccard=0.0`` / ``band_max_df=0`` mean no floor / no bucket limit.
    - ``exact_jaccard=True``: the floor is checked again, exactly, before alignment
      (`newsprism.dedup.detector.pair_overlap`, in the local and the batch runner alike):
      a candidate pair is aligned only if the exact Jaccard of the two texts' distinct
      word 2-gram shingles is at least ``min_jaccard``, or the texts share
      ``anchor_min_shared`` anchor sentences (so anchor candidates always pass). The
      estimate's noise (sd ~0.03 at J=0.1) lets pairs of unrelated texts over the floor,
      and their number per article grew with the corpus. Batch-benchmark corpus
      (``benchmarks/corpus.py``, seed 1, split by its gold events), candidates per article
      same-event + cross-event: 10k 3.03 + 1.84 aligned before, 3.03 + 0.02 after; 30k
      3.00 + 3.72 before, 3.00 + 0.03 after. Exact J of cross-event candidates: median
      0.061, 99th percentile 0.098; of same-event ones: 1st percentile 0.14. The check
      costs ~13 us a pair plus ~0.2 ms per text once (shingles kept with its units);
      the batch verify tasks run serially took 15.3 -> 13.2 s CPU at 10k and 74.9 ->
      49.9 s at 30k. Links lost: 9 of 22,765 at 10k, 49 of 68,165 at 30k, all
      partial_reuse between articles without a gold copy relation (8 and 46 across
      gold events); copy groups and stories unchanged. ``scripts/eval_copies.py`` (6
      sets): every figure equal to 4 decimals; 3 of 6,828 links lost, partial_reuse from
      a partial reuser to *copies* of the origin it reused (exact J 0.07-0.10, one shared
      anchor), its link to the origin itself kept. Raising the estimated floor instead
      (0.13) lost recall. ``exact_jaccard=False`` gives the former behaviour.
    - ``min_jaccard_unanchored=0.12``: a band candidate that shares no anchor sentence
      with its partner (a verbatim non-quote sentence of ``anchor_min_words`` words, in
      at most ``anchor_max_df`` articles) needs this estimated Jaccard instead of
      ``min_jaccard`` (`newsprism.dedup.index.estimated_floor`, in `CopyIndex` and the
      batch runner's reduction alike). The exact check above keeps unrelated pairs from
      being aligned, but they were still shipped to verification, and their number per
      article grows with the corpus (pairs of unrelated texts grow with its square).
      Batch-benchmark corpus (seed 1), candidate pairs -> links: 10k 48,526 -> 31,043
      pairs, 22,753 -> 22,746 links; 30k 199,740 -> 97,253 pairs (6.7 -> 3.3 per
      article), 68,122 -> 68,089 links. Of the 33 links lost at 30k, 9 joined different
      gold events, 20 were partial_reuse and 4 same_copy inside one event. A floor of
      0.15 lost 75 links at 10k, 0.2 lost 516. ``scripts/eval_copies.py`` (6 sets): every
      figure unchanged to 4 decimals. ``min_jaccard_unanchored=0.0`` (or any value
      not above ``min_jaccard``) gives the former rule.
    - ``edited_threshold=80``: rapidfuzz ratio (0-100) on normalised sentences above
      which two sentences are "the same sentence, lightly edited"; at 80 a 25-word
      sentence may have about 3 words changed. Unrelated sentences about the same
      event score 40-65 on our invented tests.
    - ``same_copy_coverage=0.5``: the shared passages are at least half of the
      better-covered (usually the shorter) article's text, the suggested setting.
    - ``same_copy_min_coverage=0.25``: and at least a quarter of the other one, so a
      long piece of own reporting that embeds a short wire item is `partial_reuse`,
      not a copy of it (it is an independent source that also quotes the wire).
    - ``same_copy_narration=0.6``: or, for mostly-quote articles, 60% of the
      better-covered text's own narration is shared. Chosen on the PolNeAR-generated
      sets (`newsprism.dedup.evaluate`): copies of quote-heavy political articles had
      0.8-1.0, hard negatives on the same story below 0.2.
    - ``same_copy_full=0.9``: two texts sharing 90% of both are copies whatever their
      quote share (an all-quote item was otherwise never linked to its own copy).
    - ``min_shared_sentences=2`` substantive (``>= min_sentence_words`` words), mostly
      non-quote shared sentences are required for any link: independent reports of one
      event share facts and short quotes, but rarely two sentences of narration.
    - ``partial_min_identical=1``: a `partial_reuse` link (not a copy) needs at least
      one verbatim substantive shared sentence. On the generated benchmark corpus
      (benchmarks/bench_dedup.py) all 81 false partial links between independent
      reports and the wire (paraphrased facts, ~35% of words changed) had none, all 294
      true ones (wire paragraphs quoted inside own text) had 1-6.
    """

    num_perm: int = 128
    shingle_size: int = 2
    bands: int = 64
    rows: int = 2
    seed: int = 1
    version: int = SIGNATURE_VERSION
    # alignment
    edited_threshold: float = 80.0
    min_sentence_words: int = 6
    max_quote_share: float = 0.5  # a sentence with more quoted characters counts as a quote
    # link kinds
    same_copy_coverage: float = 0.5
    same_copy_min_coverage: float = 0.25
    same_copy_narration: float = 0.6
    same_copy_full: float = 0.9
    min_shared_sentences: int = 2
    partial_min_identical: int = 1
    # candidates
    min_shingles: int = 8  # texts shorter than this (in shingles) are not fingerprinted for LSH
    anchor_min_words: int = 10  # exact shared sentences of this length also make candidates
    anchor_min_shared: int = 2
    anchor_max_df: int = 50  # an anchor sentence in more articles is boilerplate, not copy
    max_candidates: int = 500  # per new article, best by estimated Jaccard
    min_jaccard: float = 0.1  # LSH candidates below this estimated Jaccard are not aligned
    min_jaccard_unanchored: float = 0.12  # ... nor those below this sharing no anchor sentence
    band_max_df: int = 500  # band buckets with more articles are ignored (0: no limit)
    exact_jaccard: bool = True  # candidates under min_jaccard by exact shingle Jaccard: not aligned

    def __post_init__(self) -> None:
        if self.num_perm < 1 or self.num_perm > 0xFFFF:
            raise ConfigError(f"num_perm must be in 1..65535, got {self.num_perm}")
        if self.shingle_size < 1:
            raise ConfigError(f"shingle_size must be >= 1, got {self.shingle_size}")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ConfigError(
                f"bands*rows must be <= num_perm ({self.num_perm}), got {self.bands}*{self.rows}"
            )
        if self.version not in (1, 2):
            raise ConfigError(f"signature version must be 1 or 2, got {self.version}")
        if not 0.0 <= self.min_jaccard <= 1.0:
            raise ConfigError(f"min_jaccard must be in 0..1, got {self.min_jaccard}")
        if not 0.0 <= self.min_jaccard_unanchored <= 1.0:
            raise ConfigError(f"min_jaccard_unanchored must be in 0..1, got {self.min_jaccard_unanchored}")
        if self.band_max_df < 0:
            raise ConfigError(f"band_max_df must be >= 0 (0: no limit), got {self.band_max_df}")
        if not 0 <= self.seed <= _M64:
            raise ConfigError(f"seed must fit in 64 bits, got {self.seed}")

    @classmethod
    def high_recall(cls, **overrides: Any) -> CopyConfig:
        """The candidate settings for heavily edited copies, now the defaults (see the class notes).

        Kept so that code asking for them explicitly keeps them if the defaults move again.

        >>> cfg = CopyConfig.high_recall()
        >>> (cfg.bands, cfg.rows, cfg.min_jaccard, cfg.band_max_df)
        (64, 2, 0.1, 500)
        """
        settings: dict[str, Any] = {"bands": 64, "rows": 2, "min_jaccard": 0.1, "band_max_df": 500}
        return cls(**{**settings, **overrides})

    @property
    def lsh_threshold(self) -> float:
        """The approximate Jaccard at which the LSH S-curve rises, ``(1/bands)**(1/rows)``."""
        return float((1.0 / self.bands) ** (1.0 / self.rows))


# --- shingles ---------------------------------------------------------------------------

_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_MAX = 2_000_000  # ~200 MB worst case; cleared (not evicted) when full


def _word_hash(word: str) -> int:
    h = _WORD_CACHE.get(word)
    if h is None:
        if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
            _WORD_CACHE.clear()
        # blake2b rather than hash(): stable across processes and PYTHONHASHSEED
        h = int.from_bytes(
            hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
        )
        _WORD_CACHE[word] = h
    return h


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (a bijection with full avalanche), vectorised."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB93FE1A85EC5)
    return x ^ (x >> np.uint64(33))


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _fast_words(text: str) -> list[str]:
    """`newsprism.text.words`, lower-casing the whole text once instead of per word.

    Equal to ``words(text)`` when lower-casing keeps the text's length (it then maps
    letters to letters one for one, so the same spans match); otherwise (e.g. "İ",
    which lower-cases to two characters) it falls back to `words` itself. Measured
    1.6x faster tokenising on 515-word articles.
    """
    low = text.lower()
    if len(low) != len(text):
        return words(text)
    return _WORD_RE.findall(low.replace("’", "'"))


# Version 2 tokens: lower-case, punctuation (ASCII and common Unicode quotes, dashes,
# ellipses, bullets) turned into spaces, words = runs of other bytes (numbers are words
# here). Done with C-level str.replace / bytes.translate and NumPy word hashing
# (`_word_hashes`) instead of a Unicode regex and a hash per word in Python: the regex
# and per-word Python work were the bottleneck of signatures + LSH.
_UNICODE_PUNCT = "“”‘’«»„‚‹›—–‐‑‒―…·•\u00a0"
_SPACED = string.punctuation.encode() + b"\t\n\r\x0b\x0c"
_BATCH_PUNCT = bytes.maketrans(_SPACED, b" " * len(_SPACED))
_ASCII_PUNCT = bytes.maketrans(_SPACED + b"\x01", b" " * (len(_SPACED) + 1))
_P = 0x100000001B3  # FNV-1a 64-bit prime: odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_BATCH_CHARS = 1 << 19  # see `sketch_many`
_POWERS: list[np.ndarray] = [np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64)]


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i < n (cached, grown by doubling)."""
    if _POWERS[0].size < n:
        size = max(n, 1 << 16)
        # by doubling, x[m:2m] = x[:m] * base**m, in exact wrapping uint64 multiplies
        # (np.cumprod over uint64 was measured to lose exactness)
        out = []
        for base in (_P, _P_INV):
            x = np.ones(1, dtype=np.uint64)
            while x.size < size:
                with np.errstate(over="ignore"):
                    x = np.concatenate([x, x * np.uint64(pow(base, x.size, 1 << 64))])
            out.append(x)
        _POWERS[0], _POWERS[1] = out
    return _POWERS[0], _POWERS[1]


def _normalised_bytes(text: str, table: bytes) -> np.ndarray:
    low = text.lower()
    for ch in _UNICODE_PUNCT:
        if ch in low:
            low = low.replace(ch, " ")
    return np.frombuffer(low.encode("utf-8", "surrogatepass").translate(table), dtype=np.uint8)


def _word_hashes(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the space-separated words of a byte buffer, and their start offsets.

    A word's hash is its polynomial hash ``sum(b_i * P**(len-1-i)) mod 2**64``, taken
    for all words at once from one prefix sum of ``b_i * P**-i`` (no Python loop per
    word), then mixed with its length through fmix64.
    """
    nonspace = np.zeros(buf.size + 2, dtype=np.int8)
    np.not_equal(buf, 32, out=nonspace[1:-1].view(bool))
    edges = np.diff(nonspace)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if not starts.size:
        return np.zeros(0, dtype=np.uint64), starts
    pw, inv = _powers(buf.size + 1)
    # one uint64 array, multiplied and summed in place: the per-byte passes are
    # memory-bound, and each temporary array cost as much as the arithmetic
    prefix = np.empty(buf.size + 1, dtype=np.uint64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        np.multiply(buf, inv[: buf.size], out=prefix[1:], casting="unsafe")
        np.cumsum(prefix, out=prefix)
        poly = (prefix[ends] - prefix[starts]) * pw[ends - 1]
        lengths = (ends - starts).astype(np.uint64)
        return _fmix64(poly ^ (lengths * _GOLDEN)), starts


def shingle_hashes(text: str, shingle_size: int = 2, version: int = SIGNATURE_VERSION) -> np.ndarray:
    """64-bit hashes of the word `shingle_size`-grams of `text` (uint64, may repeat).

    A text with fewer words than `shingle_size` gets one shingle of all its words; a
    text without words gets none. Version 1 tokenises with `newsprism.text.words`,
    version 2 with the faster punctuation-to-space split (see `_word_hashes`).
    """
    if version == 1:
        tokens = _fast_words(text)
        if not tokens:
            return np.zeros(0, dtype=np.uint64)
        try:
            # the common case, every word seen before: one C-level pass, no Python loop
            h = np.fromiter(map(_WORD_CACHE.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
        except KeyError:
            h = np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))
    else:
        h, _ = _word_hashes(_normalised_bytes(text, _ASCII_PUNCT))
        if not h.size:
            return h
    k = min(shingle_size, len(h))
    n = len(h) - k + 1
    with np.errstate(over="ignore"):
        acc = _fmix64(h[:n] + _GOLDEN)
        for j in range(1, k):
            acc = _fmix64((acc * _GOLDEN) ^ h[j : j + n])
    return acc


# --- signatures ----------------------------------------------------------------------------

_PARAM_CACHE: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _params(config: CopyConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    key = (config.seed, config.num_perm)
    params = _PARAM_CACHE.get(key)
    if params is None:
        rng = np.random.Generator(np.random.PCG64(config.seed))
        draw = rng.integers(0, 1 << 64, size=(3, config.num_perm, 1), dtype=np.uint64, endpoint=False)
        params = (draw[0], draw[1], draw[2])
        _PARAM_CACHE[key] = params
    return params


_LO = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def _signature_of_hashes_v1(hashes: np.ndarray, config: CopyConfig) -> np.ndarray:
    if hashes.size == 0:
        return np.full(config.num_perm, _EMPTY, dtype=np.uint32)
    a1, a2, b = _params(config)
    lo = hashes & _LO
    hi = hashes >> _SHIFT
    # (num_perm x n) in wrapping uint64 arithmetic; the top 32 bits are the hash value
    values = (a1 * lo + a2 * hi + b) >> _SHIFT
    return values.min(axis=1).astype(np.uint32)


_SEED_KEYS: dict[int, np.uint64] = {}
_ROTATE = np.uint32(0x9E3779B1)  # added per bin of distance to a borrowed value


def _seed_key(seed: int) -> np.uint64:
    key = _SEED_KEYS.get(seed)
    if key is None:
        rng = np.random.Generator(np.random.PCG64(seed))
        key = _SEED_KEYS[seed] = rng.integers(0, 1 << 64, dtype=np.uint64, endpoint=False)
    return key


def _signature_of_hashes_v2(hashes: np.ndarray, config: CopyConfig) -> np.ndarray:
    """One-permutation MinHash with rotation densification (format version 2).

    One seeded hash per shingle, ``g = fmix64(h ^ key(seed))``; its top 32 bits pick
    one of k bins (``(hi * k) >> 32``), its low 32 bits are the value, and a bin's
    minimum is its signature entry (Li, Owen & Zhang 2012). An empty bin borrows the
    value of the next non-empty bin to its right (circularly), plus ``0x9E3779B1`` per
    bin of distance (Shrivastava & Li 2014). O(n log n) per text instead of O(k n).
    """
    k = config.num_perm
    if hashes.size == 0:
        return np.full(k, _EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        g = _fmix64(hashes ^ _seed_key(config.seed))
        bins = ((g >> _SHIFT) * np.uint64(k)) >> _SHIFT
        # sorting bin*2**32 + value puts each bin's minimum first
        keys = np.sort((bins << _SHIFT) | (g & _LO))
    sorted_bins = (keys >> _SHIFT).astype(np.int64)
    first = np.searchsorted(sorted_bins, np.arange(k))
    filled = first < keys.size
    filled[filled] = sorted_bins[first[filled]] == np.arange(k)[filled]
    values = np.full(k, _EMPTY, dtype=np.uint32)
    values[filled] = (keys[first[filled]] & _LO).astype(np.uint32)
    return _densify(values, filled)


def _densify(values: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Fill empty bins from the next filled bin to the right (circular), rotated."""
    if filled.all():
        return values
    k = values.size
    where = np.flatnonzero(filled)
    pos = np.arange(k)
    nxt = np.searchsorted(where, pos)  # index into `where` of the next filled bin
    wrap = nxt == where.size
    target = np.where(wrap, where[0] + k, where[np.minimum(nxt, where.size - 1)])
    dist = (target - pos).astype(np.uint32)
    with np.errstate(over="ignore"):
        return values[target % k] + dist * _ROTATE


def _densify_rows(values: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """`_densify` for many rows at once (each row has at least one filled bin)."""
    r, k = values.shape
    pos = np.arange(2 * k)
    # next filled bin at or after each position, over the row written twice (circular)
    marks = np.where(np.concatenate([filled, filled], axis=1), pos, 2 * k)
    nxt = np.minimum.accumulate(marks[:, ::-1], axis=1)[:, ::-1][:, :k]
    dist = (nxt - pos[:k]).astype(np.uint32)
    with np.errstate(over="ignore"):
        return np.take_along_axis(values, nxt % k, axis=1) + dist * _ROTATE


def sketch_many(texts: Sequence[str], config: CopyConfig | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Signatures (n, num_perm) and shingle counts (n,) of many texts, in one batch.

    Equal to `fingerprint` / `shingle_hashes` text by text, but version 2 tokenises,
    hashes and bins all texts at once: one joined string through the C-level
    tokeniser, one `numpy.minimum.at` over every shingle (measured ~3x faster than
    text by text on 515-word articles). Version 1 goes text by text.
    """
    config = config or CopyConfig()
    n, size = len(texts), config.shingle_size
    if config.version == 1 or n == 0:
        hashes = [shingle_hashes(t, size, config.version) for t in texts]
        return signatures_of_hashes(hashes, config), np.array([h.size for h in hashes], dtype=np.int64)
    # Batches of about `_BATCH_CHARS` characters: the per-byte arrays (8 bytes per
    # character) then stay in cache and their memory is reused, where one huge batch
    # page-faults fresh memory for each temporary.
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    cuts = np.searchsorted(np.cumsum(lengths), np.arange(_BATCH_CHARS, int(lengths.sum()), _BATCH_CHARS))
    bounds = sorted({0, n, *np.minimum(cuts + 1, n).tolist()})
    if len(bounds) == 2:
        return _sketch_batch(texts, config)
    parts = [_sketch_batch(texts[a:b], config) for a, b in zip(bounds, bounds[1:], strict=False)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _sketch_batch(texts: Sequence[str], config: CopyConfig) -> tuple[np.ndarray, np.ndarray]:
    n, k, size = len(texts), config.num_perm, config.shingle_size
    joined = " \x01 ".join(t.replace("\x01", " ") for t in texts)
    buf = _normalised_bytes(joined, _BATCH_PUNCT)
    seps = np.flatnonzero(buf == 1)  # byte offsets of the separators between texts
    buf = buf.copy()
    buf[seps] = 32
    h, starts = _word_hashes(buf)
    # words per text from the few separators (not one search per word)
    first = np.concatenate([[0], np.searchsorted(starts, seps), [starts.size]])
    n_words = np.diff(first)
    text_of = np.repeat(np.arange(n, dtype=np.int64), n_words)
    sigs = np.full((n, k), _EMPTY, dtype=np.uint32)
    counts = np.maximum(n_words - size + 1, np.minimum(n_words, 1))
    m = h.size - size + 1
    if m > 0:
        with np.errstate(over="ignore"):
            acc = _fmix64(h[:m] + _GOLDEN)
            for j in range(1, size):
                acc = _fmix64((acc * _GOLDEN) ^ h[j : j + m])
            ok = text_of[:m] == text_of[size - 1 : size - 1 + m]  # shingles inside one text
            acc, owner = acc[ok], text_of[:m][ok]
            g = _fmix64(acc ^ _seed_key(config.seed))
            cell = owner * k + (((g >> _SHIFT) * np.uint64(k)) >> _SHIFT).astype(np.int64)
        flat = np.full(n * k, int(_LO), dtype=np.uint64)
        np.minimum.at(flat, cell, g & _LO)
        filled = np.bincount(cell, minlength=n * k).reshape(n, k) > 0
        sigs = flat.reshape(n, k).astype(np.uint32)
        rows = np.flatnonzero(~filled.all(axis=1) & filled.any(axis=1))
        if rows.size:
            sigs[rows] = _densify_rows(sigs[rows], filled[rows])
        sigs[~filled.any(axis=1)] = _EMPTY
    # texts shorter than a shingle: one shingle of all their words, as `shingle_hashes`
    for row in np.flatnonzero((n_words > 0) & (n_words < size)).tolist():
        sigs[row] = _signature_of_hashes(shingle_hashes(texts[row], size, config.version), config)
    return sigs, counts


def _signature_of_hashes(hashes: np.ndarray, config: CopyConfig) -> np.ndarray:
    if config.version == 1:
        return _signature_of_hashes_v1(hashes, config)
    return _signature_of_hashes_v2(hashes, config)


def fingerprint(text: str, config: CopyConfig | None = None) -> np.ndarray:
    """The MinHash signature of `text`: ``config.num_perm`` uint32 values."""
    config = config or CopyConfig()
    return _signature_of_hashes(shingle_hashes(text, config.shingle_size, config.version), config)


def fingerprint_many(texts: Iterable[str], config: CopyConfig | None = None) -> np.ndarray:
    """Signatures of many texts as a (n, num_perm) uint32 array."""
    config = config or CopyConfig()
    return signatures_of_hashes(
        [shingle_hashes(t, config.shingle_size, config.version) for t in texts], config
    )


def signatures_of_hashes(hash_lists: Sequence[np.ndarray], config: CopyConfig | None = None) -> np.ndarray:
    """Signatures (n, num_perm) of texts given as arrays of their `shingle_hashes`."""
    config = config or CopyConfig()
    out = np.empty((len(hash_lists), config.num_perm), dtype=np.uint32)
    # One text at a time on purpose: a (num_perm x ~500) uint64 block stays in L2
    # cache; concatenating texts into larger blocks with minimum.reduceat measured
    # 2.3x slower (memory-bound) on 2,000 articles of ~500 words.
    for k, hashes in enumerate(hash_lists):
        out[k] = _signature_of_hashes(hashes, config)
    return out


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two signatures."""
    if a.shape != b.shape:
        raise SignatureMismatch(f"signatures differ in length: {a.shape} vs {b.shape}")
    return float(np.count_nonzero(a == b)) / float(a.size)


def signature_to_bytes(signature: np.ndarray, config: CopyConfig | None = None) -> bytes:
    """Serialise a signature with a header naming the settings that made it."""
    config = config or CopyConfig()
    sig = np.ascontiguousarray(signature, dtype="<u4")
    if sig.shape != (config.num_perm,):
        raise SignatureMismatch(f"expected {config.num_perm} values, got shape {sig.shape}")
    header = _HEADER.pack(_MAGIC, config.version, config.num_perm, config.shingle_size, config.seed)
    return header + sig.tobytes()


def signature_from_bytes(data: bytes, config: CopyConfig | None = None) -> np.ndarray:
    """Read bytes from `signature_to_bytes`; raise `SignatureMismatch` if made otherwise."""
    config = config or CopyConfig()
    if len(data) < _HEADER.size:
        raise SignatureMismatch(f"expected at least {_HEADER.size} bytes, got {len(data)}")
    magic, version, num_perm, shingle_size, seed = _HEADER.unpack_from(data)
    if magic != _MAGIC:
        raise SignatureMismatch(f"expected magic {_MAGIC!r}, found {magic!r}")
    found = (version, num_perm, shingle_size, seed)
    wanted = (config.version, config.num_perm, config.shingle_size, config.seed)
    if found != wanted:
        raise SignatureMismatch(
            f"signature made with (version, num_perm, shingle_size, seed)={found}, expected {wanted}"
        )
    body = data[_HEADER.size : _HEADER.size + 4 * num_perm]
    if len(body) != 4 * num_perm:
        raise SignatureMismatch(f"expected {4 * num_perm} signature bytes, got {len(body)}")
    return np.frombuffer(body, dtype="<u4").astype(np.uint32)


# --- LSH -------------------------------------------------------------------------------------


class LSHIndex:
    """A banded LSH index of MinHash signatures, in memory and incremental.

    Each of ``config.bands`` bands of ``config.rows`` values is a bucket key; two
    signatures are candidates when any band is equal.

    >>> cfg = CopyConfig()
    >>> index = LSHIndex(cfg)
    >>> sig = fingerprint("Officials in Norvale confirmed the bridge would reopen on Monday.", cfg)
    >>> index.add("x", sig)
    >>> index.query(sig)
    {'x'}
    >>> index.remove("x")
    >>> index.query(sig)
    set()
    """

    def __init__(self, config: CopyConfig | None = None) -> None:
        self.config = config or CopyConfig()
        self._buckets: list[dict[bytes, set[Hashable]]] = [{} for _ in range(self.config.bands)]
        self._keys: dict[Hashable, list[bytes]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, item: object) -> bool:
        return item in self._keys

    def _band_keys(self, signature: np.ndarray) -> list[bytes]:
        cfg = self.config
        if signature.shape != (cfg.num_perm,):
            raise SignatureMismatch(f"expected {cfg.num_perm} values, got shape {signature.shape}")
        bands = np.ascontiguousarray(signature[: cfg.bands * cfg.rows], dtype=np.uint32).reshape(
            cfg.bands, cfg.rows
        )
        return [row.tobytes() for row in bands]

    def add(self, key: Hashable, signature: np.ndarray) -> None:
        """Index `signature` under `key` (re-adding a key replaces its signature)."""
        if key in self._keys:
            self.remove(key)
        keys = self._band_keys(signature)
        for bucket, band_key in zip(self._buckets, keys, strict=True):
            bucket.setdefault(band_key, set()).add(key)
        self._keys[key] = keys

    def remove(self, key: Hashable) -> None:
        """Forget `key` (no error if it is not indexed)."""
        keys = self._keys.pop(key, None)
        if keys is None:
            return
        for bucket, band_key in zip(self._buckets, keys, strict=True):
            ids = bucket.get(band_key)
            if ids is not None:
                ids.discard(key)
                if not ids:
                    del bucket[band_key]

    def query(self, signature: np.ndarray) -> set[Any]:
        """Keys whose signatures share at least one band with `signature`."""
        out: set[Any] = set()
        for bucket, band_key in zip(self._buckets, self._band_keys(signature), strict=True):
            ids = bucket.get(band_key)
            if ids:
                out |= ids
        return out

    def add_many(self, items: Sequence[tuple[Hashable, np.ndarray]]) -> None:
        """Index several (key, signature) pairs."""
        for key, sig in items:
            self.add(key, sig)

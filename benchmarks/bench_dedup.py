"""Benchmark and quality check of copy detection on a generated corpus (not a test).

Run: ``.venv/bin/python benchmarks/bench_dedup.py [n_stories]``. Prints the machine;
signatures + candidate lookup of newsprism (`sketch_many` + `CopyIndex`, batch)
against datasketch MinHash + MinHashLSH with the same bands and rows (so equal
recall in expectation; the measured candidate recall of both is printed), best of
three runs, with the index's memory per article and per million articles; the older
per-article path (`fingerprint_many` + `LSHIndex`); the detector's throughput and
the precision/recall of its links against the generated truth. The quality
evaluation on real news text is ``scripts/eval_copies.py``.

The corpus: per story, a wire text of ~500 words; 0-4 outlet copies (trimmed ending,
local intro, reworded words, reordered paragraphs, split sentences); 1-2 independent
reports (same names, the same quote, four wire sentences paraphrased with ~35% of
their words changed, own sentences); sometimes a partial reuse (own text quoting
three wire paragraphs).
"""

from __future__ import annotations

import gc
import os
import platform
import random
import sys
import time
import tracemalloc
from itertools import combinations

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tas",
    "vo",
    "di",
    "ne",
    "sul",
    "par",
    "an",
    "te",
    "bri",
    "os",
    "gu",
    "em",
]
FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "with",
    "said",
    "by",
    "as",
    "at",
    "from",
    "his",
    "it",
    "an",
    "were",
    "are",
    "which",
]


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        vocab: set[str] = set()
        while len(vocab) < 6000:
            vocab.add("".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))))
        self.vocab = sorted(vocab)
        weights = [1.0 / (k + 1) ** 0.9 for k in range(len(self.vocab))]
        self.cum = [sum(weights[: k + 1]) for k in range(len(weights))]

    def word(self) -> str:
        if self.rng.random() < 0.35:
            return self.rng.choice(FUNCTION)
        return self.rng.choices(self.vocab, cum_weights=self.cum)[0]

    def sentence(self, names: list[str], n: int | None = None) -> str:
        n = n or self.rng.randint(12, 28)
        ws = [self.word() for _ in range(n)]
        for _ in range(self.rng.randint(0, 2)):
            ws[self.rng.randrange(1, n)] = self.rng.choice(names)
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def quote(self, names: list[str]) -> str:
        body = self.sentence(names, self.rng.randint(10, 18))[:-1]
        return f'"{body}," {self.rng.choice(names)} said.'

    def reword(self, s: str, k: int) -> str:
        ws = s.split()
        for _ in range(k):
            i = self.rng.randrange(1, len(ws) - 1)
            ws[i] = self.word()
        return " ".join(ws)


def _article(aid: str, paragraphs: list[list[str]], published: str):  # noqa: ANN202
    from newsprism.models import Article

    return Article(aid, "gen", "t", "\n\n".join(" ".join(p) for p in paragraphs), published=published)


def make_corpus(n_stories: int, seed: int = 5):  # noqa: ANN201 - (articles, same_pairs, partial_pairs)
    g = Gen(seed)
    rng = g.rng
    articles = []
    same: set[frozenset[str]] = set()
    partial: set[frozenset[str]] = set()
    for s in range(n_stories):
        names = [n.capitalize() for n in rng.sample(g.vocab, 4)]
        quote = g.quote(names)
        paras = [[g.sentence(names) for _ in range(rng.randint(1, 2))] for _ in range(20)]
        paras.insert(4, [quote])
        wire_id = f"s{s}-wire"
        day = f"2024-03-{1 + s % 28:02d}"
        articles.append(_article(wire_id, paras, day + "T08:00"))
        copies = [wire_id]
        for c in range(rng.choice([0, 1, 2, 2, 3, 4])):
            ps = [list(p) for p in paras]
            for p in ps:  # light rewording
                for k in range(len(p)):
                    if rng.random() < 0.15:
                        p[k] = g.reword(p[k], rng.randint(1, 3))
            if rng.random() < 0.5:
                ps = ps[: rng.randint(8, len(ps) - 1)]  # trimmed ending
            if rng.random() < 0.5:
                ps.insert(0, [g.sentence(names) for _ in range(rng.randint(1, 3))])  # local intro
            if rng.random() < 0.3:
                i = rng.randrange(1, len(ps) - 1)
                ps[i], ps[i + 1] = ps[i + 1], ps[i]
            if rng.random() < 0.3:  # a sentence split in two
                p = ps[rng.randrange(len(ps))]
                ws = p[0].split()
                if len(ws) > 14:
                    p[0] = " ".join(ws[:7]).rstrip(".") + ". " + ws[7].capitalize() + " " + " ".join(ws[8:])
            cid = f"s{s}-copy{c}"
            articles.append(_article(cid, ps, day + "T10:00"))
            copies.append(cid)
        for a, b in combinations(copies, 2):
            same.add(frozenset((a, b)))
        for k in range(rng.randint(1, 2)):  # independent reports: own sentences, same quote
            ps = [[g.sentence(names)] for _ in range(rng.randint(10, 25))]
            ps.insert(rng.randrange(1, len(ps)), [quote])
            for p in rng.sample(paras, 4):  # paraphrased wire facts: ~35% of words changed
                n_words = len(p[0].split())
                ps.insert(rng.randrange(1, len(ps)), [g.reword(p[0], max(3, n_words * 35 // 100))])
            articles.append(_article(f"s{s}-indep{k}", ps, day + "T12:00"))
        if rng.random() < 0.3:  # partial reuse: three wire paragraphs inside own text
            own = [[g.sentence(names)] for _ in range(14)]
            picked = rng.sample([p for p in paras if p != [quote]], 3)
            pid = f"s{s}-partial"
            articles.append(_article(pid, own[:3] + picked + own[3:], day + "T13:00"))
            partial.add(frozenset((wire_id, pid)))
    return articles, same, partial


def bench_minhash(articles) -> None:  # noqa: ANN001
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from newsprism.dedup import CopyConfig, LSHIndex, fingerprint, fingerprint_many
    from newsprism.text import words

    cfg = CopyConfig()
    texts = [a.text for a in articles]
    n = len(texts)
    fingerprint_many(texts[:10], cfg)  # warm caches

    t = time.perf_counter()
    sigs = fingerprint_many(texts, cfg)
    index = LSHIndex(cfg)
    for k, sig in enumerate(sigs):
        index.add(k, sig)
    hits = sum(len(index.query(sig)) for sig in sigs)
    ours = time.perf_counter() - t

    t = time.perf_counter()
    for text in texts:
        fingerprint(text, cfg)
    ours_single = time.perf_counter() - t

    t = time.perf_counter()
    lsh = MinHashLSH(num_perm=128, params=(cfg.bands, cfg.rows))
    mhs = []
    for k, text in enumerate(texts):
        ws = words(text)
        shingles = [f"{a} {b}".encode() for a, b in zip(ws, ws[1:], strict=False)]
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(shingles)
        lsh.insert(k, m)
        mhs.append(m)
    ds_hits = sum(len(lsh.query(m)) for m in mhs)
    theirs = time.perf_counter() - t
    print(f"articles: {n}, mean words: {np.mean([len(words(t)) for t in texts]):.0f}")
    print(f"newsprism fingerprint_many + LSHIndex add+query: {ours:.2f}s = {n / ours:,.0f} articles/s")
    print(f"newsprism fingerprint() one at a time (signatures only): {n / ours_single:,.0f} articles/s")
    print(f"datasketch MinHash+MinHashLSH insert+query: {theirs:.2f}s = {n / theirs:,.0f} articles/s")
    print(f"candidate hits (incl. self): newsprism {hits}, datasketch {ds_hits}")


def _recall(pairs: set[frozenset[str]], same: set[frozenset[str]]) -> float:
    return len(pairs & same) / max(1, len(same))


def _timed(fn, repeats: int):  # noqa: ANN001, ANN202 - (result, best wall s, best CPU s)
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return result, best_wall, best_cpu


def _traced_bytes(fn):  # noqa: ANN001, ANN202 - (result, bytes allocated and still held)
    """Memory `fn`'s result holds: tracemalloc (NumPy reports its buffers to it too)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = fn()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return result, held


def bench_index(articles, same, repeats: int = 3, cfg=None) -> None:  # noqa: ANN001
    """Signatures + candidate lookup: newsprism (NumPy + CopyIndex) vs datasketch, same S-curve.

    Both start from the article texts, use word 2-grams, 128 permutations and the same
    (bands, rows), so their candidate recall is equal in expectation; the measured
    recall on the gold same-copy pairs is printed for both. Best of `repeats` runs
    (the machine is shared), wall and CPU (`time.process_time`) time. One process,
    one thread: articles/s is per core. Index memory is measured with tracemalloc.
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from newsprism.dedup import CopyConfig, CopyIndex, Features
    from newsprism.dedup.minhash import shingle_hashes, signatures_of_hashes, sketch_many
    from newsprism.text import words

    cfg = cfg or CopyConfig()
    ids = [a.id for a in articles]
    texts = [a.text for a in articles]
    n = len(texts)
    no_anchors = np.zeros(0, dtype=np.uint64)
    sketch_many(texts, cfg)  # warm caches once (a long-running process keeps them warm)

    def ours():  # noqa: ANN202
        sigs, counts = sketch_many(texts, cfg)
        feats = [Features(sig, c, no_anchors) for sig, c in zip(sigs, counts.tolist(), strict=True)]
        index = CopyIndex(cfg)
        index.add_many(list(zip(ids, feats, strict=True)))
        return index.candidates(feats, exclude=ids)

    def theirs():  # noqa: ANN202
        lsh = MinHashLSH(num_perm=128, params=(cfg.bands, cfg.rows))
        mhs = []
        for aid, text in zip(ids, texts, strict=True):
            ws = words(text)
            m = MinHash(num_perm=128, seed=1)
            m.update_batch([f"{a} {b}".encode() for a, b in zip(ws, ws[1:], strict=False)])
            lsh.insert(aid, m)
            mhs.append(m)
        return [lsh.query(m) for m in mhs]

    found, wall_ours, cpu_ours = _timed(ours, repeats)
    ds_found, wall_ds, cpu_ds = _timed(theirs, repeats)
    ours_pairs = {frozenset((a, b)) for a, cands in zip(ids, found, strict=True) for b in cands}
    ds_pairs = {frozenset((a, b)) for a, cands in zip(ids, ds_found, strict=True) for b in cands if b != a}

    _, t_sketch, _ = _timed(lambda: sketch_many(texts, cfg), repeats)
    _, t_single, _ = _timed(
        lambda: signatures_of_hashes([shingle_hashes(t, cfg.shingle_size, cfg.version) for t in texts], cfg),
        repeats,
    )

    print(
        f"signatures + candidate lookup, {n} articles, from text, bands x rows {cfg.bands}x{cfg.rows}, "
        f"min_jaccard {cfg.min_jaccard} (best of {repeats}; wall / CPU):"
    )
    print(
        f"  newsprism (sketch_many + CopyIndex batch): {n / wall_ours:,.0f} / {n / cpu_ours:,.0f} articles/s; "
        f"candidate recall of true copy pairs {_recall(ours_pairs, same):.4f}, {len(ours_pairs)} candidate pairs"
    )
    print(
        f"  datasketch MinHash + MinHashLSH(params={cfg.bands}x{cfg.rows}): "
        f"{n / wall_ds:,.0f} / {n / cpu_ds:,.0f} articles/s; "
        f"candidate recall {_recall(ds_pairs, same):.4f}, {len(ds_pairs)} candidate pairs"
    )
    print(
        f"  speed-up at equal S-curve: {wall_ds / wall_ours:.1f}x wall, {cpu_ds / cpu_ours:.1f}x CPU "
        "(one process, one thread: per core)"
    )
    print(
        f"  newsprism signatures alone: batch sketch_many {n / t_sketch:,.0f} articles/s, "
        f"text by text {n / t_single:,.0f} articles/s"
    )
    bench_memory(articles, cfg)


def bench_memory(articles, cfg, scale: int = 200_000, new: int = 1_000) -> None:  # noqa: ANN001
    """Index memory per article (tracemalloc) on the corpus and on a `scale`-article index.

    The corpus index holds the detector's real features (signature, shingle count, anchor
    hashes); the large one random signatures with the corpus's mean anchor count, to
    measure memory and the lookup time of `new` articles against a big stored index
    (incremental use: the new batch is added, then queried; nothing is rescanned).
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from newsprism.dedup import CopyDetector, CopyIndex, Features
    from newsprism.dedup.align import prepare_units

    det = CopyDetector(cfg)
    ids = [a.id for a in articles]
    feats = det._features(articles, {a.id: prepare_units(a.text) for a in articles})
    n = len(ids)
    mean_anchors = float(np.mean([f.anchors.size for f in feats]))

    def build_ours() -> CopyIndex:
        index = CopyIndex(cfg)
        index.add_many(list(zip(list(ids), feats, strict=True)))
        index._bands.merge()
        index._anchors.merge()
        return index

    index, held = _traced_bytes(build_ours)
    print(
        f"  index memory, {n} articles (tracemalloc): newsprism CopyIndex {held / n:,.0f} B/article "
        f"(arrays {index.nbytes / n:,.0f} B: signature {4 * cfg.num_perm} B, {cfg.bands} band keys and "
        f"{mean_anchors:.1f} anchors x 12 B; the rest ids and capacity slack)"
    )

    def build_ds() -> MinHashLSH:
        lsh = MinHashLSH(num_perm=128, params=(cfg.bands, cfg.rows))
        for aid, f in zip(ids, feats, strict=True):
            lsh.insert(
                aid,
                MinHash(num_perm=128, seed=1, hashvalues=f.signature.astype(np.uint64), scheme="affine32"),
            )
        return lsh

    _, ds_held = _traced_bytes(build_ds)
    print(f"  datasketch MinHashLSH (keys only, no signatures kept): {ds_held / n:,.0f} B/article")

    rng = np.random.default_rng(3)
    k_anchor = max(1, round(mean_anchors))

    def build_big() -> CopyIndex:
        big = CopyIndex(cfg)
        step = 50_000
        for start in range(0, scale, step):
            sigs = rng.integers(0, 1 << 32, size=(step, cfg.num_perm), dtype=np.uint64).astype(np.uint32)
            anchors = rng.integers(0, 1 << 63, size=(step, k_anchor), dtype=np.uint64)
            big.add_many([(f"x{start + k:07d}", Features(sigs[k], 500, anchors[k])) for k in range(step)])
        big._bands.merge()
        big._anchors.merge()
        return big

    big, big_held = _traced_bytes(build_big)
    print(
        f"  {scale:,} articles: {big_held / scale:,.0f} B/article measured "
        f"= {big_held * 1e6 / scale / 2**30:.2f} GiB per million articles of index"
    )
    batch = list(zip([f"new{k}" for k in range(new)], (feats * (new // n + 1))[:new], strict=True))
    wall, cpu = time.perf_counter(), time.process_time()
    big.add_many(batch)
    got = big.candidates([f for _, f in batch], exclude=[i for i, _ in batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"  incremental: {new} new articles added to and looked up in the {scale:,}-article index in "
        f"{wall * 1e3:.0f} ms wall / {cpu * 1e3:.0f} ms CPU ({sum(map(len, got))} candidates)"
    )


def bench_detector(articles, same, partial) -> None:  # noqa: ANN001
    from newsprism.dedup import CopyDetector, build_copy_groups

    det = CopyDetector()
    t = time.perf_counter()
    verdicts = list(det.verdicts(articles))
    elapsed = time.perf_counter() - t
    links = [v.link for v in verdicts if v.link is not None]
    print(
        f"detector: {len(articles)} articles in {elapsed:.2f}s = {len(articles) / elapsed:,.0f} articles/s; "
        f"{len(verdicts)} candidate pairs aligned, {len(links)} links"
    )
    found_same = {frozenset((lk.a_id, lk.b_id)) for lk in links if lk.kind == "same_copy"}
    found_partial = {frozenset((lk.a_id, lk.b_id)) for lk in links if lk.kind == "partial_reuse"}
    tp = len(found_same & same)
    print(
        f"same_copy pairs: precision {tp / max(1, len(found_same)):.4f} recall {tp / max(1, len(same)):.4f} "
        f"({tp} of {len(same)} true, {len(found_same)} found)"
    )
    any_link = found_same | found_partial
    tpp = len(partial & found_partial)
    print(f"partial_reuse (wire, partial) pairs found: {tpp}/{len(partial)}")
    print(f"  partial pairs labelled same_copy: {len(partial & found_same)}")
    bad = [p for p in found_partial if not any("partial" in x for x in p)]
    print(f"  partial_reuse links without a partial-reuse article (false): {len(bad)}")
    indep_links = [p for p in any_link if any("indep" in x for x in p)]
    print(f"links touching an independent report (should be 0): {len(indep_links)}")
    groups = build_copy_groups(articles, links)
    print(f"copy groups: {len(groups)}")


def main() -> None:
    n_stories = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    cpu = platform.processor() or platform.machine()
    print(f"machine: {cpu}, {os.cpu_count()} cpus, Python {platform.python_version()}")
    articles, same, partial = make_corpus(n_stories)
    from newsprism.dedup import CopyConfig

    bench_index(articles, same, cfg=CopyConfig())
    bench_index(articles, same, cfg=CopyConfig.high_recall())
    bench_minhash(articles)
    bench_detector(articles, same, partial)


if __name__ == "__main__":
    main()

"""The local runner: ingest inputs into the store, then build what is new.

    inputs → ingest → clean → (store) → dedup → cluster → extract → compare → summarize → (store)

`ingest` reads and cleans inputs and stores articles in batches (one transaction
each); `build` runs the analysis stages over the articles not built yet and writes
all their results in one transaction, so a crash leaves the store as it was before
the build and a re-run redoes it. Progress is reported through a callback so the
CLI can draw bars without the runner knowing about the terminal.

Example::

    with Store("news.db") as store:
        report = ingest(store, ["pages/"])
        build(store)
"""

from __future__ import annotations

import copy
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

from newsprism.clean import ArticleCleaner, CleanConfig
from newsprism.cluster import ClusterConfig, StoryClusterer, StorylineConfig, StorylineLinker
from newsprism.compare import compare_story
from newsprism.dedup import CopyConfig, CopyDetector, build_copy_groups
from newsprism.errors import InputRejected
from newsprism.extract import ClaimExtractor, QuoteConfig, QuoteExtractor, cluster_claims, match_quotes
from newsprism.ingest import (
    Fetcher,
    ReaderConfig,
    Skipped,
    expand_inputs,
    read_path,
    read_stdin,
    read_url,
    time_limit,
)
from newsprism.models import Article, Claim, CopyLink, Quote, RawDocument, Rejection, Story
from newsprism.store import BuildOutput, InputRecord, Store
from newsprism.summarize import check_support, summarize_story, summarize_storyline

log = logging.getLogger(__name__)

# progress(stage, done, total) — total is None when unknown
Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(slots=True)
class PipelineConfig:
    """Settings of every stage the local runner drives."""

    reader: ReaderConfig = field(default_factory=ReaderConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    copy: CopyConfig = field(default_factory=CopyConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    storyline: StorylineConfig = field(default_factory=StorylineConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    batch_size: int = 200
    # processes for the per-article and per-story work of `build` (quotes and claims,
    # story reports); 1 runs everything in this process. Results are the same either way.
    jobs: int = 1


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did with each input."""

    run_id: int
    counts: dict[str, int]
    records: list[InputRecord]
    # parts of inputs that are not inputs themselves (WARC request records, …)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def rejections(self) -> list[InputRecord]:
        return [r for r in self.records if r.status == "rejected"]


@dataclass(slots=True)
class BuildReport:
    """What a build produced."""

    new_articles: int
    stories: int
    storylines: int
    copy_groups: int
    copy_links: int
    quotes: int
    claims: int
    touched_stories: list[str]


def ingest(
    store: Store,
    inputs: Iterable[str],
    config: PipelineConfig | None = None,
    progress: Progress = _no_progress,
    *,
    workers: Workers | None = None,
) -> IngestReport:
    """Read, clean and store every input; each one ends ingested, duplicate or rejected.

    Inputs are paths, directories, globs, URLs and "-" (standard input). URLs and
    the pages of summary-only feed entries are fetched under `cfg.reader.fetch`
    (private addresses refused unless `allow_private`). Cleaning one document is
    bounded by `cfg.reader.parse_time_limit` seconds (a "parse-timeout" rejection).
    With `workers` (a `Workers` context), cleaning runs in its processes instead of a
    pool of `cfg.jobs` started for this call (see `Workers`).
    """
    cfg = config or PipelineConfig()
    cleaner = ArticleCleaner(cfg.clean)
    run_id = store.start_run("ingest")
    records: list[InputRecord] = []
    skipped: list[Skipped] = []
    batch: list[Article] = []
    rejected: list[InputRecord] = []
    done = 0

    def flush() -> None:
        if batch:
            records.extend(store.add_articles(run_id, batch))
            batch.clear()
        if rejected:
            store.record_rejections(run_id, rejected)
            records.extend(rejected)
            rejected.clear()

    specs = list(expand_inputs(inputs))
    progress("ingest", 0, len(specs))
    with Fetcher(cfg.reader.fetch) as fetcher, _shared_or_own(workers, cfg.jobs) as workers:
        events = _ingest_events(specs, cfg.reader, fetcher)
        for kind, item, raw_hash, outcome_of in _clean_ahead(events, cleaner, cfg, workers, store.is_known):
            if kind == "missing":
                rejected.append(
                    InputRecord(item.source, "rejected", "not-found", "no such file, directory or match")
                )
            elif kind == "end":
                done += 1
                progress("ingest", done, len(specs))
                if len(batch) >= cfg.batch_size or len(rejected) >= cfg.batch_size:
                    flush()
            elif isinstance(item, Skipped):
                skipped.append(item)
            elif isinstance(item, Rejection):
                rejected.append(InputRecord(item.source, "rejected", item.reason, item.detail))
            else:
                known = store.is_known(raw_hash)
                if known:
                    records_dup = InputRecord(
                        item.source, "duplicate", "same-content", f"same as article {known}", known
                    )
                    store.record_rejections(run_id, [records_dup])
                    records.append(records_dup)
                    continue
                outcome = outcome_of()
                if isinstance(outcome, Rejection):
                    rejected.append(InputRecord(outcome.source, "rejected", outcome.reason, outcome.detail))
                else:
                    batch.append(outcome)
                if len(batch) >= cfg.batch_size or len(rejected) >= cfg.batch_size:
                    flush()  # a large dump or archive is stored as it is read
    flush()
    counts = store.finish_run(run_id)
    return IngestReport(run_id, counts, records, skipped)


def _ingest_events(specs: Sequence[Any], reader: ReaderConfig, fetcher: Fetcher) -> Iterator[tuple[str, Any]]:
    """The inputs as a stream: ("missing", spec), ("item", what the reader gave) and
    ("end", spec) after each spec."""
    for spec in specs:
        if spec.missing:
            yield "missing", spec
        else:
            for item in _read_spec(spec, reader, fetcher):
                yield "item", item
        yield "end", spec


def _clean_ahead(
    events: Iterable[tuple[str, Any]],
    cleaner: ArticleCleaner,
    cfg: PipelineConfig,
    workers: Workers,
    is_known: Callable[[str], Any],
) -> Iterator[tuple[str, Any, str, Callable[[], Article | Rejection]]]:
    """The events in order, each with its content hash ("" for events that are not
    documents) and a function giving a document's cleaned outcome.

    With one job the function cleans when called. With more, documents are cleaned
    ahead in the worker processes, in chunks, while the caller handles the events in
    order exactly as with one job (cleaning is a function of the document alone). A
    document already stored when it is read is not sent (it stays stored, so the
    caller will find it a duplicate); one that becomes a duplicate of an earlier
    document in the window is cleaned in vain, and its result dropped.
    """
    seconds = cfg.reader.parse_time_limit

    def here(doc: RawDocument) -> Callable[[], Article | Rejection]:
        return lambda: clean_document(cleaner, doc, seconds)

    if workers.jobs == 1:
        for kind, item in events:
            if isinstance(item, RawDocument):
                yield kind, item, _raw_hash(item), here(item)
            else:
                yield kind, item, "", _no_outcome
        return

    chunk, window = 16, 16 * 4 * workers.jobs
    queue: deque[tuple[str, Any, str, list[Any] | None]] = deque()
    pending: list[tuple[list[Any], RawDocument]] = []

    def submit() -> None:
        fut = workers.submit(_clean_chunk, cfg.clean, [doc for _, doc in pending], seconds)
        for pos, (slot, _) in enumerate(pending):
            slot[:] = [fut, pos]
        pending.clear()

    def resolve(kind: str, item: Any, raw_hash: str, slot: list[Any] | None) -> tuple[str, Any, str, Any]:
        if slot is None:
            return kind, item, raw_hash, (here(item) if isinstance(item, RawDocument) else _no_outcome)
        if slot[0] is None:
            submit()  # its chunk is not full yet: send what there is
        fut, pos = slot
        return kind, item, raw_hash, lambda: fut.result()[pos]

    for kind, item in events:
        slot = None
        raw_hash = ""
        if isinstance(item, RawDocument):
            raw_hash = _raw_hash(item)  # hashed once: the caller's duplicate check reuses it
            if not is_known(raw_hash):
                slot = [None, None]
                pending.append((slot, item))
                if len(pending) >= chunk:
                    submit()
        queue.append((kind, item, raw_hash, slot))
        while len(queue) > window:
            yield resolve(*queue.popleft())
    while queue:
        yield resolve(*queue.popleft())


def _no_outcome() -> Article | Rejection:
    raise AssertionError("only documents have a cleaning outcome")


def _clean_chunk(config: CleanConfig, docs: Sequence[RawDocument], seconds: float | None) -> list[Any]:
    """Cleaning outcomes of some documents (in a worker process)."""
    cleaner = ArticleCleaner(config)
    return [clean_document(cleaner, doc, seconds) for doc in docs]


def _read_spec(
    spec: Any, reader: ReaderConfig, fetcher: Fetcher
) -> Iterable[RawDocument | Rejection | Skipped]:
    if spec.url:
        return read_url(spec.url, reader, fetcher=fetcher)
    if spec.stdin:
        return read_stdin(reader, fetcher=fetcher)
    return read_path(spec.path, reader, fetcher=fetcher)


def _raw_hash(raw: RawDocument) -> str:
    from newsprism.ids import content_hash

    return content_hash(raw.content)


def clean_document(
    cleaner: ArticleCleaner, raw: RawDocument, seconds: float | None = None
) -> Article | Rejection:
    """Clean one document within `seconds`; every failure becomes a `Rejection` with its reason."""
    try:
        # the SIGALRM limit also stops a runaway regex; see newsprism.ingest.limits
        with time_limit(seconds):
            return cleaner.clean_one(raw)
    except InputRejected as exc:
        return Rejection(raw.source, exc.reason, exc.detail)
    except Exception as exc:  # a bug or a pathological page must not stop the run
        log.exception("cleaning failed for %s", raw.source)
        return Rejection(raw.source, "internal-error", f"{type(exc).__name__}: {exc}")


def build(
    store: Store,
    config: PipelineConfig | None = None,
    progress: Progress = _no_progress,
    *,
    workers: Workers | None = None,
) -> BuildReport:
    """Run the analysis stages over the articles not built yet, and store the results.

    With `workers`, the per-article and per-story work runs in that `Workers`
    context's processes (one pool for `ingest` and `build` together).
    """
    cfg = config or PipelineConfig()
    new = store.articles(built=False)
    if not new:
        counts = store.counts()
        return BuildReport(0, counts["stories"], counts["storylines"], counts["copy_groups"], 0, 0, 0, [])
    existing = store.articles(built=True)
    all_articles = existing + new
    by_id = {a.id: a for a in all_articles}
    new_ids = {a.id for a in new}
    steps = 6

    with _shared_or_own(workers, cfg.jobs) as workers:
        # 1. copy detection: fingerprints for new articles, links new × (stored ∪ new)
        progress("dedup", 0, steps)
        detector = CopyDetector(cfg.copy)
        # signatures are only comparable when made with the same parameters
        params = f"minhash-v{cfg.copy.version}-p{cfg.copy.num_perm}-k{cfg.copy.shingle_size}-s{cfg.copy.seed}"
        stored_fps = store.fingerprints(params)
        new_fps = detector.fingerprints(new)
        # incremental: stored articles enter the candidate index from their stored
        # fingerprints, without a rescan of their texts (only candidates' texts are read, to
        # align them); stored articles without a usable fingerprint (made with other
        # settings) are fingerprinted once here and stored with this build
        index, _ = detector.build_index({a.id: stored_fps[a.id] for a in existing if a.id in stored_fps})
        refreshed = detector.fingerprints([a for a in existing if a.id not in index])
        detector.build_index(refreshed, index=index)
        new_links = workers.copy_links(detector, new, index, by_id.get)
        new_fps.update(refreshed)
        links = _merge_links(store.copy_links(), new_links)
        groups = build_copy_groups(all_articles, links)

        # 2. stories: new articles join existing stories or start new ones
        progress("cluster", 1, steps)
        clusterer = StoryClusterer(cfg.cluster)
        result = clusterer.update(all_articles, store.stories(), new_ids, groups)

        # 3. storylines and timelines over all stories
        progress("storylines", 2, steps)
        stories = result.stories
        storylines = StorylineLinker(cfg.storyline).link(stories, by_id)  # sets Story.storyline_id

        # 4. quotes and claims of the new articles
        progress("extract", 3, steps)
        new_quotes, new_claims = workers.extract(new, cfg.quotes)

        # 5–6. compare and summarize the stories that changed
        progress("compare", 4, steps)
        touched = [
            s
            for s in stories
            if new_ids.intersection(s.article_ids) or not store.story_report(s.id)["summary"]
        ]
        groups_of = _groups_by_article(groups)
        reports = workers.reports(
            [_report_inputs(store, s, by_id, new_quotes, new_claims, groups, groups_of) for s in touched],
            new_claims,
        )
    progress("summarize", 5, steps)
    stories_by_id = {s.id: s for s in stories}
    summaries = {sid: [_summary_sentence(d) for d in r["summary"]] for sid, r in reports.items()}
    for s in stories:
        if s.id not in summaries:
            summaries[s.id] = [_summary_sentence(d) for d in store.story_report(s.id)["summary"]]
    line_summaries = {line.id: summarize_storyline(line, stories_by_id, summaries) for line in storylines}

    store.save_build(
        BuildOutput(
            built_ids=[a.id for a in new],
            fingerprints={aid: (sig, params) for aid, sig in new_fps.items()},
            copy_links=new_links,
            copy_groups=groups,
            stories=stories,
            evidence=result.evidence,
            redirects=result.redirects,
            storylines=storylines,
            quotes=new_quotes,
            claims=new_claims,
            reports=reports,
            storyline_summaries=line_summaries,
            stage_params={
                "dedup": asdict(cfg.copy),
                "cluster": _params(cfg.cluster),
                "storyline": _params(cfg.storyline),
                "quotes": _params(cfg.quotes),
            },
        )
    )
    progress("done", steps, steps)
    return BuildReport(
        new_articles=len(new),
        stories=len(stories),
        storylines=len(storylines),
        copy_groups=len(groups),
        copy_links=len(new_links),
        quotes=sum(len(q) for q in new_quotes.values()),
        claims=sum(len(c) for c in new_claims.values()),
        touched_stories=[s.id for s in touched],
    )


def _params(cfg: Any) -> dict[str, Any]:
    try:
        return {k: v for k, v in asdict(cfg).items() if isinstance(v, int | float | str | bool | None)}
    except TypeError:
        return {}


def _merge_links(old: Sequence[CopyLink], new: Sequence[CopyLink]) -> list[CopyLink]:
    merged = {(link.a_id, link.b_id): link for link in old}
    for link in new:
        merged[(link.a_id, link.b_id)] = link
    return list(merged.values())


def _summary_sentence(data: dict[str, Any]) -> Any:
    from newsprism.models import SummarySentence

    return SummarySentence(**data)


# What one story's report needs: story, articles, quotes and claims by article id,
# and the copy groups that touch the story (in the order of `groups`)
_ReportInputs = tuple[Story, list[Article], dict[str, list[Quote]], dict[str, list[Claim]], list[Any]]


def _groups_by_article(groups: Sequence[Any]) -> dict[str, list[int]]:
    """Positions in `groups` of the copy groups of each article (an index, so finding a
    story's groups is linear in its articles, not stories × groups)."""
    out: dict[str, list[int]] = {}
    for pos, g in enumerate(groups):
        for aid in g.article_ids:
            out.setdefault(aid, []).append(pos)
    return out


def _report_inputs(
    store: Store,
    story: Story,
    by_id: dict[str, Article],
    new_quotes: dict[str, list[Quote]],
    new_claims: dict[str, list[Claim]],
    groups: Sequence[Any],
    groups_of: Mapping[str, list[int]],
) -> _ReportInputs:
    articles = [by_id[i] for i in story.article_ids if i in by_id]
    quotes = {a.id: new_quotes.get(a.id) or store.quotes(a.id) for a in articles}
    claims = {a.id: new_claims.get(a.id) or store.claims(a.id) for a in articles}
    positions = sorted({p for aid in story.article_ids for p in groups_of.get(aid, ())})
    return story, articles, quotes, claims, [groups[p] for p in positions]


def _verify_chunk(config: CopyConfig, pairs: Sequence[Any]) -> list[CopyLink]:
    """Copy links among some candidate pairs (`CopyDetector.candidate_pairs`)."""
    return [v.link for v in CopyDetector(config).verify_pairs(pairs) if v.link is not None]


def _extract_chunk(
    articles: Sequence[Article], config: QuoteConfig
) -> tuple[dict[str, list[Quote]], dict[str, list[Claim]]]:
    """Quotes (dependency parse batched) and claims of some articles."""
    quotes = QuoteExtractor(config).extract_many(articles)
    claim_extractor = ClaimExtractor()
    claims = {art.id: claim_extractor.extract(art, quotes[art.id]) for art in articles}
    return quotes, claims


def _report_chunk(items: Sequence[_ReportInputs]) -> list[tuple[str, dict[str, Any], dict[str, list[Any]]]]:
    """Reports of some stories, with the cluster id that claim clustering gave each
    claim (it sets `Claim.cluster_id`; in a worker process that change must travel back)."""
    out = []
    for story, articles, quotes, claims, story_groups in items:
        report = story_report(story, articles, quotes, claims, story_groups)
        out.append((story.id, report, {aid: [c.cluster_id for c in cs] for aid, cs in claims.items()}))
    return out


class Workers:
    """Runs `ingest`'s cleaning and `build`'s per-article and per-story work here or in `jobs` processes.

    The processes come from a forkserver that imported newsprism once (no fork of a
    process with live threads, such as the CLI's progress bar); work goes out in
    chunks, results come back in input order, so the stored output is the same as
    with one process (tests/test_pipeline.py compares them). The pool starts on first
    use and stops when the context ends; pass one context to `ingest` and `build`
    to start it once (each start imports newsprism in a fresh process, ~1-2 s):

        with Workers(2) as workers:
            ingest(store, ["news/"], config, workers=workers)
            build(store, config, workers=workers)
    """

    # below this many items the start of the processes (~1 s) is not worth it
    MIN_ARTICLES = 200
    MIN_STORIES = 50

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: Any = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                ctx.set_forkserver_preload(["newsprism.pipeline"])
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx)
        return self._pool

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker process: a future."""
        return self._executor().submit(fn, *args)

    def _chunks(self, n: int, minimum: int) -> list[tuple[int, int]]:
        # a few chunks per process, so one slow chunk does not leave a core idle
        size = max(minimum, -(-n // (self.jobs * 4)))
        return [(i, min(i + size, n)) for i in range(0, n, size)]

    def copy_links(
        self,
        detector: CopyDetector,
        new: Sequence[Article],
        index: Any,
        lookup: Callable[[str], Article | None],
    ) -> list[CopyLink]:
        """`detector.detect(new, index=index, lookup=lookup)`, pairs verified in the processes."""
        if self.jobs == 1 or len(new) < self.MIN_ARTICLES:
            return detector.detect(new, index=index, lookup=lookup)
        pairs = detector.candidate_pairs(new, index=index, lookup=lookup)
        # consecutive chunks: a pair's articles mostly recur in the pairs next to it (the
        # pairs of one new article), so each process prepares an article's sentences once
        futures = [
            self._executor().submit(_verify_chunk, detector.config, pairs[a:b])
            for a, b in self._chunks(len(pairs), 500)
        ]
        return [link for fut in futures for link in fut.result()]

    def extract(
        self, articles: Sequence[Article], config: QuoteConfig
    ) -> tuple[dict[str, list[Quote]], dict[str, list[Claim]]]:
        if self.jobs == 1 or len(articles) < self.MIN_ARTICLES:
            return _extract_chunk(articles, config)
        # chunks are multiples of extract_many's parse batch (64): the same spaCy batches
        # as in one process
        size = -(-max(256, -(-len(articles) // (self.jobs * 4))) // 64) * 64
        spans = [(i, min(i + size, len(articles))) for i in range(0, len(articles), size)]
        futures = [self._executor().submit(_extract_chunk, articles[a:b], config) for a, b in spans]
        quotes: dict[str, list[Quote]] = {}
        claims: dict[str, list[Claim]] = {}
        for fut in futures:
            q, c = fut.result()
            quotes.update(q)
            claims.update(c)
        return quotes, claims

    def reports(
        self, items: Sequence[_ReportInputs], new_claims: Mapping[str, list[Claim]]
    ) -> dict[str, dict[str, Any]]:
        if self.jobs == 1 or len(items) < self.MIN_STORIES:
            return {sid: rep for sid, rep, _ in _report_chunk(items)}
        futures = [
            self._executor().submit(_report_chunk, items[a:b]) for a, b in self._chunks(len(items), 10)
        ]
        reports: dict[str, dict[str, Any]] = {}
        for fut in futures:
            for sid, rep, cluster_ids in fut.result():
                reports[sid] = rep
                for aid, ids in cluster_ids.items():
                    if aid in new_claims:  # stored articles' claims are not saved again
                        for claim, cid in zip(new_claims[aid], ids, strict=True):
                            claim.cluster_id = cid
        return reports


@contextmanager
def _shared_or_own(workers: Workers | None, jobs: int) -> Iterator[Workers]:
    # the caller's pool, left running for its next call, or one for this call only
    if workers is not None:
        yield workers
        return
    with Workers(jobs) as own:
        yield own


def story_report(
    story: Story,
    articles: Sequence[Article],
    quotes: Mapping[str, list[Quote]],
    claims: Mapping[str, list[Claim]],
    story_groups: Sequence[Any],
) -> dict[str, Any]:
    """A story's comparison, cited summary (support-checked), quote and claim clusters,
    as stored; `quotes` and `claims` by article id, `story_groups` the copy groups that
    touch the story, by id. The local and the batch runner both report through it."""
    all_quotes = [q for qs in quotes.values() for q in qs]
    all_claims = [c for cs in claims.values() for c in cs]
    comparison = compare_story(story, list(articles), all_quotes, all_claims, story_groups)
    summary = summarize_story(story, list(articles), comparison, story_groups)
    check_support(summary, list(articles))
    quote_clusters = match_quotes(
        dict(quotes), {a.id: a.outlet for a in articles}, {a.id: a.published_date for a in articles}
    )
    claim_clusters = cluster_claims(dict(claims), {a.id: a.text for a in articles})
    return {
        "comparison": plain(comparison),
        "summary": [plain(s) for s in summary],
        "quote_clusters": [plain(c) for c in quote_clusters],
        "claim_clusters": [plain(c) for c in claim_clusters],
    }


_ATOMS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(obj: Any) -> Any:
    """`dataclasses.asdict` of a dataclass instance (anything else as it is), made faster.

    The same dicts, lists and tuples as ``asdict``, but str/int/float/bool/None values
    are taken as they are instead of through ``copy.deepcopy`` each (immutable: a copy
    is the same value); other leaves are still deep-copied. Reports are mostly such
    values: ``asdict`` took ~7% of the report stage's CPU (10k benchmark corpus, 2.8 s
    -> 0.55 s, the reports' repr byte-identical).

    >>> from newsprism.models import Quote
    >>> q = Quote("We will rebuild.", "Ana Lind", 0, 16)
    >>> plain(q) == asdict(q)
    True
    >>> plain([1, "x"])
    [1, 'x']
    """
    if is_dataclass(obj) and not isinstance(obj, type):
        return _plain(obj)
    return obj


def _plain(v: Any) -> Any:
    t = type(v)
    if t in _ATOMS:
        return v
    if t is list:
        return [_plain(x) for x in v]
    if t is tuple:
        return tuple(_plain(x) for x in v)
    if t is dict:
        return {_plain(k): _plain(x) for k, x in v.items()}
    names = _FIELD_NAMES.get(t)
    if names is None and is_dataclass(v) and not isinstance(v, type):
        names = _FIELD_NAMES[t] = tuple(f.name for f in fields(v))
    if names is not None:
        return {n: _plain(getattr(v, n)) for n in names}
    return copy.deepcopy(v)

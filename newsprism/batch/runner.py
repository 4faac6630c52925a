"""The batch runner: the local pipeline's stages on a Dask cluster, resumable.

    plan shards ─► per shard (workers): read → clean → fingerprint → quotes, claims
                ─► duplicates across shards (driver, input order)
                ─► copy candidates: band/anchor keys ─shuffle─► pairs (workers) ─► reduce (driver)
                ─► verify candidate pairs by alignment (workers)
                ─► copy groups: components of the same-copy links (driver)
                ─► stories (driver, online, exact)
                ─► article bundles by report task (workers, one read of each shard)
                ─► per-story reports and storyline profiles (workers) → storylines (driver)
                ─► per-article tables per shard (workers), merged in order (workers); the rest (driver)

What runs where, and why, is in docs/cluster.md. Resumption: each shard writes a
completion marker after its files (newsprism.batch.shard); verified copy links are
kept in ``DIR/stages/`` with their own marker. A re-run with the same inputs skips
every completed shard and stage and redoes the rest; the outputs are rewritten from
the shard files, so nothing is counted twice.

Example::

    report = run_batch(["dump/"], "out/", workers=2)
    print(report.counts)   # {"ingested": …, "duplicate": …, "rejected": …}
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsprism.batch import outputs
from newsprism.batch.copies import candidate_pairs, verify_chunks
from newsprism.batch.inputs import Shard, plan_shards
from newsprism.batch.shard import (
    ShardStats,
    article_from_json,
    load_shard_articles,
    load_shard_column,
    process_shard,
    shard_done,
)
from newsprism.batch.spill import (
    ClaimClustersByShard,
    CopyLinks,
    Iterated,
    PackedSummaries,
    SpilledClusters,
    SpilledEvidence,
    Streamed,
    StubTable,
    drop,
    in_order,
    iter_reports,
    verify_links,
    write_pickle,
)
from newsprism.batch.stories import (
    STORY_MODES,
    WindowPlan,
    assign_exact,
    bundle_reports,
    cluster_window,
    exact_parts,
    frequencies,
    merge_windows,
    reset_article_features,
    reset_bundles,
    reset_features,
    shard_features,
    window_parts,
    write_bundles,
)
from newsprism.cluster import StorylineLinker
from newsprism.cluster.features import DocumentFrequencies, to_day
from newsprism.cluster.stories import FrozenVector, release_frozen
from newsprism.dedup import build_copy_groups
from newsprism.errors import ConfigError, MissingDependencyError
from newsprism.export import story_row, storyline_record
from newsprism.models import Article, Claim, Quote, SummarySentence
from newsprism.pipeline import PipelineConfig
from newsprism.store import BuildOutput, InputRecord, Store
from newsprism.summarize import summarize_storyline

__all__ = ["BatchConfig", "BatchReport", "Progress", "run_batch", "dask_client"]

# progress(stage, done, total), as the local runner's
Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(slots=True)
class BatchConfig:
    """Settings of a batch: the local pipeline's stage settings plus how work is cut.

    ``files_per_shard``: page files read by one task (dumps are one shard each);
    ``buckets``: partitions of the band/anchor shuffle; ``verify_chunk``: candidate
    pairs aligned per task (each task re-reads its articles from the shard files, so
    chunks of 300 spent a third of the verification CPU on reading on a 1k corpus;
    2,000 pairs is a task of a few seconds); ``report_chunk``: member articles of the
    stories reported per task (a larger story is a task of its own). Tasks of 0.1-5 s
    keep Dask's per-task overhead (~1 ms) negligible and still spread the load over
    workers.
    """

    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    files_per_shard: int = 200
    buckets: int = 32
    verify_chunk: int = 2000
    report_chunk: int = 100
    # story assignment: "exact" (the local runner's stories, streamed on the driver) or
    # "windowed" (time windows of `window_days` clustered on the workers, joined across
    # borders; approximate); `story_chunk`: articles per part of the exact stream
    stories: str = "exact"
    window_days: float = 30.0
    story_chunk: int = 5000


@dataclass(slots=True)
class BatchReport:
    """What a batch produced, with timings (wall and CPU seconds per stage)."""

    out: str
    shards: int
    resumed_shards: int
    counts: dict[str, int]
    articles: int
    candidate_pairs: int
    copy_links: int
    copy_groups: int
    stories: int
    storylines: int
    quotes: int
    claims: int
    # driver stages: wall and CPU of the driver process; shard stages: summed over shards
    wall_s: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float] = field(default_factory=dict)
    workers: int = 0


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A Dask client: connected to `scheduler`, or to a new LocalCluster of `workers`.

    The local cluster uses processes with one thread each: the stages are pure
    Python, so threads would share one GIL.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingDependencyError("dask.distributed", "dask") from exc
    # Dask keeps the last `low-level-log-length` (default 1,000) message batches of each
    # comm for debugging, and a compute-task message holds its task's arguments. The
    # driver hosts a local cluster's scheduler: at 30k articles, objects unpickled from
    # Dask messages took 29 MB of it during story assignment, mostly task arguments
    # (verification pairs, shard parts) that these logs kept, growing with the corpus
    # up to the cap. Kept short for the client, scheduler and workers made here.
    with dask.config.set({"distributed.admin.low-level-log-length": LOW_LEVEL_LOG}):
        if scheduler:
            client = Client(scheduler)
            try:
                yield client
            finally:
                client.close()
            return
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()


class _Timer:
    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        w, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[stage] = round(self.wall.get(stage, 0.0) + time.perf_counter() - w, 3)
            self.cpu[stage] = round(self.cpu.get(stage, 0.0) + time.process_time() - c, 3)


_STORY_SETTINGS = ("stories", "window_days", "story_chunk")

# Dask's developer logs of recent messages (see `dask_client`): a few, for a traceback's
# context, not a thousand batches of task arguments
LOW_LEVEL_LOG = 10

# report tasks submitted ahead of the one read next (`spill.in_order`): not tuned; the
# c10k reports stage took 54-57 s wall both with every task submitted at once and with
# 32 in flight (a large story is a long task: a window of a few tasks could idle a worker)
REPORTS_IN_FLIGHT = 32
# rows of the stories table converted to Arrow at a time (row groups of the file)
STORY_ROWS = 2000


def _plan(out: Path, inputs: Sequence[str], cfg: BatchConfig) -> list[Shard]:
    shards = plan_shards(inputs, cfg.files_per_shard)
    plan = {
        "inputs": list(inputs),
        "shards": [[list(s.sources), list(s.missing)] for s in shards],
        # story settings are left out: stories are recomputed on every run, so a
        # finished batch can be re-run in another story mode on the same shards
        "config": {
            k: v
            for k, v in json.loads(json.dumps(asdict(cfg), default=str)).items()
            if k not in _STORY_SETTINGS
        },
    }
    path = out / "plan.json"
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        if old != plan:
            raise ConfigError(
                f"{out} holds a batch of other inputs or settings (plan.json differs); "
                "use a new --out folder, or delete it to start over"
            )
    else:
        out.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name("plan.json.tmp")
        tmp.write_text(json.dumps(plan, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    return shards


def _story_chunks(
    stories: Sequence[Any], articles_per_task: int, shard_of: Mapping[str, int] | None = None
) -> list[list[Any]]:
    """Stories in tasks of about `articles_per_task` member articles.

    By member count, not story count: story sizes are skewed (one story of 300 articles
    next to many singletons), and a report's cost grows with its articles. Grouped by
    home shard (the shard holding most of a story's articles), largest first within a
    shard: a task reads its articles from the shard files, and a worker keeps only the
    last few shards it read, so a task of stories from all over the corpus re-read
    most shards (largest first over the whole corpus did that: at 10k the reports took
    1.6x the local runner's time).
    """

    def home(story: Any) -> int:
        if not shard_of:
            return 0
        counts = Counter(shard_of[aid] for aid in story.article_ids if aid in shard_of)
        return min(counts, key=lambda k: (-counts[k], k)) if counts else 0

    chunks: list[list[Any]] = []
    current: list[Any] = []
    size = 0
    for story in sorted(stories, key=lambda s: (home(s), -len(s.article_ids))):
        if current and size + len(story.article_ids) > articles_per_task:
            chunks.append(current)
            current, size = [], 0
        current.append(story)
        size += len(story.article_ids)
    if current:
        chunks.append(current)
    return chunks


def _report_args(
    folder: Path, story_chunks: Sequence[Sequence[Any]], groups: Sequence[Any], shared_df: Any, storyline: Any
) -> Iterator[tuple[Any, ...]]:
    """The arguments of each report task (`bundle_reports`), made as it is submitted.

    A task's arguments (its stories with every member id, their copy groups) are held
    pickled until the task is done; made lazily, only those of the tasks in flight are.
    """
    group_list = {g.id: g for g in groups}
    group_of = {aid: g.id for g in groups for aid in g.article_ids}
    for k, chunk in enumerate(story_chunks):
        ids = [aid for s in chunk for aid in s.article_ids]
        sub_groups = [group_list[g] for g in sorted({group_of[i] for i in ids if i in group_of})]
        yield (str(folder), k, list(chunk), sub_groups, shared_df, storyline)


def _share_keys(profile: Any) -> None:
    """Hold a storyline profile that came from a worker compactly until linking.

    Its topic (every term of its members, weighted) becomes a `FrozenVector` of
    interned keys, and its actors' keys are interned: each report task's profiles
    arrive with their own copies of every term string, and the topics as dicts were
    the largest thing the driver held from the reports to the storylines (2.0 KB an
    article at c1k). Same keys, order and weights: linking reads the same values.
    """
    profile.topic = FrozenVector({sys.intern(t): w for t, w in profile.topic.items()})
    profile.actors = {sys.intern(a): w for a, w in profile.actors.items()}


def _keeping_stubs(summaries: Iterable[Any], stubs: StubTable) -> Iterator[Any]:
    """The shards' feature summaries, one at a time, their article stubs kept in `stubs`."""
    for summary in summaries:
        for stub in summary.stubs:
            stubs.add(stub)
        yield summary


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    config: BatchConfig | None = None,
    *,
    client: Any = None,
    scheduler: str | None = None,
    workers: int = 2,
    load_into: str | Path | None = None,
    progress: Progress = _no_progress,
) -> BatchReport:
    """Run the pipeline over `inputs` on Dask and write the Parquet outputs to `out`.

    Uses `client` when given, else connects to `scheduler`, else starts a
    LocalCluster of `workers` processes. With `load_into`, the results are also
    written into that SQLite store (new or empty), as `ingest` + `build` would write
    them. Re-running with the same inputs and
    settings resumes: completed shards are not redone.
    """
    if client is None:
        with dask_client(scheduler, workers) as own:
            return run_batch(inputs, out, config, client=own, load_into=load_into, progress=progress)
    cfg = config or BatchConfig()
    if cfg.stories not in STORY_MODES:
        raise ConfigError(f"unknown story mode {cfg.stories!r}; expected one of {', '.join(STORY_MODES)}")
    pcfg = cfg.pipeline
    folder = Path(out)
    timer = _Timer()
    n_workers = len(client.scheduler_info().get("workers", {}))

    # 1. shards, on the workers; completed ones are skipped
    with timer("plan"):
        shards = _plan(folder, inputs, cfg)
    stats: dict[int, ShardStats] = {}
    for shard in shards:
        done = shard_done(folder, shard)
        if done is not None:
            stats[shard.index] = done
    resumed = len(stats)
    progress("shards", len(stats), len(shards))
    with timer("shards"):
        from distributed import as_completed

        todo = [s for s in shards if s.index not in stats]
        if todo:
            # stage results built from an older set of shard files are stale
            (folder / "stages" / "copy_links.pkl").unlink(missing_ok=True)  # an older layout
            shutil.rmtree(folder / "stages" / "copy_links", ignore_errors=True)
        futures = [client.submit(process_shard, s, pcfg, str(folder), pure=False) for s in todo]
        for fut in as_completed(futures):
            st = fut.result()
            stats[st.shard] = st
            progress("shards", len(stats), len(shards))

    # 2. duplicates across shards, in input order (as the store finds them)
    with timer("duplicates"):
        # the accounting (the inputs table) goes to disk shard by shard
        accounting = folder / "stages" / "inputs.parquet"
        by_status, kept = _accounting_to(folder, shards, accounting)
    # the store's article order: publication date, then id
    kept.sort(key=lambda k: (k[1] or "", k[0]))
    shard_of = {aid: index for aid, _, index in kept}
    row_of = {aid: row for row, (aid, _, _) in enumerate(kept)}
    id_of = [aid for aid, _, _ in kept]
    rows_by_shard: dict[int, dict[str, int]] = defaultdict(dict)
    for aid, _, index in kept:
        rows_by_shard[index][aid] = row_of[aid]
    published = [pub for _, pub, _ in kept]
    del kept

    # 3-4. copy candidates by shuffle, then verification, on the workers
    links_dir = folder / "stages" / "copy_links"
    n_pairs = -1
    links = CopyLinks.load(links_dir, len(id_of))
    if links is None:
        progress("copy candidates", 0, None)
        with timer("candidates"):
            # reduced (union, shared anchors, min_jaccard) on the workers by a second
            # shuffle; the driver concatenates the parts and ranks heavy rows on workers
            pairs = candidate_pairs(client, str(folder), rows_by_shard, pcfg.copy, cfg.buckets)
        n_pairs = int(pairs.size)
        with timer("verify"):
            # tasks cut by blocks of shards for locality; links are put back in the
            # local detector's order (first article's row, then the other's id); each
            # task is made from arrays when it is submitted
            chunks = verify_chunks(pairs, id_of, shard_of, cfg.verify_chunk)
            del pairs
            progress("verify copies", 0, len(chunks))
            links = verify_links(client, str(folder), chunks, pcfg.copy, row_of, id_of, links_dir, progress)
            del chunks
    # 5. story features on the workers, shuffled into parts; frequencies summed here
    progress("stories", 0, None)
    with timer("features"):
        days = {aid: to_day(pub) for aid, pub in zip(id_of, published, strict=True)}
        del published
        plan: WindowPlan | None = None
        if cfg.stories == "windowed":
            plan = window_parts(days, cfg.window_days, pcfg.cluster.window_days)
            parts = plan.parts
        else:
            parts = exact_parts(days, cfg.story_chunk)
        n_parts = max((p for ps in parts.values() for p in ps), default=-1) + 1
        reset_features(folder)
        by_shard: dict[int, dict[str, list[int]]] = defaultdict(dict)
        for aid, ps in parts.items():
            by_shard[shard_of[aid]][aid] = ps
        # read one shard's summary at a time: each holds its shard's term counts (tens of
        # thousands of terms), so holding all of them grew with the number of shards;
        # stubs go into columns (`StubTable`: a quarter of the `Article` objects' size)
        stubs = StubTable(row_of, id_of)
        # with the storylines' feature settings, each article's features are kept for
        # the report bundles (storyline profiles need them; see `write_bundles`)
        keep = pcfg.storyline.features == pcfg.cluster.features
        reset_article_features(folder)
        tasks = ((str(folder), index, ps, pcfg.cluster, keep) for index, ps in sorted(by_shard.items()))
        tdf, edf = frequencies(_keeping_stubs(in_order(client, shard_features, tasks), stubs))
        del days, by_shard, parts
    with timer("groups"):
        # groups read only the same-copy links, and none of their passages; of the
        # articles only those linked (`build_copy_groups` looks up group members only)
        same = links.same_copy(id_of)
        linked = {aid for link in same for aid in (link.a_id, link.b_id)}
        groups = build_copy_groups([stubs[aid] for aid in id_of if aid in linked], same)
        del same, linked

    # 6. stories: exact (streamed on the driver) or windowed (windows on the workers)
    with timer("stories"):
        # the evidence is read only by a store (--load-into): on disk until then
        evidence = SpilledEvidence(folder / "stages" / "evidence")
        if plan is not None:
            shared = client.scatter([tdf, edf], broadcast=True)
            futures = [
                client.submit(
                    cluster_window,
                    str(folder),
                    k,
                    plan.starts[k],
                    shared[0],
                    shared[1],
                    groups,
                    pcfg.cluster,
                    pure=False,
                )
                for k in range(n_parts)
            ]
            result = merge_windows(client.gather(futures), plan, stubs, pcfg.cluster, groups)
            del futures, shared
            if load_into is not None:
                evidence.spill(result.evidence)
            result.evidence = []
        else:
            # exact: each part's evidence is spilled as it is decided, and the merge
            # pass's step applied when it is read back
            result = assign_exact(
                folder,
                n_parts,
                stubs,
                tdf,
                edf,
                groups,
                pcfg.cluster,
                spill=evidence.spill if load_into is not None else drop,
            )
            evidence.follow = (result.redirects, result.merge_notes)
        del edf, stubs, plan, row_of
        stories = result.stories
        reset_features(folder)  # recomputed on every run: no use on disk afterwards

    # 7. per-story reports on the workers, from article bundles: every shard is read
    # once and its articles go to the bundle of the task reporting their story. The
    # same tasks compute each story's storyline profile, so the driver links
    # storylines from profiles and never loads the articles. Profiles need the term
    # statistics of every story member: those of the story features (same feature
    # settings, every kept article in one story), else the driver links from articles.
    members = {aid for s in stories for aid in s.article_ids}
    line_df: DocumentFrequencies | None = None
    if pcfg.storyline.features == pcfg.cluster.features and members == shard_of.keys():
        # the story features' own counts, not a copy: nothing counts into them again
        line_df = DocumentFrequencies(tdf.n_docs, tdf.df)
    del tdf, members
    with timer("reports"):
        story_chunks = _story_chunks(stories, cfg.report_chunk, shard_of)
        progress("reports", 0, len(story_chunks))
        task_of: dict[int, dict[str, int]] = defaultdict(dict)
        for k, chunk in enumerate(story_chunks):
            for story in chunk:
                for aid in story.article_ids:
                    task_of[shard_of[aid]][aid] = k
        reset_bundles(folder)
        client.gather(
            [
                client.submit(write_bundles, str(folder), index, ids, line_df is not None, pure=False)
                for index, ids in sorted(task_of.items())
            ]
        )
        reset_article_features(folder)  # now in the bundles
        del task_of
        shared_df = client.scatter(line_df, broadcast=True) if line_df is not None else None
        # report tasks differ in length (a large story is a task of its own): more of
        # them in flight than of the even verification tasks, so no worker waits long
        report_results = in_order(
            client,
            bundle_reports,
            _report_args(folder, story_chunks, groups, shared_df, pcfg.storyline),
            in_flight=REPORTS_IN_FLIGHT,
        )
        # the reports go to disk as they arrive (only a store reads them whole); the
        # driver keeps each story's summary (the stories table, storyline summaries)
        reports_dir = folder / "stages" / "reports"
        claims_dir = folder / "stages" / "claim_clusters"
        for d in (reports_dir, claims_dir):
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        claim_clusters = ClaimClustersByShard(claims_dir, shard_of)
        summary_of = PackedSummaries()
        story_by_id = {s.id: s for s in stories}
        profiles: list[Any] = []
        for k, res in enumerate(report_results):
            write_pickle(reports_dir / f"{k:06d}.pkl", res.reports)
            claim_clusters.add(res.claim_clusters)  # by shard: each output task reads its own
            for sid, rep in res.reports.items():
                summary_of.put(sid, rep["summary"])
            for prof in res.profiles:
                # a profile holds a copy of its story (every member id): link it to
                # the driver's own story object, as `link_profiles` would
                prof.story = story_by_id.get(prof.story.id, prof.story)
                _share_keys(prof)
            profiles.extend(res.profiles)
            del res
            progress("reports", k + 1, len(story_chunks))
        del report_results, shared_df, story_chunks, story_by_id
        reset_bundles(folder)
    with timer("storylines"):
        linker = StorylineLinker(pcfg.storyline)
        if line_df is not None:
            storylines = linker.link_profiles(stories, profiles)
            release_frozen()
        else:
            by_id: dict[str, Article] = {}
            for index, rows in rows_by_shard.items():
                by_id.update({aid: rec[0] for aid, rec in load_shard_articles(folder, index, rows).items()})
            storylines = linker.link(stories, by_id)
            del by_id
        del profiles, line_df
    with timer("reports"):
        stories_by_id = {s.id: s for s in stories}
        # a storyline's summary reads its stories' summaries only (`.get`): made per
        # storyline, not for every story at once
        line_summaries = {
            line.id: summarize_storyline(
                line,
                stories_by_id,
                {
                    sid: [SummarySentence(**d) for d in summary_of[sid]]
                    for sid in line.story_ids
                    if sid in summary_of
                },
            )
            for line in storylines
        }
        del stories_by_id

    # 8. outputs: per-article tables per shard on the workers, the rest here
    progress("write", 0, None)
    with timer("write"):
        n_quotes, n_claims = _write_outputs(
            folder,
            client,
            accounting,
            rows_by_shard,
            links,
            id_of,
            groups,
            stories,
            storylines,
            summary_of,
            claims_dir,
        )
    if load_into is not None:
        progress("load", 0, None)
        with timer("load into store"):
            build = BuildOutput(
                built_ids=list(id_of),
                fingerprints={},
                copy_links=Iterated(lambda: links.links(id_of)),  # type: ignore[arg-type]
                copy_groups=groups,
                stories=stories,
                evidence=evidence.read(),
                redirects=result.redirects,
                storylines=storylines,
                quotes={},
                claims={},
                reports=Streamed(lambda: iter_reports(reports_dir)),  # type: ignore[arg-type]
                storyline_summaries=line_summaries,
                stage_params=_stage_params(pcfg),
            )
            _load_into(load_into, folder, pcfg, folder / "inputs.parquet", id_of, shard_of, build)

    for d in (reports_dir, claims_dir):
        shutil.rmtree(d, ignore_errors=True)  # recomputed on every run
    evidence.clear()
    counts = {"ingested": 0, "duplicate": 0, "rejected": 0}
    for status, n in by_status.items():
        counts[status] = counts.get(status, 0) + n
    wall, cpu = dict(timer.wall), dict(timer.cpu)
    for st in stats.values():
        for step, secs in st.wall_s.items():
            wall[f"shard:{step}"] = round(wall.get(f"shard:{step}", 0.0) + secs, 3)
        for step, secs in st.cpu_s.items():
            cpu[f"shard:{step}"] = round(cpu.get(f"shard:{step}", 0.0) + secs, 3)
    report = BatchReport(
        out=str(folder),
        shards=len(shards),
        resumed_shards=resumed,
        counts=counts,
        articles=len(id_of),
        candidate_pairs=n_pairs,
        copy_links=len(links),
        copy_groups=len(groups),
        stories=len(stories),
        storylines=len(storylines),
        quotes=n_quotes,
        claims=n_claims,
        wall_s=wall,
        cpu_s=cpu,
        workers=n_workers,
    )
    (folder / "stats.json").write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    progress("done", 1, 1)
    return report


def _stage_params(pcfg: PipelineConfig) -> dict[str, dict[str, Any]]:
    def simple(c: Any) -> dict[str, Any]:
        return {k: v for k, v in asdict(c).items() if isinstance(v, int | float | str | bool | None)}

    return {
        "dedup": asdict(pcfg.copy),
        "cluster": simple(pcfg.cluster),
        "storyline": simple(pcfg.storyline),
        "quotes": simple(pcfg.quotes),
    }


def _resolve_duplicates(
    folder: Path, shards: Sequence[Shard]
) -> tuple[list[dict[str, Any]], list[tuple[str, str | None, int]]]:
    """Input accounting with duplicates across shards, and the kept (id, published, shard).

    The first article wins, in input order, with the store's rules and reasons: same
    raw content, then same canonical URL, then same id.
    """
    kept: list[tuple[str, str | None, int]] = []
    accounting = [rec for recs in _accounting(folder, shards, kept) for rec in recs]
    return accounting, kept


def _accounting_to(
    folder: Path, shards: Sequence[Shard], path: Path
) -> tuple[Counter[str], list[tuple[str, str | None, int]]]:
    """`_resolve_duplicates` with the accounting written to `path` (the inputs table,
    shard by shard) instead of held: the counts by status, and the kept articles.

    At 10k inputs the accounting's dicts took 5.7 MB of the driver from the first stage
    to the last.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    counts: Counter[str] = Counter()
    kept: list[tuple[str, str | None, int]] = []
    sch = outputs.schema("inputs")
    tmp = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(tmp, sch) as writer:
        for recs in _accounting(folder, shards, kept):
            counts.update(rec["status"] for rec in recs)
            if recs:
                writer.write_table(pa.Table.from_pylist(recs, schema=sch))
    os.replace(tmp, path)
    return counts, kept


def _iter_accounting(path: Path) -> Iterator[dict[str, Any]]:
    """The records written by `_accounting_to`, in order."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as f:
        for batch in f.iter_batches(batch_size=10_000):
            yield from batch.to_pylist()


def _accounting(
    folder: Path, shards: Sequence[Shard], kept: list[tuple[str, str | None, int]]
) -> Iterator[list[dict[str, Any]]]:
    # each shard's accounting records in turn; kept articles appended to `kept`
    by_hash: dict[str, str] = {}
    by_url: dict[str, str] = {}
    by_id: set[str] = set()
    dup_of: dict[str, str] = {}
    for shard in shards:
        accounting: list[dict[str, Any]] = []
        meta = load_shard_column(folder, shard.index, ["id", "published", "content_hash", "canonical_url"])
        info = {
            aid: (pub, h, url)
            for aid, pub, h, url in zip(
                meta["id"], meta["published"], meta["content_hash"], meta["canonical_url"], strict=True
            )
        }
        rows = load_shard_column(
            folder,
            shard.index,
            ["pos", "source", "status", "reason", "detail", "article_id", "content_hash"],
            table="inputs",
        )
        for k in range(len(rows["pos"])):
            rec = {name: rows[name][k] for name in rows}
            rec["shard"] = shard.index
            aid = rec["article_id"]
            if rec["status"] == "duplicate" and aid in dup_of:
                # a copy of an article that is itself a copy of an earlier one
                rec["article_id"] = dup_of[aid]
                rec["detail"] = f"same as article {dup_of[aid]}"
            elif rec["status"] == "ingested":
                pub, h, url = info[aid]
                hit = None
                if h in by_hash:
                    hit = (by_hash[h], "same-content")
                elif url and url in by_url:
                    hit = (by_url[url], "same-url")
                elif aid in by_id:
                    hit = (aid, "same-id")
                if hit is not None:
                    first, why = hit
                    dup_of[aid] = first
                    rec.update(
                        status="duplicate", reason=why, detail=f"same as article {first}", article_id=first
                    )
                else:
                    by_hash[h] = aid
                    if url:
                        by_url[url] = aid
                    by_id.add(aid)
                    kept.append((aid, pub, shard.index))
            accounting.append(rec)
        yield accounting


def _write_outputs(
    folder: Path,
    client: Any,
    accounting: Path,
    rows_by_shard: Mapping[int, Mapping[str, int]],
    links: CopyLinks,
    id_of: Sequence[str],
    groups: Sequence[Any],
    stories: Sequence[Any],
    storylines: Sequence[Any],
    summary_of: Mapping[str, list[dict[str, Any]]],
    claims_dir: Path,
) -> tuple[int, int]:
    """Write the output tables; returns the numbers of quotes and claims written.

    Articles, quotes and claims: one task per shard writes part files
    (`outputs.write_shard_outputs`), then they are merged, streamed, into one file
    per table in the store's order (`outputs.concat_parts`, one task per table): the
    same files as when written from all articles at once. The story-level tables are
    written here.
    """
    story_of = {aid: s for s in stories for aid in s.article_ids}
    group_of = {aid: g.id for g in groups for aid in g.article_ids}

    def link_of(aid: str) -> dict[str, str | None]:
        # as export.article_row takes them (the keys an article has)
        d: dict[str, str | None] = {}
        story = story_of.get(aid)
        if story is not None:
            d.update(story_id=story.id, storyline_id=story.storyline_id)
        if aid in group_of:
            d["copy_group"] = group_of[aid]
        return d

    shutil.rmtree(folder / "parts", ignore_errors=True)
    order = sorted(rows_by_shard)
    # each shard's links are made as its task is submitted (`in_order`), not all at once
    tasks = (
        (
            str(folder),
            index,
            dict(rows_by_shard[index]),
            {aid: link_of(aid) for aid in rows_by_shard[index]},
            SpilledClusters(str(claims_dir), index),
        )
        for index in order
    )
    n_quotes = n_claims = 0
    for nq, nc in in_order(client, outputs.write_shard_outputs, tasks):
        n_quotes += nq
        n_claims += nc
    n_rows = sum(len(rows) for rows in rows_by_shard.values())
    starts = [min(rows_by_shard[index].values(), default=0) for index in order]
    # the merges run on the workers (on the driver they were its largest transient at
    # c10k and c30k, ~145 MB); a part is opened when the merge reaches its first row
    client.gather(
        [
            client.submit(outputs.concat_parts, str(folder), what, order, n_rows, starts=starts, pure=False)
            for what in outputs.SHARD_TABLES
        ]
    )
    shutil.rmtree(folder / "parts", ignore_errors=True)
    # streamed, a few thousand rows at a time: a story's row (members, cited summary)
    # took ~5 KB as Python objects, 35 MB of the c30k driver for the whole table at once
    rows = (story_row(s, summary_of.get(s.id, [])) for s in stories)
    outputs.write_table_chunked(rows, "stories", folder, chunk=STORY_ROWS)
    outputs.write_table([storyline_record(line) for line in storylines], "storylines", folder)
    outputs.write_table([outputs.copy_group_row(g) for g in groups], "copy_groups", folder)
    outputs.write_table_chunked(links.rows(id_of), "copy_links", folder)
    os.replace(accounting, folder / "inputs.parquet")  # written by `_accounting_to`
    return n_quotes, n_claims


def fingerprint_params(pcfg: PipelineConfig) -> str:
    """The parameter string the local runner stores fingerprints under."""
    c = pcfg.copy
    return f"minhash-v{c.version}-p{c.num_perm}-k{c.shingle_size}-s{c.seed}"


def _load_into(
    db: str | Path,
    folder: Path,
    pcfg: PipelineConfig,
    accounting: Path,
    id_of: list[str],
    shard_of: dict[str, int],
    build: BuildOutput,
) -> None:
    """Write a batch's results into a new or empty store, as `ingest` + `build` would.

    Streamed: articles are read back one shard at a time (the accounting is in shard
    order), fingerprints likewise, quotes and claims from the written output tables.
    """
    with Store(db) as store:
        if store.counts()["articles"]:
            raise ConfigError(
                f"{db} already holds articles; --load-into needs a new or empty store "
                "(add to an existing store with `newsprism ingest` and `newsprism build`)"
            )
        run_id = store.start_run("batch")
        batch: list[Article] = []
        others: list[InputRecord] = []
        current: tuple[int, dict[str, str]] = (-1, {})
        for rec in _iter_accounting(accounting):
            if rec["status"] == "ingested":
                if current[0] != rec["shard"]:
                    current = (-1, {})  # free the last shard's texts before reading the next
                    cols = load_shard_column(folder, rec["shard"], ["id", "article"])
                    current = (rec["shard"], dict(zip(cols["id"], cols["article"], strict=True)))
                    del cols
                batch.append(article_from_json(current[1][rec["article_id"]]))
            else:
                others.append(
                    InputRecord(
                        rec["source"],
                        rec["status"],
                        rec["reason"],
                        rec["detail"],
                        rec["article_id"],
                        rec["content_hash"],
                    )
                )
            if len(batch) >= 500:
                store.add_articles(run_id, batch)
                batch.clear()
        store.add_articles(run_id, batch)
        current = (-1, {})
        store.record_rejections(run_id, others)
        store.finish_run(run_id)
        params = fingerprint_params(pcfg)
        wanted: dict[int, set[str]] = defaultdict(set)
        for aid in id_of:
            wanted[shard_of[aid]].add(aid)

        def fingerprints() -> Iterator[tuple[str, tuple[bytes, str]]]:
            for shard, ids in wanted.items():
                cols = load_shard_column(folder, shard, ["id", "fingerprint"])
                for i, d in zip(cols["id"], cols["fingerprint"], strict=True):
                    if i in ids:
                        yield i, (d, params)

        def quotes() -> Iterator[tuple[str, list[Quote]]]:
            for aid, rows in outputs.iter_article_rows(folder / "quotes.parquet"):
                yield aid, [Quote(**r) for r in rows]

        def claims() -> Iterator[tuple[str, list[Claim]]]:
            for aid, rows in outputs.iter_article_rows(folder / "claims.parquet"):
                yield aid, [Claim(**r) for r in rows]

        build.fingerprints = Streamed(fingerprints)  # type: ignore[assignment]
        build.quotes = Streamed(quotes)  # type: ignore[assignment]
        build.claims = Streamed(claims)  # type: ignore[assignment]
        store.save_build(build)

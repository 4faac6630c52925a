"""Stories in a batch: exact online assignment, and per-story reports on the workers.

Story assignment is `StoryClusterer.update` over all articles in one call, on the
driver — the same call the local runner's `build` makes — because the online
clusterer's decisions depend on every earlier decision and on one corpus-wide idf:
any split by time window changes which story an article joins, and the equivalence
with the local path (issue 9) would not hold. It is the cheap part (no parsing, no
alignment); the expensive per-article work (cleaning, fingerprints, candidate
retrieval and alignment, quotes and claims) and the per-story reports (comparison,
cited summary, quote and claim clusters) run on the workers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.batch.shard import load_shard_articles
from newsprism.cluster import ClusterConfig, ClusterResult, StoryClusterer
from newsprism.models import Article, CopyGroup, Story
from newsprism.pipeline import story_report

__all__ = ["assign_stories", "story_reports"]


def assign_stories(
    articles: Sequence[Article], groups: Sequence[CopyGroup], config: ClusterConfig
) -> ClusterResult:
    """All articles into stories, exactly as the local `build` does on an empty store."""
    return StoryClusterer(config).update(articles, [], [a.id for a in articles], groups)


def story_reports(
    out: str,
    stories: Sequence[Story],
    shard_of: Mapping[str, int],
    groups: Sequence[CopyGroup],
) -> tuple[dict[str, dict[str, Any]], dict[str, list[str | None]]]:
    """Comparison, cited summary and quote/claim clusters of each story (one task's share).

    The same computation as the local runner's per-story report; articles, quotes
    and claims are read from the shard files. Returns the reports by story id and,
    per article, the ``cluster_id`` that claim clustering gave each of its claims.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for story in stories:
        for aid in story.article_ids:
            wanted[shard_of[aid]].add(aid)
    recs = {}
    for shard, ids in wanted.items():
        recs.update(load_shard_articles(Path(out), shard, ids))
    group_of: dict[str, list[CopyGroup]] = defaultdict(list)
    for g in groups:
        for aid in g.article_ids:
            group_of[aid].append(g)
    reports: dict[str, dict[str, Any]] = {}
    claim_clusters_of: dict[str, list[str | None]] = {}
    for story in stories:
        articles = [recs[i][0] for i in story.article_ids if i in recs]
        quotes = {a.id: recs[a.id][1] for a in articles}
        claims = {a.id: recs[a.id][2] for a in articles}
        seen: set[str] = set()
        story_groups = []
        for aid in story.article_ids:
            for g in group_of.get(aid, []):
                if g.id not in seen:
                    seen.add(g.id)
                    story_groups.append(g)
        # in the local runner a story's groups come in the global order: by id
        story_groups.sort(key=lambda g: g.id)
        reports[story.id] = story_report(story, articles, quotes, claims, story_groups)
        claim_clusters_of.update({aid: [c.cluster_id for c in cs] for aid, cs in claims.items()})
    return reports, claim_clusters_of

"""The export contract: field names and formats (docs/export.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq

from newsprism.export import ARTICLE_FIELDS, STORY_FIELDS, STORYLINE_FIELDS, export
from newsprism.models import Quote, Story, SummarySentence
from newsprism.store import BuildOutput, Store
from tests.conftest import REPO, make_article

# The contract's required fields: removing or renaming one is a breaking change.
REQUIRED_ARTICLE = {
    "id",
    "source",
    "title",
    "published",
    "outlet",
    "byline",
    "wire_agency",
    "language",
    "text",
    "story_id",
    "storyline_id",
    "copy_group",
    "quotes",
    "claims",
}
REQUIRED_STORY = {
    "id",
    "title",
    "storyline_id",
    "article_ids",
    "first_seen",
    "last_seen",
    "outlets",
    "summary",
}


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "x.db")
    text = 'The minister said "we will rebuild the bridge" on Monday.'
    a = make_article(
        text, title="Bridge to be rebuilt", published="2025-03-04T10:00:00", outlet="The Example Post"
    )
    store.add_articles(store.start_run("ingest"), [a])
    start = text.index("we will")
    story = Story(
        id="s1",
        title="Bridge",
        article_ids=[a.id],
        first_seen="2025-03-04",
        last_seen="2025-03-04",
        outlets=["The Example Post"],
    )
    store.save_build(
        BuildOutput(
            built_ids=[a.id],
            fingerprints={},
            copy_links=[],
            copy_groups=[],
            stories=[story],
            evidence=[],
            redirects={},
            storylines=[],
            quotes={
                a.id: [
                    Quote(
                        text="we will rebuild the bridge",
                        speaker="the minister",
                        start=start,
                        end=start + 26,
                        cue="said",
                    )
                ]
            },
            claims={},
            reports={"s1": {"summary": [{"sentence": text, "article_ids": [a.id], "supported": True}]}},
            storyline_summaries={},
            stage_params={},
        )
    )
    return store


def test_documented_fields_match_code() -> None:
    doc = (REPO / "docs" / "export.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)`", doc, flags=re.M))
    assert set(ARTICLE_FIELDS) >= REQUIRED_ARTICLE and set(STORY_FIELDS) >= REQUIRED_STORY
    assert set(ARTICLE_FIELDS) | set(STORY_FIELDS) | set(STORYLINE_FIELDS) <= documented | {
        "first_seen",
        "last_seen",
    }


def test_jsonl_articles_and_stories(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        buf = io.StringIO()
        assert export(store, "articles", "jsonl", buf) == 1
        rec = json.loads(buf.getvalue())
        assert rec.keys() >= REQUIRED_ARTICLE
        assert rec["published"] == "2025-03-04" and rec["story_id"] == "s1" and rec["copy_group"] is None
        q = rec["quotes"][0]
        assert rec["text"][q["start"] : q["end"]] == q["text"] and q["speaker"] == "the minister"
        buf = io.StringIO()
        export(store, "stories", "jsonl", buf)
        story = json.loads(buf.getvalue())
        assert story.keys() >= REQUIRED_STORY
        assert story["summary"] == [
            {"sentence": SummarySentence(rec["text"], []).sentence, "article_ids": [rec["id"]]}
        ]


def test_csv_and_parquet(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        out = tmp_path / "a.csv"
        export(store, "articles", "csv", out)
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert (
            rows[0]["title"] == "Bridge to be rebuilt" and json.loads(rows[0]["quotes"])[0]["cue"] == "said"
        )
        pq_path = tmp_path / "s.parquet"
        export(store, "stories", "parquet", pq_path)
        table = pq.read_table(pq_path)
        assert set(table.column_names) >= REQUIRED_STORY
        assert table.to_pylist()[0]["summary"][0]["article_ids"]
        export(store, "articles", "parquet", tmp_path / "a.parquet")
        arts = pq.read_table(tmp_path / "a.parquet").to_pylist()
        assert arts[0]["quotes"][0]["text"] == "we will rebuild the bridge"

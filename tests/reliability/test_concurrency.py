"""Reading while writing: the web app serves requests while `ingest` and `build` run.

Writers are real processes (the CLI); the reader is the web app (through its test
client) in this process, looping over the story list, the article list and search
until the writers are done. Every response must be a 200, counts must never go
down, and every article a story names must exist (articles are never removed, so
an article seen in a story must appear in any later article listing).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from newsprism.store import Store
from tests.reliability.corpus import generate_corpus
from tests.reliability.storecheck import REPO, cli, cli_env

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from newsprism.web import create_app  # noqa: E402

MAX_READS = 400  # the loop also stops when the writers are done


def test_web_reads_stay_consistent_while_ingest_and_build_write(tmp_path: Path) -> None:
    part_a = generate_corpus(tmp_path / "a", stories=12, versions=3, seed=1).root
    # same stories, other outlets' versions: the second build grows the first build's stories
    part_b = generate_corpus(tmp_path / "b", stories=12, versions=3, seed=2).root
    db = tmp_path / "live.db"
    with Store(db):  # create the schema, so the reader has a store from the start
        pass
    steps = [
        ["ingest", str(part_a), "--db", str(db), "--json"],
        ["build", "--db", str(db), "--json"],
        ["ingest", str(part_b), "--db", str(db), "--json"],
        ["build", "--db", str(db), "--json"],
    ]
    script = " && ".join(subprocess.list2cmdline(cli(*s)) for s in steps)
    writer = subprocess.Popen(
        script, shell=True, env=cli_env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    client = TestClient(create_app(str(db)))
    reads = 0
    last_articles = last_stories = 0
    seen_during_write: set[int] = set()
    try:
        while reads < MAX_READS:
            writing = writer.poll() is None
            stories = client.get("/api/stories", params={"limit": 200})
            assert stories.status_code == 200, stories.text
            story_items = stories.json()["items"]
            arts = client.get("/api/articles", params={"limit": 200})
            assert arts.status_code == 200, arts.text
            total = arts.json()["total"]
            article_ids = {a["id"] for a in arts.json()["items"]}
            found = client.get("/api/search", params={"q": "officials"})
            assert found.status_code == 200, found.text
            page = client.get("/")
            assert page.status_code == 200

            assert total >= last_articles and stories.json()["total"] >= last_stories
            last_articles, last_stories = total, stories.json()["total"]
            for s in story_items:
                assert s["article_ids"], f"story {s['id']} read without its articles"
                assert set(s["article_ids"]) <= article_ids, f"story {s['id']} names unknown articles"
            if writing:
                seen_during_write.add(total)
            reads += 1
            if not writing:
                break
            time.sleep(0.01)
    finally:
        if writer.poll() is None:
            writer.wait(timeout=180)
    assert writer.returncode == 0, writer.stderr.read().decode()[-2000:] if writer.stderr else ""
    # the reads really overlapped the writes: more than one state was seen while writing
    assert len(seen_during_write) >= 2, seen_during_write
    with Store(db, readonly=True) as store:
        assert last_articles == store.counts()["articles"] > 0

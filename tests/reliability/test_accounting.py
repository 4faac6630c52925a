"""Accounting: inputs = ingested + duplicates + rejected for every run, reasons kept, retry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.pipeline import ingest
from newsprism.store import Store
from tests.reliability.corpus import generate_corpus

runner = CliRunner()


def _page(corpus: Path, name: str) -> str:
    return (corpus / name).read_text(encoding="utf-8")


def test_every_run_adds_up_and_rejections_keep_reasons(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "c", stories=5, versions=3, seed=5)
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, [str(corpus.root)])
        again = ingest(store, [str(corpus.root), str(tmp_path / "missing.txt")])
        for report in (first, again):
            c = report.counts
            assert c["inputs"] == c["ingested"] + c["duplicate"] + c["rejected"] == len(report.records)
            stored = store.db.execute(
                "SELECT inputs, ingested, duplicates, rejected FROM runs WHERE id=?", (report.run_id,)
            ).fetchone()
            assert tuple(stored) == (c["inputs"], c["ingested"], c["duplicate"], c["rejected"])
        assert first.counts["inputs"] == corpus.inputs
        assert first.counts["rejected"] == corpus.expected_rejected
        assert first.counts["duplicate"] == corpus.expected_duplicates
        # the second run stores nothing new: every article input is now a duplicate
        assert again.counts["ingested"] == 0
        assert again.counts["duplicate"] == first.counts["ingested"] + first.counts["duplicate"]
        assert again.counts["rejected"] == corpus.expected_rejected + 1  # + the missing file
        reasons = {r.reason for r in store.still_rejected()}
        assert {"empty", "binary", "invalid-json", "no-body", "not-found"} <= reasons


def test_retry_reingests_fixed_inputs_and_skips_gone_ones(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "c", stories=4, versions=3, seed=9)
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(corpus.root), "--db", str(db), "--json"]).exit_code == 0
    # fix two of the rejected inputs, remove a third
    good = _page(corpus.root, "s003_v0.txt").replace("2025-", "2026-").replace("Share this article", "")
    (corpus.root / "empty.txt").write_text(good.replace("warns", "fears"), encoding="utf-8")
    dump = corpus.root / "dump.jsonl"
    fixed_line = json.dumps({"title": "Corlin ferry returns", "text": good.split("\n\n", 3)[3]})
    dump.write_text(
        dump.read_text(encoding="utf-8").replace('{"id": "broken", "text": ', fixed_line), encoding="utf-8"
    )
    (corpus.root / "binary.txt").unlink()

    result = runner.invoke(app, ["retry", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["still_rejected"] == corpus.expected_rejected
    assert sorted(Path(p).name for p in out["retried"]) == ["dump.jsonl", "empty.txt", "menu.txt"]
    assert [Path(s["source"]).name for s in out["not_retryable"]] == ["binary.txt"]
    counts = out["ingest"]["counts"]
    assert counts["inputs"] == counts["ingested"] + counts["duplicate"] + counts["rejected"]
    assert counts["ingested"] == 2  # the fixed page and the fixed line; the dump's others are duplicates
    assert counts["rejected"] == 1  # menu.txt is still clutter only, and says so again
    with Store(db) as store:
        left = {Path(r.source).name: r.reason for r in store.still_rejected()}
    assert left == {"binary.txt": "binary", "menu.txt": "no-body"}

    # nothing left that can be retried and succeed: a second retry changes nothing
    shutil.rmtree(corpus.root)
    again = json.loads(runner.invoke(app, ["retry", "--db", str(db), "--json"]).output)
    assert again["retried"] == [] and again["ingest"] is None

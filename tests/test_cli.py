"""The CLI: every command documented, inputs accounted for, untrusted text escaped."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app, safe
from tests.conftest import REPO

runner = CliRunner()

PAGE = """Harbour pilots end week-long strike at Port Venna

Menu | Home | News | Sport

By Tomas Reyl

Harbour pilots at Port Venna returned to work on Tuesday after a week-long strike that left
forty cargo ships waiting at anchor, the port authority said.

"We have an agreement that respects the safety of every pilot," union secretary Mara Odell told
reporters outside the harbour office. The authority said traffic would be back to normal by Friday.

The dispute began over night-shift rosters, which pilots said were stretched beyond safe limits
after two retirements that were never replaced.

Share this article
"""


def test_every_command_has_help_and_is_documented() -> None:
    readme = (REPO / "README.md").read_text()
    names = [c.name for c in app.registered_commands]
    assert {"ingest", "build", "stories", "show", "search", "export", "demo"} <= set(names)
    for cmd in app.registered_commands:
        assert (cmd.callback.__doc__ or "").strip(), f"{cmd.name} has no help text"
        assert f"newsprism {cmd.name}" in readme, f"README does not document `newsprism {cmd.name}`"
        result = runner.invoke(app, [cmd.name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_ingest_build_show_search_export(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "strike.txt").write_text(PAGE)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blob.html").write_bytes(b"\x00\x01binary")
    args = ["--db", str(db)]
    res = runner.invoke(app, ["ingest", str(tmp_path / "in"), str(tmp_path / "missing.txt"), *args, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["counts"] == {"inputs": 4, "ingested": 1, "duplicate": 0, "rejected": 3}
    reasons = {Path(r["source"]).name: r["reason"] for r in out["inputs"] if r["status"] == "rejected"}
    assert reasons == {"empty.txt": "empty", "blob.html": "binary", "missing.txt": "not-found"}

    again = json.loads(
        runner.invoke(app, ["ingest", str(tmp_path / "in" / "strike.txt"), *args, "--json"]).output
    )
    assert again["counts"]["duplicate"] == 1 and again["counts"]["ingested"] == 0

    assert runner.invoke(app, ["build", *args]).exit_code == 0
    stories = json.loads(runner.invoke(app, ["stories", *args, "--json"]).output)
    assert len(stories) == 1 and stories[0]["title"].startswith("Harbour pilots")
    show = runner.invoke(app, ["show", "1", *args])
    assert show.exit_code == 0 and "Harbour pilots" in show.output
    hits = json.loads(runner.invoke(app, ["search", "strike", *args, "--json"]).output)
    assert hits and hits[0]["title"].startswith("Harbour pilots")
    exported = runner.invoke(app, ["export", "--what", "articles", *args])
    rec = json.loads(exported.output.splitlines()[0])
    assert "Share this article" not in rec["text"] and rec["story_id"] == stories[0]["id"]


def test_show_article_lists_removed_lines(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    page = tmp_path / "strike.txt"
    page.write_text(PAGE)
    res = json.loads(runner.invoke(app, ["ingest", str(page), "--db", str(db), "--json"]).output)
    aid = res["inputs"][0]["article_id"]
    shown = runner.invoke(app, ["show", "--article", aid, "--removed", "--db", str(db)])
    assert shown.exit_code == 0
    assert "Share this article" in shown.output and "Removed from the page" in shown.output


def test_untrusted_text_is_escaped() -> None:
    assert safe("[bold red]x[/]") == "\\[bold red]x\\[/]"
    assert "\x1b" not in safe("evil \x1b[2J title")

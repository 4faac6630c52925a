"""`newsprism ingest` over every new input kind: each input ends ingested, duplicate or rejected."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app
from tests.ingest.conftest import LocalServer, Reply, article_html, article_text
from tests.ingest.test_csv import _csv
from tests.ingest.test_feeds import _item, _rss
from tests.ingest.test_warc import _warc

runner = CliRunner()


def _serve(server: LocalServer) -> None:
    page = article_html("Dam repairs finished early", "dam repair").encode()
    server.routes["/robots.txt"] = Reply(
        body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
    )
    server.routes["/a"] = Reply(body=page)
    server.routes["/a-copy"] = Reply(body=page)
    server.routes["/private/x"] = Reply(body=page)
    server.routes["/slow"] = Reply(body=page, delay=1.5)
    server.routes["/img"] = Reply(body=b"\x89PNG", headers={"Content-Type": "image/png"})
    for i in range(4):
        server.routes[f"/r{i}"] = Reply(302, headers={"Location": f"/r{i + 1}"})
    server.routes["/story/9"] = Reply(body=article_html("Lighthouse keeper retires", "lighthouse").encode())
    calls = {"n": 0}

    def flaky(_: object) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(503, b"busy", {"Content-Type": "text/plain", "Retry-After": "0"})
        return Reply(body=article_html("Orchard harvest doubles", "orchard harvest").encode())

    server.routes["/flaky"] = flaky


def _files(tmp_path: Path, server: LocalServer) -> list[str]:
    feed = tmp_path / "courier.xml"  # a feed under a generic name
    feed.write_bytes(_rss([_item(1), _item(2), _item(9, full=False, link=server.url("/story/9"))]))
    (tmp_path / "crawl.warc.gz").write_bytes(_warc(True, 2))
    dump = _csv([["title", "text"], ["Quarry reopens", article_text("quarry")]]) + b"Broken,row,with,extra\n"
    (tmp_path / "dump.csv").write_bytes(dump)
    return [str(feed), str(tmp_path / "crawl.warc.gz"), str(tmp_path / "dump.csv")]


def test_ingest_accounts_for_every_kind_of_input(
    tmp_path: Path, server: LocalServer, sleeps: list[float]
) -> None:
    _serve(server)
    urls = [server.url(p) for p in ("/a", "/a-copy", "/flaky", "/private/x", "/slow", "/img", "/r0")]
    args = ["ingest", "--db", str(tmp_path / "n.db"), "--json", "--allow-private", "--timeout", "0.4"]
    args += ["--per-host-delay", "0", "--max-redirects", "2", *_files(tmp_path, server), *urls]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    status = {r["source"]: (r["status"], r["reason"]) for r in out["inputs"]}
    assert status[server.url("/a")][0] == "ingested"
    assert status[server.url("/a-copy")] == ("duplicate", "same-content")
    assert status[server.url("/flaky")][0] == "ingested"  # 503 then 200
    assert status[server.url("/private/x")] == ("rejected", "robots-disallowed")
    assert status[server.url("/slow")] == ("rejected", "timeout")
    assert status[server.url("/img")] == ("rejected", "unsupported-content-type")
    assert status[server.url("/r0")] == ("rejected", "too-many-redirects")
    feed_entries = [s for s in status if "courier.xml#" in s]
    assert len(feed_entries) == 3 and all(status[s][0] == "ingested" for s in feed_entries)
    warc = f"{tmp_path / 'crawl.warc.gz'}#https://courier.example/news/"
    assert status[warc + "0"][0] == "ingested"
    assert status[warc + "1"] == ("duplicate", "same-url")  # the feed's entry 1 has the same URL
    assert [status[s] for s in status if "dump.csv" in s] == [("ingested", None), ("rejected", "invalid-csv")]
    assert out["skipped"] and out["skipped"][0]["count"] == 4  # WARC requests, an image, a redirect
    counts = out["counts"]
    assert (
        counts["inputs"]
        == counts["ingested"] + counts["duplicate"] + counts["rejected"]
        == len(out["inputs"])
    )


def test_private_addresses_refused_without_the_flag(tmp_path: Path, server: LocalServer) -> None:
    _serve(server)
    result = runner.invoke(
        app, ["ingest", "--db", str(tmp_path / "n.db"), server.url("/a"), "ftp://files.example/x"]
    )
    assert result.exit_code == 0, result.output
    assert "private-address: 1" in result.stdout and "unsupported-scheme: 1" in result.stdout
    assert server.hits == []
    bad = runner.invoke(app, ["ingest", "--db", str(tmp_path / "n.db"), "--csv-map", "colour=x", "f.csv"])
    assert bad.exit_code != 0 and "colour" in bad.output

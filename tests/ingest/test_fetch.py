"""URL fetching against servers started on 127.0.0.1: limits, retries, robots, network safety."""

from __future__ import annotations

import socket

import pytest

from newsprism.ingest import FetchConfig, Fetcher, FetchRejected, address_problem
from newsprism.ingest import fetch as fetch_module
from tests.ingest.conftest import LocalServer, Reply, article_html


def _fetcher(**kw: object) -> Fetcher:
    base: dict[str, object] = {
        "allow_private": True,
        "per_host_interval": 0.0,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "total_timeout": 5.0,
        "retries": 2,
        "backoff": 0.01,
    }
    base.update(kw)
    return Fetcher(FetchConfig(**base))  # type: ignore[arg-type]


def _reason(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchRejected) as info:
        fetcher.fetch(url)
    return info.value.reason


def test_success_and_redirects_within_the_cap(server: LocalServer) -> None:
    server.routes["/a"] = Reply(body=article_html("Bridge vote", "bridge").encode())
    server.routes["/old"] = Reply(301, headers={"Location": "/mid"})
    server.routes["/mid"] = Reply(302, headers={"Location": server.url("/a")})
    with _fetcher(max_redirects=2) as f:
        page = f.fetch(server.url("/old"))
    assert page.kind == "html" and page.status == 200
    assert page.url == server.url("/a") and len(page.redirects) == 2
    assert "Brellin" in page.text and page.charset_source == "http header"


def test_redirect_chain_over_the_cap(server: LocalServer) -> None:
    for i in range(5):
        server.routes[f"/r{i}"] = Reply(302, headers={"Location": f"/r{i + 1}"})
    with _fetcher(max_redirects=3) as f:
        assert _reason(f, server.url("/r0")) == "too-many-redirects"
    assert [h[0] for h in server.hits if h[0] != "/robots.txt"] == [
        "/r0",
        "/r1",
        "/r2",
        "/r3",
    ]  # 3 hops followed, then stop


def test_oversized_body_is_stopped(server: LocalServer) -> None:
    big = b"<html><body>" + b"<p>filler text</p>" * 2000 + b"</body></html>"
    server.routes["/declared"] = Reply(body=big)
    server.routes["/streamed"] = Reply(body=big, length=False)  # no Content-Length: cut while streaming
    with _fetcher(max_bytes=5000) as f:
        assert _reason(f, server.url("/declared")) == "too-large"
        with pytest.raises(FetchRejected) as info:
            f.fetch(server.url("/streamed"))
    assert info.value.reason == "too-large" and "stopped reading" in info.value.detail


def test_slow_server_times_out(server: LocalServer) -> None:
    server.routes["/slow"] = Reply(body=b"<html></html>", delay=1.5)
    with _fetcher(read_timeout=0.3) as f, pytest.raises(FetchRejected) as info:
        f.fetch(server.url("/slow"))
    assert info.value.reason == "timeout"
    assert len([h for h in server.hits if h[0] == "/slow"]) == 1  # a timeout is not retried


def test_503_then_200_is_retried_with_retry_after(server: LocalServer, sleeps: list[float]) -> None:
    calls = {"n": 0}

    def flaky(_: object) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(503, b"busy", {"Content-Type": "text/plain", "Retry-After": "2"})
        return Reply(body=article_html("Ferry timetable", "ferry").encode())

    server.routes["/flaky"] = flaky
    with _fetcher() as f:
        page = f.fetch(server.url("/flaky"))
    assert page.status == 200 and calls["n"] == 2
    assert sleeps and max(sleeps) == pytest.approx(2.0)  # Retry-After honoured (below the cap)


def test_retry_after_over_the_cap_gives_up(server: LocalServer, sleeps: list[float]) -> None:
    server.routes["/busy"] = Reply(429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "3600"})
    with _fetcher(max_retry_after=10) as f, pytest.raises(FetchRejected) as info:
        f.fetch(server.url("/busy"))
    assert info.value.reason == "http-error" and "cap" in info.value.detail
    assert not [s for s in sleeps if s > 10]


def test_persistent_5xx_and_404_are_http_errors(server: LocalServer, sleeps: list[float]) -> None:
    server.routes["/down"] = Reply(500, b"oops", {"Content-Type": "text/plain"})
    with _fetcher(retries=2) as f:
        assert _reason(f, server.url("/down")) == "http-error"
        assert _reason(f, server.url("/missing")) == "http-error"
    assert len([h for h in server.hits if h[0] == "/down"]) == 3  # 1 + 2 retries
    assert sleeps[:2] == [pytest.approx(0.01), pytest.approx(0.02)]  # exponential backoff


def test_robots_txt_is_respected_and_cached(server: LocalServer) -> None:
    server.routes["/robots.txt"] = Reply(
        body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
    )
    server.routes["/private/x"] = Reply(body=article_html("Secret", "tunnel").encode())
    server.routes["/public"] = Reply(body=article_html("Open", "tunnel").encode())
    with _fetcher() as f:
        assert _reason(f, server.url("/private/x")) == "robots-disallowed"
        assert f.fetch(server.url("/public")).status == 200
    assert [h[0] for h in server.hits].count("/robots.txt") == 1
    assert "/private/x" not in [h[0] for h in server.hits]


def test_robots_failure_means_allowed(server: LocalServer, sleeps: list[float]) -> None:
    server.routes["/robots.txt"] = Reply(500, b"", {"Content-Type": "text/plain"})
    server.routes["/page"] = Reply(body=article_html("Open", "tunnel").encode())
    with _fetcher(retries=0) as f:
        assert f.fetch(server.url("/page")).status == 200


def test_content_type_checks(server: LocalServer) -> None:
    server.routes["/img"] = Reply(body=b"\x89PNG....", headers={"Content-Type": "image/png"})
    server.routes["/json"] = Reply(body=b"{}", headers={"Content-Type": "application/json"})
    server.routes["/txt"] = Reply(body=b"Plain words here.", headers={"Content-Type": "text/plain"})
    server.routes["/rss"] = Reply(
        body=b"<rss version='2.0'></rss>", headers={"Content-Type": "application/rss+xml"}
    )
    with _fetcher() as f:
        assert _reason(f, server.url("/img")) == "unsupported-content-type"
        assert _reason(f, server.url("/json")) == "unsupported-content-type"
        assert f.fetch(server.url("/txt")).kind == "text"
        assert f.fetch(server.url("/rss")).kind == "feed"
    assert "/img" in [h[0] for h in server.hits]


def test_charset_from_header_then_meta_then_detection(server: LocalServer) -> None:
    cyrillic = (
        "<html><head><meta charset='windows-1251'></head><body><p>Новости дня: мост открыт.</p></body></html>"
    )
    server.routes["/meta"] = Reply(body=cyrillic.encode("cp1251"), headers={"Content-Type": "text/html"})
    # the header wins over a wrong meta declaration
    latin = "<html><head><meta charset='utf-8'></head><body><p>Café près du théâtre, élèves à l'école.</p></body></html>"
    server.routes["/header"] = Reply(
        body=latin.encode("latin-1"), headers={"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    server.routes["/none"] = Reply(
        body=latin.replace("utf-8", "x").encode("latin-1"), headers={"Content-Type": "text/html"}
    )
    with _fetcher() as f:
        meta = f.fetch(server.url("/meta"))
        header = f.fetch(server.url("/header"))
        detected = f.fetch(server.url("/none"))
    assert "мост открыт" in meta.text and meta.charset_source == "meta charset"
    assert "théâtre" in header.text and header.charset_source == "http header"
    assert "théâtre" in detected.text and detected.charset_source == "detected"


def test_per_host_rate_limit(server: LocalServer, sleeps: list[float]) -> None:
    server.routes["/a"] = Reply(body=b"<html><body><p>a</p></body></html>")
    with _fetcher(per_host_interval=0.5, respect_robots=False) as f:
        f.fetch(server.url("/a"))
        f.fetch(server.url("/a"))
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 0.5


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata endpoint
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "not-global"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 carrying 127.0.0.1
        ("::", "unspecified"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


def test_private_addresses_refused_by_default(server: LocalServer) -> None:
    server.routes["/a"] = Reply(body=article_html("Local", "bridge").encode())
    with _fetcher(allow_private=False) as f:
        assert _reason(f, server.url("/a")) == "private-address"
        assert _reason(f, f"http://localhost:{server.port}/a") == "private-address"
        assert _reason(f, f"http://[::ffff:127.0.0.1]:{server.port}/a") == "private-address"
        assert _reason(f, "file:///etc/passwd") == "unsupported-scheme"
        assert _reason(f, f"http://user:pw@127.0.0.1:{server.port}/a") == "invalid-url"
    assert server.hits == []  # nothing reached the server


def test_redirect_to_a_private_address_is_refused(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An allowed first hop that redirects inside the network: every hop is resolved and checked."""
    real_problem = address_problem
    # pretend the test server's address is public, and give the names fixed DNS answers
    monkeypatch.setattr(
        fetch_module, "address_problem", lambda a: None if a == "127.0.0.1" else real_problem(a)
    )
    answers = {
        "outlet.test": ["127.0.0.1"],
        "intranet.test": ["10.0.0.7"],
        "mixed.test": ["127.0.0.1", "192.168.1.1"],
    }
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: answers.get(host) or [host])
    server.routes["/to-intranet"] = Reply(302, headers={"Location": "http://intranet.test/admin"})
    server.routes["/to-mapped"] = Reply(
        302, headers={"Location": f"http://[::ffff:127.0.0.1]:{server.port}/a"}
    )
    server.routes["/a"] = Reply(body=article_html("Public", "bridge").encode())
    with _fetcher(allow_private=False, respect_robots=False) as f:
        ok = f.fetch(f"http://outlet.test:{server.port}/a")
        assert _reason(f, f"http://outlet.test:{server.port}/to-intranet") == "private-address"
        assert _reason(f, f"http://outlet.test:{server.port}/to-mapped") == "private-address"
        # one private answer among several is enough to refuse (no address is tried)
        assert _reason(f, f"http://mixed.test:{server.port}/a") == "private-address"
    assert ok.status == 200
    # the request went to the checked address while keeping the name in the Host header
    assert ("/a", f"outlet.test:{server.port}") in server.hits


def test_refused_connection_is_rejected(sleeps: list[float]) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with _fetcher(retries=1) as f, pytest.raises(FetchRejected) as info:
        f.fetch(f"http://127.0.0.1:{port}/x")
    assert info.value.reason == "connection-failed" and "2 attempts" in info.value.detail

"""A local HTTP server for fetch tests, and invented article pages (fictional names only)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.ingest import fetch as fetch_module


def article_text(topic: str, n: int = 4) -> str:
    """An invented news article of about 60·n words about `topic` (fictional places and people)."""
    paras = [
        f"Officials in the town of Brellin said on Tuesday that the {topic} would go ahead despite the "
        f"objections raised by residents at a crowded meeting in the old market hall last week.",
        f'"We listened to every concern and changed the plan where we could," said deputy mayor Ilsa '
        f"Varno, who has led the {topic} talks since the spring. Critics were not persuaded.",
        f"Farmers from the valley argued that the {topic} would cut across grazing land used by three "
        f"families for generations, and asked the regional council to order a fresh study.",
        f"The council is expected to vote on the {topic} next month. A spokesman for the opposition "
        f"group, Teodor Blask, said his members would keep campaigning until the vote.",
        f"Engineers estimate that work on the {topic} could start in the autumn and last two years, "
        f"with most of the cost met by a national fund for rural roads and bridges.",
    ]
    return "\n\n".join(paras[: max(1, n)] + paras[: max(0, n - len(paras))])


def article_html(title: str, topic: str, charset_meta: str | None = None) -> str:
    """A simple invented article page."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "".join(f"<p>{p}</p>" for p in article_text(topic).split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    )


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    length: bool = True  # send Content-Length


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


class LocalServer:
    """An HTTP server on 127.0.0.1 in a thread; `routes` maps a path to a reply."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, str]] = []  # (path, Host header)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                server.hits.append((self.path, self.headers.get("Host", "")))
                route = server.routes.get(self.path)
                if route is None:
                    reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
                else:
                    reply = route(self) if callable(route) else route
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    if reply.length:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (size cap): expected

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the fetcher's waits (backoff, Retry-After, per-host delay) instead of sleeping."""
    waits: list[float] = []
    monkeypatch.setattr(fetch_module, "_sleep", waits.append)
    return waits

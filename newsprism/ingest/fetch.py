"""Fetch web pages and feeds safely: the network side of ingest.

`Fetcher.fetch(url)` returns a `FetchResult` or raises `FetchRejected` (an
`InputRejected`) whose `reason` is a short stable code:

===========================  ==================================================
reason                       meaning
===========================  ==================================================
``invalid-url``              not an absolute http(s) URL with a host
``unsupported-scheme``       a scheme other than http or https (file:, ftp:, …)
``dns-failure``              the host name does not resolve
``private-address``          the host resolves to a loopback, private, link-local,
                             multicast, reserved or unspecified address
``robots-disallowed``        the site's robots.txt disallows the path
``timeout``                  connect, read or total time limit exceeded
``connection-failed``        refused or reset, after the retries
``too-many-redirects``       more hops than ``max_redirects``
``bad-redirect``             a redirect without a usable Location
``http-error``               a 4xx/5xx answer (after retries for 429/5xx)
``unsupported-content-type`` not HTML, an XML feed or plain text
``too-large``                the body is over ``max_bytes`` (stopped while streaming)
===========================  ==================================================

Network safety: the host of every hop (the first URL and every redirect target)
is resolved here, *every* address it resolves to is checked, and the request is
sent to the checked address (Host header and TLS SNI keep the name), so a DNS
answer cannot change between the check and the connection (DNS rebinding).
IPv4-mapped and 6to4 IPv6 addresses are checked as the IPv4 address they carry.
Proxies from the environment are ignored for the same reason.

Example::

    with Fetcher(FetchConfig(per_host_interval=1.0)) as fetcher:
        page = fetcher.fetch("https://news.example/world/1")
        page.kind, page.url, page.text[:80]
"""

from __future__ import annotations

import email.utils
import ipaddress
import os
import re
import socket
import ssl
import time
import urllib.robotparser
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsprism.errors import InputRejected

# monkeypatched by tests to simulate slow servers without waiting
_sleep = time.sleep
_clock = time.monotonic


class FetchRejected(InputRejected):
    """A URL could not be fetched; `reason` is one of the codes in the module docstring."""

    reason = "fetch-failed"


@dataclass(slots=True)
class FetchConfig:
    """Limits and manners of URL fetching.

    Defaults are those of a polite, careful crawler: one request per second per
    host, 10 MB bodies, 5 redirects (the number browsers' fetch specs treat as
    plenty for real sites is 20, but news pages rarely need more than 2–3).
    """

    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # between two bytes of the answer
    total_timeout: float = 60.0  # wall time for one URL, all hops and retries included
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False
    per_host_interval: float = 1.0  # seconds between two requests to the same host
    retries: int = 2  # extra attempts on connect errors, 429 and 5xx
    backoff: float = 0.5  # first retry wait; doubles each time
    max_retry_after: float = 30.0  # a longer Retry-After gives up instead of waiting
    respect_robots: bool = True
    robots_max_bytes: int = 500_000
    user_agent: str = "newsprism/0.1 (news research; +https://github.com/newsprism/newsprism)"
    robots_agent: str = "newsprism"


@dataclass(slots=True)
class FetchResult:
    """A fetched document: its final URL, what kind it is and its body."""

    url: str  # after redirects
    requested: str
    status: int
    kind: str  # "html", "feed" or "text"
    content_type: str  # the media type sent by the server ("" when none)
    body: bytes
    text: str = ""  # decoded body (empty for feeds, which feedparser decodes itself)
    charset_source: str = ""  # "http header", "meta charset", "detected"
    redirects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
}
_TEXT_TYPES = {"text/plain"}
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_\-.]{1,40})["']""")


def resolve(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to (IPv4 and IPv6), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if addr not in out:
            out.append(addr)
    return out


def address_problem(address: str) -> str | None:
    """Why `address` must not be fetched by default ("loopback", "private", …), or None.

    >>> address_problem("93.184.216.34") is None
    True
    >>> address_problem("::ffff:127.0.0.1")
    'loopback'
    """
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        # an IPv6 address that carries an IPv4 one is judged by the IPv4 address
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
    for name in ("unspecified", "loopback", "link_local", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if not ip.is_global:  # shared address space, documentation ranges, …
        return "not-global"
    return None


def _media_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower()
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media, charset


def _kind_of(media: str, body_head: bytes) -> str | None:
    if media in _HTML_TYPES:
        return "html"
    if media in _FEED_TYPES:
        return "feed"
    if media in _TEXT_TYPES:
        return "text"
    if media in ("", "application/octet-stream"):
        # no usable type: judge by the content
        head = body_head.lstrip()[:1024].lower()
        if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head:
            return "feed"
        if head.startswith(b"<"):
            return "html"
        return "text" if media == "" else None
    return None


def decode_body(body: bytes, charset: str | None, kind: str) -> tuple[str, str]:
    """Decode a body: the HTTP charset, else a meta charset / XML declaration, else detection."""
    candidates: list[tuple[str, str]] = []
    if charset:
        candidates.append((charset, "http header"))
    head = body[:4096]
    m = _META_CHARSET.search(head) if kind == "html" else _XML_ENCODING.search(head)
    if m:
        candidates.append((m.group(1).decode("ascii", "replace"), "meta charset"))
    for name, source in candidates:
        try:
            return body.decode(name), source
        except (LookupError, UnicodeDecodeError):
            continue  # unknown codec or a wrong declaration: try the next clue
    from newsprism.ingest.readers import decode_bytes

    return decode_bytes(body), "detected"


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _tls_verify() -> Any:
    """Certificates to trust: $SSL_CERT_FILE / $SSL_CERT_DIR when set (as with
    ``trust_env``, which is off here because of proxies), else httpx's default."""
    cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    if cafile or capath:
        return ssl.create_default_context(cafile=cafile or None, capath=capath or None)
    return True


@dataclass(slots=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    netloc: str
    addresses: list[str]


class Fetcher:
    """Fetches URLs under the limits of a `FetchConfig`; one instance per run.

    It keeps per-host state (last request time, parsed robots.txt) and one HTTP
    client, so use it as a context manager or call `close()`.
    """

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config or FetchConfig()
        self._client: Any = None
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client (a later fetch opens a new one)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- public ------------------------------------------------------------------------------

    def fetch(self, url: str) -> FetchResult:
        """Fetch `url`, following redirects; raises `FetchRejected` with a reason."""
        deadline = _clock() + self.config.total_timeout
        return self._fetch(url, deadline, robots=self.config.respect_robots)

    # --- steps -------------------------------------------------------------------------------

    def _fetch(self, url: str, deadline: float, *, robots: bool, max_bytes: int | None = None) -> FetchResult:
        cfg = self.config
        hops: list[str] = []
        current = url
        while True:
            target = self._target(current)
            if robots and not self._robots_allow(target, deadline):
                raise FetchRejected(
                    f"robots.txt of {target.netloc} disallows {current}", reason="robots-disallowed"
                )
            response = self._send(target, deadline)
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchRejected(
                            f"HTTP {response.status_code} without a Location header at {current}",
                            reason="bad-redirect",
                        )
                    hops.append(current)
                    if len(hops) > cfg.max_redirects:
                        raise FetchRejected(
                            f"more than {cfg.max_redirects} redirects (from {url}, last to {location[:200]})",
                            reason="too-many-redirects",
                        )
                    current = urljoin(current, location.strip())
                    continue
                if response.status_code >= 400:
                    raise FetchRejected(
                        f"HTTP {response.status_code} {response.reason_phrase} for {current}",
                        reason="http-error",
                    )
                return self._read(response, target, url, hops, deadline, max_bytes or cfg.max_bytes)
            finally:
                response.close()

    def _target(self, url: str) -> _Target:
        """Parse, resolve and check one hop; the addresses returned are the ones to connect to."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchRejected(f"{url[:200]!r} is not a valid URL: {exc}", reason="invalid-url") from exc
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRejected(
                f"only http and https URLs are fetched, not {scheme or 'no'} scheme",
                reason="unsupported-scheme",
            )
        host = parts.hostname
        if not host:
            raise FetchRejected(f"{url[:200]!r} has no host", reason="invalid-url")
        if parts.username or parts.password:
            # credentials in URLs leak into logs and are a classic SSRF trick ("http://ok@evil/")
            raise FetchRejected("URLs with user credentials are not fetched", reason="invalid-url")
        port = port or (443 if scheme == "https" else 80)
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchRejected(f"cannot resolve {host}: {exc}", reason="dns-failure") from exc
        if not addresses:
            raise FetchRejected(f"{host} resolves to no address", reason="dns-failure")
        if not self.config.allow_private:
            for addr in addresses:
                problem = address_problem(addr)
                if problem:
                    raise FetchRejected(
                        f"{host} resolves to {addr} ({problem}); use --allow-private to fetch it",
                        reason="private-address",
                    )
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        if ":" in host and parts.port is None:
            netloc = f"[{host}]"
        elif ":" in host:
            netloc = f"[{host}]:{parts.port}"
        return _Target(url, scheme, host, port, netloc, addresses)

    def _http(self) -> Any:
        if self._client is None:
            import httpx

            cfg = self.config
            self._client = httpx.Client(
                follow_redirects=False,  # every hop is resolved and checked here
                trust_env=False,  # a proxy would connect somewhere we did not check
                verify=_tls_verify(),
                timeout=httpx.Timeout(cfg.read_timeout, connect=cfg.connect_timeout),
                headers={
                    "User-Agent": cfg.user_agent,
                    "Accept": "text/html,application/xhtml+xml,"
                    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8",
                },
            )
        return self._client

    def _wait_turn(self, host: str, deadline: float) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.config.per_host_interval - (_clock() - last)
            if wait > 0:
                if _clock() + wait > deadline:
                    raise FetchRejected(
                        f"the per-host delay for {host} would pass the time limit", reason="timeout"
                    )
                _sleep(wait)
        self._last_request[host] = _clock()

    def _send(self, target: _Target, deadline: float) -> Any:
        """One request (with retries) to a checked address; returns a streaming response."""
        import httpx

        cfg = self.config
        client = self._http()
        attempt = 0
        while True:
            self._wait_turn(target.host, deadline)
            error: str | None = None
            reason = "connection-failed"
            response = None
            for addr in target.addresses:
                if _clock() > deadline:
                    raise FetchRejected(
                        f"{target.url} took more than {cfg.total_timeout:g} s", reason="timeout"
                    )
                try:
                    response = client.send(self._request(client, target, addr), stream=True)
                    break
                except httpx.TimeoutException as exc:
                    # a slow server stays slow: no retry, the URL is rejected at once
                    raise FetchRejected(
                        f"{target.url}: timed out ({type(exc).__name__})", reason="timeout"
                    ) from exc
                except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                    error = f"{type(exc).__name__}: {exc}"
                except httpx.HTTPError as exc:
                    raise FetchRejected(
                        f"{target.url}: {type(exc).__name__}: {exc}", reason="connection-failed"
                    ) from exc
            wait = cfg.backoff * (2**attempt)
            if response is not None:
                if response.status_code not in _RETRY_STATUS or attempt >= cfg.retries:
                    return response
                asked = _retry_after(response.headers.get("retry-after"), time.time())
                error = f"HTTP {response.status_code} {response.reason_phrase}"
                reason = "http-error"
                response.close()
                if asked is not None:
                    if asked > cfg.max_retry_after:
                        raise FetchRejected(
                            f"{target.url}: {error}, Retry-After {asked:g} s is over the "
                            f"{cfg.max_retry_after:g} s cap",
                            reason=reason,
                        )
                    wait = max(wait, asked)
            elif attempt >= cfg.retries:
                raise FetchRejected(f"{target.url}: {error} (after {attempt + 1} attempts)", reason=reason)
            if _clock() + wait > deadline:
                raise FetchRejected(f"{target.url}: {error}; no time left to retry", reason=reason)
            _sleep(wait)
            attempt += 1

    def _request(self, client: Any, target: _Target, address: str) -> Any:
        parts = urlsplit(target.url)
        ip_host = f"[{address}]" if ":" in address else address
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        url = f"{target.scheme}://{ip_host}:{target.port}{path}"
        extensions: dict[str, Any] = {}
        if target.scheme == "https":
            extensions["sni_hostname"] = target.host  # certificate checked against the name
        return client.build_request("GET", url, headers={"Host": target.netloc}, extensions=extensions)

    def _read(
        self,
        response: Any,
        target: _Target,
        requested: str,
        hops: list[str],
        deadline: float,
        max_bytes: int,
    ) -> FetchResult:
        import httpx

        media, charset = _media_type(response.headers.get("content-type", ""))
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchRejected(
                f"{target.url} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit",
                reason="too-large",
            )
        if media and _kind_of(media, b"<") is None:
            raise FetchRejected(
                f"{target.url} is {media}; only HTML, RSS/Atom/XML feeds and plain text are read",
                reason="unsupported-content-type",
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():  # decompressed: a gzip bomb is stopped by the cap too
                size += len(chunk)
                if size > max_bytes:
                    raise FetchRejected(
                        f"{target.url} is over the {max_bytes:,}-byte limit (stopped reading)",
                        reason="too-large",
                    )
                if _clock() > deadline:
                    raise FetchRejected(
                        f"{target.url} took more than {self.config.total_timeout:g} s", reason="timeout"
                    )
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise FetchRejected(f"{target.url}: timed out while reading the body", reason="timeout") from exc
        except httpx.HTTPError as exc:
            raise FetchRejected(
                f"{target.url}: {type(exc).__name__} while reading the body: {exc}",
                reason="connection-failed",
            ) from exc
        body = b"".join(chunks)
        kind = _kind_of(media, body)
        if kind is None:
            raise FetchRejected(
                f"{target.url} has no readable content type", reason="unsupported-content-type"
            )
        text, source = "", ""
        if kind != "feed":
            try:
                text, source = decode_body(body, charset, kind)
            except InputRejected as exc:
                raise FetchRejected(f"{target.url}: {exc.detail}", reason=exc.reason) from exc
            from newsprism.ingest.readers import sniff_format

            if kind == "text" and sniff_format(text) == "html":
                kind = "html"  # HTML served as text/plain
        return FetchResult(
            url=target.url,
            requested=requested,
            status=response.status_code,
            kind=kind,
            content_type=media,
            body=body,
            text=text,
            charset_source=source,
            redirects=hops,
            headers={k.lower(): v for k, v in response.headers.items()},
        )

    def _robots_allow(self, target: _Target, deadline: float) -> bool:
        key = f"{target.scheme}://{target.netloc}"
        if key not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                got = self._fetch(
                    f"{key}/robots.txt", deadline, robots=False, max_bytes=self.config.robots_max_bytes
                )
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(
                    got.text.splitlines() if got.text else got.body.decode("utf-8", "replace").splitlines()
                )
            except FetchRejected as exc:
                # no robots.txt (4xx), a failing one (5xx) or an unreachable one: allowed
                if exc.reason in ("private-address", "dns-failure"):
                    raise
                parser = None
            self._robots[key] = parser
        rules = self._robots[key]
        return rules is None or rules.can_fetch(self.config.robots_agent, target.url)

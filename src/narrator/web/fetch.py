"""The only module that speaks HTTP: one GET with timeouts, redirects, a size cap, a clear
User-Agent and conditional requests; every failure becomes one WebError line naming the URL.
"""

from __future__ import annotations

import logging
import re
import ssl
import time
from dataclasses import dataclass
from typing import Final

import httpx

from narrator import __version__
from narrator.web import WebError

log = logging.getLogger(__name__)

USER_AGENT: Final = f"narrator/{__version__} (article-to-podcast; +https://pypi.org/project/narrator/)"
TIMEOUT_S: Final = 20.0
"""Per network step (connect, each read): a stalled server fails in this long, not never."""
MAX_BYTES: Final = 10_000_000
"""No article or feed is this big; past it the body is refused rather than read to the end."""
MAX_REDIRECTS: Final = 8
TOTAL_S: Final = 120.0
"""A server trickling a byte now and then never trips the per-read timeout; this ends it."""

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I)


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    """The final URL, after redirects."""
    status: int
    """200, or 304 when a conditional request found nothing new (then `body` is empty)."""
    body: bytes
    content_type: str
    """The media type alone, lower case ("text/html")."""
    charset: str | None
    """From the Content-Type header, when it names one."""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_BYTES,
    accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    event_hooks: dict | None = None,
) -> Response:
    """GET `url`; with `etag`/`last_modified`, a 304 answer comes back with no body.
    `event_hooks` (httpx's) see every hop, redirects included (web/guard.py refuses some)."""
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Language": "ar,en;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with httpx.Client(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, headers=headers,
            event_hooks=event_hooks,
        ) as client, client.stream("GET", url) as r:
            if r.status_code == 304:
                return Response(str(r.url), 304, b"", "", None, etag, last_modified)
            if r.status_code >= 400:
                raise WebError(f"{url}: HTTP {r.status_code} {r.reason_phrase}".rstrip())
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise WebError(f"{url}: {int(declared):,} bytes is over the limit of {max_bytes:,}")
            body = _read_capped(r, url, max_bytes)
            content_type = r.headers.get("Content-Type", "")
            match = _CHARSET.search(content_type)
            return Response(
                url=str(r.url), status=r.status_code, body=body,
                content_type=content_type.split(";", 1)[0].strip().lower(),
                charset=match.group(1).lower() if match else None,
                etag=r.headers.get("ETag"), last_modified=r.headers.get("Last-Modified"),
            )
    except httpx.TooManyRedirects:
        raise WebError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise WebError(f"{url}: timed out after {timeout:g} s") from None
    except httpx.ConnectError as exc:
        raise WebError(f"{url}: {_connect_reason(exc)}") from None
    except httpx.UnsupportedProtocol:
        raise WebError(f"{url}: not an http:// or https:// URL") from None
    except httpx.InvalidURL as exc:
        raise WebError(f"{url}: invalid URL ({exc})") from None
    except httpx.RemoteProtocolError as exc:
        raise WebError(f"{url}: the server broke off its answer ({exc})") from None
    except httpx.HTTPError as exc:  # a read error, a malformed response...
        raise WebError(f"{url}: {type(exc).__name__}: {exc or 'connection failed'}") from None


def _read_capped(r: httpx.Response, url: str, max_bytes: int) -> bytes:
    chunks, size = [], 0
    deadline = time.monotonic() + TOTAL_S
    for chunk in r.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise WebError(f"{url}: response is over the limit of {max_bytes:,} bytes; not read further")
        if time.monotonic() > deadline:
            raise WebError(f"{url}: still downloading after {TOTAL_S:g} s; given up")
        chunks.append(chunk)
    return b"".join(chunks)


def _connect_reason(exc: httpx.ConnectError) -> str:
    cause = exc.__context__ or exc.__cause__
    text = str(exc)
    if isinstance(cause, ssl.SSLError) or "SSL" in text or "certificate" in text.lower():
        return f"TLS error ({text or type(cause).__name__})"
    return f"cannot connect ({text or 'refused'})"


def declared_charset(response: Response) -> str | None:
    """The charset the server or the document declares: header, then <meta>, then <?xml?>."""
    if response.charset:
        return response.charset
    head = response.body[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode_body(response: Response) -> str:
    """The body as text: its declared charset (windows-1256 included), else narrator's own
    detection (UTF-8, UTF-16 with BOM, Windows-1256 when it reads as Arabic)."""
    from narrator.article.decode import decode_article

    charset = declared_charset(response)
    if charset:
        try:
            return response.body.decode(_codec(charset)).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode; detecting", response.url, charset)
    return decode_article(response.body, response.url)


def _codec(charset: str) -> str:
    # Browsers read "iso-8859-1" as windows-1252, and sites mislabel UTF-8 BOM pages.
    return {"iso-8859-1": "cp1252", "latin1": "cp1252", "utf-8": "utf-8-sig", "utf8": "utf-8-sig"}.get(charset, charset)

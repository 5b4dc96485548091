"""The only module that speaks HTTP: one GET with timeouts and one deadline, redirects, a
size cap on the wire and once decompressed, a clear User-Agent and conditional requests;
every failure becomes one WebError line naming the URL. Also bytes to text: the charset
rules of the WHATWG Encoding Standard, for pages and for feeds.
"""

from __future__ import annotations

import codecs
import logging
import re
import ssl
from dataclasses import dataclass
from typing import Final

import httpx
import webencodings

from narrator import __version__
from narrator.web import WebError
from narrator.web.deadline import Deadline, Expired, get
from narrator.web.decompress import ACCEPT_ENCODING, DecodeError, decoded

log = logging.getLogger(__name__)

USER_AGENT: Final = f"narrator/{__version__} (article-to-podcast; +https://pypi.org/project/narrator/)"
TIMEOUT_S: Final = 20.0
"""Per network step (connect, each read): a stalled server fails in this long, not never."""
DEADLINE_S: Final = 20.0
"""The whole fetch (connect, redirects, headers, body): a server trickling a byte now and then
never trips the per-step timeout; this ends it. 10 MB in 20 s is 500 KB/s."""
MAX_BYTES: Final = 10_000_000
"""No article or feed is this big; past it the body is refused rather than read to the end,
on the wire and once decompressed."""
MAX_REDIRECTS: Final = 8

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
    deadline: float = DEADLINE_S,
    max_bytes: int = MAX_BYTES,
    accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    event_hooks: dict | None = None,
) -> Response:
    """GET `url`; with `etag`/`last_modified`, a 304 answer comes back with no body.
    `timeout` bounds each network step, `deadline` the whole fetch; `event_hooks` (httpx's) see
    every hop, redirects included (web/guard.py refuses some)."""
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Language": "ar,en;q=0.5",
               "Accept-Encoding": ACCEPT_ENCODING}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    clock = Deadline(deadline)
    try:
        with httpx.Client(timeout=timeout, headers=headers, event_hooks=event_hooks) as client, \
                get(client, url, clock, timeout=timeout, max_redirects=MAX_REDIRECTS) as r:
            if r.status_code == 304:
                return Response(str(r.url), 304, b"", "", None, etag, last_modified)
            if r.status_code >= 400:
                raise WebError(f"{url}: HTTP {r.status_code} {r.reason_phrase}".rstrip())
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise WebError(f"{url}: {int(declared):,} bytes is over the limit of {max_bytes:,}")
            body = _read_capped(r, url, max_bytes, clock)
            content_type = r.headers.get("Content-Type", "")
            match = _CHARSET.search(content_type)
            return Response(
                url=str(r.url), status=r.status_code, body=body,
                content_type=content_type.split(";", 1)[0].strip().lower(),
                charset=match.group(1).lower() if match else None,
                etag=r.headers.get("ETag"), last_modified=r.headers.get("Last-Modified"),
            )
    except Expired:
        raise WebError(f"{url}: no complete answer within {deadline:g} s; given up") from None
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


def _read_capped(r: httpx.Response, url: str, max_bytes: int, clock: Deadline) -> bytes:
    """The body, decompressed here (not by httpx) so the cap holds while inflating."""
    def wire():
        size = 0
        for chunk in r.iter_raw():
            size += len(chunk)
            if size > max_bytes:
                raise WebError(f"{url}: response is over the limit of {max_bytes:,} bytes; not read further")
            yield chunk

    try:
        return b"".join(decoded(wire(), r.headers.get("Content-Encoding", ""), max_bytes, clock.check))
    except DecodeError as exc:
        raise WebError(f"{url}: {exc}") from None


def _connect_reason(exc: httpx.ConnectError) -> str:
    cause = exc.__context__ or exc.__cause__
    text = str(exc)
    if isinstance(cause, ssl.SSLError) or "SSL" in text or "certificate" in text.lower():
        return f"TLS error ({text or type(cause).__name__})"
    return f"cannot connect ({text or 'refused'})"


def declared_charset(response: Response) -> str | None:
    """The charset the server or the document declares: header, then <meta>, then <?xml?>."""
    return next(iter(_labels(response, markup=True)), None)


def _labels(response: Response, *, markup: bool) -> list[str]:
    """Declared charset labels, strongest first: the HTTP header, then the document's own
    (<meta> in a page, the XML declaration in either)."""
    labels = [response.charset] if response.charset else []
    head = response.body[:4096]
    match = (markup and _META_CHARSET.search(head)) or _XML_ENCODING.search(head)
    if match:
        labels.append(match.group(1).decode("ascii").lower())
    return labels


def _decoded(response: Response, *, markup: bool) -> str | None:
    """The body by the Encoding Standard's order: a BOM; valid UTF-8 (a mislabelled page is
    far likelier than Windows-1256 text that happens to be valid UTF-8); then each declared
    label that is a WHATWG label (so `charset=unicode_escape` is no codec here) and decodes.
    None when none of these holds."""
    body = response.body
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(codec)
            except UnicodeDecodeError:
                return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in _labels(response, markup=markup):
        encoding = webencodings.lookup(label)  # None for anything not in the standard
        if encoding is None:
            log.debug("%s: %r is not a WHATWG charset label; ignored", response.url, label)
            continue
        try:
            return encoding.codec_info.decode(body)[0]
        except UnicodeDecodeError:
            log.debug("%s: declared charset %s does not decode; trying on", response.url, label)
    return None


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_body(response: Response) -> str:
    """A page's body as text: see _decoded; else narrator's own detection (Windows-1256 when
    it reads as Arabic), which refuses in one line what it cannot read."""
    from narrator.article.decode import decode_article

    text = _decoded(response, markup=True)
    if text is None:
        return decode_article(response.body, response.url)
    return text.replace("\r\n", "\n")


def feed_source(response: Response) -> tuple[bytes, str, str]:
    """A fetched feed as `parse_feed(body, url, content_type)` takes it: the text decoded as
    for a page (the header's charset first, which a feed with no XML declaration relies on),
    handed on as UTF-8 and labelled so. A body none of those rules can read goes on as it
    came, for feedparser's own guesses."""
    media = response.content_type or "application/xml"
    text = _decoded(response, markup=False)
    if text is None:
        return response.body, response.url, media
    return text.encode("utf-8"), response.url, f"{media}; charset=utf-8"

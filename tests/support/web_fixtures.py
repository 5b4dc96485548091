"""A small news site on 127.0.0.1 for the web tests: Arabic article pages with the furniture
real sites have (menus, ads, share bars, comments, related links), RSS and Atom feeds,
redirects, ETags, and the broken answers a fetcher must survive.

Every page's expected reading (title, chapters, sentences) and its clutter are data here, so
tests and bench/web_extraction.py check extraction against them, not against the code's output.
"""

from __future__ import annotations

import hashlib
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# --- the articles -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    lead: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    date: str = "2026-11-20"
    author: str = "سارة الخطيب"

    @property
    def chapters(self) -> list[str]:
        return [self.title, *(h for h, _ in self.sections)]

    @property
    def sentences(self) -> list[str]:
        return [*self.lead, *(s for _, ps in self.sections for s in ps)]


NILE = Page(
    path="/news/2026/nile-water",
    title="مياه النيل بين الجفاف والسدود",
    lead=("تواجه دول حوض النيل صيفا أشد حرارة من المعتاد.", "ويقول خبراء إن الأمطار تأخرت هذا العام."),
    sections=(
        ("تراجع منسوب النهر", ("انخفض منسوب النهر عند أسوان انخفاضا ملحوظا.", "وتراقب الوزارة المحطات كل ساعة.")),
        ("مفاوضات متعثرة", ("عادت الوفود إلى طاولة الحوار دون اتفاق.", "ويأمل الوسطاء في جولة جديدة قريبا.")),
        ("ماذا ينتظر المزارعين", ("بدأ المزارعون زراعة محاصيل تحتاج ماء أقل.", "وتقدم الجمعيات بذورا مجانية.")),
    ),
)

DATES = Page(
    path="/news/2026/dates-harvest",
    title="موسم التمور في الواحات",
    lead=("بدأ موسم جني التمور في واحات الجنوب مبكرا.",),
    sections=(
        ("أسعار السوق", ("ارتفعت الأسعار في الأسواق المحلية بسبب الطلب.", "ويتوقع التجار استقرارها الشهر المقبل.")),
        ("التصدير", ("تصل الشحنات الأولى إلى الموانئ الأسبوع القادم.", "وتبحث الشركات عن أسواق جديدة.")),
    ),
)

LIBRARY = Page(
    path="/culture/old-library",
    title="مكتبة قديمة تفتح أبوابها من جديد",
    lead=("أعيد افتتاح المكتبة بعد ترميم دام ثلاث سنوات.",),
    sections=(
        ("المخطوطات", ("تضم المكتبة آلاف المخطوطات النادرة.", "ويعمل فريق على رقمنتها.")),
        ("الزوار", ("استقبلت المكتبة مئات الزوار في يومها الأول.", "وامتدت الطوابير حتى المساء.")),
    ),
)

# Page furniture: none of these may ever be spoken.
CLUTTER = (
    "الرئيسية", "سياسة", "اقتصاد", "رياضة",  # menu
    "اشترك في النشرة البريدية", "إعلان ممول: احصل على قرض سريع اليوم",  # ads, newsletter
    "شارك على فيسبوك", "تعليقات القراء", "مقال رائع شكرا للكاتب", "أختلف مع هذا الرأي تماما",
    "اقرأ أيضا", "أسعار الذهب اليوم في الأسواق العربية", "نتائج مباريات الدوري الممتاز",
    "جميع الحقوق محفوظة",
)


def article_html(page: Page, *, charset_meta: str | None = "utf-8", canonical: str | None = None) -> str:
    """The page as a news site would serve it: the story wrapped in site furniture."""
    body = "".join(f"<p>{s}</p>" for s in page.lead)
    for heading, paragraphs in page.sections:
        body += f"<h2>{heading}</h2>" + "".join(f"<p>{s}</p>" for s in paragraphs)
        if heading == page.sections[0][0]:
            body += ('<div class="ad-slot"><p>إعلان ممول: احصل على قرض سريع اليوم</p></div>'
                     '<div class="inline-related"><p>اقرأ أيضا</p><ul><li><a href="/x">أسعار الذهب اليوم في الأسواق العربية</a></li></ul></div>')
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>{meta}<title>{page.title} | أخبار الوادي</title>{link}
<meta name="author" content="{page.author}">
<meta property="article:published_time" content="{page.date}T08:00:00+00:00">
<script>window.dataLayer = [];</script></head>
<body>
<header class="site-header"><a href="/">أخبار الوادي</a>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<div class="banner ad"><p>إعلان ممول: احصل على قرض سريع اليوم</p></div>
<main>
<article class="story">
<h1>{page.title}</h1>
<div class="meta"><span class="byline">بقلم {page.author}</span> <time datetime="{page.date}">{page.date}</time></div>
<div class="share-bar"><a href="#">شارك على فيسبوك</a></div>
<div class="story-body">{body}</div>
</article>
<section id="comments" class="comments"><h3>تعليقات القراء</h3>
<div class="comment"><p>مقال رائع شكرا للكاتب</p></div>
<div class="comment"><p>أختلف مع هذا الرأي تماما</p></div></section>
<aside class="related"><h3>اقرأ أيضا</h3><ul>
<li><a href="/a">أسعار الذهب اليوم في الأسواق العربية</a></li>
<li><a href="/b">نتائج مباريات الدوري الممتاز</a></li></ul></aside>
</main>
<div class="newsletter"><p>اشترك في النشرة البريدية</p></div>
<footer><p>جميع الحقوق محفوظة</p></footer>
</body></html>"""


JS_ONLY = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>تطبيق الأخبار</title>
<script src="/app.js"></script></head><body><div id="root"></div>
<noscript>يرجى تفعيل جافاسكربت</noscript></body></html>"""

PAYWALL = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>مقال للمشتركين</title></head>
<body><nav><a href="/">الرئيسية</a></nav><h1>مقال للمشتركين</h1>
<div class="paywall"><p>هذا المحتوى للمشتركين فقط.</p><a href="/subscribe">اشترك الآن</a></div></body></html>"""


# --- feeds ---------------------------------------------------------------------------------

@dataclass
class FeedItem:
    guid: str
    page: Page
    link: str
    published: datetime | None
    """None: the item carries no date at all."""
    full_text: bool = False
    """Put the whole article in <content:encoded> (no page fetch needed)."""
    updated: datetime | None = None
    title: str | None = None
    raw_date: str | None = None
    """Written verbatim as the item's date(s), for dates no datetime can hold."""


def _rss_date(it: FeedItem) -> str:
    if it.raw_date is not None:
        return f"<pubDate>{escape(it.raw_date)}</pubDate>"
    return f"<pubDate>{format_datetime(it.published)}</pubDate>" if it.published else ""


def _atom_dates(it: FeedItem) -> str:
    if it.raw_date is not None:
        return f"<published>{escape(it.raw_date)}</published><updated>{escape(it.raw_date)}</updated>"
    if it.published is None:
        return ""
    return f"<published>{it.published.isoformat()}</published><updated>{(it.updated or it.published).isoformat()}</updated>"


def _story_fragment(page: Page) -> str:
    body = "".join(f"<p>{s}</p>" for s in page.lead)
    for heading, paragraphs in page.sections:
        body += f"<h2>{heading}</h2>" + "".join(f"<p>{s}</p>" for s in paragraphs)
    return body


def rss(items: list[FeedItem], title: str = "أخبار الوادي") -> str:
    entries = []
    for it in items:
        content = (f"<content:encoded><![CDATA[{_story_fragment(it.page)}]]></content:encoded>"
                   if it.full_text else "")
        entries.append(
            f"<item><title>{escape(it.title or it.page.title)}</title><link>{escape(it.link)}</link>"
            f'<guid isPermaLink="false">{escape(it.guid)}</guid>{_rss_date(it)}'
            f"<description>{escape(it.page.lead[0])}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>/</link><description>آخر الأخبار</description>"
        + "".join(entries) + "</channel></rss>"
    )


def atom(items: list[FeedItem], title: str = "ثقافة الوادي") -> str:
    entries = []
    for it in items:
        content = (f'<content type="html">{escape(_story_fragment(it.page))}</content>' if it.full_text
                   else f"<summary>{escape(it.page.lead[0])}</summary>")
        entries.append(
            f"<entry><title>{escape(it.title or it.page.title)}</title>"
            f'<link rel="alternate" href="{escape(it.link)}"/><id>{escape(it.guid)}</id>'
            f"{_atom_dates(it)}{content}</entry>"
        )
    dates = [it.updated or it.published for it in items if it.published and it.raw_date is None]
    newest = max(dates, default=datetime(2026, 1, 1, tzinfo=timezone.utc))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/culture/">'
        f"<title>{escape(title)}</title><id>urn:culture</id><updated>{newest.isoformat()}</updated>"
        + "".join(entries) + "</feed>"
    )


# --- the server ----------------------------------------------------------------------------

@dataclass
class Route:
    body: bytes | None = None
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    conditional: bool = False
    """Answer If-None-Match / If-Modified-Since with 304 (ETag = hash of the body)."""
    last_modified: datetime | None = None
    etag: bool = True
    """With `conditional`: send an ETag (else only Last-Modified is there to compare)."""
    truncate: bool = False
    """Announce the full length, send half, close: a broken response."""
    stream_bytes: int = 0
    """Send this many bytes of filler (a gigantic page), without Content-Length."""
    trickle: float = 0.0
    """Send the whole answer, status line and headers included, one byte every `trickle`
    seconds: a server slow enough to hold a client, never slow enough to trip a read timeout."""


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-answer (size caps, TLS probes) are what the tests do


class Site:
    """The routes, the requests seen (path, status, body bytes sent), and the server itself."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, int, int]] = []
        self.headers: list[tuple[str, dict[str, str]]] = []
        """(path, request headers) of every request, in order."""
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site._answer(self)

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, **kw) -> Route:
        route = Route(**kw)
        with self._lock:
            self.routes[path] = route
        return route

    def html(self, path: str, text: str, charset: str = "utf-8", **kw) -> Route:
        return self.add(path, body=text.encode(charset), **kw)

    def redirect(self, path: str, to: str, status: int = 301) -> Route:
        return self.add(path, status=status, headers={"Location": to}, body=b"")

    def bodies(self, path: str) -> int:
        """How many times `path` was answered with a body (200), not a 304."""
        return sum(1 for p, status, sent in self.log if p == path and status == 200 and sent)

    def _record(self, path, status, sent):
        with self._lock:
            self.log.append((path, status, sent))

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        with self._lock:
            self.headers.append((path, dict(h.headers)))
        route = self.routes.get(h.path) or self.routes.get(path)
        if route is None:
            return self._send(h, path, 404, b"<h1>404</h1>", "text/html")
        if route.delay:
            time.sleep(route.delay)
        if route.trickle:
            return self._trickle(h, path, route)
        if route.stream_bytes:
            h.send_response(200)
            h.send_header("Content-Type", route.content_type)
            h.send_header("Connection", "close")
            h.end_headers()
            chunk = ("<p>" + "كلام " * 2000 + "</p>").encode()
            sent = 0
            try:
                while sent < route.stream_bytes:
                    h.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            h.close_connection = True
            return self._record(path, 200, sent)
        body = route.body or b""
        headers = dict(route.headers)
        if route.conditional:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if route.etag:
                headers["ETag"] = etag
            if route.last_modified:
                headers["Last-Modified"] = format_datetime(route.last_modified, usegmt=True)
            if route.etag and h.headers.get("If-None-Match") == etag:
                return self._send(h, path, 304, b"", route.content_type, headers)
            if (not route.etag and route.last_modified
                    and h.headers.get("If-Modified-Since") == headers["Last-Modified"]):
                return self._send(h, path, 304, b"", route.content_type, headers)
        if route.truncate:
            h.send_response(route.status)
            h.send_header("Content-Type", route.content_type)
            h.send_header("Content-Length", str(len(body)))
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            h.close_connection = True
            return self._record(path, route.status, len(body) // 2)
        self._send(h, path, route.status, body, route.content_type, headers)

    def _send(self, h, path, status, body, content_type, headers=None):
        # Logged before answering, so a client that has its answer always finds it in the log.
        self._record(path, status, len(body) if status == 200 else 0)
        h.send_response(status)
        if status != 304:
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        if status != 304 and body:
            h.wfile.write(body)

    def _trickle(self, h, path, route) -> None:
        body = route.body or b""
        head = (f"HTTP/1.1 {route.status} OK\r\nContent-Type: {route.content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        sent = 0
        h.close_connection = True
        try:
            for i in range(len(head + body)):
                h.wfile.write((head + body)[i:i + 1])
                h.wfile.flush()
                sent += 1
                time.sleep(route.trickle)
        except OSError:
            pass  # the client gave up: what the deadline tests want
        self._record(path, route.status, sent)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def news_site() -> Site:
    """The standard site: three articles in three encodings, and the bad answers."""
    site = Site()
    site.html(NILE.path, article_html(NILE, canonical=site.url(NILE.path)))
    # Windows-1256, declared only in the HTTP header.
    site.html(DATES.path, article_html(DATES, charset_meta=None), charset="cp1256",
              content_type="text/html; charset=windows-1256")
    # Windows-1256, declared only in a <meta http-equiv> (the header names no charset).
    site.html(LIBRARY.path, article_html(LIBRARY, charset_meta=None).replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', 1),
        charset="cp1256", content_type="text/html")
    site.html("/old/nile", div_soup_html(NILE))
    site.html("/old/library", div_soup_html(LIBRARY))
    site.redirect("/short/nile", NILE.path)
    site.redirect("/loop", "/loop")
    site.add("/gone", status=410, body=b"<h1>Gone</h1>")
    site.add("/slow", body=article_html(NILE).encode(), delay=3.0)
    site.add("/huge", stream_bytes=40_000_000)
    site.add("/image.png", body=b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    site.html("/app", JS_ONLY)
    site.html("/premium", PAYWALL)
    site.add("/broken", body=article_html(NILE).encode(), truncate=True)
    site.html("/not-a-feed.xml", article_html(NILE))
    return site


def div_soup_html(page: Page) -> str:
    """An older CMS layout: no <article>, <main>, <nav> or <aside>, class names that say
    nothing, comments and "read also" boxes as plain <div>s between the paragraphs."""
    body = "".join(f'<div class="t1"><p>{s}</p></div>' for s in page.lead)
    for heading, paragraphs in page.sections:
        body += f'<div class="t2"><b class="st"><h2>{heading}</h2></b></div>' + "".join(f"<p>{s}</p>" for s in paragraphs)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{page.title}</title></head>
<body><div id="top"><div class="m"><a href="/">الرئيسية</a> | <a href="/p">سياسة</a> | <a href="/e">اقتصاد</a> | <a href="/s">رياضة</a></div>
<div class="x9"><a href="/ad"><p>إعلان ممول: احصل على قرض سريع اليوم</p></a></div></div>
<table width="100%"><tr><td class="c1" valign="top">
<div class="hd"><h1>{page.title}</h1><span>{page.author}</span></div>
<div class="txt">{body}</div>
<div class="box"><b>اقرأ أيضا</b><br><a href="/a">أسعار الذهب اليوم في الأسواق العربية</a><br>
<a href="/b">نتائج مباريات الدوري الممتاز</a></div>
<div class="cmt"><b>تعليقات القراء</b><div><p>مقال رائع شكرا للكاتب</p></div><div><p>أختلف مع هذا الرأي تماما</p></div></div>
</td><td class="c2" valign="top"><div><a href="/n">اشترك في النشرة البريدية</a></div></td></tr></table>
<div class="f"><p>جميع الحقوق محفوظة</p></div></body></html>"""


def deflate_bomb(size: int, container: str = "gzip") -> bytes:
    """`size` zero bytes compressed into a valid gzip (or zlib, for `deflate`) stream about a
    thousand times smaller, built in a blink: after a full flush the compressor restarts, so
    every further megabyte compresses to the same bytes and is repeated, not recompressed."""
    block = 1 << 20
    zeros = bytes(block)
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    repeat = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    n = max(2, size // block)
    stream = first + repeat * (n - 1) + comp.flush()
    if container == "gzip":
        crc = 0
        for _ in range(n):
            crc = zlib.crc32(zeros, crc)
        return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + stream + struct.pack("<II", crc, (n * block) & 0xFFFFFFFF)
    adler = 1
    for _ in range(n):
        adler = zlib.adler32(zeros, adler)
    return b"\x78\xda" + stream + struct.pack(">I", adler)

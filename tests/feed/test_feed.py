"""The podcast feed and artwork: real MP3s, real catalog, feed parsed three ways."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree
from lxml import html as lxml_html
from mutagen.mp3 import MP3
from PIL import Image

from feed_fixtures import BASE_URL, EPISODES, SHOW, copy_workspace, make_article, make_episode, make_workspace
from narrator.catalog import Catalog, record_from_episode
from narrator.episode.model import ChapterMark, Episode
from narrator.errors import ConfigError
from narrator.feed import DEFAULT_BASE_URL, item_description, render_feed, timestamp, write_feed
from narrator.feed.artwork import DEFAULT_NAME, ensure_artwork
from narrator.feed.podcast_ns import PodcastIndexEntryExtension, PodcastIndexExtension, podcast_guid

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
}
FEED_URL = BASE_URL + "feed/feed.xml"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("template") / "ws"
    make_workspace(root)
    return root


@pytest.fixture
def ws(template, tmp_path):
    return copy_workspace(template, tmp_path / "ws")


@pytest.fixture
def built(ws):
    path = write_feed(ws, SHOW, BASE_URL)
    return ws, path.read_bytes(), etree.fromstring(path.read_bytes())


def one(node, xpath):
    found = node.xpath(xpath, namespaces=NS)
    assert len(found) == 1, f"{xpath}: {found}"
    return found[0]


def test_channel_tags(built):
    ws, _, root = built
    channel = one(root, "/rss/channel")
    assert one(channel, "title/text()") == SHOW.title
    assert one(channel, "description/text()") == SHOW.description
    assert one(channel, "language/text()") == "ar"
    assert one(channel, "link/text()") == BASE_URL
    assert one(channel, "atom:link[@rel='self']/@href") == FEED_URL
    assert one(channel, "itunes:image/@href") == BASE_URL + "feed/" + DEFAULT_NAME
    assert (ws.feed_dir / DEFAULT_NAME).is_file()
    assert one(channel, "itunes:category/@text") == SHOW.category
    assert one(channel, "itunes:explicit/text()") == "false"
    assert one(channel, "itunes:author/text()") == SHOW.author
    assert one(channel, "itunes:owner/itunes:name/text()") == SHOW.author
    assert one(channel, "itunes:owner/itunes:email/text()") == "owner@example.org"
    assert one(channel, "itunes:type/text()") == "episodic"
    assert one(channel, "podcast:locked/text()") == "yes"
    assert one(channel, "podcast:locked/@owner") == "owner@example.org"
    assert one(channel, "generator/text()").startswith("narrator")
    assert parsedate_to_datetime(one(channel, "lastBuildDate/text()")) == EPISODES[1][4]
    # Expected podcast:guid computed here from the rule, not through narrator's code.
    expected = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "podcasts.example.org/narrator/feed/feed.xml")
    assert one(channel, "podcast:guid/text()") == str(expected)


def test_podcast_guid_rule():
    # The worked example in the Podcast Index namespace documentation.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://example.org/feed/") == podcast_guid("example.org/feed")


def test_items_match_files_on_disk(built):
    ws, _, root = built
    items = root.xpath("/rss/channel/item")
    assert [one(i, "title/text()") for i in items] == [EPISODES[1][1], EPISODES[0][1]]  # newest first
    with Catalog(ws.catalog_path) as catalog:
        records = catalog.list()
    for item, rec in zip(items, records, strict=True):
        mp3 = ws.audio_dir / rec.mp3
        assert one(item, "guid/text()") == rec.guid
        assert one(item, "guid/@isPermaLink") == "false"
        assert parsedate_to_datetime(one(item, "pubDate/text()")) == datetime.fromisoformat(rec.pub_date)
        assert one(item, "enclosure/@url") == BASE_URL + "audio/" + rec.mp3
        assert one(item, "enclosure/@length") == str(mp3.stat().st_size)
        assert one(item, "enclosure/@type") == "audio/mpeg"
        assert one(item, "itunes:duration/text()") == str(round(MP3(mp3).info.length))
        assert one(item, "itunes:explicit/text()") == "false"
        assert one(item, "podcast:chapters/@url") == BASE_URL + "feed/" + rec.chapters_file
        assert one(item, "podcast:chapters/@type") == "application/json+chapters"
        assert one(item, "podcast:transcript/@url") == BASE_URL + "feed/" + rec.transcript_file
        assert one(item, "podcast:transcript/@type") == "text/vtt"
        assert one(item, "podcast:transcript/@language") == "ar"
        lines = one(item, "description/text()").splitlines()
        assert lines[0] == rec.description
        assert lines[2:] == [f"{timestamp(c.start)} {c.title}" for c in rec.chapters]
        assert lines[2].startswith("00:00 ")


def test_podcastparser_and_feedparser_read_it(built):
    ws, data, _ = built
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(data))
    assert parsed["title"] == SHOW.title
    assert parsed["cover_url"] == BASE_URL + "feed/" + DEFAULT_NAME
    assert len(parsed["episodes"]) == 2
    for ep in parsed["episodes"]:
        (enclosure,) = ep["enclosures"]
        mp3 = ws.audio_dir / enclosure["url"].rsplit("/", 1)[1]
        assert enclosure["file_size"] == mp3.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert ep["total_time"] == round(MP3(mp3).info.length)

    fp = feedparser.parse(data)
    assert not fp.bozo, fp.get("bozo_exception")
    assert fp.feed.title == SHOW.title and fp.feed.language == "ar"
    assert [e.id for e in fp.entries] == [e["guid"] for e in parsed["episodes"]]
    assert all(int(e.enclosures[0].length) > 0 for e in fp.entries)


def test_rebuild_keeps_guid_and_pub_date_and_moves_enclosure(built):
    ws, _, before = built
    slug, title, seconds, marks, _ = EPISODES[0]
    old_guid = one(before, f"//item[title='{title}']/guid/text()")
    old_date = one(before, f"//item[title='{title}']/pubDate/text()")
    episode = make_episode(ws, slug, title, seconds + 1, marks, content_hash="new456")
    rec = record_from_episode(episode, make_article(slug, title, marks), "espeak:ar", "s2",
                              now=datetime(2024, 6, 1, tzinfo=timezone.utc))
    with Catalog(ws.catalog_path) as catalog:
        _, old_files = catalog.upsert(rec)
    assert old_files == [f"{slug}-abc123.chapters.json", f"{slug}-abc123.mp3", f"{slug}-abc123.vtt"]
    after = etree.fromstring(write_feed(ws, SHOW, BASE_URL).read_bytes())
    item = one(after, f"//item[title='{title}']")
    assert one(item, "guid/text()") == old_guid
    assert one(item, "pubDate/text()") == old_date
    assert one(item, "enclosure/@url").endswith(f"audio/{slug}-new456.mp3")
    assert one(item, "itunes:duration/text()") == str(round(episode.duration))


def test_write_feed_uses_real_size_and_leaves_out_missing_audio(ws, caplog):
    with Catalog(ws.catalog_path) as catalog:
        rec, other = catalog.list()
        catalog.upsert(replace(rec, size=1))  # the catalog is wrong; the disk is right
    root = etree.fromstring(write_feed(ws, SHOW, BASE_URL).read_bytes())
    assert one(root, f"//item[guid='{rec.guid}']/enclosure/@length") == str((ws.audio_dir / rec.mp3).stat().st_size)
    (ws.audio_dir / rec.mp3).unlink()
    # One lost MP3 must not stop the others being published: left out, with a warning naming it.
    root = etree.fromstring(write_feed(ws, SHOW, BASE_URL).read_bytes())
    assert root.xpath("//item/guid/text()") == [other.guid]
    assert f"audio/{rec.mp3} is missing" in caplog.text and rec.slug in caplog.text


def test_default_base_url_and_explicit_true(ws):
    root = etree.fromstring(write_feed(ws, replace(SHOW, explicit=True)).read_bytes())
    assert one(root, "//channel/itunes:image/@href").startswith(DEFAULT_BASE_URL + "feed/")
    assert one(root, "//channel/itunes:explicit/text()") == "true"
    assert set(root.xpath("//item/itunes:explicit/text()", namespaces=NS)) == {"true"}
    assert not list(ws.tmp_dir.iterdir())  # the atomic write left nothing behind


def test_render_feed_is_pure_and_clips_description():
    show = replace(SHOW, description="كلمة " * 2000)  # 10,000 bytes
    root = etree.fromstring(render_feed(show, [], "https://x.example/", "cover.png"))
    assert len(one(root, "//channel/description/text()").encode("utf-8")) <= 4000
    assert root.xpath("//item") == []


def test_timestamps_and_description_lines():
    assert timestamp(0) == "00:00"
    assert timestamp(75.9) == "01:15"
    assert timestamp(3725) == "01:02:05"
    marks = (ChapterMark("البداية", 0.4, 100.0), ChapterMark("الوسط", 100.0, 3725.2), ChapterMark("النهاية", 3725.2, 3800.0))
    episode = Episode("long", "طويل", Path("audio/long-h.mp3"), Path("feed/long-h.chapters.json"),
                      Path("feed/long-h.vtt"), 3800.0, 1000, marks, (), "h", -16.0, -1.0)
    rec = record_from_episode(episode, make_article("long", "طويل", [("البداية", 0)]), "espeak:ar", "s")
    assert item_description(rec).splitlines()[1:] == ["", "00:00 البداية", "01:40 الوسط", "01:02:05 النهاية"]


def test_extension_setters_validate():
    ext, entry = PodcastIndexExtension(), PodcastIndexEntryExtension()
    with pytest.raises(ValueError):
        ext.guid("not-a-uuid")
    with pytest.raises(ValueError):
        ext.locked("yes")
    with pytest.raises(ValueError):
        ext.locked(True, owner="nobody")
    with pytest.raises(ValueError):
        ext.explicit("no")
    with pytest.raises(ValueError):
        entry.chapters("chapters.json")  # relative URL
    with pytest.raises(ValueError):
        entry.transcript("https://x.example/a.vtt", type="text/markdown")
    with pytest.raises(ValueError):
        entry.transcript("https://x.example/a.vtt", language="")


# --- artwork -------------------------------------------------------------------------

def test_default_artwork_is_1400_rgb_and_kept(ws):
    path = ensure_artwork(ws, SHOW)
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGB", (1400, 1400))
        assert len(image.getcolors(maxcolors=1 << 16) or []) > 1  # not a blank square: the title is drawn
    path.write_bytes(path.read_bytes())
    stamp = path.stat().st_mtime_ns
    assert ensure_artwork(ws, replace(SHOW, title="آخر")) == path
    assert path.stat().st_mtime_ns == stamp  # regenerated only when missing


def test_user_artwork_copied(ws):
    Image.new("RGB", (1600, 1600), (200, 30, 30)).save(ws.root / "art.jpg", "JPEG")
    path = ensure_artwork(ws, replace(SHOW, artwork="art.jpg"))
    assert path == ws.feed_dir / "cover.jpg"
    assert path.read_bytes() == (ws.root / "art.jpg").read_bytes()
    root = etree.fromstring(write_feed(ws, replace(SHOW, artwork="art.jpg"), BASE_URL).read_bytes())
    assert one(root, "//channel/itunes:image/@href") == BASE_URL + "feed/cover.jpg"


@pytest.mark.parametrize(
    "mode, size, fmt, expected",
    [
        ("RGBA", (1400, 1400), "PNG", "alpha channel (RGBA)"),
        ("CMYK", (1400, 1400), "JPEG", "CMYK"),
        ("P", (1400, 1400), "PNG", "palette"),
        ("RGB", (1400, 1200), "PNG", "1400x1200 px, must be square"),
        ("RGB", (600, 600), "PNG", "between 1400 and 3000 px"),
        ("RGB", (1400, 1400), "GIF", "is GIF, must be JPEG or PNG"),
    ],
)
def test_bad_user_artwork_names_the_problem(ws, mode, size, fmt, expected):
    Image.new(mode, size).save(ws.root / "art.img", fmt)
    with pytest.raises(ConfigError) as info:
        ensure_artwork(ws, replace(SHOW, artwork="art.img"))
    message = str(info.value)
    assert "art.img" in message and expected in message and "\n" not in message


def test_missing_user_artwork(ws):
    with pytest.raises(ConfigError, match="'nope.png' file not found"):
        ensure_artwork(ws, replace(SHOW, artwork="nope.png"))


def test_show_notes_are_escaped_html_of_the_plain_text():
    text = "انظر <img src=x onerror=alert(1)> & <b>هنا</b>"
    episode = Episode("x", "عنوان", Path("audio/x-h.mp3"), Path("feed/x-h.chapters.json"), Path("feed/x-h.vtt"),
                      10.0, 1000, (ChapterMark("<script>", 0.0, 10.0),), (), "h", -16.0, -1.0)
    rec = replace(record_from_episode(episode, make_article("x", "عنوان", [("t", 0)]), "espeak:ar", "s"),
                  description=text)
    root = etree.fromstring(render_feed(SHOW, [rec], BASE_URL, "cover.png"))
    notes = one(root, "//item/description/text()")  # what an app renders as HTML
    assert "<" not in notes and ">" not in notes
    assert lxml_html.fromstring(f"<div>{notes}</div>").text_content().splitlines() == [text, "", "00:00 <script>"]


# --- episode artwork: the article's picture ---------------------------------------------------

def _jpeg_info(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.format, image.mode, image.size, image.info.get("icc_profile"), image.copy()


def test_non_square_png_becomes_a_letterboxed_square_jpeg():
    from narrator.feed.artwork import EPISODE_MAX_BYTES, episode_artwork

    # 1600x900 with transparency: red left half, blue right half.
    src = Image.new("RGBA", (1600, 900), (200, 30, 30, 255))
    src.paste((30, 30, 200, 255), (800, 0, 1600, 900))
    buf = io.BytesIO()
    src.save(buf, format="PNG")
    out = episode_artwork(buf.getvalue())
    fmt, mode, size, icc, image = _jpeg_info(out)
    assert (fmt, mode, size) == ("JPEG", "RGB", (1600, 1600)) and len(out) <= EPISODE_MAX_BYTES
    # Letterboxed, not cropped: both halves whole, bands above and below in the average colour.
    r, g, b = image.getpixel((50, 800))
    assert r > 150 and b < 80  # the left edge is still red
    r, g, b = image.getpixel((1550, 800))
    assert b > 150 and r < 80  # the right edge is still blue
    band = image.getpixel((800, 100))
    assert abs(band[0] - 115) < 20 and abs(band[2] - 115) < 20  # (200+30)/2: neither red nor blue


def test_cmyk_jpeg_becomes_srgb_and_small_pictures_grow_to_1400():
    from narrator.feed.artwork import episode_artwork

    src = Image.new("CMYK", (600, 900), (255, 0, 0, 0))  # pure cyan ink
    buf = io.BytesIO()
    src.save(buf, format="JPEG")
    fmt, mode, size, _, image = _jpeg_info(episode_artwork(buf.getvalue()))
    assert (fmt, mode, size) == ("JPEG", "RGB", (1400, 1400))
    r, g, b = image.getpixel((700, 700))
    assert r < 40 and g > 200 and b > 200, (r, g, b)  # cyan on screen, not inverted or muddy


def test_fifty_megapixels_downscaled_in_bounded_memory_or_refused(tmp_path):
    import subprocess
    import sys

    from narrator.feed.artwork import ArtworkError, episode_artwork

    big = tmp_path / "big.jpg"
    Image.new("RGB", (10_000, 5_000), (30, 120, 200)).save(big, quality=80)
    probe = (
        "import resource, sys; from narrator.feed.artwork import episode_artwork; "
        "data = open(sys.argv[1], 'rb').read(); "
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; out = episode_artwork(data); "
        "open(sys.argv[2], 'wb').write(out); "
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)"
    )
    out = tmp_path / "out.jpg"
    proc = subprocess.run([sys.executable, "-c", probe, str(big), str(out)], capture_output=True, text=True,
                          check=True, env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")})
    grown_mb = int(proc.stdout.strip())
    # Decoded whole, 50 MP is 200 MB of RGBX before any copy; draft mode reads it at half size.
    assert grown_mb < 160, grown_mb
    fmt, mode, size, _, _ = _jpeg_info(out.read_bytes())
    assert (fmt, mode, size) == ("JPEG", "RGB", (3000, 3000))
    # A format with no scaled decoding is refused from its header, before any pixel is read.
    png = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(png, format="PNG")
    with pytest.raises(ArtworkError, match="too large"):
        episode_artwork(png.getvalue())
    with pytest.raises(ArtworkError, match="not a readable image"):
        episode_artwork(b"<html>not a picture</html>")


def test_article_picture_is_the_items_image_and_the_mp3s_cover(tmp_path):
    from mutagen.id3 import ID3

    from conftest import run_narrator

    ws = tmp_path / "ws"
    ws.mkdir()
    Image.new("RGB", (1200, 600), (200, 40, 40)).save(ws / "pic.png")
    Image.new("CMYK", (500, 700), (0, 255, 255, 0)).save(ws / "print.jpg")
    body = "ناقش الطرفان التجارة والطاقة، واتفقا على خطة لخمس سنوات.\n\n## التجارة\n\nارتفع حجم التبادل التجاري.\n"
    (ws / "one.md").write_text(f"---\ntitle: قمة في بكين\nimage: pic.png\n---\n\n{body}", encoding="utf-8")
    (ws / "two.md").write_text(f"---\ntitle: قمة ثانية\nimage: print.jpg\n---\n\n{body}", encoding="utf-8")
    (ws / "three.md").write_text(f"---\ntitle: بلا صورة\nimage: missing.png\n---\n\n{body}", encoding="utf-8")
    proc = run_narrator("build", ws / "one.md", ws / "two.md", ws / "three.md", "-w", ws, "--quiet", check=True)
    assert b"missing.png" in proc.stderr and b"show's cover" in proc.stderr  # a warning, not a failed build
    feed = (ws / "feed" / "feed.xml").read_bytes()
    parsed = podcastparser.parse(f"{BASE_URL}feed/feed.xml", io.BytesIO(feed))  # gPodder's parser
    arts = {e["title"]: e.get("episode_art_url") for e in parsed["episodes"]}
    assert set(arts) == {"قمة في بكين", "قمة ثانية", "بلا صورة"}
    assert arts["بلا صورة"] is None
    for title in ("قمة في بكين", "قمة ثانية"):
        name = arts[title].rsplit("/", 1)[1]
        data = (ws / "feed" / name).read_bytes()
        fmt, mode, size, _, _ = _jpeg_info(data)
        assert fmt == "JPEG" and mode == "RGB" and size[0] == size[1] >= 1400 and len(data) <= 512 * 1024
        mp3 = next((ws / "audio").glob(name.rsplit("-", 1)[0] + "-*.mp3"))
        assert ID3(mp3).getall("APIC")[0].data == data  # the same picture in the MP3
    assert run_narrator("check", "-w", ws).returncode == 0


def test_the_picture_is_found_in_pages_and_markdown():
    from narrator.article.html import read_html
    from narrator.article.markdown import read_markdown
    from narrator.web.extract import extract
    from web_fixtures import NILE, article_html

    page = article_html(NILE).replace("</head>", '<meta property="og:image" content="/img/nile.jpg"></head>', 1)
    # The clean document the web build saves keeps the page's picture, made absolute...
    clean = extract(page, "https://news.example/2024/nile").html
    assert read_html(clean, name="x", source="x").image == "https://news.example/img/nile.jpg"
    # ...a page without og:image gives its first figure's picture; none, nothing.
    doc = "<html><body><article><h1>عنوان</h1><figure><img src='a.png'></figure><p>نص المقال هنا.</p></article></body></html>"
    assert read_html(doc, name="x", source="x").image == "a.png"
    assert read_html(doc.replace("<figure><img src='a.png'></figure>", ""), name="x", source="x").image is None
    text = "---\ntitle: عنوان\nimage: pics/a.png\n---\n\nنص المقال هنا.\n"
    assert read_markdown(text, name="x.md", source="x.md").image == "pics/a.png"

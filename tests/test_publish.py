"""`narrator publish` to a folder and to a real S3 endpoint (moto's server on 127.0.0.1):
only changed files go up, with the right headers, in an order that never breaks the feed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from lxml import etree
from PIL import Image

from conftest import run_narrator
from web_fixtures import DATES, NILE, article_html
from s3_fixtures import CREDENTIALS, moto_s3

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A workspace with two episodes, built once from local article pages; copy before changing."""
    ws = tmp_path_factory.mktemp("pub")
    for page in (NILE, DATES):
        name = page.path.rsplit("/", 1)[1]
        (ws / f"{name}.html").write_text(article_html(page), encoding="utf-8")
    run_narrator("build", ws / "nile-water.html", ws / "dates-harvest.html", "-w", ws, "-q", "-j", "2", check=True)
    return ws


@pytest.fixture()
def ws(built, tmp_path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(built, copy)
    return copy


def enclosures(feed: bytes) -> list[str]:
    return etree.fromstring(feed).xpath("//item/enclosure/@url")


def summary(proc) -> str:
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode().strip()


def rebuild_one(ws: Path) -> None:
    """Change one article (a paragraph less) and rebuild it: a new MP3 name, the same GUID."""
    page = ws / "dates-harvest.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<p>وتبحث الشركات عن أسواق جديدة.</p>", ""), encoding="utf-8")
    run_narrator("build", page, "-w", ws, "-q", check=True)


def test_publish_to_a_folder_sends_only_what_changed(ws, tmp_path):
    site = tmp_path / "site"
    out = summary(run_narrator("publish", "--to", site, "--base-url", "https://pod.example/show", "-w", ws))
    assert out.startswith(f"published to {site}: 11 uploaded")  # 2 MP3s, 2x2 side files, cover, 2 players, feed, page
    feed = (site / "feed" / "feed.xml").read_bytes()
    urls = enclosures(feed)
    assert len(urls) == 2 and all(u.startswith("https://pod.example/show/audio/") for u in urls)
    for url in urls:
        local = site / "audio" / url.rsplit("/", 1)[1]
        assert local.read_bytes() == (ws / "audio" / local.name).read_bytes()
    assert "0 uploaded (0 bytes), 11 unchanged, 0 deleted" in summary(
        run_narrator("publish", "--to", site, "--base-url", "https://pod.example/show", "-w", ws))

    old = set(p.name for p in (site / "audio").iterdir())
    rebuild_one(ws)
    out = summary(run_narrator("publish", "--to", site, "--base-url", "https://pod.example/show", "-w", ws))
    # One new MP3, its two side files and its player, then the feed and the page; the old three deleted.
    assert " 6 uploaded" in out and "5 unchanged, 3 deleted" in out
    new = set(p.name for p in (site / "audio").iterdir())
    assert len(new) == 2 and len(old & new) == 1
    assert sorted(u.rsplit("/", 1)[1] for u in enclosures((site / "feed" / "feed.xml").read_bytes())) == sorted(new)


def test_a_folder_refusing_writes_loses_nothing(ws, tmp_path):
    site = tmp_path / "site"
    summary(run_narrator("publish", "--to", site, "-w", ws))
    feed = (site / "feed" / "feed.xml").read_bytes()
    rebuild_one(ws)
    (site / "feed" / "index.html").unlink()
    (site / "feed" / "index.html").mkdir()  # the page cannot be replaced: the last upload fails
    proc = run_narrator("publish", "--to", site, "-w", ws)
    assert proc.returncode == 1
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "index.html: cannot write" in lines[0]
    # Nothing was deleted, so the feed now in place (new or old) finds every enclosure.
    for url in enclosures((site / "feed" / "feed.xml").read_bytes()) + enclosures(feed):
        assert (site / "audio" / url.rsplit("/", 1)[1]).is_file()


# --- S3 ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def s3():
    with moto_s3("podcasts") as (endpoint, client):
        # As a publisher sets up a podcast bucket: anyone may read objects, only we may write.
        client.put_bucket_policy(Bucket="podcasts", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::podcasts/*"}]}))
        yield endpoint, client


@pytest.fixture()
def aws_env(monkeypatch):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)


def test_publish_to_s3_with_headers_range_and_change_detection(ws, s3, aws_env):
    endpoint, client = s3
    target = "s3://podcasts/shows/arabic"
    out = summary(run_narrator("publish", "--to", target, "--endpoint-url", endpoint, "-w", ws))
    assert "11 uploaded" in out and f"feed {endpoint}/podcasts/shows/arabic/feed/feed.xml" in out

    keys = {o["Key"] for o in client.list_objects_v2(Bucket="podcasts")["Contents"]}
    # The eleven files, and the manifest of what narrator published.
    assert len(keys) == 12 and all(k.startswith("shows/arabic/") for k in keys)
    assert "shows/arabic/.narrator-publish.json" in keys
    players = sorted(k for k in keys if "/feed/play/" in k)  # the embeddable players go up with the feed
    assert len(players) == 2 and httpx.get(f"{endpoint}/podcasts/{players[0]}").headers["Content-Type"].startswith("text/html")
    head = client.head_object(Bucket="podcasts", Key="shows/arabic/feed/feed.xml")
    assert head["ContentType"].startswith("application/rss+xml") and head["CacheControl"] == "public, max-age=300"

    # What an app does: read the feed over HTTP, then seek into an enclosure.
    feed = httpx.get(f"{endpoint}/podcasts/shows/arabic/feed/feed.xml")
    assert feed.status_code == 200
    url = enclosures(feed.content)[0]
    assert url.startswith(f"{endpoint}/podcasts/shows/arabic/audio/")
    head = client.head_object(Bucket="podcasts", Key=url.split("/podcasts/", 1)[1])
    assert head["ContentType"] == "audio/mpeg" and "immutable" in head["CacheControl"]
    part = httpx.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == (ws / "audio" / url.rsplit("/", 1)[1]).read_bytes()[100:200]
    assert part.headers["Content-Range"].startswith("bytes 100-199/")

    assert "0 uploaded (0 bytes), 11 unchanged" in summary(
        run_narrator("publish", "--to", target, "--endpoint-url", endpoint, "-w", ws))
    rebuild_one(ws)
    out = summary(run_narrator("publish", "--to", target, "--endpoint-url", endpoint, "-w", ws))
    assert " 6 uploaded" in out and "3 deleted" in out
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="podcasts")["Contents"]}
    mp3s = sorted(k.rsplit("/", 1)[1] for k in keys if k.endswith(".mp3"))
    assert mp3s == sorted(p.name for p in (ws / "audio").glob("*.mp3"))
    body = client.get_object(Bucket="podcasts", Key=f"shows/arabic/audio/{mp3s[0]}")["Body"].read()
    assert hashlib.sha256(body).digest() == hashlib.sha256((ws / "audio" / mp3s[0]).read_bytes()).digest()


def test_s3_refusing_writes_is_one_line(ws, s3, aws_env):
    endpoint, _ = s3
    proc = run_narrator("publish", "--to", "s3://no-such-bucket/x", "--endpoint-url", endpoint, "-w", ws)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == "Error: s3://no-such-bucket/x: list: NoSuchBucket: The specified bucket does not exist"


def test_update_publishes_at_the_end(ws, tmp_path):
    site = tmp_path / "site"
    proc = run_narrator("update", "--publish", site, "--base-url", "https://pod.example/", "-w", ws)
    lines = summary(proc).splitlines()
    assert lines[0].startswith("update: 0 feeds") and lines[1].startswith(f"published to {site}: 11 uploaded")


def test_audio_goes_up_before_the_feed(ws, tmp_path):
    from narrator.config import load_show
    from narrator.publish import publish_to
    from narrator.workspace import open_workspace

    workspace = open_workspace(ws)
    result = publish_to(workspace, load_show(workspace.config_path), str(tmp_path / "site"), base_url="https://pod.example/")
    order = list(result.uploaded)
    assert order[-2:] == ["feed/feed.xml", "feed/index.html"]
    assert all(k.startswith("audio/") for k in order[:2]) and len([k for k in order if k.endswith(".mp3")]) == 2


# --- issue 18: only narrator's files, the channel link, hashing, temp files, where and from what

BASE = "https://pod.example/show/"


def channel_link(feed: bytes) -> str:
    return etree.fromstring(feed).findtext("channel/link")


def test_folder_publish_deletes_only_what_narrator_published(ws, tmp_path):
    site = tmp_path / "site"
    (site / "audio").mkdir(parents=True)
    (site / "feed").mkdir()
    jingle, other = site / "audio" / "jingle.mp3", site / "feed" / "other-show.xml"
    jingle.write_bytes(b"ID3 a jingle")
    other.write_bytes(b"<rss>another show</rss>")
    out = summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    assert "11 uploaded" in out and "0 deleted, 2 foreign files left alone (audio/jingle.mp3, feed/other-show.xml)" in out
    old = {p.name for p in (site / "audio").glob("*.mp3")} - {"jingle.mp3"}

    rebuild_one(ws)
    out = summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    assert "3 deleted, 2 foreign files left alone" in out  # the old MP3 and its two side files
    assert jingle.read_bytes() == b"ID3 a jingle" and other.read_bytes() == b"<rss>another show</rss>"
    now = {p.name for p in (site / "audio").glob("*.mp3")} - {"jingle.mp3"}
    assert len(now) == 2 and len(old - now) == 1
    manifest = json.loads((site / ".narrator-publish.json").read_bytes())
    assert sorted(manifest["files"]) == sorted(
        str(p.relative_to(site)) for p in [*site.glob("audio/*"), *site.glob("feed/**/*")]
        if p.is_file() and p not in (jingle, other))


def test_channel_link_names_a_file_the_folder_has(ws, tmp_path):
    site = tmp_path / "site"
    summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    link = channel_link((site / "feed" / "feed.xml").read_bytes())
    assert link.startswith(BASE)
    # What a web server serving `site` at BASE answers for the link: a file, not a 404.
    served = site / link[len(BASE):]
    assert served.is_file(), link
    assert "<title>" in served.read_text("utf-8")


def test_unchanged_files_are_not_hashed_again(ws, tmp_path):
    """Size and mtime as the manifest recorded them: the file is taken as sent, unread (as rsync
    does); a new mtime alone makes it hashed, found equal, and not sent."""
    site = tmp_path / "site"
    summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    mp3 = next((ws / "audio").glob("*.mp3"))
    st = mp3.stat()
    data = mp3.read_bytes()
    mp3.write_bytes(bytes(len(data)))  # other bytes, same size; then the old mtime back
    os.utime(mp3, ns=(st.st_atime_ns, st.st_mtime_ns))
    out = summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    assert "0 uploaded (0 bytes), 11 unchanged" in out, out
    assert (site / "audio" / mp3.name).read_bytes() == data

    mp3.write_bytes(data)  # the same bytes, a new mtime: hashed again, equal, not sent
    assert "0 uploaded (0 bytes), 11 unchanged" in summary(
        run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    (site / "audio" / mp3.name).write_bytes(b"changed at the target")  # the target's own stamp moved
    out = summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    assert " 1 uploaded" in out and (site / "audio" / mp3.name).read_bytes() == data


def test_temp_files_of_a_killed_publish_are_swept(ws, tmp_path):
    site = tmp_path / "site"
    summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    # What a publish killed while copying an MP3 leaves: atomic_path's temp file in .tmp.
    left = site / ".tmp" / ".nile-water-0000.mp3.k3j9x1.tmp"
    left.write_bytes(bytes(1 << 20))
    out = summary(run_narrator("publish", "--to", site, "--base-url", BASE, "-w", ws))
    assert "0 uploaded" in out
    assert not left.exists()
    assert [p.name for p in (site / ".tmp").iterdir()] == ["publish.lock"]


def test_a_second_publish_to_the_same_folder_waits_its_turn(ws, tmp_path):
    """The sweep removes every temp file, so two publishes must never share a folder at once."""
    import fcntl

    site = tmp_path / "site"
    summary(run_narrator("publish", "--to", site, "-w", ws))
    with open(site / ".tmp" / "publish.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = run_narrator("publish", "--to", site, "-w", ws)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == f"Error: {site}: another publish to this folder is running"


@pytest.mark.parametrize("where", [".", "site", "feed", "audio/x"])
def test_a_target_inside_the_workspace_is_refused(ws, where):
    feed = (ws / "feed" / "feed.xml").read_bytes()
    before = sorted(str(p.relative_to(ws)) for p in ws.rglob("*"))
    proc = run_narrator("publish", "--to", ws / where, "--base-url", BASE, "-w", ws)
    assert proc.returncode == 1
    [line] = proc.stderr.decode().strip().splitlines()
    assert line.startswith("Error: ") and "inside the workspace" in line
    assert (ws / "feed" / "feed.xml").read_bytes() == feed
    assert sorted(str(p.relative_to(ws)) for p in ws.rglob("*")) == before


def test_publish_from_a_read_only_workspace(ws, tmp_path):
    from read_only import read_only, tree

    (ws / "feed" / "default-cover.png").unlink()  # publishing must not need to write it
    site = tmp_path / "site"
    before = tree(ws)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    with read_only(ws) as argv:
        proc = subprocess.run(argv("publish", "--to", site, "--base-url", BASE, "-w", ws), capture_output=True,
                              env=env, timeout=120)
    assert "11 uploaded" in summary(proc)
    assert tree(ws) == before
    cover = Image.open(site / "feed" / "default-cover.png")
    assert cover.size == (1400, 1400)
    assert len(enclosures((site / "feed" / "feed.xml").read_bytes())) == 2


def test_s3_publish_deletes_only_what_narrator_published(ws, s3, aws_env):
    endpoint, client = s3
    prefix = "shows/foreign"
    client.put_object(Bucket="podcasts", Key=f"{prefix}/audio/jingle.mp3", Body=b"ID3 a jingle")
    client.put_object(Bucket="podcasts", Key=f"{prefix}/feed/other-show.xml", Body=b"<rss/>")
    target = f"s3://podcasts/{prefix}"
    out = summary(run_narrator("publish", "--to", target, "--endpoint-url", endpoint, "-w", ws))
    assert "11 uploaded" in out and "2 foreign files left alone" in out
    # The channel link is a page the bucket serves.
    feed = httpx.get(f"{endpoint}/podcasts/{prefix}/feed/feed.xml").content
    page = httpx.get(channel_link(feed))
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")

    rebuild_one(ws)
    out = summary(run_narrator("publish", "--to", target, "--endpoint-url", endpoint, "-w", ws))
    assert " 6 uploaded" in out and "3 deleted, 2 foreign files left alone" in out
    keys = {o["Key"][len(prefix) + 1:] for o in client.list_objects_v2(Bucket="podcasts", Prefix=prefix)["Contents"]}
    assert {"audio/jingle.mp3", "feed/other-show.xml", ".narrator-publish.json"} <= keys
    assert sorted(k for k in keys if k.endswith(".mp3") and k != "audio/jingle.mp3") == sorted(
        f"audio/{p.name}" for p in (ws / "audio").glob("*.mp3"))

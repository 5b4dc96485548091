"""`narrator publish` to a folder and to a real S3 endpoint (moto's server on 127.0.0.1):
only changed files go up, with the right headers, in an order that never breaks the feed."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import httpx
import pytest
from lxml import etree

from conftest import run_narrator
from web_fixtures import DATES, NILE, article_html

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
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    creds = dict(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    client = boto3.client("s3", endpoint_url=endpoint, **creds)
    client.create_bucket(Bucket="podcasts")
    # As a publisher sets up a podcast bucket: anyone may read objects, only we may write.
    client.put_bucket_policy(Bucket="podcasts", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::podcasts/*"}]}))
    yield endpoint, client
    server.stop()


@pytest.fixture()
def aws_env(monkeypatch):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)


def test_publish_to_s3_with_headers_range_and_change_detection(ws, s3, aws_env):
    endpoint, client = s3
    target = "s3://podcasts/shows/arabic"
    out = summary(run_narrator("publish", "--to", target, "--endpoint-url", endpoint, "-w", ws))
    assert "11 uploaded" in out and f"feed {endpoint}/podcasts/shows/arabic/feed/feed.xml" in out

    keys = {o["Key"] for o in client.list_objects_v2(Bucket="podcasts")["Contents"]}
    assert len(keys) == 11 and all(k.startswith("shows/arabic/") for k in keys)
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

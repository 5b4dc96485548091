"""podcast.toml: defaults, types, and MP3 settings checked by one rule shared with the encoder."""

from __future__ import annotations

import pytest

from narrator.config import Show, load_show
from narrator.errors import ConfigError


def test_absent_file_gives_defaults(tmp_path):
    assert load_show(tmp_path / "podcast.toml") == Show()


@pytest.mark.parametrize("text,key", [
    ("bitrate = 144\n", "bitrate 144"),          # legal only at 16-24 kHz
    ("sample_rate = 12345\n", "sample_rate 12345"),
    ("explicit = \"no\"\n", "explicit"),
    ("[pauses]\nclause = -1\n", "pauses.clause"),
    ("colour = \"red\"\n", "colour"),
])
def test_bad_settings_name_the_key(tmp_path, text, key):
    path = tmp_path / "podcast.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=key) as err:
        load_show(path)
    assert "\n" not in str(err.value)


def test_bitrate_is_judged_at_its_sample_rate(tmp_path):
    path = tmp_path / "podcast.toml"
    path.write_text("bitrate = 144\nsample_rate = 22050\n", "utf-8")
    show = load_show(path)
    assert (show.bitrate, show.sample_rate) == (144, 22050)


@pytest.mark.parametrize("text,key", [
    ('email = "not an address"\n', "'email'"),
    ('email = "a@b"\n', "'email'"),
    ('base_url = "ftp://example.org/pod/"\n', "'base_url'"),
    ('base_url = "example.org/pod"\n', "'base_url'"),
    ('base_url = "http://example.org:99999/"\n', "'base_url'"),
    ('link = "javascript:alert(1)"\n', "'link'"),
    ('language = "Arabic"\n', "'language'"),
    ('language = "ar_EG"\n', "'language'"),
    ('title = "قراءات\\f"\n', "'title'"),
    ('author = "x\\u0001"\n', "'author'"),
    ('bitrate = 65\n', "bitrate 65"),
])
def test_values_are_validated_on_load(tmp_path, text, key):
    path = tmp_path / "podcast.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=key) as err:
        load_show(path)
    assert "\n" not in str(err.value) and str(err.value).startswith("podcast.toml: ")


def test_good_values_load(tmp_path):
    path = tmp_path / "podcast.toml"
    path.write_text('email = "owner@example.org"\nbase_url = "https://example.org/pod/"\n'
                    'link = "http://[::1]:8000/"\nlanguage = "ar-EG"\n', "utf-8")
    show = load_show(path)
    assert (show.email, show.base_url, show.language) == ("owner@example.org", "https://example.org/pod/", "ar-EG")


def test_show_is_validated_however_it_is_made():
    from dataclasses import replace

    from narrator.config import with_base_url

    with pytest.raises(ConfigError, match="'email'"):
        replace(Show(), email="nobody")
    with pytest.raises(ConfigError, match="--base-url"):
        with_base_url(Show(), "file:///etc/")
    assert with_base_url(Show(), "https://example.org/pod").base_url == "https://example.org/pod/"


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (only the header: no pixels are stored)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size,why", [((60000, 60000), "too large"), ((12000, 12000), "between 1400 and 3000"),
                                      ((1400, 1000), "square")])
def test_artwork_checked_on_load(tmp_path, size, why):
    (tmp_path / "cover.png").write_bytes(_png_header(*size))
    path = tmp_path / "podcast.toml"
    path.write_text('artwork = "cover.png"\n', "utf-8")
    with pytest.raises(ConfigError, match=f"'artwork' 'cover.png' .*{why}"):
        load_show(path)


def test_good_artwork_loads(tmp_path):
    from PIL import Image

    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(tmp_path / "cover.png")
    path = tmp_path / "podcast.toml"
    path.write_text('artwork = "cover.png"\n', "utf-8")
    assert load_show(path).artwork == "cover.png"


@pytest.mark.parametrize("key", ["clause", "sentence", "paragraph", "heading", "chapter"])
def test_pauses_are_bounded(tmp_path, key):
    from narrator.config import MAX_PAUSE_MS

    path = tmp_path / "podcast.toml"
    path.write_text(f"[pauses]\n{key} = {MAX_PAUSE_MS}\n", "utf-8")
    assert load_show(path).pauses.ms(key) == MAX_PAUSE_MS
    path.write_text(f"[pauses]\n{key} = {MAX_PAUSE_MS + 1}\n", "utf-8")
    with pytest.raises(ConfigError, match=f"'pauses.{key}' must be at most {MAX_PAUSE_MS}") as err:
        load_show(path)
    assert "\n" not in str(err.value)


def test_a_huge_pause_is_one_line_not_a_memory_error(tmp_path):
    from conftest import run_narrator

    (tmp_path / "podcast.toml").write_text("[pauses]\nchapter = 100000000000\n", "utf-8")
    article = tmp_path / "a.txt"
    article.write_text("عنوان\n\nفقرة قصيرة للاختبار.\n", "utf-8")
    proc = run_narrator("build", article, "-w", tmp_path, "-q", timeout=120)
    assert proc.returncode != 0
    assert proc.stderr.decode().strip() == (
        "Error: podcast.toml: 'pauses.chapter' must be at most 60000 (milliseconds), not 100000000000")
    assert not (tmp_path / "audio").exists() or not any((tmp_path / "audio").iterdir())

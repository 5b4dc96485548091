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

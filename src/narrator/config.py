"""podcast.toml -> Show: the show's settings, each with a default, validated on load."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from narrator.errors import ConfigError
from narrator.xmltext import XML_INVALID

DEFAULT_TITLE: Final = "narrator"
DEFAULT_DESCRIPTION: Final = "مقالات مقروءة بصوت narrator"
DEFAULT_VOICE: Final = "espeak:ar"
DEFAULT_BITRATE: Final = 64
CATEGORIES_HINT: Final = "News"


MAX_PAUSE_MS: Final = 60_000
"""A pause is silence held in memory (and in the MP3): a minute is more than any reading needs,
and a typo of a few more digits would ask for gigabytes."""


@dataclass(frozen=True, slots=True)
class Pauses:
    """Silence after each kind of chunk, in milliseconds."""

    clause: int = 250
    sentence: int = 450
    paragraph: int = 750
    heading: int = 700
    """After a spoken heading (and after the episode title)."""
    chapter: int = 1100
    """At the end of a chapter, before the next heading."""

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) > MAX_PAUSE_MS:
                raise ConfigError(f"podcast.toml: 'pauses.{f.name}' must be at most {MAX_PAUSE_MS} "
                                  f"(milliseconds), not {getattr(self, f.name)}")

    def ms(self, kind: str) -> int:
        return getattr(self, kind)


@dataclass(frozen=True, slots=True)
class Show:
    title: str = DEFAULT_TITLE
    description: str = DEFAULT_DESCRIPTION
    author: str = "narrator"
    email: str = "podcast@example.com"
    language: str = "ar"
    category: str = CATEGORIES_HINT
    explicit: bool = False
    base_url: str = ""
    """Public URL the feed/ and audio/ folders are served under; empty = decided when serving."""
    link: str = ""
    artwork: str = ""
    """Path of the cover image, relative to the workspace; empty = a generated default cover."""
    voice: str = DEFAULT_VOICE
    bitrate: int = DEFAULT_BITRATE
    """MP3 bit rate, kbit/s, CBR."""
    sample_rate: int = 44100
    locked: bool = True
    intro: str = ""
    """Audio played before each episode (any format ffmpeg reads), relative to the workspace; empty = none."""
    outro: str = ""
    """Audio played after each episode; empty = none."""
    rate: float = 1.0
    """Speaking speed, 1.0 = the voice's own (0.9 slower, 1.2 faster); each voice applies it natively."""
    pauses: Pauses = field(default_factory=Pauses)

    def __post_init__(self) -> None:
        # The one place settings are judged: a bad value is a ConfigError naming its key
        # here, not a ValueError from a library after a whole build.
        problem = show_problem(self)
        if problem:
            raise ConfigError(f"podcast.toml: {problem}")


_EMAIL: Final = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;.]+(\.[^@\s<>\"',;.]+)+")
_LANGUAGE: Final = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _url_problem(key: str, value: str) -> str | None:
    """Only web URLs: a `javascript:` or `file:` link would land in every app and on the page."""
    if not value:
        return None
    try:
        parts = urlsplit(value)
        _ = parts.port  # a bad port raises ValueError
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)
    except ValueError:
        ok = False
    return None if ok else f"'{key}' must be an http:// or https:// URL, not {value!r}"


def show_problem(show: "Show") -> str | None:
    """What is wrong with these settings, naming the key, or None."""
    for f in fields(show):
        value = getattr(show, f.name)
        if isinstance(value, str) and XML_INVALID.search(value):
            return f"'{f.name}' contains a control character a feed cannot carry"
    if not _EMAIL.fullmatch(show.email):
        return f"'email' must be an e-mail address, not {show.email!r}"
    if not _LANGUAGE.fullmatch(show.language):
        return f"'language' must be a language tag such as \"ar\" or \"ar-EG\", not {show.language!r}"
    if not show.title.strip():
        return "'title' must not be empty"
    if not RATE_RANGE[0] <= show.rate <= RATE_RANGE[1]:
        return f"'rate' must be between {RATE_RANGE[0]} and {RATE_RANGE[1]}, not {show.rate}"
    return (_url_problem("base_url", show.base_url) or _url_problem("link", show.link)
            or mp3_settings_problem(show.bitrate, show.sample_rate))


def with_base_url(show: Show, base_url: str) -> Show:
    """The show served under another public URL (`--base-url`), checked like podcast.toml's."""
    problem = _url_problem("--base-url", base_url)
    if problem:
        raise ConfigError(problem)
    return replace(show, base_url=base_url if base_url.endswith("/") else base_url + "/")


RATE_RANGE: Final = (0.5, 2.0)
"""Speaking speeds a show may ask for (past these, every voice garbles)."""

_TYPES: dict[str, type | tuple[type, ...]] = {"str": str, "bool": bool, "int": int, "float": (int, float)}


def _check(section: str, cls, data: dict) -> dict:
    known = {f.name: f for f in fields(cls)}
    out = {}
    for key, value in data.items():
        name = f"{section}{key}"
        if key not in known:
            raise ConfigError(f"podcast.toml: unknown key '{name}'")
        f = known[key]
        want = _TYPES.get(f.type if isinstance(f.type, str) else getattr(f.type, "__name__", ""))
        if want is None:
            continue
        # bool is an int in Python; keep them apart so `bitrate = true` is refused.
        if not isinstance(value, want) or (want in (int, (int, float)) and isinstance(value, bool)):
            kind = "a number" if isinstance(want, tuple) else want.__name__
            raise ConfigError(f"podcast.toml: '{name}' must be {kind}, not {type(value).__name__}")
        if want is int and isinstance(value, int) and value < 0:
            raise ConfigError(f"podcast.toml: '{name}' must not be negative")
        out[key] = value
    return out


def load_show(path: Path) -> Show:
    """Read podcast.toml (absent: all defaults). One-line ConfigError naming the bad key."""
    if not path.exists():
        return Show()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"podcast.toml: {exc}") from None
    pauses = data.pop("pauses", {})
    if not isinstance(pauses, dict):
        raise ConfigError("podcast.toml: 'pauses' must be a table")
    values = _check("", Show, {k: v for k, v in data.items()})
    values.pop("pauses", None)
    show = Show(**values, pauses=Pauses(**_check("pauses.", Pauses, pauses)))  # validated in Show
    if show.artwork:
        _check_artwork(path.parent, show.artwork)
    for key in ("intro", "outro"):
        _check_clip(path.parent, key, getattr(show, key))
    return show


def _check_clip(root: Path, key: str, value: str) -> None:
    """An intro/outro must at least exist before anything is built (ffmpeg judges its format)."""
    if value and not resolve_path(root, value).is_file():
        raise ConfigError(f"podcast.toml: '{key}' {value!r}: file not found")


def resolve_path(root: Path, value: str) -> Path:
    """A path from podcast.toml: absolute, or relative to the workspace `root`."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else root / path


def _check_artwork(root: Path, artwork: str) -> None:
    """The cover must be usable before anything is built (format, colours, pixel size)."""
    from narrator.artwork_check import artwork_problem  # PIL: imported only when a cover is set

    problem = artwork_problem(resolve_path(root, artwork))
    if problem:
        raise ConfigError(f"podcast.toml: 'artwork' {artwork!r} {problem}")


MP3_SAMPLE_RATES: Final = (16000, 22050, 24000, 32000, 44100, 48000)
MPEG1_BITRATES: Final = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
"""kbit/s allowed at 32, 44.1 and 48 kHz."""
MPEG2_BITRATES: Final = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
"""kbit/s allowed at 16, 22.05 and 24 kHz."""


def mp3_settings_problem(bitrate: int, sample_rate: int) -> str | None:
    """Why this sample rate / bit rate pair cannot be an MP3, or None."""
    if sample_rate not in MP3_SAMPLE_RATES:
        return f"sample_rate {sample_rate} is not an MP3 sample rate (use one of {', '.join(map(str, MP3_SAMPLE_RATES))})"
    return bitrate_problem(bitrate, sample_rate)


def bitrate_problem(bitrate: int, sample_rate: int) -> str | None:
    """Why `bitrate` is impossible at `sample_rate`, or None (also for rates ffmpeg itself refuses).

    libmp3lame silently rounds an impossible bit rate to a legal one, so the file
    would not be what the settings (and the file name's hash) say: refuse it instead.
    """
    if sample_rate not in MP3_SAMPLE_RATES:
        return None
    allowed = MPEG1_BITRATES if sample_rate >= 32000 else MPEG2_BITRATES
    if bitrate not in allowed:
        return (f"bitrate {bitrate} kbit/s is not an MP3 bit rate at {sample_rate} Hz "
                f"(use one of {', '.join(map(str, allowed))})")
    return None


TEMPLATE: Final = '''\
# podcast.toml: settings of this narrator workspace. Every key is optional.

title = "{title}"                 # the show's name in podcast apps
description = "{description}"
author = "narrator"               # itunes:author and the ID3 artist
email = "podcast@example.com"     # itunes:owner e-mail (Apple uses it to verify ownership)
language = "ar"
category = "News"                 # an Apple Podcasts category
explicit = false
base_url = ""                     # e.g. "https://example.org/podcast/"; empty: the address clients use with `narrator serve`
link = ""                         # the show's web site
artwork = ""                      # square JPEG/PNG, 1400-3000 px; empty: a generated cover
voice = "espeak:ar"               # see `narrator voices`
bitrate = 64                      # MP3 kbit/s, constant bit rate, mono
sample_rate = 44100
locked = true                     # podcast:locked: other platforms may not import the feed
intro = ""                        # audio before each episode (any format ffmpeg reads), e.g. "intro.ogg"
outro = ""                        # audio after each episode
rate = 1.0                        # speaking speed: 0.9 slower, 1.2 faster (the voice's own way)

[pauses]                          # milliseconds of silence after each kind of chunk
clause = 250
sentence = 450
paragraph = 750
heading = 700
chapter = 1100
'''

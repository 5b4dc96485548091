"""The show's cover image in feed/: the user's (validated) or a generated default."""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError, features

from narrator.config import Show
from narrator.errors import ConfigError
from narrator.workspace import Workspace, atomic_write_bytes

log = logging.getLogger(__name__)

MIN_PX: Final = 1400
MAX_PX: Final = 3000
DEFAULT_PX: Final = 1400
DEFAULT_NAME: Final = "default-cover.png"
"""Not cover.png, so a user's PNG copied in never passes for the generated default."""
BACKGROUND: Final = (22, 78, 99)
FOREGROUND: Final = (245, 240, 225)
_FORMATS: Final = {"JPEG": ".jpg", "PNG": ".png"}
_FONTS: Final = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)
_MODE_WHY: Final = {
    "RGBA": "has an alpha channel (RGBA); Apple Podcasts wants opaque RGB, transparency renders unpredictably",
    "LA": "has an alpha channel (grey + alpha); Apple Podcasts wants opaque RGB",
    "CMYK": "is CMYK (print colours); Apple Podcasts wants RGB and shows CMYK colours wrongly or rejects it",
    "P": "is palette-indexed (P); Apple Podcasts wants a true-colour RGB image",
    "L": "is greyscale (L); Apple Podcasts wants an RGB image",
    "1": "is black-and-white (1-bit); Apple Podcasts wants an RGB image",
}


def artwork_problem(path: Path) -> str | None:
    """What makes `path` unusable as podcast artwork, in a few words; None if it is fine."""
    if not path.is_file():
        return "file not found"
    try:
        with warnings.catch_warnings():  # a large size is reported below, in words
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:  # reads the header only, not the pixels
                fmt, mode, (width, height) = image.format, image.mode, image.size
    except Image.DecompressionBombError:  # a header claiming billions of pixels
        return f"is too large (over {Image.MAX_IMAGE_PIXELS:,} pixels), must be between {MIN_PX} and {MAX_PX} px a side"
    except (UnidentifiedImageError, OSError) as exc:
        return f"not a readable image ({exc.__class__.__name__})"
    if fmt not in _FORMATS:
        return f"is {fmt}, must be JPEG or PNG"
    if mode != "RGB":
        return _MODE_WHY.get(mode, f"has colour mode {mode}, must be RGB")
    if width != height:
        return f"is {width}x{height} px, must be square"
    if not MIN_PX <= width <= MAX_PX:
        return f"is {width}x{height} px, must be between {MIN_PX} and {MAX_PX} px a side"
    return None


def ensure_artwork(workspace: Workspace, show: Show) -> Path:
    """The cover in feed/ for this show: the user's image copied in, or the default."""
    workspace.feed_dir.mkdir(parents=True, exist_ok=True)
    if show.artwork:
        return _copy_user_artwork(workspace, show.artwork)
    target = workspace.feed_dir / DEFAULT_NAME
    if not target.exists():
        atomic_write_bytes(target, default_cover(show.title), tmp_dir=workspace.tmp_dir)
        log.debug("generated default cover %s", target)
    return target


def _copy_user_artwork(workspace: Workspace, artwork: str) -> Path:
    source = Path(artwork).expanduser()
    if not source.is_absolute():
        source = workspace.root / source
    problem = artwork_problem(source)
    if problem:
        raise ConfigError(f"podcast.toml: artwork '{artwork}' {problem}")
    with Image.open(source) as image:
        suffix = _FORMATS[image.format]
    target = workspace.feed_dir / f"cover{suffix}"
    data = source.read_bytes()
    # Rewrite only on change, so the file's mtime (and HTTP caches) stay put.
    if not target.exists() or target.read_bytes() != data:
        atomic_write_bytes(target, data, tmp_dir=workspace.tmp_dir)
    return target


def default_cover(title: str, size: int = DEFAULT_PX) -> bytes:
    """A plain square PNG: a solid colour, a ring, and the show's title."""
    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    ring = size // 5
    draw.ellipse((ring, ring, size - ring, size - ring), outline=FOREGROUND, width=size // 70)
    _draw_title(draw, title, size)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_title(draw: ImageDraw.ImageDraw, title: str, size: int) -> None:
    font_path = next((p for p in _FONTS if Path(p).is_file()), None)
    # Arabic needs shaping (joined letter forms, right to left): only with libraqm and a
    # font that has Arabic glyphs (DejaVu does). Otherwise a Latin word, never broken glyphs.
    if font_path and features.check("raqm"):
        font = ImageFont.truetype(font_path, size // 14, layout_engine=ImageFont.Layout.RAQM)
        lines = _wrap(draw, title.strip() or "narrator", font, size * 0.55)[:3]
    else:
        font = ImageFont.truetype(font_path, size // 12) if font_path else ImageFont.load_default(size // 12)
        lines = ["narrator"]
    draw.multiline_text(
        (size / 2, size / 2), "\n".join(lines), fill=FOREGROUND, font=font, anchor="mm", align="center",
        spacing=size // 50,
    )


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    """Greedy word wrap in logical order (raqm lays out each line right to left)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines

__all__ = ["artwork_problem", "default_cover", "ensure_artwork"]

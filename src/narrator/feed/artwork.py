"""The show's cover image in feed/: the user's (validated) or a generated default."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError, features

from narrator.artwork_check import FORMATS, MAX_PX, MIN_PX, artwork_problem
from narrator.config import Show
from narrator.errors import ConfigError
from narrator.workspace import Workspace, atomic_write_bytes

log = logging.getLogger(__name__)

DEFAULT_PX: Final = 1400
DEFAULT_NAME: Final = "default-cover.png"
"""Not cover.png, so a user's PNG copied in never passes for the generated default."""
BACKGROUND: Final = (22, 78, 99)
FOREGROUND: Final = (245, 240, 225)
_FONTS: Final = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)


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
        suffix = FORMATS[image.format or ""]  # artwork_problem accepted its format
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
        font = ImageFont.truetype(font_path, size // 12) if font_path else ImageFont.load_default(size // 12)  # type: ignore[assignment]
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

# --- episode artwork: the article's picture as a podcast-ready square JPEG -----------------

EPISODE_MAX_BYTES: Final = 512 * 1024
"""What Apple and Spotify accept for artwork without complaint."""
MAX_DECODE_PIXELS: Final = 40_000_000
"""Most pixels decoded at once (~160 MB as RGBA). A bigger JPEG is decoded already scaled
down (draft mode: 1/2 to 1/8 in the decoder); any other format that big is refused."""
_QUALITIES: Final = (90, 82, 74, 66, 58, 50, 42)


class ArtworkError(ValueError):
    """The picture cannot become episode artwork (one line, naming why)."""


def episode_artwork(data: bytes) -> bytes:
    """Any picture Pillow reads -> a square sRGB JPEG of 1400-3000 px and at most 512 KB,
    the whole picture letterboxed (never cropped) on its own average colour."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below, in words
            image: Image.Image = Image.open(io.BytesIO(data))
            image = _decoded(image)
    except Image.DecompressionBombError:
        raise ArtworkError(f"is too large (over {Image.MAX_IMAGE_PIXELS:,} pixels)") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ArtworkError(f"is not a readable image ({exc.__class__.__name__})") from None
    rgb = _srgb(image)
    side = min(MAX_PX, max(MIN_PX, *rgb.size))
    scale = side / max(rgb.size)
    fitted = rgb.resize((max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale))),
                        Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (side, side), _average(rgb))
    canvas.paste(fitted, ((side - fitted.width) // 2, (side - fitted.height) // 2))
    for quality in _QUALITIES:
        out = io.BytesIO()
        canvas.save(out, format="JPEG", quality=quality, optimize=True)
        if out.tell() <= EPISODE_MAX_BYTES:
            return out.getvalue()
    return _smaller(canvas)


def _decoded(image: Image.Image) -> Image.Image:
    """The pixels, decoded within MAX_DECODE_PIXELS (see there)."""
    width, height = image.size
    if image.format == "JPEG" and width * height > MAX_DECODE_PIXELS:
        # The decoder picks the biggest reduction still at least this size: the picture as it
        # will be placed (MAX_PX on its long side).
        long = max(width, height)
        image.draft(image.mode, (max(1, MAX_PX * width // long), max(1, MAX_PX * height // long)))
    if image.size[0] * image.size[1] > MAX_DECODE_PIXELS:
        raise ArtworkError(f"is {width}x{height} px, too large to decode safely "
                           f"(over {MAX_DECODE_PIXELS:,} pixels; a JPEG that big is read scaled down)")
    image.load()
    ImageOps.exif_transpose(image, in_place=True)  # a phone photo's rotation; no copy when there is none
    return image


def _srgb(image: Image.Image) -> Image.Image:
    """RGB in sRGB: an embedded colour profile (CMYK print, Adobe RGB, Display P3) is applied;
    transparency is flattened onto white."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK", "RGBA", "L"):
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode) or image
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            log.debug("colour profile not applied (%s); converting without it", exc)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def _average(image: Image.Image) -> tuple[int, int, int]:
    return image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[return-value]  # RGB: a triple


def _smaller(canvas: Image.Image) -> bytes:
    """A busy picture too big at every quality: the smallest size podcast apps accept."""
    small = canvas.resize((MIN_PX, MIN_PX), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=_QUALITIES[-1], optimize=True)
    if out.tell() > EPISODE_MAX_BYTES:
        raise ArtworkError(f"stays over {EPISODE_MAX_BYTES // 1024} KB as a JPEG")
    return out.getvalue()


MAX_IMAGE_BYTES: Final = 20_000_000
"""Bytes read for one picture, from the web or a file: a 50-megapixel JPEG is ~15 MB."""


def read_article_image(ref: str, source: str, workspace: Workspace, slug: str) -> Path:
    """The article's picture `ref` (an http(s) URL, fetched with the pages' limits, or a path
    relative to the article file `source`) as feed/<slug>-<hash>.jpg; its path."""
    if ref.startswith(("http://", "https://")):
        from narrator.web.fetch import fetch

        data = fetch(ref, max_bytes=MAX_IMAGE_BYTES).body
    elif ":" in ref.split("/", 1)[0]:  # data:, file:, ftp:... never read
        raise ArtworkError("is neither an http(s) URL nor a file path")
    else:
        base = workspace.root if source == "-" else Path(source).parent
        path = base / Path(ref).expanduser()
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            raise ArtworkError(f"cannot be read: {exc.strerror or exc}") from None
        if len(data) > MAX_IMAGE_BYTES:
            raise ArtworkError(f"is over {MAX_IMAGE_BYTES:,} bytes")
    jpeg = episode_artwork(data)
    target = workspace.feed_dir / f"{slug}-{hashlib.sha256(jpeg).hexdigest()[:8]}.jpg"
    if not target.exists():  # named by content: an existing file is this very picture
        workspace.feed_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, jpeg, tmp_dir=workspace.tmp_dir)
    return target


__all__ = ["ArtworkError", "artwork_problem", "default_cover", "ensure_artwork", "episode_artwork", "read_article_image"]

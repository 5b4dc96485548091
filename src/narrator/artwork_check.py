"""What podcast apps accept as cover art (Apple's rules: square JPEG or PNG, RGB, 1400-3000 px):
checked when podcast.toml is read (config.py) and by `narrator check` (feed/check.py), before
any cover is made or copied (feed/artwork.py)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Final

from PIL import Image, UnidentifiedImageError

MIN_PX: Final = 1400
MAX_PX: Final = 3000
FORMATS: Final = {"JPEG": ".jpg", "PNG": ".png"}
"""The formats accepted, with the suffix a copied cover gets."""
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
    if fmt not in FORMATS:
        return f"is {fmt}, must be JPEG or PNG"
    if mode != "RGB":
        return _MODE_WHY.get(mode, f"has colour mode {mode}, must be RGB")
    if width != height:
        return f"is {width}x{height} px, must be square"
    if not MIN_PX <= width <= MAX_PX:
        return f"is {width}x{height} px, must be between {MIN_PX} and {MAX_PX} px a side"
    return None

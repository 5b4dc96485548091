"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256.

Anything else is refused with a one-line ArticleError rather than guessed at: a
wrong guess would be narrated as gibberish.
"""

from __future__ import annotations

import codecs
import re

from narrator.errors import ArticleError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# C0/C1 controls other than the whitespace ones text files legitimately hold.
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

# Windows-1256 maps every byte to something, so a successful decode proves
# nothing; we accept it (and UTF-16) only when the result reads like Arabic or
# Latin prose.
_CP1256_MIN_PLAUSIBLE = 0.97
_CP1256_MIN_LETTERS = 0.5
_SPACE = re.compile(r"\s+")
# Arabic block, ASCII, general punctuation (quotes, dashes, marks) and « » × ÷.
_PLAUSIBLE = re.compile("[\u0600-\u06ff\x20-\x7e\u2000-\u206f\u00ab\u00bb\u00d7\u00f7]+")
_LETTER = re.compile("[\u0621-\u064aA-Za-z]+")


def decode_article(data: bytes, name: str) -> str:
    """Return the text of *data*, or raise ArticleError naming *name*."""
    if not data:
        raise ArticleError(f"{name}: empty file")
    text = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = len(_BAD_CONTROLS.findall(text))
    # A stray control character or two happens in real files; many mean binary.
    if bad > max(2, len(text) // 1000):
        raise ArticleError(f"{name}: binary file (control characters), not text")
    if bad:
        text = _BAD_CONTROLS.sub("", text)
    if not text.strip():
        raise ArticleError(f"{name}: file holds only whitespace")
    return text


def _decode(data: bytes, name: str) -> str:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{name}: invalid {label} at byte {exc.start}") from None
            # Like Windows-1256, UTF-16 turns almost any bytes into "text" (mostly CJK);
            # only UTF-8 proves itself by decoding.
            if codec == "utf-16" and not _plausible(text):
                raise ArticleError(f"{name}: UTF-16 that is not Arabic or Latin text")
            return text
    if b"\x00" in data:
        raise ArticleError(f"{name}: binary file (NUL bytes), or UTF-16 without a BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256")
    if _plausible(text):
        return text
    raise ArticleError(f"{name}: not UTF-8, UTF-16 (with BOM) or Windows-1256 text")


def _plausible(text: str) -> bool:
    """True when *text* is mostly Arabic/ASCII letters, digits and punctuation."""
    visible = _SPACE.sub("", text)
    if not visible:
        return False
    implausible = len(_PLAUSIBLE.sub("", visible))
    letters = len(visible) - len(_LETTER.sub("", visible))
    return (
        1 - implausible / len(visible) >= _CP1256_MIN_PLAUSIBLE
        and letters / len(visible) >= _CP1256_MIN_LETTERS
    )

"""espeak-ng's phonemes as Piper's phonemizer makes them: what every VITS voice trained on
Piper's phonemes reads (onnxruntime in piper.py, sherpa-onnx in sherpa.py)."""

from __future__ import annotations

import re
import unicodedata

_LANGUAGE_SWITCH = re.compile(r"\([^)]+\)")  # espeak's "(en)...(ar)" marks around foreign words


def sentence_phonemes(text: str, espeak_voice: str) -> list[list[str]]:
    """Text -> espeak-ng IPA phonemes, one list per sentence, grouped as Piper's phonemizer
    groups them (clause punctuation kept, NFD code points). Shared by every VITS runtime
    trained on Piper's phonemes (onnxruntime in piper.py, sherpa-onnx in sherpa.py)."""
    from narrator.voices.espeak import library

    sentences: list[list[str]] = []
    current: list[str] = []
    for phonemes, terminator, ends in library.clause_phonemes(text, espeak_voice):
        clause = _LANGUAGE_SWITCH.sub("", phonemes) + terminator
        if terminator in (",", ":", ";"):
            clause += " "  # a clause break, not a sentence break
        current.extend(unicodedata.normalize("NFD", clause))
        if ends:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return [s for s in sentences if any(p.strip() for p in s)]


def engine_version() -> str:
    """libespeak-ng's version: part of a VITS voice's cache identity (its phonemes come from it)."""
    from narrator.voices.espeak import library

    return library.version()

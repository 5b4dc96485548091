"""espeak-ng: the Arabic voice itself (backend.py), the libespeak-ng binding (library.py), its
phonemes as the VITS voices trained on them want them (phonemes.py: Piper, sherpa-onnx) and
the spelling every voice that reads through espeak-ng needs (spelling.py)."""

from narrator.voices.espeak.backend import ESPEAK_AR, EspeakBackend, EspeakVoice

__all__ = ["ESPEAK_AR", "EspeakBackend", "EspeakVoice"]

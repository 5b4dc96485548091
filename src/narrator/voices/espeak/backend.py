"""espeak-ng's Arabic voice, in-process through libespeak-ng (see library.py), and its text profile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from narrator.errors import VoiceError
from narrator.frontend.profile import TextProfile
from narrator.voices.base import Backend, Option, VoiceInfo, VoiceSpec, package_version
from narrator.voices.espeak.spelling import SPELLING

if TYPE_CHECKING:
    import numpy as np

PREFIX = "espeak:"
LANGUAGE = "ar"
LICENCE = "GPL-3.0 (espeak-ng)"
VARIANTS_LISTED = ("f3", "m3")  # a few well-sounding variants; any espeak variant works
RATE_RANGE = (80, 450)  # words per minute, libespeak-ng's own limits
DEFAULT_RATE = 175  # words per minute when no rate is set (espeakRATE_NORMAL)
PITCH_RANGE = (0, 100)

ESPEAK_AR = TextProfile(
    name="espeak-ar",
    diacritise=True,
    alphabet=None,
    punctuation=True,
    # espeak-ng has no length limit; 400 keeps a chunk under ~30 s, so a cache entry or a
    # failed call costs little and clause pauses come from espeak's own punctuation.
    max_chars=400,
    latin="keep",
    pausal=True,
    spelling=SPELLING,
)
"""espeak-ng: diacritised text with pausal forms before its pauses, punctuation for its
pauses, in espeak's own spelling (spelling.py: shadda before the vowel, nisba ya written out...)."""


def variants() -> list[str]:
    """Names of espeak-ng's voice variants (f3, m1, klatt...), read from its data folder."""
    try:
        import espeakng_loader

        folder = Path(espeakng_loader.get_data_path()) / "voices" / "!v"
    except (ImportError, RuntimeError):
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def parse_id(voice_id: str) -> tuple[str, str | None]:
    """"espeak:ar+f3" -> ("ar", "f3"); "espeak:ar" -> ("ar", None)."""
    name = voice_id.removeprefix(PREFIX)
    language, _, variant = name.partition("+")
    return language, variant or None


OPTIONS = {
    "rate": Option("rate", int, *RATE_RANGE),
    "pitch": Option("pitch", int, *PITCH_RANGE),
    "variant": Option("variant"),  # checked against espeak-ng's data folder when the voice is made
}


class EspeakVoice:
    """Arabic espeak-ng: robotic but fast (RTF ~0.005) and always available."""

    sample_rate = 22050
    profile = ESPEAK_AR

    def __init__(self, voice_id: str = "espeak:ar", *, rate=None, pitch=None, variant=None) -> None:
        language, id_variant = parse_id(voice_id)
        if language != LANGUAGE:
            raise VoiceError(f"espeak voice {voice_id!r}: narrator speaks Arabic only (espeak:ar)")
        variant = variant or id_variant
        if variant is not None and variant not in variants():
            raise VoiceError(f"espeak has no variant {variant!r}; try one of: {', '.join(variants()[:12])} ...")
        self.rate: int | None = OPTIONS["rate"].value(EspeakBackend.prefix, rate)  # type: ignore[assignment]
        self.pitch: int | None = OPTIONS["pitch"].value(EspeakBackend.prefix, pitch)  # type: ignore[assignment]
        self.variant = variant
        self._espeak_voice = f"{LANGUAGE}+{variant}" if variant else LANGUAGE
        self.id = PREFIX + self._espeak_voice
        self.spec = VoiceSpec(self.id, tuple((k, v) for k, v in (("pitch", self.pitch), ("rate", self.rate)) if v is not None))
        from narrator.voices.espeak import library

        self.sample_rate = library.sample_rate()

    def cache_identity(self) -> str:
        from narrator.voices.espeak import library

        return f"espeak-ng {library.version()}|voice={self._espeak_voice}|rate={self.rate}|pitch={self.pitch}"

    def synthesise(self, text: str) -> np.ndarray:
        import numpy as np

        from narrator.voices.espeak import library

        pcm = library.synth(text, self._espeak_voice, rate=self.rate, pitch=self.pitch)
        return pcm.astype(np.float32) / 32768.0

    def close(self) -> None:
        """Nothing to release: the library stays loaded for the process."""


class EspeakBackend(Backend):
    """espeak-ng in-process: cheap to start, so chunks run in worker processes (--jobs)."""

    prefix = "espeak"
    options = tuple(OPTIONS.values())
    parallel = True  # libespeak-ng has global state: parallel means processes, each ~5 ms to start
    licence = LICENCE

    def available(self) -> tuple[bool, str]:
        try:
            from narrator.voices.espeak import library

            library.version()
        except VoiceError as exc:
            return False, str(exc)
        return True, ""

    def profile(self, spec: VoiceSpec):
        return ESPEAK_AR

    def rate_options(self, rate: float) -> dict[str, object]:
        low, high = RATE_RANGE
        return {"rate": min(high, max(low, round(DEFAULT_RATE * rate)))}

    def fingerprint(self, spec: VoiceSpec) -> str:
        # The loader wheel pins the library and its data: its version is the engine's.
        return f"espeakng-loader {package_version('espeakng-loader')}|{spec.id}|{list(spec.options)}"

    def load(self, spec: VoiceSpec) -> EspeakVoice:
        return EspeakVoice(spec.id, **dict(spec.options))

    def listing(self) -> list[VoiceInfo]:
        ok, reason = self.available()
        version = "?"
        if ok:
            from narrator.voices.espeak import library

            version = library.version()
        default = f"{PREFIX}{LANGUAGE}"
        infos = [VoiceInfo(default, f"espeak-ng {version} Arabic (robotic, fast)", ok, reason, LICENCE)]
        infos += [
            VoiceInfo(f"{default}+{v}", f"espeak-ng Arabic, variant {v}", ok, reason, LICENCE)
            for v in VARIANTS_LISTED
        ]
        return infos

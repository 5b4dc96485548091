"""Voice registry: from an id (and options) to a Voice, and what `narrator voices` lists.

Ids name a backend by prefix ("espeak:", "coqui:"). Backends are imported only when
their voice is built, so listing voices or speaking with espeak never imports torch.
"""

from __future__ import annotations

from functools import lru_cache

from narrator.errors import VoiceError
from narrator.frontend.profile import TextProfile
from narrator.voices.base import Voice, VoiceInfo, VoiceSpec

__all__ = [
    "Voice", "VoiceInfo", "VoiceSpec", "available_voices", "get_voice", "spec_for", "voice_from_spec", "voice_profile",
]

DEFAULT_VOICE = "espeak:ar"
_ESPEAK_VARIANTS_LISTED = ("f3", "m3")  # a few well-sounding variants; any espeak variant works


def _known_ids() -> list[str]:
    from narrator.voices import coqui

    return [info.id for info in available_voices()] + ["coqui:/path/to/model.pth"] + [
        f"coqui:{alias}" for alias in coqui.ALIASES
    ]


def get_voice(voice_id: str, **options) -> Voice:
    """Build the voice `voice_id` with `options` (VoiceError, one line, when unknown or not installed)."""
    if voice_id.startswith("espeak:"):
        from narrator.voices.espeak import EspeakVoice

        return EspeakVoice(voice_id, **_accept(voice_id, options, ("rate", "pitch", "variant")))
    if voice_id.startswith("coqui:") and len(voice_id) > len("coqui:"):
        from narrator.voices.coqui import CoquiVoice

        allowed = ("config_path", "device", "threads", "speaker_wav", "language", "allow_download")
        return CoquiVoice(voice_id, **_accept(voice_id, options, allowed))
    raise VoiceError(f"unknown voice {voice_id!r}; available: {', '.join(_known_ids())}")


def _accept(voice_id: str, options: dict, allowed: tuple[str, ...]) -> dict:
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise VoiceError(f"voice {voice_id} has no option {unknown[0]!r}; options: {', '.join(allowed)}")
    return options


def spec_for(voice_id: str, **options) -> VoiceSpec:
    """A picklable description of a voice; options with value None are left out."""
    return VoiceSpec(voice_id, tuple(sorted((k, v) for k, v in options.items() if v is not None)))


@lru_cache(maxsize=1)
def voice_from_spec(spec: VoiceSpec) -> Voice:
    """The voice a spec describes. The last one built is kept, so the pipeline (which needs the
    voice's profile) and synthesis (which needs its audio) share one loaded Coqui model."""
    return get_voice(spec.id, **dict(spec.options))


def voice_profile(spec: VoiceSpec) -> TextProfile:
    """The text profile of a voice, without loading a model (for `narrator script`)."""
    if spec.id.startswith("espeak:"):
        from narrator.frontend.profiles import ESPEAK_AR

        return ESPEAK_AR
    if spec.id.startswith("coqui:"):
        from narrator.voices import coqui

        return coqui.profile_without_loading(coqui.model_name(spec.id), spec.option("config_path"))
    raise VoiceError(f"unknown voice {spec.id!r}; available: {', '.join(_known_ids())}")


@lru_cache(maxsize=1)
def available_voices() -> list[VoiceInfo]:
    """espeak:ar and a few variants, and the Coqui models narrator knows, with why one cannot run.

    Cheap probes only (an import spec lookup, a folder check); the answer is cached per process.
    """
    from narrator.voices import coqui, espeak

    try:
        espeak.variants()
        from narrator.voices import _libespeak

        version = _libespeak.version()
        espeak_ok, espeak_reason = True, ""
    except VoiceError as exc:
        version, espeak_ok, espeak_reason = "?", False, str(exc)
    infos = [VoiceInfo(DEFAULT_VOICE, f"espeak-ng {version} Arabic (robotic, fast, GPL)", espeak_ok, espeak_reason)]
    infos += [
        VoiceInfo(f"{DEFAULT_VOICE}+{v}", f"espeak-ng Arabic, variant {v}", espeak_ok, espeak_reason)
        for v in _ESPEAK_VARIANTS_LISTED
    ]
    extra = coqui.extra_installed()
    for name, description in coqui.KNOWN_MODELS.items():
        if not extra:
            ok, reason = False, coqui.INSTALL_HINT
        elif name == coqui.XTTS_V2:
            ok = coqui.downloads_allowed(None)
            reason = "" if ok else "kept in the Hugging Face cache: set NARRATOR_ALLOW_DOWNLOAD=1 or use a local path"
        else:
            folder = coqui.model_folder(name)
            ok = folder.is_dir() or coqui.downloads_allowed(None)
            reason = "" if ok else f"model not downloaded: fill {folder} (or NARRATOR_ALLOW_DOWNLOAD=1)"
        infos.append(VoiceInfo(coqui.PREFIX + name, description, ok, reason))
    return infos

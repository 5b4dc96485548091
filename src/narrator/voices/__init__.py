"""Voices: from an id (and options) to a Voice, through the backend registry.

Ids name a backend by prefix ("espeak:", "piper:", "coqui:"); see registry.py. Backends are
imported only when an id with their prefix is used, and models only when a voice is
loaded, so listing voices or an up-to-date build never imports onnxruntime or torch.

A build resolves its voice once (`load_voice`) and passes the loaded voice on; worker
processes rebuild it from `voice.spec`.
"""

from __future__ import annotations

import logging

from narrator.errors import VoiceError
from narrator.frontend.profile import TextProfile
from narrator.voices.base import Backend, Option, Voice, VoiceInfo, VoiceSpec
from narrator.voices.registry import backend_for, backends, register, unregister

__all__ = [
    "Backend", "Option", "Voice", "VoiceInfo", "VoiceSpec", "available_voices", "backend_for", "get_voice", "load_voice",
    "register", "runs_in_processes", "spec_for", "spec_from_cli", "unregister", "voice_fingerprint",
    "voice_from_spec", "voice_profile", "with_rate",
]

log = logging.getLogger(__name__)


def spec_for(voice_id: str, **options) -> VoiceSpec:
    """A picklable description of a voice; options with value None are left out.

    Unknown ids and options the backend does not accept are refused here, in one line.
    """
    spec = VoiceSpec(voice_id, tuple(sorted((k, v) for k, v in options.items() if v is not None)))
    backend_for(voice_id).check_options(spec)
    return spec


def spec_from_cli(voice: str, **offered) -> VoiceSpec:
    """The spec for a voice as a user writes it (--voice, podcast.toml) plus generic CLI flags.

    `voice` may carry options after "?", as in "piper:ar_JO-kareem-medium?length_scale=1.2&speaker=0";
    those are checked against the backend's options. `offered` holds the generic flags
    (device, threads...): each reaches only the backends that take it, so `--threads` means
    "threads of the neural voice" and espeak ignores it.
    """
    from urllib.parse import parse_qsl

    voice_id, _, query = voice.partition("?")
    backend = backend_for(voice_id)
    options = {k: v for k, v in offered.items() if k in backend.declared() and v is not None}
    options.update(parse_qsl(query, keep_blank_values=True))
    return spec_for(voice_id, **options)


def with_rate(spec: VoiceSpec, rate: float) -> VoiceSpec:
    """The spec speaking at `rate` times normal speed, in the voice's own terms (espeak words
    per minute, VITS length_scale). An option the user set on the voice itself wins; at 1.0
    nothing changes, so caches and build keys made before `rate` existed stay valid. The
    options are part of the spec, so of every cache key and build key."""
    if rate == 1.0:
        return spec
    backend = backend_for(spec.id)
    native = backend.rate_options(rate)
    if not native:
        log.warning("voice %s cannot change its speed; rate = %s ignored", spec.id, rate)
    given = dict(spec.options)
    return spec_for(spec.id, **{**native, **given})


def load_voice(spec: VoiceSpec) -> Voice:
    """Load the voice a spec describes (the model, for neural voices). Call once per build."""
    backend = backend_for(spec.id)
    backend.check_options(spec)
    ok, reason = backend.available()
    if not ok:
        raise VoiceError(f"voice {spec.id} cannot run here: {reason}")
    return backend.load(spec)


voice_from_spec = load_voice
"""Older name of load_voice (no caching: the caller keeps the voice it loaded)."""


def get_voice(voice_id: str, **options) -> Voice:
    """Build the voice `voice_id` with `options` (VoiceError, one line, when unknown or not installed)."""
    return load_voice(spec_for(voice_id, **options))


def voice_profile(spec: VoiceSpec) -> TextProfile:
    """The text profile of a voice, without loading a model (for `narrator script`)."""
    return backend_for(spec.id).profile(spec)


def voice_fingerprint(spec: VoiceSpec) -> str:
    """Cheap identity of a voice for the build key (no model load)."""
    backend = backend_for(spec.id)
    return f"{backend.prefix}|{backend.fingerprint(spec)}"


def runs_in_processes(spec: VoiceSpec) -> bool:
    """Whether chunks of this voice may be spoken by several worker processes."""
    return backend_for(spec.id).parallel


def available_voices() -> list[VoiceInfo]:
    """Every voice narrator knows, whether it can run now and why not; cheap probes only."""
    return [info for backend in backends() for info in backend.listing()]

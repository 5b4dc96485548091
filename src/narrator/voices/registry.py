"""Which backend serves a voice id: one table, filled lazily.

The built-in backends are named here by module path and imported the first time an id
with their prefix is used, so `narrator voices` and espeak builds never import Coqui's
module chain. A new engine is one module with a Backend subclass, plus one line below
(or a `register()` call from anywhere, e.g. a test).
"""

from __future__ import annotations

from importlib import import_module

from narrator.errors import VoiceError
from narrator.voices.base import Backend

BUILTIN = {
    "espeak": "narrator.voices.espeak.backend:EspeakBackend",
    "piper": "narrator.voices.piper:PiperBackend",
    "coqui": "narrator.voices.coqui:CoquiBackend",
    "sherpa": "narrator.voices.sherpa:SherpaBackend",
}

_backends: dict[str, Backend] = {}


def register(backend: Backend) -> Backend:
    """Add (or replace) the backend for `backend.prefix`."""
    if not backend.prefix or ":" in backend.prefix:
        raise ValueError(f"a backend prefix is a plain name, not {backend.prefix!r}")
    _backends[backend.prefix] = backend
    return backend


def unregister(prefix: str) -> None:
    _backends.pop(prefix, None)


def _builtin(prefix: str) -> Backend | None:
    if prefix in _backends:
        return _backends[prefix]
    target = BUILTIN.get(prefix)
    if target is None:
        return None
    module, _, name = target.partition(":")
    return register(getattr(import_module(module), name)())


def backends() -> list[Backend]:
    """Every backend: the built-ins first, in their order, then any registered later."""
    for prefix in BUILTIN:
        _builtin(prefix)
    ordered = [_backends[p] for p in BUILTIN if p in _backends]
    return ordered + [b for p, b in _backends.items() if p not in BUILTIN]


def backend_for(voice_id: str) -> Backend:
    """The backend whose prefix starts `voice_id` (VoiceError, listing what exists, if none)."""
    prefix, colon, rest = voice_id.partition(":")
    backend = _builtin(prefix) if colon and rest else None
    if backend is None:
        known = [example for b in backends() for example in b.examples()]
        raise VoiceError(f"unknown voice {voice_id!r}; available: {', '.join(known)}")
    return backend

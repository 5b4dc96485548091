"""Which backend serves a voice id: one table, filled lazily.

The built-in backends are named here by module path and imported the first time an id
with their prefix is used, so `narrator voices` and espeak builds never import Coqui's
module chain. Any installed package can add one without a change here: an entry point in
the `narrator.voices` group, named by the prefix and pointing at a Backend subclass
(pyproject.toml: [project.entry-points."narrator.voices"] mine = "mine.voice:MyBackend").
A `register()` call from anywhere (e.g. a test) adds or replaces one too.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import EntryPoint, entry_points

from narrator.errors import VoiceError
from narrator.voices.base import Backend

BUILTIN = {
    "espeak": "narrator.voices.espeak.backend:EspeakBackend",
    "piper": "narrator.voices.piper:PiperBackend",
    "coqui": "narrator.voices.coqui:CoquiBackend",
    "sherpa": "narrator.voices.sherpa:SherpaBackend",
}

ENTRY_POINTS = "narrator.voices"
"""The entry-point group of third-party voice backends: name = prefix, value = "module:Class"."""

_backends: dict[str, Backend] = {}


def register(backend: Backend) -> Backend:
    """Add (or replace) the backend for `backend.prefix`."""
    if not backend.prefix or ":" in backend.prefix:
        raise ValueError(f"a backend prefix is a plain name, not {backend.prefix!r}")
    _backends[backend.prefix] = backend
    return backend


def unregister(prefix: str) -> None:
    _backends.pop(prefix, None)


def _installed() -> dict[str, EntryPoint]:
    """Backends other packages declare (read from installed metadata each time: cheap, and a
    package installed while narrator runs, or put on sys.path by a test, is seen)."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINTS) if ep.name not in BUILTIN}


def _load(prefix: str, entry: EntryPoint) -> Backend:
    try:
        backend_class = entry.load()
        backend = backend_class()
    except Exception as exc:  # a third party's broken package must not become a traceback here
        raise VoiceError(f"voice backend {prefix!r} ({entry.value}) cannot be loaded: {type(exc).__name__}: {exc}") from None
    if not isinstance(backend, Backend) or backend.prefix != prefix:
        raise VoiceError(f"voice backend {prefix!r} ({entry.value}) is not a narrator Backend with prefix {prefix!r}")
    return register(backend)


def _builtin(prefix: str) -> Backend | None:
    if prefix in _backends:
        return _backends[prefix]
    target = BUILTIN.get(prefix)
    if target is None:
        entry = _installed().get(prefix)
        return _load(prefix, entry) if entry is not None else None
    module, _, name = target.partition(":")
    return register(getattr(import_module(module), name)())


def backends() -> list[Backend]:
    """Every backend: the built-ins first, in their order, then installed ones and any
    registered later. An installed backend that cannot load is left out of the list (its id
    still says why when used)."""
    for prefix in BUILTIN:
        _builtin(prefix)
    for prefix, entry in _installed().items():
        if prefix not in _backends:
            try:
                _load(prefix, entry)
            except VoiceError:
                continue
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

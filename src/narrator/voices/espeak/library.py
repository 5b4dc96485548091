"""libespeak-ng through ctypes: every declaration narrator uses, in one place.

The library and its data come from the `espeakng-loader` wheel, so no system package
and no subprocess are needed. libespeak-ng keeps global state (current voice,
parameters, one output callback), so every call here takes one module-level lock.
Parallel synthesis therefore means several processes, never several threads.

Determinism: libespeak-ng's wave generator carries state from one utterance to the
next that no API call resets (a static pitch-flutter index, resonator memory, libc
rand() for breath noise), so the same text spoken twice in one process gives
different samples. Audio must depend on the text alone, or the synthesis cache and
parallel builds would differ from serial ones; so every synth() starts from a freshly
loaded library (espeak_Terminate + dlclose, then dlopen + espeak_Initialize, ~5 ms)
with both random seeds fixed. phonemes() and version() reuse whatever is loaded.
"""

from __future__ import annotations

import _ctypes
import ctypes
import threading

import numpy as np

from narrator.errors import VoiceError

# speak_lib.h constants
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # return an error instead of exit() when data is missing
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000  # a short pause at the end of the text, as the espeak-ng CLI does
_POS_CHARACTER = 1
_RATE = 1
_PITCH = 3
_PHONEMES_IPA = 0x02  # espeak_TextToPhonemes phonememode bit 1: IPA in UTF-8
_EE_OK = 0

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_lock = threading.Lock()
_state: dict = {}  # lib, sample_rate, voice, dirty: the loaded library, see _init()
_pcm: list[np.ndarray] = []  # collected by the callback during one synth() call


def _declare(lib: ctypes.CDLL) -> None:
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p,  # text
        ctypes.c_size_t,  # size
        ctypes.c_uint,  # position
        ctypes.c_int,  # position_type
        ctypes.c_uint,  # end_position
        ctypes.c_uint,  # flags
        ctypes.POINTER(ctypes.c_uint),  # unique_identifier
        ctypes.c_void_p,  # user_data
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_GetParameter.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.espeak_GetParameter.restype = ctypes.c_int
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_int,
        ctypes.c_int,
    ]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_Terminate.argtypes = []
    lib.espeak_Terminate.restype = ctypes.c_int
    lib.espeak_ng_SetRandSeed.argtypes = [ctypes.c_long]
    lib.espeak_ng_SetRandSeed.restype = ctypes.c_int


_libc = ctypes.CDLL(None)  # libespeak-ng's breath noise uses libc rand()


def _on_audio(wav, numsamples, events) -> int:
    if wav and numsamples > 0:
        _pcm.append(np.ctypeslib.as_array(wav, shape=(numsamples,)).copy())
    return 0  # 0 = keep going


_callback = _SynthCallback(_on_audio)  # module-level: ctypes must not free it while a library holds it


def _unload() -> None:
    """Terminate and dlclose the library so its static state goes with it (caller holds _lock)."""
    if _state:
        lib = _state.pop("lib")
        _state.clear()
        lib.espeak_Terminate()
        _ctypes.dlclose(lib._handle)


def _init(fresh: bool = False) -> dict:
    """Load and initialise the library once; fresh=True reloads it if it has spoken (caller holds _lock)."""
    if _state and fresh and _state["dirty"]:
        _unload()
    if _state:
        return _state
    try:
        import espeakng_loader
    except ImportError:
        raise VoiceError("espeak voices need the espeakng-loader package: pip install espeakng-loader") from None
    try:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path()
    except (OSError, RuntimeError) as exc:
        raise VoiceError(f"cannot load libespeak-ng from espeakng-loader: {exc}") from None
    _declare(lib)
    rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), _INITIALIZE_DONT_EXIT)
    if rate <= 0:
        raise VoiceError(f"libespeak-ng failed to initialise with data at {data}")
    lib.espeak_SetSynthCallback(_callback)
    _state.update(lib=lib, sample_rate=rate, voice=None, dirty=False)
    return _state


def _set_voice(state: dict, voice: str) -> None:
    if state["voice"] == voice:
        return
    if state["lib"].espeak_SetVoiceByName(voice.encode()) != _EE_OK:
        raise VoiceError(f"espeak-ng has no voice {voice!r}")
    state["voice"] = voice


def sample_rate() -> int:
    with _lock:
        return _init()["sample_rate"]


def version() -> str:
    """The libespeak-ng version string, e.g. "1.52-dev"."""
    with _lock:
        lib = _init()["lib"]
        return lib.espeak_Info(None).decode()


def synth(text: str, voice: str = "ar", rate: int | None = None, pitch: int | None = None) -> np.ndarray:
    """Speak `text` (UTF-8, plain text) -> int16 mono PCM at sample_rate().

    rate: words per minute (80-450); pitch: 0-100; None keeps the voice's default.
    The same arguments always give the same samples (see the module docstring).
    """
    with _lock:
        state = _init(fresh=True)
        lib = state["lib"]
        state["dirty"] = True
        _set_voice(state, voice)
        if rate is not None:
            lib.espeak_SetParameter(_RATE, int(rate), 0)
        if pitch is not None:
            lib.espeak_SetParameter(_PITCH, int(pitch), 0)
        lib.espeak_ng_SetRandSeed(1)
        _libc.srand(1)
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data, len(data))
        _pcm.clear()
        try:
            err = lib.espeak_Synth(buf, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)
            if err != _EE_OK:
                raise VoiceError(f"espeak-ng failed to synthesise (error {err}): {text[:40]!r}")
            return np.concatenate(_pcm) if _pcm else np.zeros(0, dtype=np.int16)
        finally:
            _pcm.clear()


def phonemes(text: str, voice: str = "ar") -> str:
    """IPA phonemes (UTF-8, phonememode bit 1) of `text`, clauses joined by a space.

    espeak_TextToPhonemes returns one clause per call and advances the text pointer;
    punctuation ends a clause and is not itself in the output.
    """
    with _lock:
        state = _init()
        _set_voice(state, voice)
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data, len(data))
        ptr = ctypes.c_void_p(ctypes.addressof(buf))
        clauses = []
        while ptr.value:
            out = state["lib"].espeak_TextToPhonemes(ctypes.byref(ptr), _CHARS_UTF8, _PHONEMES_IPA)
            if out:
                clauses.append(out.decode("utf-8").strip())
        return " ".join(c for c in clauses if c)


# Clause terminators as Piper's training saw them (espeak-ng's own punctuation classes,
# Arabic comma/semicolon/question mark included), and which of them end a sentence.
_TERMINATORS = {".": ".", "!": "!", "?": "?", "؟": "?", ",": ",", "،": ",", ":": ":", ";": ";", "؛": ";"}
_SENTENCE_ENDS = frozenset(".!?")


def clause_phonemes(text: str, voice: str = "ar") -> list[tuple[str, str, bool]]:
    """IPA phonemes clause by clause: (phonemes, terminator, ends_sentence).

    The terminator ("." "," "?" "!" ":" ";" or "") is the punctuation that closed the clause,
    as Piper voices expect it after the clause's phonemes. espeak_TextToPhonemes does not
    return it in this library build (no ...WithTerminator), so it is read from the text the
    call consumed: the pointer stops one character past the clause, hence the last
    terminator in the consumed span.
    """
    with _lock:
        state = _init()
        _set_voice(state, voice)
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data, len(data))
        start = ctypes.addressof(buf)
        ptr = ctypes.c_void_p(start)
        clauses = []
        consumed_to = 0
        while ptr.value:
            out = state["lib"].espeak_TextToPhonemes(ctypes.byref(ptr), _CHARS_UTF8, _PHONEMES_IPA)
            end = ptr.value - start if ptr.value else len(data) - 1
            span = data[consumed_to:end].decode("utf-8", "ignore")
            consumed_to = end
            marks = [_TERMINATORS[c] for c in span if c in _TERMINATORS]
            terminator = marks[-1] if marks else ""
            phonemes = out.decode("utf-8").strip() if out else ""
            if phonemes or terminator:
                clauses.append((phonemes, terminator, terminator in _SENTENCE_ENDS))
        return clauses

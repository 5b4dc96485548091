"""sherpa-onnx voices: Piper-family VITS models in sherpa-onnx's own packaging.

Ids:
  sherpa:/path/to/model-dir            a folder as sherpa-onnx publishes its voices
                                       (e.g. vits-piper-ar_JO-kareem-medium/: NAME.onnx, tokens.txt)
  sherpa:/path/to/model-dir/NAME.onnx  the same, naming the model file
  sherpa:vits-piper-ar_JO-kareem-medium  such a folder unpacked in narrator's voices folder

sherpa-onnx is one runtime for many TTS families (Piper/Coqui VITS, Matcha, Kokoro...). Since
2.0 it no longer phonemises by itself: it takes phoneme code points. narrator gives it the
same espeak-ng phonemes it gives a Piper voice (voices/espeak/phonemes.py), so a sherpa voice wants the
same diacritised, pausal text. Only models whose metadata says they were trained on Piper's
phonemes are accepted: for the others narrator has no phonemiser to offer.

sherpa-onnx ends the process (exit -1) on a model whose metadata it cannot read, so the
metadata is checked here first, by reading the ONNX file's metadata_props without loading it.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.errors import VoiceError
from narrator.frontend.profile import TextProfile
from narrator.voices.base import (
    Backend, Option, VoiceInfo, VoiceSpec, file_stat, length_scale_for, number_option, package_version,
)
from narrator.voices.espeak.phonemes import sentence_phonemes
from narrator.voices.known import voices_dir
from narrator.voices.piper import DEFAULT_SCALES, PIPER_AR, SCALES, joined, scales_for, vits_identity

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

PREFIX = "sherpa:"
OPTIONS = {
    **SCALES,
    "speaker": Option("speaker", int, 0),  # below the model's speaker count, checked when it loads
    "threads": Option("threads", int, 1, 256),
}
INSTALL_HINT = "sherpa voices need sherpa-onnx: pip install 'narrator[sherpa]'"
NEEDED = ("sample_rate", "n_speakers", "language", "comment")
"""Metadata keys sherpa-onnx reads without a default (it exits the process without them)."""
MAX_METADATA_BYTES = 1 << 20


def model_files(spec: VoiceSpec) -> tuple[Path, Path]:
    """(model.onnx, tokens.txt) named by the id; one-line VoiceError when they are not there."""
    name = spec.id.removeprefix(PREFIX)
    target = Path(name).expanduser() if "/" in name or name.endswith(".onnx") else voices_dir() / name
    if target.suffix == ".onnx":
        model, folder = target, target.parent
    elif target.is_dir():
        models = sorted(target.glob("*.onnx"))
        if len(models) != 1:
            found = ", ".join(p.name for p in models) or "none"
            raise VoiceError(f"sherpa voice folder {target} must hold one .onnx model (found: {found}); name it in the id")
        model, folder = models[0], target
    else:
        raise VoiceError(f"sherpa voice {target} does not exist (a sherpa-onnx model folder or its .onnx file)")
    if not model.is_file():
        raise VoiceError(f"sherpa voice model {model} does not exist")
    tokens = folder / "tokens.txt"
    if not tokens.is_file():
        raise VoiceError(f"sherpa voice {folder} has no tokens.txt beside {model.name}")
    return model, tokens


def _read_varint(fh) -> int:
    value = shift = 0
    while True:
        byte = fh.read(1)
        if not byte or shift > 63:
            raise ValueError("truncated file")
        value |= (byte[0] & 0x7F) << shift
        shift += 7
        if byte[0] < 0x80:
            return value


def onnx_metadata(path: Path) -> dict[str, str]:
    """ModelProto.metadata_props (field 14) of an ONNX file, skipping the graph unread.

    A hand-written walk over protobuf's wire format: the onnx package is a test-only
    dependency, and onnxruntime would build the whole session just to show the metadata.
    """
    props: dict[str, str] = {}
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        while fh.tell() < size:
            key = _read_varint(fh)
            field, wire = key >> 3, key & 7
            if wire == 0:
                _read_varint(fh)
            elif wire in (1, 5):
                fh.seek(8 if wire == 1 else 4, 1)
            elif wire == 2:
                length = _read_varint(fh)
                if field == 14:
                    if length > MAX_METADATA_BYTES:
                        raise ValueError("metadata entry too large")
                    k, v = _entry(fh.read(length))
                    props[k] = v
                else:
                    fh.seek(length, 1)
            else:
                raise ValueError(f"not protobuf (wire type {wire})")
            if fh.tell() > size:
                raise ValueError("truncated file")
    return props


def _entry(data: bytes) -> tuple[str, str]:
    """StringStringEntryProto: key = 1, value = 2."""
    parts = {1: "", 2: ""}
    fh = io.BytesIO(data)
    while fh.tell() < len(data):
        key = _read_varint(fh)
        if key & 7 != 2:
            raise ValueError("bad metadata entry")
        length = _read_varint(fh)
        parts[key >> 3] = fh.read(length).decode("utf-8", "replace")
    return parts[1], parts[2]


def read_metadata(model: Path) -> dict[str, str]:
    """The model's metadata, checked for what sherpa-onnx and narrator need."""
    try:
        meta = onnx_metadata(model)
    except (OSError, ValueError) as exc:
        raise VoiceError(f"{model} is not an ONNX model sherpa-onnx can read ({exc})") from None
    missing = [k for k in NEEDED if k not in meta]
    if missing:
        raise VoiceError(f"{model} lacks sherpa-onnx metadata {', '.join(missing)}: not a sherpa-onnx TTS model")
    if "piper" not in meta["comment"]:
        raise VoiceError(
            f"{model} is a sherpa-onnx {meta['comment']!r} model; narrator speaks sherpa's Piper-phoneme VITS models only"
        )
    voice = meta.get("voice", "")
    if voice.split("-")[0] != "ar":
        raise VoiceError(f"sherpa voice {model} speaks {voice or meta['language']!r}; narrator speaks Arabic only")
    for key in ("sample_rate", "n_speakers"):
        if not meta[key].strip().isdigit() or int(meta[key]) <= 0:
            raise VoiceError(f"{model}: metadata {key}={meta[key]!r} is not a positive number")
    return meta


class SherpaVoice:
    """One sherpa-onnx OfflineTts, loaded once per process."""

    profile = PIPER_AR

    def __init__(self, spec: VoiceSpec) -> None:
        self.spec, self.id = spec, spec.id
        self._model, self._tokens = model_files(spec)
        meta = read_metadata(self._model)
        self._espeak_voice = meta["voice"]
        self.sample_rate = int(meta["sample_rate"])
        speakers = int(meta["n_speakers"])
        prefix = SherpaBackend.prefix
        self._speaker = number_option(prefix, "speaker", spec.option("speaker", 0), int, 0, max(speakers - 1, 0))
        scales = scales_for(prefix, spec, DEFAULT_SCALES)
        threads = OPTIONS["threads"].value(prefix, spec.option("threads", 1))
        try:
            import sherpa_onnx
        except ImportError:
            raise VoiceError(INSTALL_HINT) from None
        vits = sherpa_onnx.OfflineTtsVitsModelConfig(
            model=str(self._model), lexicon="", tokens=str(self._tokens),
            noise_scale=scales["noise_scale"], noise_scale_w=scales["noise_w"], length_scale=scales["length_scale"],
        )
        config = sherpa_onnx.OfflineTtsConfig(
            model=sherpa_onnx.OfflineTtsModelConfig(vits=vits, num_threads=threads, provider="cpu"),
            max_num_sentences=1,
        )
        if not config.validate():
            raise VoiceError(f"sherpa-onnx refused the voice in {self._model.parent}")
        self._tts = sherpa_onnx.OfflineTts(config)
        self._generation = sherpa_onnx.GenerationConfig
        self._identity = vits_identity("sherpa", [self._model, self._tokens], scales, self._speaker)

    def cache_identity(self) -> str:
        return self._identity

    def synthesise(self, text: str) -> np.ndarray:
        import numpy as np

        pieces = []
        for sentence in sentence_phonemes(text, self._espeak_voice):
            generation = self._generation()
            generation.sid = self._speaker
            generation.phoneme_codepoints = [[ord(p) for p in "".join(sentence)]]
            audio = self._tts.generate("", generation)
            if audio.sample_rate and audio.sample_rate != self.sample_rate:
                raise VoiceError(f"{self.id}: sherpa-onnx returned {audio.sample_rate} Hz, the model says {self.sample_rate}")
            pieces.append(np.asarray(audio.samples, dtype=np.float32))
        return joined(pieces)

    def close(self) -> None:
        """Nothing to release early: the runtime goes with the voice."""


class SherpaBackend(Backend):
    """sherpa-onnx's Piper-family voices; single-threaded per process like Piper's."""

    prefix = "sherpa"
    options = tuple(OPTIONS.values())
    parallel = True
    licence = "per voice"

    def available(self) -> tuple[bool, str]:
        from importlib.util import find_spec

        return (True, "") if find_spec("sherpa_onnx") is not None else (False, INSTALL_HINT)

    def profile(self, spec: VoiceSpec) -> TextProfile:
        model, _ = model_files(spec)
        read_metadata(model)  # refuses non-Arabic or foreign models before any text is made
        return PIPER_AR

    def rate_options(self, rate: float) -> dict[str, object]:
        return length_scale_for(rate)

    def fingerprint(self, spec: VoiceSpec) -> str:
        try:
            model, tokens = model_files(spec)
            files = f"{file_stat(model)}|{file_stat(tokens)}"
        except VoiceError:
            files = "missing"
        return (f"sherpa-onnx {package_version('sherpa-onnx')}|espeakng-loader {package_version('espeakng-loader')}"
                f"|{spec.id}|{files}|{list(spec.options)}")

    def load(self, spec: VoiceSpec) -> SherpaVoice:
        return SherpaVoice(spec)

    def examples(self) -> list[str]:
        return [f"{PREFIX}/path/to/vits-piper-ar_JO-kareem-medium"]

    def listing(self) -> list[VoiceInfo]:
        """Voice folders unpacked in narrator's voices folder, else one line saying how to add one."""
        ok, reason = self.available()
        folder = voices_dir()
        found = sorted(p for p in folder.iterdir() if (p / "tokens.txt").is_file()) if folder.is_dir() else []
        infos = []
        for path in found:
            try:
                read_metadata(model_files(VoiceSpec(f"{PREFIX}{path}"))[0])
                usable, why = ok, reason
            except VoiceError as exc:
                usable, why = False, str(exc)
            infos.append(VoiceInfo(f"{PREFIX}{path.name}", f"sherpa-onnx voice in {folder}", usable, why,
                                   "see the voice's MODEL_CARD"))
        return infos or [VoiceInfo(
            f"{PREFIX}FOLDER", "a sherpa-onnx Piper voice folder (vits-piper-ar_*), unpacked anywhere", False,
            reason or f"none in {folder}: unpack one there, or give its path", "per voice")]

"""Piper voices (VITS, ONNX): onnxruntime directly, phonemes from narrator's own libespeak-ng.

Ids:
  piper:ar_JO-kareem-medium     a voice in the user's voices folder (`narrator voices download`)
  piper:/path/to/voice.onnx     any Piper voice file, its .onnx.json beside it (or option config_path)

A Piper voice is trained on espeak-ng's IPA phonemes of diacritised text, so it wants the
same text as the espeak voice: narrator's front end diacritises, writes numbers as words
and makes pausal forms; this module turns that text into phoneme ids the way Piper does
(clause phonemes + the clause's punctuation, NFD code points, each id followed by the pad
id, BOS first and EOS last) and runs the model sentence by sentence. The piper-tts package
is not needed: its phonemizer is espeak-ng too, and onnxruntime is already installed.

onnxruntime is imported only when a voice is loaded.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.errors import VoiceError
from narrator.frontend.profile import TextProfile
from narrator.voices.base import (
    Backend, Option, VoiceInfo, VoiceSpec, file_digest, file_stat, files_digest, length_scale_for, number_option, package_version,
)
from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.espeak.phonemes import engine_version, sentence_phonemes
from narrator.voices.known import KNOWN, is_installed, voices_dir

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

PREFIX = "piper:"
SCALES = {
    "length_scale": Option("length_scale", float, 0.0, 10.0, above_low=True),
    "noise_scale": Option("noise_scale", float, 0.0, 10.0),
    "noise_w": Option("noise_w", float, 0.0, 10.0),
}
"""The VITS settings a Piper-family voice takes (sherpa.py's too)."""
OPTIONS = {
    "config_path": Option("config_path"),
    **SCALES,
    "speaker": Option("speaker"),  # a name from the voice's speaker_id_map, or a number below its speaker count
    "threads": Option("threads", int, 1, 256),
}
INPUTS = ("input", "input_lengths", "scales")
PAD, BOS, EOS = "_", "^", "$"
DEFAULT_SCALES = {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8}
INSTALL_HINT = "piper voices need onnxruntime: pip install 'narrator[piper]'"

PIPER_AR = replace(ESPEAK_AR, name="piper-ar")
"""Piper reads through espeak-ng's phonemizer, so it wants exactly what espeak wants
(diacritised, pausal forms, punctuation kept for clause breaks, espeak's spelling)."""


def scales_for(prefix: str, spec: VoiceSpec, defaults: dict[str, float]) -> dict[str, object]:
    """The voice's SCALES: the option given, else the default, each checked."""
    return {name: SCALES[name].value(prefix, spec.option(name, default)) for name, default in defaults.items()}


def vits_identity(engine: str, files: list[Path], scales: dict[str, object], speaker: int | None) -> str:
    """The cache identity of a VITS voice spoken from espeak-ng phonemes (Piper's, sherpa's):
    its files, the phonemiser's version and every setting that changes the audio."""
    settings = "|".join(f"{k}={v}" for k, v in sorted(scales.items()))
    return f"{engine}|{files_digest(files)}|espeak-ng {engine_version()}|{settings}|speaker={speaker}"


def joined(pieces: list[np.ndarray]) -> np.ndarray:
    """The sentences' audio as one chunk in [-1, 1] (empty when no sentence had phonemes)."""
    import numpy as np

    if not pieces:
        return np.zeros(0, dtype=np.float32)
    return np.clip(np.concatenate(pieces), -1.0, 1.0)


def model_path(spec: VoiceSpec) -> Path:
    name = spec.id.removeprefix(PREFIX)
    if "/" in name or name.endswith(".onnx"):
        return Path(name).expanduser()
    return voices_dir() / f"{name}.onnx"


def config_path(spec: VoiceSpec) -> Path:
    option = spec.option("config_path")
    return Path(option).expanduser() if option else Path(f"{model_path(spec)}.json")


def _missing(spec: VoiceSpec, path: Path) -> VoiceError:
    name = spec.id.removeprefix(PREFIX)
    if name in KNOWN:
        return VoiceError(
            f"voice {spec.id} is not installed: run `narrator voices download {name}` "
            f"(or put {name}.onnx and {name}.onnx.json in {voices_dir()})"
        )
    return VoiceError(f"Piper voice file {path} does not exist")


def read_config(spec: VoiceSpec) -> dict:
    """The voice's .onnx.json, checked for what narrator needs (one-line VoiceError otherwise)."""
    model, config = model_path(spec), config_path(spec)
    if not model.is_file():
        raise _missing(spec, model)
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VoiceError(f"Piper voice {model} has no {config.name} beside it (or pass config_path)") from None
    except (OSError, ValueError) as exc:
        raise VoiceError(f"cannot read Piper config {config}: {' '.join(str(exc).split())}") from None
    try:
        rate = int(data["audio"]["sample_rate"])
        id_map = data["phoneme_id_map"]
        language = str(data.get("espeak", {}).get("voice", ""))
    except (KeyError, TypeError, ValueError):
        raise VoiceError(f"Piper config {config} lacks audio.sample_rate or phoneme_id_map") from None
    if data.get("phoneme_type", "espeak") != "espeak":
        raise VoiceError(f"Piper voice {model}: phoneme type {data['phoneme_type']!r}; narrator reads espeak voices only")
    if language.split("-")[0] != "ar":
        raise VoiceError(f"Piper voice {model} speaks {language or 'an unknown language'!r}; narrator speaks Arabic only")
    if not isinstance(id_map, dict) or not all(k in id_map for k in (PAD, BOS, EOS)) or rate <= 0:
        raise VoiceError(f"Piper config {config}: phoneme_id_map needs '_', '^' and '$'; sample_rate must be positive")
    return data


class PiperVoice:
    """One Piper ONNX model, loaded once per process."""

    profile = PIPER_AR

    def __init__(self, spec: VoiceSpec) -> None:
        data = read_config(spec)
        self.spec = spec
        self.id = spec.id
        self._model, self._config = model_path(spec), config_path(spec)
        self.sample_rate = int(data["audio"]["sample_rate"])
        self._espeak_voice = str(data["espeak"]["voice"])
        self._id_map: dict[str, list[int]] = {k: list(v) for k, v in data["phoneme_id_map"].items()}
        inference = data.get("inference", {}) or {}
        self._scales = scales_for(PiperBackend.prefix, spec,
                                  {name: inference.get(name, default) for name, default in DEFAULT_SCALES.items()})
        self._speaker = self._speaker_id(spec.option("speaker"), data)
        threads = OPTIONS["threads"].value(PiperBackend.prefix, spec.option("threads", 1))
        self.dropped: dict[str, int] = {}
        """Phonemes the model has no id for, with counts (Piper skips them too)."""

        try:
            import onnxruntime
        except ImportError:
            raise VoiceError(INSTALL_HINT) from None
        options = onnxruntime.SessionOptions()
        # One thread by default: parallelism comes from --jobs worker processes, and a VITS
        # decoder on one core is already several times faster than real time.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Denormal floats slow CPU convolutions several-fold (see coqui.py); they are inaudible.
        options.add_session_config_entry("session.set_denormal_as_zero", "1")
        try:
            self._session = onnxruntime.InferenceSession(
                str(self._model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own types for bad files
            raise VoiceError(f"onnxruntime could not load {self._model}: {' '.join(str(exc).split())[:160]}") from None
        names = {i.name for i in self._session.get_inputs()}
        if not set(INPUTS) <= names:
            raise VoiceError(f"{self._model} is not a Piper voice: inputs {sorted(names)}, expected {list(INPUTS)}")
        self._has_sid = "sid" in names
        self._identity = vits_identity("piper", [self._model, self._config], self._scales, self._speaker)

    @staticmethod
    def _speaker_id(value, data: dict) -> int | None:
        count = int(data.get("num_speakers", 1) or 1)
        if value is None:
            return 0 if count > 1 else None
        names = data.get("speaker_id_map") or {}
        if str(value) in names:
            return int(names[str(value)])
        number = number_option(PiperBackend.prefix, "speaker", value, int, 0, max(count - 1, 0))
        if count <= 1 and number:
            raise VoiceError(f"Piper voice {data.get('dataset', '')} has one speaker; speaker={value} does not exist")
        return number

    def cache_identity(self) -> str:
        return self._identity

    def phonemes(self, text: str) -> list[list[str]]:
        """Text -> phonemes, one list per sentence, as Piper's own phonemizer groups them."""
        return sentence_phonemes(text, self._espeak_voice)

    def phoneme_ids(self, phonemes: list[str]) -> list[int]:
        ids = [*self._id_map[BOS], *self._id_map[PAD]]
        for phoneme in phonemes:
            if phoneme not in self._id_map:
                self.dropped[phoneme] = self.dropped.get(phoneme, 0) + 1
                log.debug("%s: no id for phoneme %r", self.id, phoneme)
                continue
            ids += [*self._id_map[phoneme], *self._id_map[PAD]]
        return ids + self._id_map[EOS]

    def synthesise(self, text: str) -> np.ndarray:
        import numpy as np

        scales = np.array(
            [self._scales["noise_scale"], self._scales["length_scale"], self._scales["noise_w"]], dtype=np.float32
        )
        pieces = []
        for sentence in self.phonemes(text):
            ids = np.array([self.phoneme_ids(sentence)], dtype=np.int64)
            feeds = {"input": ids, "input_lengths": np.array([ids.shape[1]], dtype=np.int64), "scales": scales}
            if self._has_sid:
                feeds["sid"] = np.array([self._speaker or 0], dtype=np.int64)
            pieces.append(np.asarray(self._session.run(None, feeds)[0], dtype=np.float32).reshape(-1))
        return joined(pieces)

    def close(self) -> None:
        """Nothing to release early: the session goes with the voice."""


class PiperBackend(Backend):
    """Piper voices through onnxruntime; small enough to load once per worker process."""

    prefix = "piper"
    options = tuple(OPTIONS.values())
    parallel = True  # ~60 MB and single-threaded per process: --jobs scales it over cores
    licence = "per voice"

    def available(self) -> tuple[bool, str]:
        from importlib.util import find_spec

        return (True, "") if find_spec("onnxruntime") is not None else (False, INSTALL_HINT)

    def profile(self, spec: VoiceSpec) -> TextProfile:
        read_config(spec)  # refuses non-Arabic or broken voices before any text is made
        return PIPER_AR

    def rate_options(self, rate: float) -> dict[str, object]:
        return length_scale_for(rate)

    def fingerprint(self, spec: VoiceSpec) -> str:
        return (
            f"onnxruntime {package_version('onnxruntime')}|espeakng-loader {package_version('espeakng-loader')}"
            f"|{spec.id}|{file_stat(model_path(spec))}|{file_digest(config_path(spec))}|{list(spec.options)}"
        )

    def load(self, spec: VoiceSpec) -> PiperVoice:
        return PiperVoice(spec)

    def examples(self) -> list[str]:
        return [f"{PREFIX}{name}" for name in KNOWN] + [f"{PREFIX}/path/to/voice.onnx"]

    def listing(self) -> list[VoiceInfo]:
        ok, reason = self.available()
        folder = voices_dir()
        infos = []
        for name, known in KNOWN.items():
            installed = is_installed(known, folder)
            why = reason or ("" if installed else f"not downloaded: narrator voices download {name}")
            infos.append(VoiceInfo(known.voice_id, known.description, ok and installed, why, known.licence))
        extra = sorted(p for p in folder.glob("*.onnx") if p.stem not in KNOWN) if folder.is_dir() else []
        for path in extra:
            has_config = Path(f"{path}.json").is_file()
            infos.append(VoiceInfo(
                f"{PREFIX}{path.stem}", f"Piper voice in {folder}", ok and has_config,
                reason or ("" if has_config else f"no {path.name}.json beside it"), "see the voice's model card",
            ))
        return infos

"""Coqui TTS voices (the optional `coqui` extra: coqui-tts, import name TTS, with torch).

torch and TTS are imported only when a CoquiVoice is constructed: importing them costs
seconds and a gigabyte, and espeak users should pay neither.

Ids:
  coqui:tts_models/ara/fairseq/vits   a Coqui model name (Meta's MMS Arabic VITS)
  coqui:xtts_v2                       alias of tts_models/multilingual/multi-dataset/xtts_v2
  coqui:/path/to/model.pth            a local checkpoint; config.json beside it or option config_path

Downloads: narrator never lets Coqui download by surprise. A model name loads only when
its folder already exists (Coqui's own cache: $TTS_HOME/tts/<name with / -> -->, else
$XDG_DATA_HOME/tts/..., else ~/.local/share/tts/...). Only with the option
allow_download=true or NARRATOR_ALLOW_DOWNLOAD=1 does narrator hand a missing model to
Coqui's downloader. XTTS v2 lives in the Hugging Face cache, which narrator cannot check
without the network, so it needs one of those two switches (or a local checkpoint path).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from narrator.errors import VoiceError
from narrator.frontend.profile import ARABIC_LETTERS, TextProfile
from narrator.voices.base import (
    Backend, Option, VoiceInfo, VoiceSpec, file_stat, files_digest, length_scale_for, package_version,
)

if TYPE_CHECKING:
    import numpy as np

PREFIX = "coqui:"
MMS_AR = "tts_models/ara/fairseq/vits"
XTTS_V2 = "tts_models/multilingual/multi-dataset/xtts_v2"
ALIASES = {"xtts_v2": XTTS_V2}
KNOWN_MODELS = {
    MMS_AR: "Meta MMS Arabic VITS (bare letters)",
    XTTS_V2: "Coqui XTTS v2, language ar, needs speaker_wav",
}
LICENCES = {
    MMS_AR: "CC BY-NC 4.0: non-commercial use only",
    XTTS_V2: "Coqui Public Model License: non-commercial use only",
}
OPTIONS = (
    Option("config_path"), Option("device"), Option("threads", int, 1), Option("speaker_wav"), Option("language"),
    Option("allow_download"), Option("dtype"), Option("length_scale"),  # length_scale: checked on the loaded model
)
INSTALL_HINT = "coqui voices need the coqui extra: run scripts/install-coqui.sh"
HARAKAT = frozenset(chr(c) for c in range(0x064B, 0x0653))  # tanween, short vowels, shadda, sukun
XTTS_MAX_CHARS = 166  # XTTS's own limit for Arabic
DEVICES = ("auto", "cpu", "cuda")

BARE_AR = TextProfile(
    name="bare-ar",
    diacritise=False,
    alphabet=ARABIC_LETTERS | {" "},
    punctuation=False,
    # VITS models (MMS) degrade and slow down on long inputs; ~200 chars is 10-15 s of speech.
    max_chars=200,
    latin="arabic",
)
"""MMS-style models: bare Arabic letters and spaces only; the pipeline makes the pauses."""


def extra_installed() -> bool:
    """True when TTS can be imported, checked without importing it (cheap)."""
    from importlib.util import find_spec

    return find_spec("TTS") is not None and find_spec("torch") is not None


def model_name(voice_id: str) -> str:
    name = voice_id.removeprefix(PREFIX)
    return ALIASES.get(name, name)


def is_model_name(name: str) -> bool:
    return name.startswith("tts_models/")


def models_dir() -> Path:
    """Coqui's model cache, computed as Coqui's get_user_data_dir("tts") does."""
    if (home := os.environ.get("TTS_HOME")) is not None:
        base = Path(home).expanduser().resolve(strict=False)
    elif (xdg := os.environ.get("XDG_DATA_HOME")) is not None:
        base = Path(xdg).expanduser().resolve(strict=False)
    else:
        base = Path.home() / ".local" / "share"
    return base / "tts"


def model_folder(name: str) -> Path:
    return models_dir() / name.replace("/", "--")


def downloads_allowed(option) -> bool:
    if option is not None:
        return str(option).lower() in ("1", "true", "yes")
    return os.environ.get("NARRATOR_ALLOW_DOWNLOAD", "") == "1"


def _import_coqui():
    try:
        import torch
        from TTS.api import TTS
    except Exception:  # ImportError, or torchaudio failing to load its CUDA libraries
        raise VoiceError(INSTALL_HINT) from None
    return torch, TTS


def profile_for(characters: set[str], *, punctuation: bool, name: str) -> TextProfile:
    """BARE_AR for bare-letter models (MMS); a diacritised profile when the model knows harakat."""
    if not characters & HARAKAT:
        return BARE_AR
    return TextProfile(
        name=f"{name}-diacritised",
        diacritise=True,
        alphabet=frozenset((characters & (ARABIC_LETTERS | HARAKAT)) | {" "}),
        punctuation=punctuation,
        max_chars=BARE_AR.max_chars,
        latin="arabic",
    )


XTTS_PROFILE = TextProfile(
    name="xtts-ar", diacritise=False, alphabet=None, punctuation=True, max_chars=XTTS_MAX_CHARS, latin="keep"
)


def profile_without_loading(name: str, config_path=None) -> TextProfile:
    """The profile CoquiVoice will declare, read from config.json alone (no torch import)."""
    if name == XTTS_V2:
        return XTTS_PROFILE
    if is_model_name(name):
        return BARE_AR  # MMS: bare letters
    import json

    checkpoint = Path(name).expanduser()
    config = Path(config_path).expanduser() if config_path else checkpoint.parent / "config.json"
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VoiceError(f"cannot read Coqui config {config}: {exc}") from None
    if data.get("model") == "xtts":
        return XTTS_PROFILE
    chars = data.get("characters") or {}
    characters = set(chars.get("characters") or "")
    punctuation = set(chars.get("punctuations") or "")
    return profile_for(characters | punctuation, punctuation=bool(set(".،؟,?") & punctuation), name="coqui")


class CoquiVoice:
    """A Coqui model loaded once per process; synthesis returns Coqui's float samples as they are."""

    def __init__(
        self,
        voice_id: str,
        *,
        config_path=None,
        device: str = "auto",
        threads=None,
        speaker_wav=None,
        language=None,
        allow_download=None,
        dtype=None,
        length_scale=None,
    ) -> None:
        name = model_name(voice_id)
        self.id = PREFIX + name
        given = {"config_path": config_path, "device": device, "threads": threads, "speaker_wav": speaker_wav,
                 "language": language, "allow_download": allow_download, "dtype": dtype,
                 "length_scale": length_scale}
        self.spec = VoiceSpec(self.id, tuple(sorted((k, v) for k, v in given.items() if v is not None)))
        if device not in DEVICES:
            raise VoiceError(f"coqui option device={device!r} must be one of {', '.join(DEVICES)}")
        torch, TTS = _import_coqui()
        if threads is not None:
            try:
                torch.set_num_threads(int(threads))
            except (TypeError, ValueError):
                raise VoiceError(f"coqui option threads must be a whole number, not {threads!r}") from None
        # Denormal floats make CPU convolutions several times slower (measured: RTF 1.4 -> 0.3 on
        # an MMS-sized VITS); values that small are inaudible, so flush them to zero.
        torch.set_flush_denormal(True)
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = device
        from narrator.batching import check_dtype

        self.dtype = check_dtype(dtype, device)  # bf16/fp16 on cuda only, refused on cpu in one line
        self._speaker_wav = str(Path(speaker_wav).expanduser()) if speaker_wav else None
        if self._speaker_wav and not Path(self._speaker_wav).is_file():
            raise VoiceError(f"coqui option speaker_wav: no such file {self._speaker_wav}")

        if is_model_name(name):
            folder = model_folder(name)
            if (name == XTTS_V2 or not folder.is_dir()) and not downloads_allowed(allow_download):
                if name == XTTS_V2:
                    raise VoiceError(
                        f"{name} comes from the Hugging Face cache: allow a download "
                        "(NARRATOR_ALLOW_DOWNLOAD=1) or use coqui:/path/to/its/model.pth"
                    )
                raise VoiceError(
                    f"Coqui model {name} is not downloaded: put its files in {folder} "
                    "(or allow a download with NARRATOR_ALLOW_DOWNLOAD=1)"
                )
            self._tts = self._load(TTS, model_name=name, progress_bar=False)
            source = Path(self._tts.synthesizer.tts_checkpoint)
            source = source if source.is_dir() else source.parent
            weights = [p for p in source.rglob("*") if p.is_file()]
        else:
            checkpoint = Path(name).expanduser()
            if not checkpoint.is_file():
                raise VoiceError(f"Coqui checkpoint {checkpoint} does not exist")
            config = Path(config_path).expanduser() if config_path else checkpoint.parent / "config.json"
            if not config.is_file():
                raise VoiceError(f"Coqui checkpoint {checkpoint} has no config.json beside it (or pass config_path)")
            self._tts = self._load(TTS, model_path=str(checkpoint), config_path=str(config), progress_bar=False)
            weights = [checkpoint, config]
        self._tts.to(device)
        self._torch = torch

        synthesizer = self._tts.synthesizer
        self.sample_rate = int(synthesizer.output_sample_rate)
        model = synthesizer.tts_model
        self._xtts = type(model).__name__ == "Xtts"
        if self._xtts:
            if not self._speaker_wav:
                raise VoiceError(f"{name} clones a voice: pass the option speaker_wav=/path/to/voice.wav")
            self._language = language or "ar"
            self.profile = XTTS_PROFILE
        else:
            self._language = language if self._tts.is_multi_lingual else None
            characters = model.tokenizer.characters
            vocab = set(characters.vocab)
            self.profile = profile_for(
                vocab, punctuation=bool(set(".،؟,?") & vocab), name="coqui"
            )
        settings = f"speaker_wav={self._speaker_wav and files_digest([Path(self._speaker_wav)])}|language={self._language}"
        # float32 adds nothing, so caches made before dtype existed stay valid.
        settings += "" if self.dtype == "float32" else f"|dtype={self.dtype}"
        settings += self._set_length_scale(model, length_scale)
        self._identity = f"coqui|{files_digest(weights)}|{settings}|device={'cpu' if device == 'cpu' else 'gpu'}"
        # Batching mirrors single-speaker VITS inference (narrator.batching); others speak one by one.
        # (Not with encoder_sample_rate: its interpolation of z would blend neighbours' padding.)
        self.batches = (type(model).__name__ == "Vits" and not self._tts.is_multi_speaker
                        and not self._tts.is_multi_lingual and not model.args.encoder_sample_rate)
        if self.dtype != "float32" and not self.batches:  # reduced precision runs through the batched path
            raise VoiceError(f"dtype {self.dtype} is for single-speaker VITS voices, not {name}")

    @staticmethod
    def _set_length_scale(model, value) -> str:
        """VITS speaks 1/length_scale times faster; "" (caches made before the option stay valid) when unset."""
        if value is None:
            return ""
        try:
            scale = float(value)
        except (TypeError, ValueError):
            raise VoiceError(f"coqui option length_scale must be a number, not {value!r}") from None
        if not 0 < scale <= 4 or not hasattr(model, "length_scale"):
            raise VoiceError(f"coqui option length_scale={value!r}: a number in (0, 4], for VITS voices only")
        model.length_scale = scale
        return f"|length_scale={scale}"

    @staticmethod
    def _load(TTS, **kwargs):
        try:
            return TTS(**kwargs)
        except VoiceError:
            raise
        except Exception as exc:  # Coqui raises many kinds; the user needs the gist on one line
            what = kwargs.get("model_path") or kwargs.get("model_name")
            message = " ".join(str(exc).split())[:200]
            raise VoiceError(f"Coqui could not load {what}: {type(exc).__name__}: {message}") from None

    def cache_identity(self) -> str:
        return self._identity

    def synthesise(self, text: str) -> np.ndarray:
        import numpy as np
        from TTS.utils.synthesizer import PAD_SILENCE_SAMPLES

        # VITS samples noise: a fixed seed makes one text give one waveform, run after run.
        self._torch.manual_seed(0)
        kwargs = {}
        if self._xtts or self._language:
            kwargs["language"] = self._language
        if self._speaker_wav:
            kwargs["speaker_wav"] = self._speaker_wav
        if self.dtype != "float32":  # reduced precision goes through the batched path, batch of one
            return self.synthesise_batch([text])[0]
        with self._torch.inference_mode():
            wav = self._tts.tts(text, split_sentences=False, **kwargs)
        samples = np.asarray(wav, dtype=np.float32)
        # Synthesizer.tts pads every sentence with PAD_SILENCE_SAMPLES zeros; pauses are ours to make.
        if len(samples) >= PAD_SILENCE_SAMPLES and not samples[-PAD_SILENCE_SAMPLES:].any():
            samples = samples[:-PAD_SILENCE_SAMPLES]
        return np.clip(samples, -1.0, 1.0)

    def synthesise_batch(self, texts: list[str]) -> list[np.ndarray]:
        """Several chunks in one forward pass; each as `synthesise` would give it (see batching.py)."""
        import numpy as np

        from narrator.batching import vits_batch

        if not self.batches:
            raise VoiceError(f"{self.id} cannot synthesise in batches (only single-speaker VITS can)")
        synthesizer = self._tts.synthesizer
        model = synthesizer.tts_model
        # The language Coqui's own synthesize() hands the tokenizer for a one-language model.
        manager = getattr(model, "language_manager", None)
        language = manager.language_names[0] if manager is not None and manager.num_languages == 1 else None
        ids = [model.tokenizer.text_to_ids(text, language=language) for text in texts]
        trim = synthesizer.tts_config.audio.get("do_trim_silence")
        out = []
        for wav in vits_batch(model, ids, seed=0, dtype=self.dtype):
            wav = wav.numpy()
            if trim:  # as Synthesizer.tts does after every sentence
                wav = wav[: model.ap.find_endpoint(wav)]
            out.append(np.clip(np.asarray(wav, dtype=np.float32), -1.0, 1.0))
        return out

    def close(self) -> None:
        """Give cached GPU memory back; the model stays usable (voices are shared per process)."""
        if self.device == "cuda":
            self._torch.cuda.empty_cache()


class CoquiBackend(Backend):
    """Coqui TTS models (torch): one process only, the model is large and threads itself."""

    prefix = "coqui"
    options = OPTIONS
    parallel = False  # a gigabyte per process and its own torch threads: --jobs is ignored
    batches = True  # single-speaker VITS (MMS): several chunks per forward pass, see batching.py
    licence = "per model"

    def available(self) -> tuple[bool, str]:
        return (True, "") if extra_installed() else (False, INSTALL_HINT)

    def profile(self, spec: VoiceSpec) -> TextProfile:
        return profile_without_loading(model_name(spec.id), spec.option("config_path"))

    def rate_options(self, rate: float) -> dict[str, object]:
        return length_scale_for(rate)

    def fingerprint(self, spec: VoiceSpec) -> str:
        name = model_name(spec.id)
        stat = "" if is_model_name(name) else file_stat(Path(name).expanduser())
        config = spec.option("config_path")
        if config:
            stat += "|" + file_stat(Path(config).expanduser())
        return f"coqui-tts {package_version('coqui-tts')}|{name}|{stat}|{list(spec.options)}"

    def load(self, spec: VoiceSpec) -> CoquiVoice:
        return CoquiVoice(spec.id, **dict(spec.options))  # type: ignore[arg-type]  # checked: check_options

    def examples(self) -> list[str]:
        return [info.id for info in self.listing()] + ["coqui:/path/to/model.pth"] + [f"coqui:{a}" for a in ALIASES]

    def listing(self) -> list[VoiceInfo]:
        infos = []
        extra = extra_installed()
        for name, description in KNOWN_MODELS.items():
            if not extra:
                ok, reason = False, INSTALL_HINT
            elif name == XTTS_V2:
                ok = downloads_allowed(None)
                reason = "" if ok else "kept in the Hugging Face cache: set NARRATOR_ALLOW_DOWNLOAD=1 or use a local path"
            else:
                folder = model_folder(name)
                ok = folder.is_dir() or downloads_allowed(None)
                reason = "" if ok else f"model not downloaded: fill {folder} (or NARRATOR_ALLOW_DOWNLOAD=1)"
            infos.append(VoiceInfo(PREFIX + name, description, ok, reason, LICENCES[name]))
        return infos

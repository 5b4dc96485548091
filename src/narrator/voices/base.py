"""The one small interface every voice implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from narrator.frontend.profile import TextProfile

if TYPE_CHECKING:  # numpy only for the annotation: the CLI and up-to-date builds never load it
    import numpy as np


@dataclass(frozen=True, slots=True)
class VoiceSpec:
    """How to construct a voice: picklable, so worker processes can build their own."""

    id: str
    """e.g. "espeak:ar", "coqui:tts_models/ara/fairseq/vits", "coqui:/path/model.pth"."""
    options: tuple[tuple[str, object], ...] = ()
    """Voice settings (rate, pitch, variant, device, threads, config_path...) as sorted pairs."""

    def option(self, name: str, default=None):
        return dict(self.options).get(name, default)


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    """One line of `narrator voices`."""

    id: str
    description: str
    available: bool
    reason: str = ""
    """Why it cannot run now (missing extra, model not downloaded...)."""


@runtime_checkable
class Voice(Protocol):
    id: str
    sample_rate: int
    profile: TextProfile

    def cache_identity(self) -> str:
        """Model checksum + settings: anything that changes the audio changes this."""

    def synthesise(self, text: str) -> np.ndarray:
        """One chunk of text (already rendered for `profile`) -> mono float32 samples in [-1, 1]."""

    def close(self) -> None: ...

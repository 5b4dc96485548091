"""The small interfaces every voice and every voice backend implement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from narrator.errors import VoiceError
from narrator.fingerprint import file_digest, file_sha256, file_stat, files_digest, package_version
from narrator.frontend.profile import TextProfile

if TYPE_CHECKING:  # numpy only for the annotation: the CLI and up-to-date builds never load it
    import numpy as np


@dataclass(frozen=True, slots=True)
class VoiceSpec:
    """How to construct a voice: picklable, so worker processes can build their own."""

    id: str
    """e.g. "espeak:ar", "coqui:tts_models/ara/fairseq/vits", "piper:ar_JO-kareem-medium"."""
    options: tuple[tuple[str, object], ...] = ()
    """Voice settings (rate, pitch, variant, device, threads, length_scale...) as sorted pairs."""

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
    licence: str = ""
    """The voice's licence terms, as a user must know them (e.g. "CC BY-NC 4.0, non-commercial")."""


def number_option(backend: str, name: str, given: object, kind: type = float, low=None, high=None,
                  above_low: bool = False):
    """`given` (a number, or its text from the command line) as `kind`, within low..high; a
    one-line VoiceError naming the backend's option otherwise."""
    try:
        number = kind(given)
    except (TypeError, ValueError):
        what = "a whole number" if kind is int else "a number"
        raise VoiceError(f"{backend} option {name} must be {what}, not {given!r}") from None
    if above_low and low is not None and not number > low:
        raise VoiceError(f"{backend} option {name} must be above {low}")
    if (low is not None and number < low) or (high is not None and number > high):
        raise VoiceError(f"{backend} option {name}={number} is outside {low}..{high}")
    return number


def length_scale_for(rate: float) -> dict[str, object]:
    """A VITS voice's rate_options: durations scale with length_scale, so 1/rate of the time
    is `rate` times the speed."""
    return {"length_scale": round(1.0 / rate, 3)}


@dataclass(frozen=True, slots=True)
class Option:
    """One setting a backend accepts, declared once on the backend: its name and, for a
    number, its kind and bounds. `Backend.check_options` checks every given value with it,
    so a bad value is refused in one line naming the backend, before any model is loaded."""

    name: str
    kind: type | None = None
    """int or float for a number (its text from the command line is converted); None: any value."""
    low: float | None = None
    high: float | None = None
    above_low: bool = False
    """The value must be strictly above `low` (a length scale of 0 is no speed at all)."""

    def value(self, backend: str, given: object) -> object:
        """`given` checked and converted (None stays None: the voice's default)."""
        if given is None or self.kind is None:
            return given
        return number_option(backend, self.name, given, self.kind, self.low, self.high, self.above_low)


@runtime_checkable
class Voice(Protocol):
    id: str
    sample_rate: int
    profile: TextProfile
    spec: VoiceSpec
    """What a worker process needs to build the same voice."""

    def cache_identity(self) -> str:
        """Model checksum + settings: anything that changes the audio changes this."""

    def synthesise(self, text: str) -> np.ndarray:
        """One chunk of text (already rendered for `profile`) -> mono float32 samples in [-1, 1]."""

    def close(self) -> None: ...


class Backend:
    """One voice engine: everything narrator needs to know about it, in one class.

    Subclass it, set `prefix` (ids look like "prefix:name"), and register an instance
    with `narrator.voices.registry.register`. Only `load` may import heavy packages;
    every other method must stay cheap (an up-to-date build calls `fingerprint`,
    `narrator voices` calls `available` and `listing`).
    """

    prefix: ClassVar[str] = ""
    options: ClassVar[tuple[Option | str, ...]] = ()
    """The options the voice accepts, each declared once (a plain name: any value); others are
    refused with a one-line VoiceError."""
    parallel: ClassVar[bool] = False
    """True when chunks may be spoken by several worker processes, each loading its own voice."""
    batches: ClassVar[bool] = False
    """True when its voices may offer `synthesise_batch(texts) -> list[np.ndarray]` (one forward
    pass for several chunks); a loaded voice says whether it does with its `batches` attribute."""
    licence: ClassVar[str] = ""

    def available(self) -> tuple[bool, str]:
        """(True, "") when voices of this backend can run here; else (False, why)."""
        return True, ""

    def profile(self, spec: VoiceSpec) -> TextProfile:
        """The text the voice wants, found without loading the model."""
        raise NotImplementedError

    def fingerprint(self, spec: VoiceSpec) -> str:
        """Cheap identity of the voice for the build key: model file sizes or hashes, the versions
        of the packages it runs on (narrator.fingerprint has the helpers). The build key is the
        front end's fingerprint (narrator.frontend.fingerprint) plus this."""
        return f"{spec.id}|{list(spec.options)}"

    def load(self, spec: VoiceSpec) -> Voice:
        raise NotImplementedError

    def listing(self) -> list[VoiceInfo]:
        """Lines for `narrator voices`."""
        return []

    def examples(self) -> list[str]:
        """Ids to suggest when a voice id is unknown."""
        return [info.id for info in self.listing()]

    def rate_options(self, rate: float) -> dict[str, object]:
        """The voice's own options that make it speak `rate` times its normal speed
        (podcast.toml `rate`); {} when the engine has no such control."""
        return {}

    def declared(self) -> dict[str, Option]:
        """The accepted options by name."""
        return {o.name: o for o in (Option(o) if isinstance(o, str) else o for o in self.options)}

    def check_options(self, spec: VoiceSpec) -> None:
        """Refuse an unknown option or a value its declaration does not allow (one-line VoiceError)."""
        declared = self.declared()
        unknown = sorted({name for name, _ in spec.options} - set(declared))
        if unknown:
            accepted = ", ".join(declared) or "none"
            raise VoiceError(f"voice {spec.id} has no option {unknown[0]!r}; options: {accepted}")
        for name, given in spec.options:
            declared[name].value(self.prefix, given)


__all__ = [
    "Backend", "Option", "Voice", "VoiceInfo", "VoiceSpec", "file_digest", "file_sha256", "file_stat", "files_digest",
    "length_scale_for", "number_option", "package_version",
]

"""A voice backend for executor tests: espeak, except that the process speaking with it dies
(os._exit, as a killed worker does) on its first chunk, once per marker file.

Registered in the test process and, through Ray's worker_process_setup_hook, in every Ray
worker: `register()`.
"""

from __future__ import annotations

import os
from pathlib import Path

from narrator.voices import VoiceSpec, register
from narrator.voices.base import Backend
from narrator.voices.espeak import EspeakBackend


class _CrashOnce:
    def __init__(self, voice, marker: Path) -> None:
        self._voice, self._marker = voice, marker
        self.id, self.sample_rate, self.profile, self.spec = "crashonce:ar", voice.sample_rate, voice.profile, voice.spec

    def cache_identity(self) -> str:
        return self._voice.cache_identity()

    def synthesise(self, text: str):
        try:
            fd = os.open(self._marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # the first caller only
        except FileExistsError:
            with open(self._marker.with_suffix(".spoken"), "a") as fh:
                fh.write(f"{os.getpid()}\n")
            return self._voice.synthesise(text)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(1)  # no cleanup, no exception: the worker is simply gone

    def close(self) -> None:
        self._voice.close()


class CrashOnceBackend(Backend):
    prefix = "crashonce"
    options = ("marker",)

    def profile(self, spec: VoiceSpec):
        return EspeakBackend().profile(VoiceSpec("espeak:ar"))

    def load(self, spec: VoiceSpec):
        return _CrashOnce(EspeakBackend().load(VoiceSpec("espeak:ar")), Path(spec.option("marker")))


def register_backend() -> None:
    register(CrashOnceBackend())

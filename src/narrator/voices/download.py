"""`narrator voices download NAME`: fetch a known voice into the user's voices folder, verified.

Every file is streamed into a temporary file beside its target while its sha256 is
computed; only when every file of the voice has arrived whole, with the size and hash
narrator's list pins, are they renamed into place. Anything else (offline, HTTP error,
truncated transfer, more bytes than the pinned size, wrong hash, unwritable folder, the
deadline, Ctrl-C) removes the temporary files and ends in one line saying which file to put
where by hand. A server that sends no Content-Length is cut off one block past the pinned
size, not read to its end; the whole voice is held to one deadline.

$NARRATOR_VOICES_MIRROR, when set, replaces the host: a file is fetched from
MIRROR/<file name> (for a local copy, a proxy, or the tests' server on 127.0.0.1).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import httpx

from narrator import __version__
from narrator.errors import VoiceError
from narrator.web.deadline import Deadline, Expired, get
from narrator.fingerprint import file_sha256
from narrator.voices.known import KNOWN, KnownFile, KnownVoice, voices_dir

Progress = Callable[[str, int, int | None], None]
"""progress(file name, bytes so far, bytes expected or None)."""

BLOCK = 1 << 16
TIMEOUT_S = 30.0
"""Per network step (connect, each read)."""
DEADLINE_S = 1800.0
"""The whole voice, every file and redirect: the largest known voice (63 MB) at 35 KB/s."""
MAX_REDIRECTS = 10
UNPINNED_MAX_BYTES = 1 << 30
"""A file whose size narrator's list does not pin (--unverified) is cut off here."""


@dataclass(frozen=True, slots=True)
class Downloaded:
    voice: KnownVoice
    paths: tuple[Path, ...]
    sha256: tuple[str, ...]
    verified: bool
    """False only for a voice whose hashes narrator's list does not pin (--unverified)."""
    already: bool = False
    """Every file was in place and verified: nothing was fetched."""


def url_for(file: KnownFile) -> str:
    mirror = os.environ.get("NARRATOR_VOICES_MIRROR")
    return f"{mirror.rstrip('/')}/{file.name}" if mirror else file.url


def _by_hand(voice: KnownVoice, folder: Path) -> str:
    files = ", ".join(url_for(f) for f in voice.files)
    return f"download {files} yourself and put {'them' if len(voice.files) > 1 else 'it'} in {folder}"


def _file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _matches(file: KnownFile, path: Path) -> bool:
    """The file on disk has the pinned size and digest (sha256 preferred, else md5)."""
    if not (file.pinned and path.is_file()):
        return False
    if file.size is not None and path.stat().st_size != file.size:
        return False
    return file_sha256(path) == file.sha256 if file.sha256 else _file_md5(path) == file.md5


def _verified_in_place(voice: KnownVoice, folder: Path) -> bool:
    return all(_matches(f, folder / f.name) for f in voice.files)


def download_voice(
    name: str,
    *,
    progress: Progress | None = None,
    allow_unverified: bool = False,
    folder: Path | None = None,
    known: dict[str, KnownVoice] | None = None,
    deadline: float = DEADLINE_S,
) -> Downloaded:
    """Fetch the known voice `name` into `folder` (default: voices_dir()), verified, all of it
    within `deadline` seconds."""
    catalogue = KNOWN if known is None else known
    voice = catalogue.get(name.removeprefix("piper:"))
    if voice is None:
        raise VoiceError(f"no known voice {name!r} to download; known: {', '.join(catalogue)}")
    folder = Path(folder) if folder else voices_dir()
    if not voice.pinned and not allow_unverified:
        raise VoiceError(
            f"narrator's voice list pins no digest for {voice.name} yet, so a download cannot be verified: "
            f"{_by_hand(voice, folder)}, or run again with --unverified"
        )
    if voice.pinned and _verified_in_place(voice, folder):
        return Downloaded(voice, tuple(folder / f.name for f in voice.files),
                          tuple(f.sha256 or "" for f in voice.files), True, already=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VoiceError(f"cannot create {folder}: {exc.strerror or exc}; {_by_hand(voice, folder)}") from None

    temps: list[Path] = []
    clock = Deadline(deadline)
    try:
        digests = []
        for f in voice.files:
            tmp, digest = _fetch(f, folder, voice, progress, clock)
            temps.append(tmp)
            digests.append(digest)
        for f, tmp in zip(voice.files, temps, strict=True):
            os.replace(tmp, folder / f.name)
        temps.clear()
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return Downloaded(voice, tuple(folder / f.name for f in voice.files), tuple(digests), voice.pinned)


def _fetch(file: KnownFile, folder: Path, voice: KnownVoice, progress: Progress | None,
           clock: Deadline) -> tuple[Path, str]:
    """One file into a temporary file in `folder`; returns (temp path, sha256). Removes it on failure."""
    url = url_for(file)
    target = folder / file.name
    by_hand = f"download {url} yourself and put it at {target}"
    try:
        fd, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise VoiceError(f"cannot write to {folder}: {exc.strerror or exc}; {by_hand}") from None
    tmp = Path(name)
    limit = file.size if file.size is not None else UNPINNED_MAX_BYTES
    headers = {"User-Agent": f"narrator/{__version__}", "Accept-Encoding": "identity"}
    try:
        digest = hashlib.sha256()
        md5 = hashlib.md5(usedforsecurity=False)
        received = 0
        with os.fdopen(fd, "wb") as out, httpx.Client(headers=headers, timeout=TIMEOUT_S) as client, \
                get(client, url, clock, timeout=TIMEOUT_S, max_redirects=MAX_REDIRECTS) as response:
            if response.status_code >= 400:
                raise VoiceError(f"{url}: HTTP {response.status_code} {response.reason_phrase}; {by_hand}")
            length = response.headers.get("Content-Length")
            declared = int(length) if length and length.isdigit() else None
            expected = file.size if file.size is not None else declared
            if file.size is not None and declared is not None and declared != file.size:
                raise VoiceError(f"{url} is {declared:,} bytes, narrator's list says {file.size:,}: refused; {by_hand}")
            try:
                for block in response.iter_raw():  # as they arrive (a chunk_size would hold back a tail)
                    if received + len(block) > limit:  # never written: the file stops at `limit`
                        whose = "narrator's list pins" if file.size is not None else "narrator accepts for an unpinned file"
                        raise VoiceError(f"{url}: the server sent more than the {limit:,} bytes {whose}; "
                                         f"stopped and removed the partial file; {by_hand}")
                    out.write(block)
                    digest.update(block)
                    md5.update(block)
                    received += len(block)
                    if progress:
                        progress(file.name, received, expected)
            except (httpx.RemoteProtocolError, httpx.ReadError):
                if clock.expired:
                    raise
                # The server closed early: said below, from the bytes that did arrive.
            out.flush()
            os.fsync(out.fileno())
        if expected is not None and received != expected:
            raise VoiceError(
                f"{url}: transfer ended after {received:,} of {expected:,} bytes; removed the partial file; {by_hand}"
            )
        sha = digest.hexdigest()
        if file.sha256 and sha != file.sha256:
            raise VoiceError(
                f"{url}: sha256 {sha[:16]}... differs from narrator's list ({file.sha256[:16]}...): refused and removed; {by_hand}"
            )
        if not file.sha256 and file.md5 and md5.hexdigest() != file.md5:
            raise VoiceError(
                f"{url}: md5 {md5.hexdigest()[:16]}... differs from narrator's list ({file.md5[:16]}...): refused and removed; {by_hand}"
            )
        return tmp, sha
    except Expired:
        tmp.unlink(missing_ok=True)
        raise VoiceError(f"{url}: the voice did not arrive within {clock.seconds:g} s; removed the partial file; "
                         f"{by_hand}") from None
    except httpx.ConnectError as exc:
        tmp.unlink(missing_ok=True)
        raise VoiceError(f"cannot reach {url} ({exc or 'refused'}); offline? {_by_hand(voice, folder)}") from None
    except httpx.HTTPError as exc:  # a timeout, too many redirects, a broken answer
        tmp.unlink(missing_ok=True)
        raise VoiceError(f"{url}: download failed ({type(exc).__name__}: {exc}); {by_hand}") from None
    except OSError as exc:  # disk full, folder made read-only mid-way
        tmp.unlink(missing_ok=True)
        raise VoiceError(f"cannot write {tmp}: {exc.strerror or exc}; {by_hand}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

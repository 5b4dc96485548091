"""`narrator voices download`: real HTTP from a server on 127.0.0.1, real files, nothing half-written."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import run_narrator
from narrator.errors import VoiceError
from narrator.voices.download import download_voice
from narrator.voices.known import KnownFile, KnownVoice


class Files(BaseHTTPRequestHandler):
    """Serves `routes`: name -> (body, how), how in {"ok", "truncate", "no-length", "trickle"};
    anything else is a 404. `sent` records the bytes of body each answer got out."""

    routes: dict[str, tuple[bytes, str]] = {}
    sent: dict[str, int] = {}

    def do_GET(self):
        body, how = self.routes.get(self.path.lstrip("/"), (b"", "missing"))
        if how == "missing":
            self.send_error(404, "Not Found")
            return
        if how in ("no-length", "trickle"):
            return self._stream(body, how)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # A truncated transfer: the length promised, then half the bytes and a closed connection.
        self.wfile.write(body[: len(body) // 2] if how == "truncate" else body)
        self.close_connection = True

    def _stream(self, body: bytes, how: str) -> None:
        """No Content-Length: the body ends when the server closes. "trickle" sends the status
        line and headers too, a byte every 20 ms, slow but never stalled."""
        self.close_connection = True
        sent = 0
        try:
            if how == "trickle":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.02)
            else:
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
            for start in range(0, len(body), 1 << 16):
                self.wfile.write(body[start:start + (1 << 16)])
                sent = min(start + (1 << 16), len(body))
        except OSError:
            pass  # the client hung up: what the size-cap test wants
        finally:
            Files.sent[self.path.lstrip("/")] = sent

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Files.routes = {}
    Files.sent = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Files.routes, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


MODEL = bytes(range(256)) * 400  # 100 KiB stands in for a voice file
CONFIG = b'{"audio": {"sample_rate": 16000}}'


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def voice(base: str, model_sha: str | None = sha(MODEL), size: int | None = len(MODEL)) -> dict[str, KnownVoice]:
    files = (
        KnownFile("v.onnx", f"{base}/v.onnx", size, model_sha),
        KnownFile("v.onnx.json", f"{base}/v.onnx.json", len(CONFIG), sha(CONFIG) if model_sha else None),
    )
    return {"v": KnownVoice("v", "piper:v", "test voice", "test licence", files)}


def left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def one_line(info) -> str:
    message = str(info.value)
    assert "\n" not in message
    return message


def test_good_hash_installs_every_file(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "ok"), "v.onnx.json": (CONFIG, "ok")})
    seen = []
    result = download_voice("v", folder=tmp_path, known=voice(base), progress=lambda *a: seen.append(a))
    assert result.verified and not result.already
    assert (tmp_path / "v.onnx").read_bytes() == MODEL and (tmp_path / "v.onnx.json").read_bytes() == CONFIG
    assert left_in(tmp_path) == ["v.onnx", "v.onnx.json"]  # no temporary files left
    assert seen[-1] == ("v.onnx.json", len(CONFIG), len(CONFIG)) and ("v.onnx", len(MODEL), len(MODEL)) in seen
    again = download_voice("v", folder=tmp_path, known=voice(base))
    assert again.already  # verified in place: nothing fetched


def test_wrong_hash_is_refused_and_removed(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL[:-1] + b"x", "ok"), "v.onnx.json": (CONFIG, "ok")})
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path, known=voice(base))
    message = one_line(info)
    assert "sha256" in message and "refused and removed" in message and str(tmp_path / "v.onnx") in message
    assert left_in(tmp_path) == []


def test_a_bad_existing_file_is_replaced_only_by_a_verified_one(server, tmp_path):
    routes, base = server
    (tmp_path / "v.onnx").write_bytes(b"old, corrupt")
    routes.update({"v.onnx": (MODEL[:-1] + b"x", "ok"), "v.onnx.json": (CONFIG, "ok")})
    with pytest.raises(VoiceError):
        download_voice("v", folder=tmp_path, known=voice(base))
    assert left_in(tmp_path) == ["v.onnx"] and (tmp_path / "v.onnx").read_bytes() == b"old, corrupt"
    routes["v.onnx"] = (MODEL, "ok")
    download_voice("v", folder=tmp_path, known=voice(base))
    assert (tmp_path / "v.onnx").read_bytes() == MODEL


def test_404_names_the_url_and_where_to_put_the_file(server, tmp_path):
    routes, base = server
    routes["v.onnx"] = (MODEL, "ok")  # the second file is missing: the first must not stay either
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path, known=voice(base))
    message = one_line(info)
    assert "HTTP 404" in message and f"{base}/v.onnx.json" in message and str(tmp_path / "v.onnx.json") in message
    assert left_in(tmp_path) == []


@pytest.mark.parametrize("size", [len(MODEL), None])
def test_truncated_transfer_leaves_nothing(server, tmp_path, size):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "truncate"), "v.onnx.json": (CONFIG, "ok")})
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path, known=voice(base, size=size))
    message = one_line(info)
    assert f"after {len(MODEL) // 2:,} of {len(MODEL):,} bytes" in message
    assert left_in(tmp_path) == []


def test_no_content_length_is_cut_one_block_past_the_pinned_size(server, tmp_path):
    routes, base = server
    endless = MODEL * 200  # 20 MB for a file pinned at 100 KiB, with no Content-Length to refuse early
    routes.update({"v.onnx": (endless, "no-length"), "v.onnx.json": (CONFIG, "ok")})
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path, known=voice(base))
    message = one_line(info)
    assert f"sent more than the {len(MODEL):,} bytes narrator's list pins" in message
    assert "removed the partial file" in message and str(tmp_path / "v.onnx") in message
    assert left_in(tmp_path) == []
    deadline = time.monotonic() + 5  # the server notes what it sent once its write fails
    while "v.onnx" not in Files.sent and time.monotonic() < deadline:
        time.sleep(0.02)
    assert Files.sent["v.onnx"] < len(endless) // 2  # the client hung up; it did not read to the end


def test_no_content_length_of_the_right_size_installs(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "no-length"), "v.onnx.json": (CONFIG, "no-length")})
    assert download_voice("v", folder=tmp_path, known=voice(base)).verified
    assert (tmp_path / "v.onnx").read_bytes() == MODEL and left_in(tmp_path) == ["v.onnx", "v.onnx.json"]


def test_a_server_sending_a_byte_at_a_time_meets_the_deadline(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "trickle"), "v.onnx.json": (CONFIG, "ok")})
    started = time.monotonic()
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path, known=voice(base), deadline=1.0)
    held = time.monotonic() - started
    message = one_line(info)
    assert "did not arrive within 1 s" in message and str(tmp_path / "v.onnx") in message
    assert held < 2.0 and left_in(tmp_path) == []


def test_unwritable_folder_says_where_the_files_go(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "ok"), "v.onnx.json": (CONFIG, "ok")})
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # (root ignores permission bits, so a file blocks the path)
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=blocker / "voices", known=voice(base))
    message = one_line(info)
    assert "cannot create" in message and f"{base}/v.onnx" in message and str(blocker / "voices") in message
    assert blocker.read_text() == "not a folder"


def test_offline_names_the_files_to_fetch_by_hand(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path, known=voice(f"http://127.0.0.1:{port}"))
    message = one_line(info)
    assert "cannot reach" in message and f"put them in {tmp_path}" in message
    assert f"127.0.0.1:{port}/v.onnx," in message and f"127.0.0.1:{port}/v.onnx.json" in message  # every file
    assert left_in(tmp_path) == []


def test_unpinned_voice_needs_consent_and_says_it_is_unverified(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "ok"), "v.onnx.json": (CONFIG, "ok")})
    with pytest.raises(VoiceError, match="pins no digest for v yet") as info:
        download_voice("v", folder=tmp_path, known=voice(base, model_sha=None))
    assert f"{base}/v.onnx" in one_line(info) and left_in(tmp_path) == []
    result = download_voice("v", folder=tmp_path, known=voice(base, model_sha=None), allow_unverified=True)
    assert not result.verified and result.sha256 == (sha(MODEL), sha(CONFIG))


def test_cli_refuses_a_known_voice_that_differs_from_the_list_then_previews_a_local_one(server, tmp_path):
    """The real catalogue entry (pinned by size and md5), served wrong by the local mirror, is refused
    in one line with nothing left behind, even with --unverified; a voice given by path previews."""
    pytest.importorskip("onnx")
    from tiny_piper import build

    tiny = build(tmp_path / "src")
    routes, base = server
    name = "ar_JO-kareem-low"
    routes.update({f"{name}.onnx": (tiny.read_bytes(), "ok"),
                   f"{name}.onnx.json": (Path(f"{tiny}.json").read_bytes(), "ok")})
    folder = tmp_path / "voices"
    env = {"NARRATOR_VOICES_DIR": str(folder), "NARRATOR_VOICES_MIRROR": base}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        for extra in ((), ("--unverified",)):
            refused = run_narrator("voices", "download", name, *extra)
            message = refused.stderr.decode()
            assert refused.returncode == 2 and message.count("\n") == 1, message
            assert "refused" in message and str(folder / f"{name}.onnx") in message
            assert [p for p in left_in(folder) if not p.startswith(".")] == [] and left_in(folder) == []
        listed = run_narrator("voices", check=True).stdout.decode()
        assert next(l for l in listed.splitlines() if f"piper:{name} " in l).startswith("no")
        out = tmp_path / "preview.mp3"
        said = run_narrator("voices", "preview", f"piper:{tiny}", "-o", out, check=True).stdout.decode()
        assert said.startswith(str(out))
        from audio_checks import decode_seconds

        assert 2 < decode_seconds(out) < 30  # the tiny voice's tones, one per phoneme id
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def md5_voice(base: str, model_md5: str) -> dict[str, KnownVoice]:
    """Pinned the way piper-voices publishes its files: size and md5, no sha256."""
    files = (
        KnownFile("v.onnx", f"{base}/v.onnx", len(MODEL), None, model_md5),
        KnownFile("v.onnx.json", f"{base}/v.onnx.json", len(CONFIG), None, hashlib.md5(CONFIG).hexdigest()),
    )
    return {"v": KnownVoice("v", "piper:v", "test voice", "test licence", files)}


def test_md5_pinned_voice_is_verified_and_a_wrong_md5_refused(server, tmp_path):
    routes, base = server
    routes.update({"v.onnx": (MODEL, "ok"), "v.onnx.json": (CONFIG, "ok")})
    good = download_voice("v", folder=tmp_path / "good", known=md5_voice(base, hashlib.md5(MODEL).hexdigest()))
    assert good.verified and (tmp_path / "good" / "v.onnx").read_bytes() == MODEL
    assert download_voice("v", folder=tmp_path / "good", known=md5_voice(base, hashlib.md5(MODEL).hexdigest())).already
    with pytest.raises(VoiceError) as info:
        download_voice("v", folder=tmp_path / "bad", known=md5_voice(base, "0" * 32))
    assert "md5" in one_line(info) and "refused and removed" in str(info.value)
    assert left_in(tmp_path / "bad") == []


def test_kareem_voices_are_pinned_by_size_and_digest():
    from narrator.voices.known import KNOWN

    for name in ("ar_JO-kareem-low", "ar_JO-kareem-medium"):
        assert KNOWN[name].pinned and all(f.size for f in KNOWN[name].files)

"""Real-time factor of Coqui VITS per batch size (issue 14), through narrator's Coqui voice.

    PYTHONPATH=src:tests python bench/batch_speed.py [--model tiny|mms-size] [--device cpu|cuda]
        [--dtype float32|bfloat16|float16] [--sizes 1,4,16,32] [--chunks 32] [--threads 2]

The same `--chunks` texts (60 to 200 characters, as narrator's chunks are) are spoken at each
batch size: size 1 is the one-by-one path (`voice.synthesise`), larger sizes go through
`voice.synthesise_batch` in length buckets, as `narrator build --batch-size N` does. RTF is
synthesis seconds over seconds of audio, the fastest of --repeat runs (a shared machine is
noisy). `mms-size` is a VITS with random weights and the MMS Arabic model's size (hidden 192,
~36 M parameters): it says noise, but costs what the real model costs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"), str(Path(__file__).resolve().parents[1] / "tests" / "support")]

from coqui_speed import text_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["tiny", "mms-size"], default="tiny")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sizes", default="1,4,16,32")
    parser.add_argument("--chunks", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from narrator.batching import buckets
    from narrator.voices import get_voice

    folder = Path(tempfile.mkdtemp(prefix=f"{args.model}-vits-"))
    tiny = Path(__file__).resolve().parents[1] / "tests" / "support" / "tiny_coqui.py"
    flags = ["--mms-size"] if args.model == "mms-size" else []
    subprocess.run([sys.executable, str(tiny), str(folder), *flags], check=True, capture_output=True)
    voice = get_voice(f"coqui:{folder / 'checkpoint_1.pth'}", device=args.device, threads=args.threads,
                      dtype=args.dtype)
    params = sum(p.numel() for p in voice._tts.synthesizer.tts_model.parameters()) / 1e6
    texts = [text_of(60 + (140 * i) // max(args.chunks - 1, 1)) for i in range(args.chunks)]
    print(f"{args.model}: {params:.1f} M parameters, device {voice.device}, dtype {voice.dtype}, "
          f"threads {args.threads}, {len(texts)} chunks of {min(map(len, texts))}-{max(map(len, texts))} chars")
    voice.synthesise(texts[0])  # warm-up
    sync = voice._torch.cuda.synchronize if voice.device == "cuda" else (lambda: None)

    print(f"{'batch':>6} {'audio s':>8} {'synth s':>8} {'RTF':>7} {'speed-up':>8}")
    first = None
    for size in (int(s) for s in args.sizes.split(",")):
        best, audio = float("inf"), 0.0
        for _ in range(args.repeat):
            sync()
            t = time.perf_counter()
            if size == 1:
                waves = [voice.synthesise(text) for text in texts]
            else:
                waves = []
                for group in buckets([len(text) for text in texts], size):
                    waves += voice.synthesise_batch([texts[i] for i in group])
            sync()
            best = min(best, time.perf_counter() - t)
            audio = sum(len(w) for w in waves) / voice.sample_rate
        rtf = best / audio
        first = first or rtf
        print(f"{size:>6} {audio:>8.1f} {best:>8.2f} {rtf:>7.4f} {first / rtf:>7.1f}x", flush=True)


if __name__ == "__main__":
    main()

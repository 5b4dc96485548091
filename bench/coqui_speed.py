"""Speed of an MMS-sized VITS (random weights, default VitsArgs: hidden 192, ~36 M parameters)
through narrator's Coqui voice: real-time factor per chunk length.

    PYTHONPATH=src:tests python bench/coqui_speed.py [--device cpu|cuda|auto] [--threads 2] [--repeat 3]

Random weights say noise, but the network does the same work as Meta's MMS Arabic model, so
the timings stand in for it (no weights may be downloaded here). Run it on a GPU machine with
--device cuda to compare.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"), str(Path(__file__).resolve().parents[1] / "tests" / "support")]

WORDS = "قال الرئيس الصيني ان العلاقات بين البلدين وصلت الى مستوى غير مسبوق من الثقة والتعاون في مجالات الطاقة والتجارة والامن".split()


def text_of(chars: int) -> str:
    words, n = [], 0
    while n < chars:
        word = WORDS[len(words) % len(WORDS)]
        words.append(word)
        n += len(word) + 1
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chars", default="60,120,200,300", help="chunk lengths in characters")
    args = parser.parse_args()

    from narrator.voices import get_voice

    folder = Path(tempfile.mkdtemp(prefix="mms-size-"))
    started = time.perf_counter()
    # Built in another process so this one starts as narrator does: torch's worker threads are
    # created after CoquiVoice sets flush-denormal, which threads inherit only when created later.
    tiny = Path(__file__).resolve().parents[1] / "tests" / "support" / "tiny_coqui.py"
    subprocess.run([sys.executable, str(tiny), str(folder), "--mms-size"], check=True, capture_output=True)
    checkpoint = folder / "checkpoint_1.pth"
    print(f"built MMS-sized random VITS in {time.perf_counter() - started:.1f}s ({checkpoint.stat().st_size / 1e6:.0f} MB)")

    started = time.perf_counter()
    voice = get_voice(f"coqui:{checkpoint}", device=args.device, threads=args.threads)
    params = sum(p.numel() for p in voice._tts.synthesizer.tts_model.parameters()) / 1e6
    print(f"loaded in {time.perf_counter() - started:.1f}s: {params:.1f} M parameters, device {voice.device}, "
          f"threads {args.threads}, {voice.sample_rate} Hz")
    voice.synthesise(text_of(40))  # warm-up (allocations, kernels)

    print(f"{'chars':>6} {'audio s':>8} {'synth s':>8} {'RTF':>6}")
    for chars in (int(c) for c in args.chars.split(",")):
        text = text_of(chars)
        times, seconds = [], 0.0
        for _ in range(args.repeat):
            t = time.perf_counter()
            audio = voice.synthesise(text)
            if voice.device == "cuda":
                voice._torch.cuda.synchronize()
            times.append(time.perf_counter() - t)
            seconds = len(audio) / voice.sample_rate
        best = min(times)  # the machine is shared and noisy: the fastest run is the cleanest reading
        print(f"{len(text):>6} {seconds:>8.2f} {best:>8.2f} {best / seconds:>6.3f}")


if __name__ == "__main__":
    main()

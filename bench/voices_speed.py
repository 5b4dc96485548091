"""Real-time factor, load time and peak memory per voice on the sample article (one process each).

    PYTHONPATH=src:tests python bench/voices_speed.py [--vits-proxy] [--max-chars 1200] [--threads 1]

Voices measured: espeak:ar; the tiny Piper-format test voice (tests/support/tiny_piper.py: the cost of
narrator's Piper path itself: espeak phonemes, ids, onnxruntime call, with a trivial model), and
the same voice through sherpa-onnx when the sherpa extra is installed;
with --vits-proxy, a randomly initialised VITS of MMS size exported to ONNX by Coqui's own
exporter (inputs input/input_lengths/scales, as Piper's), loaded as a Piper voice: the network
does the work a Piper "medium" voice does (it is larger: an upper bound). Each voice runs in a
fresh process; synthesis is serial, chunk by chunk, no cache; text is the article's script for
the voice's profile (diacritised, as a build makes it). --max-chars limits the chunks spoken.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "support")]
SAMPLE = ROOT / "examples" / "xi-putin-summit.txt"

CHILD = r"""
import json, resource, sys, time
sys.path[:0] = [{src!r}]
from narrator.article import read_article
from narrator.pipeline import make_frontend_for
from narrator.script import make_script
from narrator.voices import load_voice, spec_from_cli, voice_profile
spec = spec_from_cli({voice!r})
article = read_article({sample!r}, open({sample!r}, "rb").read())
script = make_script(article, make_frontend_for(voice_profile(spec), None))
texts = [c.text for ch in script.chapters for c in ch.chunks]
if {max_chars}:
    kept, n = [], 0
    for t in texts:
        if n >= {max_chars}:
            break
        kept.append(t); n += len(t)
    texts = kept
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
voice = load_voice(spec)
load = time.perf_counter() - t0
t0 = time.perf_counter()
samples = sum(len(voice.synthesise(t)) for t in texts)
synth = time.perf_counter() - t0
audio = samples / voice.sample_rate
print(json.dumps(dict(voice=spec.id, chars=sum(map(len, texts)), chunks=len(texts), load_s=load, synth_s=synth,
                      audio_s=audio, rtf=synth / audio, rss_before_mb=rss_before / 1024,
                      peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
"""


def measure(voice: str, max_chars: int) -> dict:
    code = CHILD.format(src=str(ROOT / "src"), voice=voice, sample=str(SAMPLE), max_chars=max_chars)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{voice}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def vits_proxy(folder: Path, config: Path) -> Path:
    """An MMS-size random VITS exported to ONNX with a Piper config (needs the coqui extra)."""
    code = (
        "import sys, torch\n"
        f"sys.path[:0] = [{str(ROOT / 'tests' / 'support')!r}]\n"
        "from TTS.tts.configs.vits_config import VitsArgs, VitsConfig\n"
        "from TTS.tts.models.vits import Vits\n"
        "from tiny_piper import phoneme_id_map\n"
        "torch.manual_seed(0)\n"
        "from TTS.tts.configs.shared_configs import CharactersConfig\n"
        "symbols = ''.join(phoneme_id_map())  # an embedding row for every id the Piper config maps\n"
        "chars = CharactersConfig(characters_class='TTS.tts.utils.text.characters.Graphemes', pad='<PAD>',\n"
        "                         eos='<EOS>', bos='<BOS>', blank='<BLNK>', characters=symbols, punctuations='')\n"
        "config = VitsConfig(model_args=VitsArgs(init_discriminator=False), characters=chars)\n"
        "config.audio.sample_rate = 22050\n"
        "model = Vits(config).eval()\n"
        "assert model.text_encoder.emb.num_embeddings >= len(symbols), model.text_encoder.emb.num_embeddings\n"
        f"model.export_onnx({str(folder / 'vits-proxy.onnx')!r}, verbose=False)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    data = json.loads(config.read_text("utf-8"))
    data["audio"]["sample_rate"] = 22050
    (folder / "vits-proxy.onnx.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder / "vits-proxy.onnx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vits-proxy", action="store_true", help="also measure an MMS-size VITS as a Piper voice")
    parser.add_argument("--max-chars", type=int, default=1200, help="chunks spoken by the VITS proxy (0: all)")
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime threads for Piper voices")
    args = parser.parse_args()

    from tiny_piper import build, build_sherpa

    folder = Path(tempfile.mkdtemp(prefix="voices-speed-"))
    try:
        tiny = build(folder)
        rows = [measure("espeak:ar", 0), measure(f"piper:{tiny}?threads={args.threads}", 0)]
        if find_spec("sherpa_onnx"):  # the sherpa extra
            sherpa = build_sherpa(folder / "sherpa-tiny")
            rows.append(measure(f"sherpa:{sherpa}?threads={args.threads}", 0))
            rows[-1]["voice"] = "sherpa: the same tiny voice, sherpa-onnx packaging"
        if args.vits_proxy:
            proxy = vits_proxy(folder, Path(f"{tiny}.json"))
            size = proxy.stat().st_size / 1e6
            row = measure(f"piper:{proxy}?threads={args.threads}", args.max_chars)
            row["voice"] = f"piper: VITS MMS-size proxy ({size:.0f} MB ONNX)"
            rows.append(row)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("| voice | chunks | chars | audio s | load s | synthesis s | RTF | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['voice'].split('?')[0].replace(str(folder), '…')} | {r['chunks']} | {r['chars']} | {r['audio_s']:.1f} "
              f"| {r['load_s']:.3f} | {r['synth_s']:.2f} | {r['rtf']:.4f} | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()

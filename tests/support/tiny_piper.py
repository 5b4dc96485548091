"""Build a tiny Piper-format voice (ONNX + .onnx.json) that loads through narrator's real path.

It says tones, not words: each phoneme id becomes HOP samples of its own pitch, and
`scales[1]` (length_scale) stretches the result, as it stretches a real voice's durations.
With speakers > 1 the model takes `sid` and each speaker has its own loudness.
The inputs and outputs are Piper's: input int64 [1, N], input_lengths int64 [1],
scales float32 [3] (noise, length, noise_w), optional sid int64 [1] -> output float32 [1, 1, T].

    python tests/support/tiny_piper.py OUT_DIR [--speakers N]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HOP = 256
SAMPLE_RATE = 16000
SPECIAL = "_^$ !'(),-.:;?"
IPA = (
    "abcdefghijklmnopqrstuvwxyz"
    "æçðøħŋœɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢ"
    "ʲʰʷˤˈˌːˑ˞βθχᵻⱱ"
    "\u0303\u0327\u0329\u032a\u032f\u033a\u033b"  # combining marks espeak's IPA uses
)


def phoneme_id_map() -> dict[str, list[int]]:
    symbols = list(dict.fromkeys(SPECIAL + IPA))
    return {symbol: [i] for i, symbol in enumerate(symbols)}


def tone_table(ids: int, speakers: int) -> np.ndarray:
    t = np.arange(HOP) / SAMPLE_RATE
    table = np.stack([0.25 * np.sin(2 * np.pi * (120 + 15 * i) * t) for i in range(ids)])
    return np.stack([table * (1.0 - 0.3 * s) for s in range(speakers)]).astype(np.float32)


def build(out_dir: Path, *, name: str = "tiny-ar", speakers: int = 1, language: str = "ar") -> Path:
    """Write NAME.onnx and NAME.onnx.json into out_dir; returns the .onnx path."""
    from onnx import TensorProto, helper, numpy_helper, save_model

    id_map = phoneme_id_map()
    table = tone_table(len(id_map), speakers)
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    init = [
        numpy_helper.from_array(table, "tones"),
        numpy_helper.from_array(np.array([1, 1, -1], dtype=np.int64), "flat"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "one"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "two"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), "zero"),
        numpy_helper.from_array(np.array([1.0, 1.0], dtype=np.float32), "unit"),
    ]
    nodes = []
    if speakers > 1:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
        nodes += [
            helper.make_node("Gather", ["tones", "sid"], ["speaker_tones3"], axis=0),
            helper.make_node("Squeeze", ["speaker_tones3", "zero"], ["speaker_tones"]),
        ]
    else:
        nodes.append(helper.make_node("Squeeze", ["tones", "zero"], ["speaker_tones"]))
    nodes += [
        helper.make_node("Gather", ["speaker_tones", "input"], ["frames"], axis=0),  # [1, N, HOP]
        helper.make_node("Reshape", ["frames", "flat"], ["audio"]),  # [1, 1, N*HOP]
        helper.make_node("Slice", ["scales", "one", "two"], ["length_scale"]),
        helper.make_node("Concat", ["unit", "length_scale"], ["resize_scales"], axis=0),
        helper.make_node(
            "Resize", ["audio", "", "resize_scales"], ["output"], mode="nearest",
            coordinate_transformation_mode="asymmetric", nearest_mode="floor",
        ),
    ]
    graph = helper.make_graph(
        nodes, "tiny_piper", inputs,
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "samples"])], init,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # readable by every onnxruntime narrator supports
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.onnx"
    save_model(model, str(path))
    config = {
        "dataset": name,
        "audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"},
        "espeak": {"voice": language},
        "phoneme_type": "espeak",
        "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
        "num_speakers": speakers,
        "speaker_id_map": {f"speaker{s}": s for s in range(speakers)} if speakers > 1 else {},
        "phoneme_id_map": id_map,
    }
    Path(f"{path}.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def build_sherpa(out_dir: Path, *, name: str = "ar_XX-tiny-low", voice: str = "ar", comment: str = "piper") -> Path:
    """The same tiny voice packaged as sherpa-onnx publishes Piper voices: a folder with
    NAME.onnx (its metadata_props say what sherpa-onnx needs) and tokens.txt; returns the folder."""
    from onnx import load_model, save_model

    out_dir = Path(out_dir)
    path = build(out_dir, name=name)
    Path(f"{path}.json").unlink()  # sherpa's folders have no Piper config
    model = load_model(str(path))
    meta = {"model_type": "vits", "comment": comment, "language": "Arabic", "voice": voice,
            "has_espeak": "1", "n_speakers": "1", "sample_rate": str(SAMPLE_RATE), "add_blank": "1"}
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    save_model(model, str(path))
    tokens = "".join(f"{symbol} {ids[0]}\n" for symbol, ids in phoneme_id_map().items())
    (out_dir / "tokens.txt").write_text(tokens, encoding="utf-8")
    return out_dir


if __name__ == "__main__":
    speakers = int(sys.argv[sys.argv.index("--speakers") + 1]) if "--speakers" in sys.argv else 1
    print(build(Path(sys.argv[1]), speakers=speakers))

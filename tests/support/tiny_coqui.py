"""Build a tiny, randomly initialised Coqui VITS that loads through Coqui's real loading path.

It says noise, not words: it exists so tests exercise narrator's Coqui voice end to end
(config.json + checkpoint saved the way Coqui's trainer saves them, loaded back with
TTS(model_path=..., config_path=...)) without downloading any weights.

    python tests/support/tiny_coqui.py OUT_DIR [--harakat] [--mms-size]

--mms-size builds the default VitsArgs (hidden 192, ~36 M parameters, as Meta's MMS) for
speed measurements (bench/coqui_speed.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

ARABIC_LETTERS = "".join(chr(c) for c in [*range(0x0621, 0x063B), *range(0x0641, 0x064B)])
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))


def build(out_dir: Path, *, harakat: bool = False, mms_size: bool = False, sample_rate: int = 16000,
          sdp: bool = False) -> Path:
    """Write config.json and checkpoint_1.pth into out_dir; returns the checkpoint path."""
    import torch
    from trainer.io import save_checkpoint
    from TTS.config.shared_configs import BaseAudioConfig
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits

    torch.manual_seed(1234)
    if mms_size:
        args = VitsArgs(use_sdp=False, init_discriminator=False)
    else:
        args = VitsArgs(
            hidden_channels=16,
            hidden_channels_ffn_text_encoder=32,
            num_heads_text_encoder=2,
            num_layers_text_encoder=1,
            num_layers_flow=1,
            num_layers_posterior_encoder=1,
            resblock_type_decoder="2",
            resblock_kernel_sizes_decoder=[3],
            resblock_dilation_sizes_decoder=[[1, 3]],
            upsample_initial_channel_decoder=32,
            use_sdp=sdp,  # the stochastic duration predictor samples noise too
            init_discriminator=False,  # loading is strict: no discriminator weights in the file
        )
    config = VitsConfig(
        model_args=args,
        audio=BaseAudioConfig(sample_rate=sample_rate),
        use_phonemes=False,
        text_cleaner=None,
        add_blank=True,
        characters=CharactersConfig(
            characters_class="TTS.tts.utils.text.characters.Graphemes",
            pad="<PAD>",
            eos="<EOS>",
            bos="<BOS>",
            blank="<BLNK>",
            characters=ARABIC_LETTERS + " " + (HARAKAT if harakat else ""),
            punctuations="",
        ),
    )
    model = Vits(config)
    model.eval()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    config.save_json(str(out_dir / "config.json"))
    save_checkpoint(config, model, str(out_dir), current_step=1, epoch=0)
    return out_dir / "checkpoint_1.pth"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    print(build(target, harakat="--harakat" in sys.argv, mms_size="--mms-size" in sys.argv))

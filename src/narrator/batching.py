"""Batched neural synthesis: chunks grouped by length, one padded forward pass per group.

A GPU spends most of a one-chunk forward pass waiting on kernel launches; a batch of
similar-length chunks costs little more than one (issue 14: RTF 0.010 -> 0.0008 on an
H200). Two things keep a batch honest:

- padding: every layer that sees padded frames is masked with the per-item lengths, and
  each waveform is cut back to its own length (frames x hop) before it leaves here;
- noise: VITS samples noise (durations, latent). One-by-one synthesis seeds the generator
  before each chunk; here each item draws its noise exactly as it would alone, so a chunk
  sounds the same whichever batch it lands in, and the per-chunk cache keys stay valid.

Torch is imported lazily by the callers (CoquiVoice); this module only touches it through
the model it is given.
"""

from __future__ import annotations

import contextlib
from typing import Sequence

from narrator.errors import VoiceError

DTYPES = ("float32", "bfloat16", "float16")
TOKEN_STEP = 16
FRAME_STEP = 64
"""Padded widths are rounded up to these steps: a GPU pays a warm-up for every new tensor
shape (issue 14: ~0.1 s each), and rounded shapes repeat across batches. Masks make the
extra padding silent, so the audio does not depend on it."""


def _round_up(n: int, step: int) -> int:
    return -(-n // step) * step


def buckets(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices of `lengths` in groups of at most `batch_size`, each of similar lengths.

    Sorted by length (longest first, so a GPU out of memory says so on the first batch),
    then cut into consecutive groups: padding is at most the spread within one group.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def check_dtype(dtype: str | None, device: str) -> str:
    """The dtype name to run in; reduced precision only where it is fast and safe (cuda)."""
    dtype = dtype or "float32"
    if dtype not in DTYPES:
        raise VoiceError(f"dtype {dtype!r} must be one of {', '.join(DTYPES)}")
    if dtype != "float32" and device != "cuda":
        raise VoiceError(f"dtype {dtype} needs --device cuda (on a CPU it is slower and noisier; use float32)")
    return dtype


@contextlib.contextmanager
def _zero_padding(decoder, frames, width: int):
    """Every convolution of the decoder sees zeros past each item's end, as alone.

    The HiFi-GAN decoder is not masked: its first convolution turns padded zeros into its
    bias, and the layers after it would hear that in each item's last few hundred samples.
    Alone, an item's convolutions read zero padding there; masking each one's input to the
    item's length (scaled to that layer's time resolution) gives them the same zeros.
    """
    import torch

    def mask_input(module, args):
        x = args[0]
        scale = x.shape[-1] // width  # samples per frame at this layer
        valid = torch.arange(x.shape[-1], device=x.device)[None, :] < (frames[:, None] * scale)
        return (x * valid[:, None, :].to(x.dtype), *args[1:])

    convs = [m for m in decoder.modules() if isinstance(m, (torch.nn.Conv1d, torch.nn.ConvTranspose1d))]
    handles = [m.register_forward_pre_hook(mask_input) for m in convs]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def vits_batch(model, token_ids: Sequence[Sequence[int]], *, seed: int = 0, dtype: str = "float32",
               language_id: int | None = None) -> list:
    """Waveforms (1-D float32 torch tensors on the CPU) for token sequences, in one pass.

    Mirrors Coqui's `Vits.inference` (TTS 0.28) for a single-speaker model, step for step,
    except that the random draws are made per item, in the order and shapes one-by-one
    inference makes them after `torch.manual_seed(seed)`: the stochastic duration
    predictor's noise (CPU generator), then the latent noise (the model's device).
    """
    import torch
    from TTS.tts.utils.helpers import generate_path, sequence_mask

    if not token_ids:
        return []
    device = next(model.parameters()).device
    lengths = [len(ids) for ids in token_ids]
    if min(lengths) == 0:
        raise VoiceError("a chunk has no tokens the model knows")
    n, longest = len(token_ids), _round_up(max(lengths), TOKEN_STEP)
    x = torch.zeros((n, longest), dtype=torch.long, device=device)  # 0 is <PAD>; masked anyway
    for i, ids in enumerate(token_ids):
        x[i, : len(ids)] = torch.as_tensor(ids, dtype=torch.long, device=device)
    x_lengths = torch.as_tensor(lengths, device=device)
    autocast = (torch.autocast("cuda", dtype=getattr(torch, dtype)) if dtype != "float32"
                else torch.autocast(device.type, enabled=False))

    with torch.inference_mode(), autocast:
        lang_emb = None
        if model.args.use_language_embedding and language_id is not None:
            lang_emb = model.emb_l(torch.full((n,), language_id, device=device)).unsqueeze(-1)
        h, m_p, logs_p, x_mask = model.text_encoder(x, x_lengths, lang_emb=lang_emb)

        if not model.args.use_sdp:  # deterministic: one call for the whole batch
            logw_all = model.duration_predictor(h, x_mask, g=None, lang_emb=lang_emb)
        w = torch.zeros_like(x_mask)
        noise = []
        for i, length in enumerate(lengths):
            torch.manual_seed(seed)  # what one-by-one synthesis does before each chunk
            if model.args.use_sdp:
                logw = model.duration_predictor(
                    h[i:i + 1, :, :length], x_mask[i:i + 1, :, :length], g=None, reverse=True,
                    noise_scale=model.inference_noise_scale_dp,
                    lang_emb=None if lang_emb is None else lang_emb[i:i + 1],
                )
            else:
                logw = logw_all[i:i + 1, :, :length]
            w_i = torch.exp(logw) * x_mask[i:i + 1, :, :length] * model.length_scale
            w[i:i + 1, :, :length] = w_i
            frames = int(torch.clamp_min(torch.sum(torch.ceil(w_i)), 1).item())
            # Inference calls randn_like on a transposed matmul result ([1, frames, C] in memory);
            # the numbers depend on that layout, so draw on a tensor laid out the same way.
            layout = torch.empty((1, frames, m_p.shape[1]), device=device, dtype=m_p.dtype).transpose(1, 2)
            noise.append(torch.randn_like(layout))

        w_ceil = torch.ceil(w)
        y_lengths = torch.clamp_min(torch.sum(w_ceil, [1, 2]), 1).long()
        width = _round_up(int(y_lengths.max().item()), FRAME_STEP)
        y_mask = sequence_mask(y_lengths, width).to(x_mask.dtype).unsqueeze(1)
        attn_mask = x_mask * y_mask.transpose(1, 2)
        attn = generate_path(w_ceil.squeeze(1), attn_mask.squeeze(1).transpose(1, 2))
        m_p = torch.matmul(attn.transpose(1, 2), m_p.transpose(1, 2)).transpose(1, 2)
        logs_p = torch.matmul(attn.transpose(1, 2), logs_p.transpose(1, 2)).transpose(1, 2)

        eps = torch.zeros_like(m_p)  # padded frames get no noise: nothing to leak
        for i, item in enumerate(noise):
            eps[i:i + 1, :, : item.shape[2]] = item
        z_p = m_p + eps * torch.exp(logs_p) * model.inference_noise_scale
        z = model.flow(z_p, y_mask, g=None, reverse=True)
        z, _, _, y_mask = model.upsampling_z(z, y_lengths=y_lengths, y_mask=y_mask)
        z = (z * y_mask)[:, :, : model.max_inference_len]
        with _zero_padding(model.waveform_decoder, y_mask.sum(dim=(1, 2)), z.shape[-1]):
            o = model.waveform_decoder(z, g=None)

    hop = o.shape[-1] // y_mask.shape[-1]  # samples per frame (the decoder's upsampling)
    frames = y_mask.sum(dim=(1, 2)).long().tolist()
    o = o.float().cpu()
    return [o[i, 0, : f * hop] for i, f in enumerate(frames)]

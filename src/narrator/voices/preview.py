"""`narrator voices preview`: one short sentence through the real front end and a voice."""

from __future__ import annotations

from pathlib import Path

from narrator.errors import VoiceError
from narrator.voices.base import VoiceSpec

SAMPLE_SENTENCE = "استضاف شي جين بينغ فلاديمير بوتين في بكين يوم الخميس في قمة عكست الروابط المتنامية بين الصين وروسيا."
"""The lead of the sample article (examples/xi-putin-summit.txt)."""

FORMATS = (".wav", ".flac", ".mp3")


def preview(spec: VoiceSpec, output: Path, text: str | None = None, lexicon: Path | None = None) -> tuple[Path, float, str]:
    """Speak `text` (default: the sample sentence) with the voice into `output` (.wav, .flac or .mp3).

    Returns (path, seconds of audio, the text the voice received). Written atomically.
    """
    import numpy as np

    from narrator.frontend import make_frontend
    from narrator.voices import load_voice
    from narrator.workspace import atomic_path

    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise VoiceError(f"{output}: preview writes {', '.join(FORMATS)} files")
    voice = load_voice(spec)
    spoken = make_frontend(voice.profile, lexicon).speak((text or SAMPLE_SENTENCE).strip())
    if not spoken.strip():
        raise VoiceError("nothing in the preview text can be spoken")
    samples = np.asarray(voice.synthesise(spoken), dtype=np.float32)
    if samples.size == 0:
        raise VoiceError(f"{voice.id} produced no audio for the preview")
    with atomic_path(output) as tmp:
        if suffix == ".mp3":
            from narrator import ffmpeg

            ffmpeg.run(
                ["-y", "-f", "f32le", "-ar", str(voice.sample_rate), "-ac", "1", "-i", "pipe:0",
                 "-codec:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", str(tmp)],
                input=np.ascontiguousarray(samples, dtype="<f4").tobytes(), what=str(output),
            )
        else:
            import soundfile as sf

            sf.write(str(tmp), samples, voice.sample_rate, format=suffix[1:].upper(), subtype="PCM_16")
    voice.close()
    return output, samples.size / voice.sample_rate, spoken

"""The build key's two halves: the front end's fingerprint (what it reads besides the article)
and the voice backend's. Each changes exactly when what it describes changes."""

from __future__ import annotations

from narrator.frontend import fingerprint
from narrator.voices import spec_for, voice_fingerprint


def test_front_end_fingerprint_follows_the_workspace_tables_and_the_diacritiser(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    base = fingerprint(lexicon, None)
    assert fingerprint(lexicon, None) == base  # nothing read changed
    lexicon.write_text("ناتو\tنَاتُو\n", "utf-8")
    with_lexicon = fingerprint(lexicon, None)
    assert with_lexicon != base
    (tmp_path / "abbreviations.tsv").write_text("م.\tمِيلَادِيّ\n", "utf-8")
    with_both = fingerprint(lexicon, None)
    assert with_both not in (base, with_lexicon)
    assert fingerprint(lexicon, False) != with_both  # --no-tashkeel reads no diacritiser
    assert fingerprint(None, None) == base  # no workspace: the built-in tables only


def test_voice_fingerprint_is_the_backends_own_and_follows_its_options():
    plain, faster = spec_for("espeak:ar"), spec_for("espeak:ar", rate=220)
    assert voice_fingerprint(plain).startswith("espeak|espeakng-loader ")
    assert voice_fingerprint(faster) != voice_fingerprint(plain)

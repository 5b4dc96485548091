"""Property tests on the whole text path: bytes -> reader -> front end -> chunks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrator.article import read_article
from narrator.errors import ArticleError
from narrator.frontend import make_frontend
from narrator.voices.espeak import ESPEAK_AR
from narrator.voices.coqui import BARE_AR
from narrator.script import make_script

ARABIC = [chr(c) for c in range(0x0621, 0x064B)] + ["\u064b", "\u064e", "\u0651", "ـ"]
WORD = st.one_of(
    st.text(alphabet=ARABIC, min_size=1, max_size=9),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzXMLID", min_size=1, max_size=8),
    st.integers(min_value=0, max_value=10**13).map(str),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩", min_size=1, max_size=5),
    st.sampled_from(["%", "$", "&", "+", "-", "–", "/", ":", "«", "»", "“", "”", "((", "))", "،", ".", "؟", "!", "…", "؛", "1.5", "10:30", "17/5/2024", "https://x.org/a", "a@b.co"]),
)
LINE = st.lists(WORD, min_size=1, max_size=25).map(" ".join)
DOCUMENT = st.lists(LINE, min_size=1, max_size=8).map(lambda lines: "\n\n".join(lines))

FRONTENDS = {p.name: make_frontend(p, None, diacritise=False) for p in (ESPEAK_AR, BARE_AR)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT, st.sampled_from(sorted(FRONTENDS)))
def test_reader_frontend_chunker_never_fail(text, profile_name):
    frontend = FRONTENDS[profile_name]
    try:
        article = read_article("prop.txt", text.encode("utf-8"))
    except ArticleError:
        return  # refused input (e.g. nothing readable) is a clean, one-line refusal
    script = make_script(article, frontend)
    profile = frontend.profile
    for chapter in script.chapters:
        for chunk in chapter.chunks:
            assert chunk.text.strip(), "no empty chunk"
            assert len(chunk.text) <= profile.max_chars
            if profile.alphabet is not None:
                assert set(chunk.text) <= profile.alphabet, set(chunk.text) - profile.alphabet
            else:
                assert chunk.text.isprintable()

"""STAGE 4: Speech -> Episode. `assemble.make_episode` does the work.

This package's __init__ stays light on purpose: the catalog, feed and CLI read the
Episode/ChapterMark records without paying for numpy, pydub and ffmpeg imports
(an up-to-date build is mostly interpreter start-up).
"""

from narrator.episode.model import ChapterMark, Cue, Episode

__all__ = ["ChapterMark", "Cue", "Episode"]

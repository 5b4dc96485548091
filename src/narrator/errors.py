"""One root for every error narrator reports to a user.

The CLI turns any NarratorError into a one-line message and its exit code;
the library never prints or exits.
"""


class NarratorError(Exception):
    """Something the user can act on; the message is one line."""

    exit_code = 1


class ArticleError(NarratorError):
    """An article could not be read (missing, binary, empty, bad encoding)."""

    exit_code = 2


class TextError(NarratorError):
    """The speech front end could not make text speakable."""


class VoiceError(NarratorError):
    """A voice is unknown, not installed, or failed to synthesise."""

    exit_code = 2


class AudioError(NarratorError):
    """Stitching, loudness or encoding failed (ffmpeg, decoding)."""


class CatalogError(NarratorError):
    """The episode catalog could not be read or written."""


class FeedError(NarratorError):
    """The feed or one of its side files could not be written or served."""


class ConfigError(NarratorError):
    """podcast.toml or a workspace setting is invalid."""

    exit_code = 2


class ExecutorError(NarratorError):
    """An executor cannot run (its extra is not installed, its cluster cannot be reached)."""

    exit_code = 2

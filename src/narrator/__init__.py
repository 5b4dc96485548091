"""narrator: Arabic articles to chaptered podcast episodes."""

__version__ = "0.1.0"

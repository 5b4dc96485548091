"""From the web to an article: fetch a page or feed (fetch.py, held to one deadline by
deadline.py, decompressing under a cap with decompress.py), extract the story from a page
(extract.py); which addresses a followed feed's items may lead to (guard.py) and which URLs
are published (urls.py).

Nothing here synthesises: these modules turn URLs into article files the pipeline reads
(following feeds, which builds episodes from them, is a command: narrator/follow.py).
"""

import re

from narrator.errors import ArticleError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class WebError(ArticleError):
    """A URL could not be fetched or held no article (HTTP error, timeout, TLS, not HTML,
    too big, nothing to read). Bad input: exit code 2, like any unreadable article."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def printable(text: str) -> str:
    """`text` fit for a terminal: control characters (ESC begins the sequences that recolour,
    retitle or rewrite a terminal; a feed's title may carry them) become spaces, and runs of
    white space one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


__all__ = ["WebError", "is_url", "printable"]

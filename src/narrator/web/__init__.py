"""From the web to an article: fetch a page or feed (fetch.py, held to one deadline by
deadline.py, decompressing under a cap with decompress.py), extract the story from a page
(extract.py), follow feeds and build their new items (follow.py).

Nothing here synthesises: these modules turn URLs into article files the pipeline reads.
"""

from narrator.errors import ArticleError


class WebError(ArticleError):
    """A URL could not be fetched or held no article (HTTP error, timeout, TLS, not HTML,
    too big, nothing to read). Bad input: exit code 2, like any unreadable article."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


__all__ = ["WebError", "is_url"]

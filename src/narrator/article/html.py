"""HTML reader (lxml.html): the article body only, page clutter dropped.

Body: the largest <article>, else <main>, else <body>. Never spoken: nav,
header, footer, aside, script, style, noscript, svg, iframe, template,
button, figure (images and their captions, as in Markdown), pre (code),
data tables, hidden elements, comments, and elements whose class or id names
common clutter (cookie banners, share bars, newsletter boxes, "related"), and
forms; these last two only when they hold less than half the body's text.
Spoken: <h1>-<h6> as flat chapters in document order (an <h1> repeating the
title is not spoken again), and text as paragraphs: every block element
(<p>, <li>, <blockquote>, <div>, ...) ends a paragraph, so text sitting
directly in a <div> is kept.

Metadata: title from the first <h1> (in the body first), else <title>;
byline from <meta name="author">, else rel="author" or class "byline";
date from <meta property="article:published_time">, else <time datetime>.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree
from lxml import html as lxml_html

from narrator.article.model import Article
from narrator.article.structure import Block, build_article, speakable, tidy
from narrator.errors import ArticleError

_NEVER_SPOKEN = (
    "script", "style", "noscript", "svg", "template", "iframe", "button",
    "nav", "aside", "footer", "figure", "pre", "object", "embed", "canvas",
    "video", "audio", "select", "textarea", "dialog",
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "hr", "li", "main", "ol", "p",
    "section", "summary", "table", "td", "th", "tr", "ul", "header", "hgroup",
}  # fmt: skip
# Class/id words that mark page furniture rather than article text.
_CLUTTER_WORDS = {
    "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe", "share",
    "sharing", "social", "related", "breadcrumb", "breadcrumbs", "advert",
    "advertisement", "ads", "promo", "comments", "sidebar", "byline", "dateline",
    "subtitle", "dek", "standfirst",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BYLINE_MAX_WORDS = 12
MAX_HTML_DEPTH = 2048
"""libxml2's element depth limit with huge_tree (deeper text would be lost: refused)."""


def read_html(text: str, *, name: str, source: str) -> Article:
    """Parse HTML (already decoded) into an Article."""
    root = _parse(text, name)
    image = _image(root)  # before the figures go (they are never spoken)
    etree.strip_elements(
        root, etree.Comment, etree.ProcessingInstruction, *_NEVER_SPOKEN, with_tail=False
    )
    _drop_hidden(root)
    body = _body(root)
    title = _first_text(body, ".//h1") or _first_text(root, ".//h1") or _first_text(
        root, "/html/head/title"
    ) or _first_text(root, ".//title[not(ancestor::svg)]")
    byline = _meta(root, "name", "author") or _byline(root)
    # The meta tag names the publication date outright; a <time> may date anything.
    date = (
        _meta(root, "property", "article:published_time")
        or _first_attr(body, ".//time[@datetime]", "datetime")
        or _first_attr(root, ".//time[@datetime]", "datetime")
    )
    dateline = _first_text(root, ".//*[contains(concat(' ', @class, ' '), ' dateline ')]")
    subtitle = _first_text(
        root,
        ".//*[contains(concat(' ', @class, ' '), ' subtitle ')"
        " or contains(concat(' ', @class, ' '), ' standfirst ')]",
    )
    etree.strip_elements(body, "header", with_tail=False)
    _drop_clutter(body)
    blocks = [
        b for b in _blocks(body) if not (b.level == 1 and tidy(b.text) == title)
    ]
    return replace(build_article(
        blocks,
        name=name,
        source=source,
        format="html",
        title=title,
        subtitle=subtitle,
        byline=byline,
        dateline=dateline,
        date=date,
    ), image=image)


def _image(root: etree._Element) -> str | None:
    """The page's picture: og:image (what sharing shows), else the first figure's, else None."""
    found = _meta(root, "property", "og:image") or _meta(root, "name", "twitter:image")
    if not found:
        found = _first_attr(root, ".//figure//img[@src]", "src")
    return found.strip() if found and found.strip() else None


def _parse(text: str, name: str) -> etree._Element:
    # lxml refuses str input that still declares an encoding; we decoded it already.
    text = _XML_DECLARATION.sub("", text, count=1)
    # libxml2 silently drops everything nested deeper than 256 elements (2048 with
    # huge_tree): a page losing text without a word is refused instead, saying why.
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ArticleError(f"{name}: not readable HTML ({tidy(str(exc))})") from None
    depth = next((e for e in parser.error_log if "Excessive depth" in e.message), None)
    if depth is not None:
        raise ArticleError(
            f"{name}: HTML nested deeper than {MAX_HTML_DEPTH} elements (line {depth.line});"
            " text below that depth cannot be read"
        )
    return root


def _body(root: etree._Element) -> etree._Element:
    articles = root.findall(".//article")
    if articles:
        # Pages list teasers as <article> too; the story is the one with most text.
        return max(articles, key=lambda a: len(a.text_content()))
    main = root.find(".//main")
    if main is not None:
        return main
    body = root.find(".//body")
    return body if body is not None else root


def _drop_hidden(root: etree._Element) -> None:
    hidden = root.xpath(
        ".//*[@hidden or @aria-hidden='true'"
        " or contains(translate(@style, ' ', ''), 'display:none')]"
    )
    for element in hidden:
        element.drop_tree()


def _drop_clutter(body: etree._Element) -> None:
    doomed = []
    half = len(body.text_content()) / 2
    for element in body.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        words = set(_WORD.findall(f"{element.get('class', '')} {element.get('id', '')}".lower()))
        if words & _CLUTTER_WORDS or element.tag == "form":
            # A class name or a form is only a hint: one wrapping most of the text
            # is the page itself (ASP.NET wraps whole pages in a <form>).
            if len(element.text_content()) <= half:
                doomed.append(element)
        elif element.tag == "table" and element.find(".//p") is None:
            doomed.append(element)  # a data table; tables holding paragraphs are layout
        elif "author" in element.get("rel", "").split():
            doomed.append(_short_block_around(element))
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _short_block_around(element: etree._Element) -> etree._Element:
    """The byline line holding an author link ("By <a rel=author>...</a>")."""
    parent = element.getparent()
    while parent is not None and parent.tag not in _BLOCK:
        parent = parent.getparent()
    if parent is not None and len(parent.text_content().split()) <= _BYLINE_MAX_WORDS:
        return parent
    return element


def _blocks(body: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        text = speakable("".join(buffer))
        buffer.clear()
        if text:
            blocks.append(Block(text))

    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if tag in _HEADINGS:
                flush()
                heading = speakable(element.text_content())
                blocks.append(Block(heading, heading=True, level=_HEADINGS[tag]))
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            elif tag == "br":
                buffer.append(" ")
            buffer.append(element.text or "")
        else:
            if tag in _BLOCK:
                flush()
            if element is not body:
                buffer.append(element.tail or "")
    flush()
    return blocks


def _first_text(root: etree._Element, path: str) -> str | None:
    for element in root.xpath(path):
        text = tidy(element.text_content())
        if text:
            return text
    return None


def _first_attr(root: etree._Element, path: str, attr: str) -> str | None:
    element = root.find(path)
    return element.get(attr) if element is not None else None


def _meta(root: etree._Element, key: str, value: str) -> str | None:
    for element in root.iterfind(".//meta"):
        if element.get(key, "").lower() == value and element.get("content", "").strip():
            return tidy(element.get("content"))
    return None


def _byline(root: etree._Element) -> str | None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if "author" in element.get("rel", "").split() or "byline" in element.get(
            "class", ""
        ).split():
            text = tidy(element.text_content())
            if text:
                return text
    return None

"""Which URLs narrator publishes, and which it trusts.

An episode's <link> is public: a URL taken from a page or a feed is published without user
info (`alice:s3cr3t@`), campaign tracking (`utm_*`, `fbclid`...) or parameters that look like
credentials (`token`, `apikey`, `signature`...), and only when it is http(s) (a `javascript:`
or `data:` link in a feed must never reach a podcast app). A page's canonical URL is believed
only on the page's own site: another site's canonical would take over that site's episode.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit, urlunsplit

_TRACKING: Final = re.compile(r"^(utm_[a-z0-9_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ref_src)$", re.I)
# Parameter names compared with separators removed ("api-key", "api_key", "apiKey" -> "apikey").
_SECRET_NAMES: Final = frozenset({
    "token", "key", "apikey", "accesskey", "secret", "clientsecret", "password", "passwd", "pwd",
    "pass", "auth", "authorization", "authkey", "signature", "sig", "session", "sessionid",
    "jsessionid", "phpsessid", "aspsessionid", "credential", "credentials", "otp",
})  # not "sid" or "code": PHP-Nuke and others number their stories with them
_SECRET_PARTS: Final = re.compile(r"(token|secret|passw|apikey|accesskey|signature|credential|sessionid|authkey)", re.I)


def is_http(url: str | None) -> bool:
    """An http:// or https:// URL with a host (not `javascript:`, `data:`, `http:path`)."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _secret(name: str) -> bool:
    squashed = re.sub(r"[^a-z0-9]", "", name.lower())
    return squashed in _SECRET_NAMES or bool(_SECRET_PARTS.search(squashed))


def public_url(url: str) -> str:
    """`url` as it may be published: no user info, #fragment, tracking or secret-looking
    query parameters; the rest of the query (an article id) stays in its order."""
    parts = urlsplit(urldefrag(url)[0])
    netloc = parts.netloc.rpartition("@")[2]
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not (_TRACKING.match(k) or _secret(k))]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def site(host: str | None) -> str:
    """The registrable domain of `host` by the Public Suffix List ("news.bbc.co.uk" ->
    "bbc.co.uk"); an IP address, `localhost` or an unknown suffix is its own site."""
    from tld import get_fld

    host = (host or "").lower().rstrip(".")
    if not host:
        return ""
    fld = get_fld(host, fix_protocol=True, fail_silently=True)
    return fld or host


def same_site(url: str, other: str) -> bool:
    """Both URLs on one site: the same host, or hosts under one registrable domain."""
    a, b = urlsplit(url).hostname, urlsplit(other).hostname
    return bool(a) and (a == b or site(a) == site(b))

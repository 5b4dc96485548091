"""Characters XML 1.0 cannot carry at all, and text without them.

C0 controls (form feed, vertical tab...), U+FFFE/U+FFFF and lone surrogates: one of them in
any feed field makes lxml refuse the whole feed. Settings refuse them by key (config.py);
the catalog never stores them and the feed cleans what an older version stored (catalog.py).
"""

from __future__ import annotations

import re
from typing import Final

XML_INVALID: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_clean(text: str | None) -> str | None:
    """`text` without the characters XML cannot carry (None stays None)."""
    return XML_INVALID.sub("", text) if text else text

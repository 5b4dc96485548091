"""Content-Encoding undone while streaming, with the decoded size capped as it grows.

A few kilobytes of gzip can stand for gigabytes of zeros, and `gzip, gzip` multiplies that:
checking the size after each decoded chunk is too late, as the chunk itself is the bomb.
Here every layer inflates at most BLOCK bytes per step (zlib's max_length), counts what it
made and stops one block past `limit`; memory stays a few blocks per layer whatever arrives.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator

BLOCK = 1 << 16
MAX_LAYERS = 2
"""`gzip, gzip` happens (a proxy compressing again); more is refused rather than unwound."""
SUPPORTED = ("gzip", "deflate")
ACCEPT_ENCODING = "gzip, deflate"
"""What narrator asks for: only what it decodes here, never br or zstd."""


class DecodeError(Exception):
    """The body cannot be decoded, or decodes past the limit; the message says which."""


def codings(header: str) -> list[str]:
    """The encodings of a Content-Encoding header, in the order they were applied."""
    names = [c.strip().lower() for c in header.split(",")]
    names = ["gzip" if c == "x-gzip" else c for c in names if c and c != "identity"]
    unknown = [c for c in names if c not in SUPPORTED]
    if unknown:
        raise DecodeError(f"unsupported Content-Encoding {unknown[0]!r} (narrator asks for {ACCEPT_ENCODING})")
    if len(names) > MAX_LAYERS:
        raise DecodeError(f"Content-Encoding {header.strip()!r} stacks {len(names)} compressions; refused (at most {MAX_LAYERS})")
    return names


def decoded(chunks: Iterable[bytes], header: str, limit: int, tick: Callable[[], None] = lambda: None) -> Iterator[bytes]:
    """The body of `chunks` with the encodings of `header` undone, outermost first.

    Raises DecodeError when any layer's output passes `limit` bytes (without making much
    more than that) or the data is corrupt. `tick` runs between steps (a deadline check:
    inflating can take a while without a single network read)."""
    stream: Iterator[bytes] = iter(chunks)
    for coding in reversed(codings(header)):
        stream = _capped(_inflate(stream, coding, tick), coding, limit)
    return stream


def _capped(stream: Iterator[bytes], coding: str, limit: int) -> Iterator[bytes]:
    size = 0
    for block in stream:
        size += len(block)
        if size > limit:
            raise DecodeError(f"response is over the limit of {limit:,} bytes once decompressed ({coding}); not read further")
        yield block


def _inflate(stream: Iterator[bytes], coding: str, tick: Callable[[], None]) -> Iterator[bytes]:
    wbits = 16 + zlib.MAX_WBITS if coding == "gzip" else None
    head = b""
    d = None
    members = 0
    for data in stream:
        if wbits is None:  # deflate: zlib-wrapped as the RFC says, or raw as some servers send
            head += data
            if len(head) < 2:
                continue
            data, head = head, b""
            wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            wbits = zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
        pending = False
        while data or pending:
            if d is None:
                d = zlib.decompressobj(wbits)
                members += 1
            try:
                out = d.decompress(data, BLOCK)
            except zlib.error as exc:
                if members > 1:
                    return  # junk after a complete gzip member: browsers ignore it too
                raise DecodeError(f"corrupt {coding} data ({exc})") from None
            tick()
            if out:
                yield out
            if d.eof:
                if coding != "gzip":
                    return  # one deflate stream; anything after it is not ours to read
                data, d, pending = d.unused_data, None, False  # another gzip member may follow
            else:
                # A full block may leave output inside zlib for input it already took: ask again.
                data, pending = d.unconsumed_tail, len(out) == BLOCK

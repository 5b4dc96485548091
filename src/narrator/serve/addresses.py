"""Which addresses to show the user for a server bound to host:port; local lookups only."""

from __future__ import annotations

import socket
import struct

from narrator.serve.protocol import FEED_PATH


_SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _interface_addresses() -> list[str]:
    """IPv4 address of each network interface (Linux), read by ioctl: no packet is sent."""
    try:
        import fcntl
    except ImportError:  # not a Unix: the resolver's answer must do
        return []
    found = []
    # The socket is only a handle for the ioctl; it is never bound, connected or written to.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(s.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
            except OSError:  # interface without an IPv4 address
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, from local lookups only.

    No socket is connected anywhere (the usual UDP "connect to 8.8.8.8" trick is avoided):
    serving must never send traffic off this machine. The hostname often resolves only to
    127.0.x.1, so the interfaces' own addresses are asked too.
    """
    candidates: list[str] = []
    try:
        candidates += [str(i[4][0]) for i in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    try:
        candidates += _interface_addresses()
    except OSError:
        pass
    found: list[str] = []
    for addr in candidates:
        if not addr.startswith("127.") and addr != "0.0.0.0" and addr not in found:
            found.append(addr)
    return found


def feed_urls(host: str, port: int) -> list[str]:
    """The feed URLs to paste into a podcast app for a server bound to host:port."""
    if host in ("0.0.0.0", "", "::"):
        hosts = lan_addresses() or ["127.0.0.1"]
    else:
        hosts = [f"[{host}]" if ":" in host else host]
    return [f"http://{h}:{port}{FEED_PATH}" for h in hosts]

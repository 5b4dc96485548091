"""Keep followed feeds out of the user's own network.

A followed feed is someone else's text: its item links, and every redirect they lead to, could
point at the router's admin page, a cloud metadata service (169.254.169.254) or a database on
localhost, and narrator would fetch it from inside. So for followed feeds' items every hop is
refused when its host resolves to a loopback, private, link-local or otherwise non-public
address, checked twice: the name's addresses before the request, and the address actually
connected to once answered (a name that changes its address between the two, DNS rebinding,
still gets no answer read). `narrator follow --allow-private` lifts it for an intranet feed.

What the user types (`narrator build URL`, the feed URL of `follow`) is fetched wherever it is.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from dataclasses import dataclass
from typing import Callable

import httpx

from narrator.web import WebError

Refusal = Callable[[str, int], "str | None"]
"""(IP address, port) -> why it is refused ("a loopback address"), or None to allow it."""


def non_public(ip: str, port: int = 0) -> str | None:
    """Why `ip` is no place for a followed feed's item to lead, or None for a public address."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])  # fe80::1%eth0: the zone is no part of it
    except ValueError:
        return "not an IP address"
    if address.version == 6 and address.ipv4_mapped:  # ::ffff:127.0.0.1 is 127.0.0.1
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private:
        return "a private address"
    if not address.is_global or address.is_multicast or address.is_reserved or address.is_unspecified:
        return "not a public address"  # 100.64.0.0/10 (carrier NAT), multicast, reserved
    return None


@dataclass(frozen=True, slots=True)
class PublicOnly:
    """httpx event hooks refusing every hop (first request and redirects) that leads to an
    address `refuse` names."""

    refuse: Refusal = non_public

    def hooks(self) -> dict:
        return {"request": [self._before], "response": [self._after]}

    def _before(self, request: httpx.Request) -> None:
        host, port = request.url.host, request.url.port or (443 if request.url.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return  # no address: httpx reports the failure in its own words
        for *_, sockaddr in infos:
            self._check(request.url, host, str(sockaddr[0]), port)

    def _after(self, response: httpx.Response) -> None:
        url = response.request.url
        if _through_proxy(url):
            return  # the peer is the proxy; the name was checked before the request
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer:
            self._check(url, url.host, peer[0], peer[1])

    def _check(self, url: httpx.URL, host: str, ip: str, port: int) -> None:
        why = self.refuse(ip, port)
        if why:
            where = f"{host} is {why}" if host == ip else f"{host} is at {ip}, {why}"
            raise WebError(
                f"{url}: not fetched: {where}; a followed feed's links may lead only to public"
                " addresses (`narrator follow --allow-private FEED_URL` allows an intranet feed)"
            )


def _through_proxy(url: httpx.URL) -> bool:
    proxies = urllib.request.getproxies()
    return (url.scheme in proxies or "all" in proxies) and not urllib.request.proxy_bypass(url.host)

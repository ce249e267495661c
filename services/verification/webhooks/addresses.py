"""Which URLs an endpoint may have (SSRF care): ``https`` with a host name or a public
address; plain ``http`` only to the loopback interface and only in demo mode (tests, a
developer's machine).  In production a literal private, loopback, link-local or reserved
address is refused as well, and so is ``localhost``; a host *name* is checked when a
delivery goes out: in production the sender connects only to the addresses it resolves to
that ``is_public`` allows (``sender.outbound_transport``), so a name pointing at the
service's own network fails as ``address-not-allowed`` (docs/integrators/webhooks.md)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from verification.problems import InvalidRequest

MAX_URL_LENGTH = 2048
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def check_url(url: str, *, demo: bool) -> str:
    """``url`` if an endpoint may have it; ``422 webhook-url-not-allowed`` otherwise."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        raise _refused("the URL cannot be parsed") from None
    if parts.scheme not in {"https", "http"} or not host:
        raise _refused("the URL must be https://host/…")
    if parts.username is not None or parts.password is not None:
        raise _refused("the URL may not carry credentials (user:password@)")
    if parts.fragment:
        raise _refused("the URL may not have a #fragment")
    loopback = _is_loopback(host)
    if parts.scheme == "http" and not (demo and loopback):
        raise _refused(
            "the URL must be https; plain http is allowed only to the loopback interface "
            "in demo mode"
        )
    if not demo and (loopback or _is_internal_address(host)):
        raise _refused("the URL may not name a private, loopback or reserved address")
    return url


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_loopback(host: str) -> bool:
    address = _address(host)
    return host in _LOOPBACK_NAMES if address is None else address.is_loopback


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether a webhook may be delivered to ``address``: a global one (an IPv4 address
    written as IPv6, ``::ffff:a.b.c.d``, is judged as the IPv4 address it is)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global


def _is_internal_address(host: str) -> bool:
    address = _address(host)
    return address is not None and not is_public(address)


def _refused(detail: str) -> InvalidRequest:
    return InvalidRequest(detail, code="webhook-url-not-allowed")

"""Who is calling the console: the page's origin (for CSRF and the socket) and the client address.

Plain functions of header values; the console channel feeds them from the request.
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_SOCKET_SCHEMES = {"ws": "http", "wss": "https"}


def normalise_origin(value: Optional[str]) -> Optional[str]:
    """"scheme://host[:port]" of an Origin or Referer value, lower case, default port dropped;
    None for anything that is not an http(s) URL (including the opaque origin "null")."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and str(port) != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return f"{scheme}://{host}"


def own_origin(scheme: str, host: str) -> Optional[str]:
    """The console's own origin from the request's scheme (ws/wss count as http/https) and Host."""
    scheme = (scheme or "http").lower()
    return normalise_origin(f"{_SOCKET_SCHEMES.get(scheme, scheme)}://{host}")


def origin_allowed(own: Optional[str], origin: Optional[str], referer: Optional[str], required: bool) -> bool:
    """Does the request come from the console's own page?

    The Origin header decides when present ("null" is foreign); without it, the Referer's origin.
    With neither, the answer is `not required`: state-changing calls require one (browsers send
    Origin on every POST and DELETE), reads and the socket (a same-origin polling GET carries
    none) accept their absence.
    """
    if own is None:
        return False
    if origin:
        return normalise_origin(origin) == own
    if referer:
        return normalise_origin(referer) == own
    return not required


def client_address(peer: str, forwarded_for: Optional[str], trust_proxy: bool) -> str:
    """The caller's address: the socket's peer, or - only when a trusted proxy is in front - the
    last address of X-Forwarded-For (the one that proxy saw; earlier ones are the caller's word)."""
    if trust_proxy and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return peer or "unknown"

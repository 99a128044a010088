"""URL safety rules, on parsed hosts (never on raw strings). Pure: no DNS, no I/O.

Two questions are asked of URLs: may RunComfy be told to fetch this asset (public https only),
and may we download this result (https on a RunComfy host, or an origin the operator allowed)?
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

DOWNLOAD_SUFFIXES = (".runcomfy.net", ".runcomfy.com")
_INTERNAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "metadata", "instance-data"}
_INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp", ".localdomain")


def _host(url: str) -> tuple[str, str, str | None]:
    """(scheme, lower-case host, problem) for a URL; problem is None when it parsed cleanly."""
    if any(ch in url for ch in "\\\r\n\t ") or not url.isprintable():
        return "", "", "contains a backslash, whitespace or control character"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        return "", "", f"cannot be parsed ({exc})"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return parts.scheme, host, "carries credentials (user:password@); use a link that needs no login"
    return parts.scheme.lower(), host, None


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    # Shorthand and numeric forms (http://2130706433/, http://0x7f.1/) are IPs to a resolver.
    if host.replace(".", "").isdigit() or host.startswith("0x"):
        try:
            import socket

            return ipaddress.ip_address(socket.inet_ntoa(socket.inet_aton(host)))
        except (OSError, ValueError):
            return None
    return None


def asset_url_problem(url: str) -> str | None:
    """Why RunComfy must not be handed this asset URL, or None when it is a public https URL."""
    scheme, host, problem = _host(url)
    if problem:
        return problem
    if scheme != "https":
        return f"uses {scheme or 'no'}: scheme; only public https:// URLs can be fetched by RunComfy"
    if not host:
        return "has no host"
    if (ip := _ip(host)) is not None:
        return f"points at the IP address {ip}; use a public host name, not an IP literal"
    if host in _INTERNAL_NAMES or host.endswith(_INTERNAL_SUFFIXES) or "." not in host:
        return f"points at the internal host {host!r}; use a public host"
    return None


def download_url_problem(url: str, extra_origins: tuple[str, ...] = ()) -> str | None:
    """Why a result URL must not be downloaded, or None when it is allowed.

    Allowed: https on a host ending in .runcomfy.net / .runcomfy.com (dot boundary, so
    `runcomfy.net.evil.example` and `evilruncomfy.net` fail), or an exact scheme://host:port origin
    the operator configured (the sandbox emulator); never one a tool call supplies.
    """
    scheme, host, problem = _host(url)
    if problem:
        return problem
    parts = urlsplit(url)
    origin = f"{scheme}://{parts.netloc.lower()}"
    if origin in {o.rstrip("/").lower() for o in extra_origins}:
        return None
    if scheme != "https":
        return f"uses {scheme or 'no'}: scheme instead of https"
    if not host:
        return "has no host"
    if _ip(host) is not None:
        return f"host {host} is an IP address, not a RunComfy host"
    if not host.endswith(DOWNLOAD_SUFFIXES):
        return f"host {host} is not a RunComfy download host (*.runcomfy.net or *.runcomfy.com)"
    return None

"""One URL policy, applied to the host as a fetcher would read it. Pure: no DNS, no I/O.

A URL is first parsed and its host normalised the way WHATWG URL parsers (browsers, Node, curl's
newer builds) do: percent-decoding, UTS 46 mapping (full-width and circled digits, ideographic
dots, case), punycode, and the IPv4 number forms (`127.1`, `0x7f.1`, `0177.0.0.1`,
`127.0.0.0x1`, `2130706433`). The checks then run on that normalised host, so no spelling of a
loopback, private or metadata address gets past them. The same function serves asset URLs
(public https only, for RunComfy to fetch) and result downloads (RunComfy's file hosts or an
operator origin on top), and the API base that receives the token.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import SplitResult, unquote, urlsplit

import idna

from runcomfy_skills.errors import ExitCode, SkillError

ENV_ALLOWED_PORTS = "RUNCOMFY_ALLOWED_PORTS"
ENV_ALLOWED_API_HOSTS = "RUNCOMFY_ALLOWED_API_HOSTS"
MAX_URL_LENGTH = 2048
MAX_HOST_LENGTH = 253
DEFAULT_PORT = {"https": 443, "http": 80}
RUNCOMFY_SUFFIXES = (".runcomfy.net", ".runcomfy.com")

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_INTERNAL_NAMES = frozenset({
    "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "metadata", "instance-data",
    "metadata.goog", "kubernetes.default",
})
# Names that only resolve inside a host, a LAN or a cluster (the last is what k8s search domains expand).
_INTERNAL_SUFFIXES = (
    ".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp", ".localdomain", ".home",
    ".svc", ".cluster.local", ".cluster", ".pod", ".default", ".consul", ".private",
)
# Public wildcard-DNS services that answer with the address written in the name (127.0.0.1.nip.io).
_LOOPBACK_DNS = (".nip.io", ".sslip.io", ".xip.io", ".localtest.me", ".lvh.me", ".traefik.me")
_ASCII_LABEL = re.compile(r"^[a-z0-9_-]{1,63}$")
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_NO_HOST = "has no host"
_DIGITS = {8: set("01234567"), 10: set("0123456789"), 16: set("0123456789abcdefABCDEF")}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
             ipaddress.ip_address("100.100.100.200")}


@dataclass(frozen=True)
class UrlCheck:
    """A URL as a fetcher reads it, and why it may not be used (None when it may).

    `rule` names the kind of problem for the consent gate's audit: input.too_long,
    input.malformed_url, input.credentials, input.scheme, input.private_host, input.port,
    input.foreign_host (a download outside RunComfy's hosts).
    """

    url: str
    scheme: str = ""
    host: str = ""  # normalised: lower-case ASCII with A-labels, or the IP address's text
    port: int | None = None  # explicit or the scheme's default
    ip: IP | None = None
    problem: str | None = None
    rule: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if isinstance(self.ip, ipaddress.IPv6Address) else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def refuse(self, rule: str, problem: str) -> UrlCheck:
        return replace(self, rule=rule, problem=problem)


# -- parsing ------------------------------------------------------------------------------------


def _ipv4_number(part: str) -> int | None:
    """One part of a WHATWG IPv4 address: 0x-hex, 0-octal or decimal; None when it is not a number."""
    if part[:2].lower() == "0x":
        digits, base = part[2:], 16
        if not digits:
            return 0
    elif len(part) > 1 and part[0] == "0":
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    if not digits or not set(digits) <= _DIGITS[base]:
        return None
    return int(digits, base)


def _ipv4(host: str) -> ipaddress.IPv4Address | None | str:
    """The IPv4 address a WHATWG parser makes of `host`; None for a domain; a reason when invalid."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    last = parts[-1]
    if not (last.isascii() and last.isdigit()) and _ipv4_number(last) is None:
        return None  # does not end in a number: a domain name
    numbers = [_ipv4_number(p) if p else None for p in parts]
    if len(parts) > 4 or any(n is None for n in numbers):
        return "is neither a domain name nor a valid IPv4 address"
    *head, tail = numbers
    if any(n > 255 for n in head) or tail >= 256 ** (5 - len(numbers)):  # type: ignore[operator]
        return "is an out-of-range IPv4 address"
    value = tail
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))  # type: ignore[operator]
    return ipaddress.IPv4Address(value)


def _hidden_numerals(raw: str) -> bool:
    """True when a non-ASCII character is a digit or stands for an ASCII digit or dot (１, ①, ٣, 。, ．)."""
    for ch in raw:
        if ch.isascii():
            continue
        try:
            mapped = idna.uts46_remap(ch, std3_rules=False, transitional=False)
        except (idna.IDNAError, UnicodeError, ValueError):
            return True
        if any(c in "0123456789." for c in mapped) or ch.isdigit():
            return True
    return False


def _domain(raw: str) -> str | tuple[str, str]:
    """UTS 46 (non-transitional) mapping, then A-labels; (rule, reason) when it is no valid name."""
    try:  # UTS 46 maps ASCII only by case: skip its (slow) tables for the common all-ASCII host
        mapped = raw.lower() if raw.isascii() else idna.uts46_remap(raw, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return "input.malformed_url", "has a host name with characters no domain name may hold"
    labels = mapped.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()  # one trailing dot names the same host
    out = []
    for label in labels:
        if label.isascii():
            ok = bool(_ASCII_LABEL.match(label))
            if ok and label.startswith("xn--"):
                try:
                    idna.ulabel(label)
                except (idna.IDNAError, UnicodeError, ValueError):
                    ok = False
        else:
            try:
                label = idna.alabel(label).decode("ascii")
                ok = len(label) <= 63
            except (idna.IDNAError, UnicodeError, ValueError):
                ok = False
        if not ok:
            return "input.malformed_url", f"has an invalid host name label {label[:40]!r}"
        out.append(label)
    return ".".join(out)


def _split_netloc(netloc: str) -> tuple[str, str, bool] | None:
    """(host, port text, bracketed) of a netloc without userinfo; None when malformed."""
    if netloc.startswith("["):
        end = netloc.find("]")
        host, rest = netloc[1:end], netloc[end + 1 :]
        if end < 0 or (rest and not rest.startswith(":")):
            return None
        return host, rest[1:], True
    host, _, port = netloc.partition(":")
    if ":" in port:
        return None
    return host, port, False


def inspect_url(url: str) -> UrlCheck:
    """Parse and normalise; `problem` is set only for what no policy could accept (malformed,
    too long, credentials). Never raises."""
    if not isinstance(url, str):
        return UrlCheck(str(url)[:80], problem="is not a string", rule="input.malformed_url")
    if len(url) > MAX_URL_LENGTH:
        return UrlCheck(url[:80] + "…", problem=f"is {len(url)} characters long, over the {MAX_URL_LENGTH} allowed",
                        rule="input.too_long")
    bad = "input.malformed_url"
    if _BAD_CHARS.search(url) or not url.isprintable():
        return UrlCheck(url, problem="contains a backslash, whitespace or control character", rule=bad)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return UrlCheck(url, problem=f"cannot be parsed ({exc})", rule=bad)
    scheme = parts.scheme.lower()
    if "@" in parts.netloc:
        return UrlCheck(url, scheme, problem="carries credentials (user:password@); use a link that needs no login",
                        rule="input.credentials")
    split = _split_netloc(parts.netloc)
    if split is None:
        return UrlCheck(url, scheme, problem="has a malformed host or port", rule=bad)
    raw_host, port_text, bracketed = split
    if port_text and not (port_text.isascii() and port_text.isdigit() and int(port_text) <= 65535):
        return UrlCheck(url, scheme, problem=f"has an invalid port {port_text[:10]!r}", rule=bad)
    port = int(port_text) if port_text else DEFAULT_PORT.get(scheme)
    host, problem = _host(raw_host, bracketed)
    if isinstance(host, str):
        return UrlCheck(url, scheme, host, port, problem=problem, rule=problem and bad)
    if host is None:
        if problem == _NO_HOST and scheme not in DEFAULT_PORT:
            problem = None  # data:, file:, mailto: have no host; the scheme check says why they fail
        return UrlCheck(url, scheme, "", port, problem=problem, rule=problem and bad)
    return UrlCheck(url, scheme, str(host), port, ip=host)


def _host(raw: str, bracketed: bool) -> tuple[str | IP | None, str | None]:
    """The normalised host (a name, or an IP) and why it is malformed, if it is."""
    if bracketed:
        if "%" in raw:
            return None, "has an IPv6 zone id, which no URL may carry"
        try:
            return ipaddress.IPv6Address(raw), None
        except ValueError:
            return None, "has a malformed IPv6 address in brackets"
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None, "has a percent-encoded host that is not UTF-8"
    if not decoded:
        return None, _NO_HOST
    domain = _domain(decoded)
    if _hidden_numerals(decoded):
        reading = f" (a fetcher reads it as {domain!r})" if isinstance(domain, str) else ""
        return None, f"writes its host with non-ASCII digits or dots{reading}; write the host in plain ASCII"
    if isinstance(domain, tuple):
        return None, domain[1]
    if len(domain) > MAX_HOST_LENGTH:
        return None, "has a host name longer than 253 characters"
    ipv4 = _ipv4(domain)
    if isinstance(ipv4, str):
        return domain, f"has a host that {ipv4}"
    return (ipv4, None) if ipv4 is not None else (domain, None)


# -- policies -----------------------------------------------------------------------------------


def _ip_kind(ip: IP) -> str:
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    if mapped is not None:
        return f"{_ip_kind(mapped)} (inside the IPv6 address)"
    if ip in _METADATA:
        return "a cloud metadata service"
    for name in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "carrier-grade NAT (shared)"
    return "public" if ip.is_global else "non-public"


def _internal_name(host: str) -> bool:
    return (host in _INTERNAL_NAMES or "." not in host or host.endswith(_INTERNAL_SUFFIXES)
            or host.endswith(_LOOPBACK_DNS))


def _public_https(check: UrlCheck, ports: tuple[int, ...]) -> UrlCheck:
    """The checks every outgoing fetch shares: https, a public name (no IP literal), an allowed port."""
    if check.scheme != "https":
        return check.refuse("input.scheme", f"uses {check.scheme or 'no'}: scheme; only https:// links are allowed")
    if not check.host:
        return check.refuse("input.malformed_url", "has no host")
    if check.ip is not None:
        return check.refuse("input.private_host", f"points at the IP address {check.ip}, which is {_ip_kind(check.ip)};"
                            " use a public host name, not an IP literal")
    if _internal_name(check.host):
        return check.refuse("input.private_host", f"points at the internal host {check.host!r}; use a public host")
    if check.port not in (443, *ports):
        allowed = ", ".join(str(p) for p in (443, *ports))
        return check.refuse("input.port", f"uses port {check.port}; only {allowed} is allowed "
                            f"(the operator can allow more with {ENV_ALLOWED_PORTS})")
    return check


@lru_cache(maxsize=1024)  # pure: the router, the gate and `plan` ask about the same files in one call
def check_asset_url(url: str, ports: tuple[int, ...] = ()) -> UrlCheck:
    """May RunComfy be told to fetch this? Public https on port 443 (or an operator-allowed port)."""
    check = inspect_url(url)
    return check if not check.ok else _public_https(check, ports)


def _origin_set(origins: tuple[str, ...]) -> set[str]:
    return {c.origin for c in map(inspect_url, origins) if c.ok and c.host}


def check_download_url(url: str, extra_origins: tuple[str, ...] = (), ports: tuple[int, ...] = ()) -> UrlCheck:
    """May we download this result? The asset policy plus a RunComfy host (dot boundary, so
    `runcomfy.net.evil.example` and `evilruncomfy.net` fail), or exactly an origin the operator
    configured (scheme, normalised host and port; e.g. the sandbox emulator on loopback)."""
    check = inspect_url(url)
    if not check.ok:
        return check
    if check.host and check.origin in _origin_set(extra_origins):
        return check
    check = _public_https(check, ports)
    if check.ok and not check.host.endswith(RUNCOMFY_SUFFIXES):
        return check.refuse("input.foreign_host",
                            f"host {check.host} is not a RunComfy download host (*.runcomfy.net or *.runcomfy.com)")
    return check


def _is_loopback(check: UrlCheck) -> bool:
    if check.ip is not None:
        return check.ip.is_loopback
    return check.host in ("localhost", "ip6-localhost") or check.host.endswith(".localhost")


def api_base_problem(base: str, allowed_hosts: tuple[str, ...] = ()) -> str | None:
    """Why the token must not go to this API base: only https on a RunComfy host, a loopback
    address (the emulator, http allowed), or a host the operator named explicitly (https)."""
    check = inspect_url(base)
    if check.rule == "input.credentials":
        return "carries a user name or password; put the token in RUNCOMFY_TOKEN and give a plain URL"
    if not check.ok:
        return check.problem
    if check.scheme not in ("https", "http") or not check.host:
        return "must be an https:// URL with a host"
    if _is_loopback(check):
        return None
    if check.scheme != "https":
        return "uses plain http:// to a non-loopback host; the token is sent only over https"
    allowed = {c.host for c in map(inspect_url, (f"https://{h.strip()}" for h in allowed_hosts)) if c.ok}
    if check.host.endswith(RUNCOMFY_SUFFIXES) or check.host in allowed:
        return None
    return (f"names the host {check.host}, which is not RunComfy's (*.runcomfy.net, *.runcomfy.com); "
            f"the token is sent only there (or to a host the operator lists in {ENV_ALLOWED_API_HOSTS})")


def parse_ports(env: Mapping[str, str]) -> tuple[int, ...]:
    """The operator's extra allowed ports (`RUNCOMFY_ALLOWED_PORTS=8443,9000`)."""
    text = env.get(ENV_ALLOWED_PORTS, "")
    ports = [p.strip() for p in text.split(",") if p.strip()]
    if not all(p.isascii() and p.isdigit() and 0 < int(p) <= 65535 for p in ports):
        raise SkillError(ExitCode.USAGE, f"{ENV_ALLOWED_PORTS}={text[:60]!r} is not a list of ports.",
                         hint=f"Set {ENV_ALLOWED_PORTS} to comma-separated port numbers, e.g. 8443,9000, or unset it.")
    return tuple(int(p) for p in ports)


@lru_cache(maxsize=1024)  # routing and the gate read each file's URL several times per decision
def split_or_none(url: str) -> SplitResult | None:
    """`urlsplit` for code that only reads a URL (routing hints): None instead of ValueError."""
    try:
        return urlsplit(url)
    except ValueError:
        return None

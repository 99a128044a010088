"""Streamable HTTP for more than one user: who may connect, from where, and as whom.

- **Bearer tokens**, as the MCP authorization spec asks of a resource server: the operator issues
  each user a token and lists `principal:sha256(token)` lines in `RUNCOMFY_HTTP_TOKENS_FILE` (the
  tokens themselves are never stored). A request without a valid token gets 401 with a
  `WWW-Authenticate: Bearer` challenge naming the protected resource metadata (RFC 9728), served
  at `/.well-known/oauth-protected-resource/mcp`. Tokens are compared in constant time, against
  every entry. The principal goes into the ASGI scope (`clients.PRINCIPAL_KEY`), where jobs take
  their owner from, and as the SDK's authenticated user, which binds each MCP session to it.
- **Host and Origin** are checked on every bind address (DNS rebinding): loopback names, the
  bound host, and `RUNCOMFY_HTTP_ALLOWED_HOSTS` / `RUNCOMFY_HTTP_ALLOWED_ORIGINS`.
- **No bind beyond loopback without tokens**, and none on a wildcard address without the host
  names clients use: both are usage errors (64) before anything listens.
- **Bodies** over `MAX_MESSAGE_BYTES` get 413 (`guard.BodyLimit`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
import stat
from pathlib import Path
from typing import Any

from mcp.server import Server
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from mcp.server.transport_security import TransportSecuritySettings

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.mcp.clients import PRINCIPAL_KEY
from runcomfy_skills.mcp.guard import BodyLimit
from runcomfy_skills.settings import Settings

PRINCIPAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
METADATA_PATH = "/.well-known/oauth-protected-resource"
MCP_PATH = "/mcp"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
TOKENS_HINT = ("Give each user a line `name:sha256-of-their-token` in the file named by RUNCOMFY_HTTP_TOKENS_FILE "
               "(`runcomfy-skills http-token NAME` makes a token and its line).")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaticTokens:
    """Operator-issued bearer tokens: principal by sha256 of the token, compared in constant time."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self._entries = [(bytes.fromhex(digest), principal) for principal, digest in entries]

    @classmethod
    def load(cls, path: Path) -> StaticTokens:
        """Read the file; refuse one others may write, and any malformed line (by number, never its text)."""
        where = "RUNCOMFY_HTTP_TOKENS_FILE"
        try:
            info = path.stat()
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise SkillError(ExitCode.USAGE, f"Cannot read the HTTP tokens file {path}: {reason}.", where=where,
                             hint=TOKENS_HINT) from None
        if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise SkillError(ExitCode.USAGE, f"The HTTP tokens file {path} must be a regular file only its owner "
                             "can write.", where=where, hint=f"chmod 600 {path}")
        entries: list[tuple[str, str]] = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            principal, _, digest = line.rpartition(":")
            digest = digest.lower()
            if not PRINCIPAL.match(principal) or not _DIGEST.match(digest):
                raise SkillError(ExitCode.USAGE, f"{path}, line {number}: expected NAME:SHA256 (a name of letters, "
                                 "digits and ._@+-, then the 64 hex digits of the token's sha256).", where=where,
                                 hint=TOKENS_HINT)
            if any(digest == known for _, known in entries):
                raise SkillError(ExitCode.USAGE, f"{path}, line {number}: the same token is listed twice.",
                                 where=where, hint="Give every user a token of their own.")
            entries.append((principal, digest))
        if not entries:
            raise SkillError(ExitCode.USAGE, f"The HTTP tokens file {path} lists no token.", where=where,
                             hint=TOKENS_HINT)
        return cls(entries)

    def principal(self, token: str) -> str | None:
        """Whose token this is; every entry is compared (no early exit), each in constant time."""
        digest = hashlib.sha256(token.encode()).digest()
        found = None
        for known, principal in self._entries:
            if hmac.compare_digest(digest, known):
                found = principal
        return found


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def host_form(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(settings: Settings, bind: str) -> list[str]:
    names = [*LOOPBACK_NAMES, *([] if _wildcard(bind) else [host_form(bind)]), *settings.http_allowed_hosts]
    out: list[str] = []
    for name in names:
        name = name.lower()
        out += [name] if name.endswith(":*") or re.search(r":\d+$", name) else [name, f"{name}:*"]
    return out


def allowed_origins(settings: Settings) -> list[str]:
    loopback = [f"http://{name}" for name in LOOPBACK_NAMES]
    return [*loopback, *(f"{o}:*" for o in loopback), *(o.rstrip("/").lower() for o in settings.http_allowed_origins)]


def check_bind(settings: Settings, host: str) -> StaticTokens | None:
    """Refuse (64) to listen beyond loopback without tokens, or on a wildcard address without the host
    names clients will use (Host checks stay on); load the tokens when a file is named."""
    tokens = StaticTokens.load(settings.http_tokens_file) if settings.http_tokens_file else None
    if not is_loopback(host) and tokens is None:
        raise SkillError(ExitCode.USAGE, f"Refusing to serve HTTP on {host}: beyond loopback every client must "
                         "authenticate.", where="--host", hint=TOKENS_HINT + " Or serve on 127.0.0.1.")
    if _wildcard(host) and not settings.http_allowed_hosts:
        raise SkillError(ExitCode.USAGE, f"Serving on {host or 'every address'} needs the host names clients use "
                         "to reach this server, so Host checks can stay on.", where="RUNCOMFY_HTTP_ALLOWED_HOSTS",
                         hint="Set RUNCOMFY_HTTP_ALLOWED_HOSTS, e.g. mcp.example.com,10.0.0.5:8765.")
    return tokens


async def _respond(send: Any, status: int, body: dict[str, Any], headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()), *headers]})
    await send({"type": "http.response.body", "body": payload})


class Gate:
    """ASGI: Host/Origin checks, then the protected resource metadata, then the bearer check."""

    def __init__(self, app: Any, settings: Settings, bind: str, tokens: StaticTokens | None) -> None:
        self.app = app
        self.tokens = tokens
        self.hosts = set(allowed_hosts(settings, bind))
        self.origins = set(allowed_origins(settings))
        self.public_url = settings.http_public_url

    def _allowed(self, value: str, allowed: set[str]) -> bool:
        value = value.lower()
        return value in allowed or (":" in value and f"{value.rsplit(':', 1)[0]}:*" in allowed)

    def _resource(self, host: str, scope: dict[str, Any]) -> str:
        return self.public_url or f"{scope.get('scheme', 'http')}://{host}{MCP_PATH}"

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        host, origin = headers.get(b"host", ""), headers.get(b"origin")
        if not self._allowed(host, self.hosts):
            await _respond(send, 421, {"error": "Host not allowed; the operator lists names in "
                                       "RUNCOMFY_HTTP_ALLOWED_HOSTS."})
            return
        if origin is not None and not self._allowed(origin.rstrip("/"), self.origins):
            await _respond(send, 403, {"error": "Origin not allowed; the operator lists origins in "
                                       "RUNCOMFY_HTTP_ALLOWED_ORIGINS."})
            return
        resource = self._resource(host, scope)
        if scope["path"].startswith(METADATA_PATH):
            await _respond(send, 200, {"resource": resource, "bearer_methods_supported": ["header"],
                                       "resource_name": "runcomfy-skills"})
            return
        if self.tokens is not None:
            scheme, _, token = headers.get(b"authorization", "").partition(" ")
            token = token.strip() if scheme.lower() == "bearer" else ""
            principal = self.tokens.principal(token) if token else None
            if principal is None:
                challenge = f'Bearer realm="runcomfy-skills", resource_metadata="{_metadata_url(resource)}"'
                if token:  # RFC 6750: an error code only when a bearer token was presented
                    challenge += ', error="invalid_token"'
                await _respond(send, 401, {"error": "invalid_token" if token else "unauthorized",
                                           "error_description": "A bearer token issued by the operator is required."},
                               ((b"www-authenticate", challenge.encode()),))
                return
            scope = {**scope, PRINCIPAL_KEY: principal,
                     "user": AuthenticatedUser(AccessToken(token=token_digest(token), client_id=principal, scopes=[]))}
        await self.app(scope, receive, send)


def _metadata_url(resource: str) -> str:
    scheme, _, rest = resource.partition("://")
    origin, _, path = rest.partition("/")
    return f"{scheme}://{origin}{METADATA_PATH}" + (f"/{path}" if path else "")


def http_app(server: Server[Any], settings: Settings, bind: str) -> Any:
    """The ASGI app `serve --transport http` runs: limits and checks around the SDK's transport."""
    tokens = check_bind(settings, bind)
    inner = server.streamable_http_app(
        host=bind, streamable_http_path=MCP_PATH,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),  # Gate checks them
    )
    return Gate(BodyLimit(inner), settings, bind, tokens)  # no body is read before the token is checked

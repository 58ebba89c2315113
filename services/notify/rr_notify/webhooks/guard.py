"""SSRF protection for webhook targets: http(s) only, bounded length, no credentials in the URL,
and no private, loopback, link-local or otherwise non-public address unless its network is
explicitly allowed. Checked when a webhook is saved and again, against the freshly resolved
address that is then used for the connection, before every delivery (no DNS rebinding)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from rr_notify.errors import InvalidWebhookUrl, WebhookTargetNotAllowed

MAX_URL_LENGTH = 2048
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedTarget(Exception):
    """The target may not be called (its sentence says why)."""


@dataclass(frozen=True)
class Target:
    """Where to connect (a checked IP) and what to call it (Host header, TLS server name)."""

    url: str
    connect_url: str
    host: str  # the Host header: name[:port]
    server_name: str  # for TLS: SNI and certificate check
    ip: IPAddress


def parse_networks(spec: str) -> list[Network]:
    return [ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip()]


def _shape(url: str) -> SplitResult:
    if len(url) > MAX_URL_LENGTH:
        raise InvalidWebhookUrl(f"The webhook URL is too long; the limit is {MAX_URL_LENGTH} characters.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidWebhookUrl("The webhook URL is not a valid URL.") from exc
    if parts.scheme not in ("http", "https"):
        raise InvalidWebhookUrl("The webhook URL must start with http:// or https://.")
    if not parts.hostname:
        raise InvalidWebhookUrl("The webhook URL has no host.")
    if parts.username or parts.password:
        raise InvalidWebhookUrl("Put no credentials in the webhook URL; receivers verify the signature instead.")
    if port == 0:
        raise InvalidWebhookUrl("The webhook URL has an invalid port.")
    return parts


class TargetPolicy:
    def __init__(self, allowed_networks: Sequence[Network] = (), resolve_timeout: float = 3.0) -> None:
        self.allowed = list(allowed_networks)
        self.resolve_timeout = resolve_timeout

    def check_ip(self, ip: IPAddress, host: str) -> None:
        mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
        effective = mapped or ip
        if any(effective in net for net in self.allowed):
            return
        if not effective.is_global or effective.is_multicast:
            raise BlockedTarget(
                f"The webhook host '{host}' is a private, loopback or reserved address ({effective}); only public addresses are allowed."
            )

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), self.resolve_timeout)
        except (OSError, TimeoutError) as exc:
            raise BlockedTarget(f"The webhook host '{host}' does not resolve; check the URL.") from exc
        return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))

    async def check(self, url: str) -> Target:
        """A target whose every resolved address is allowed; connect to the first one."""
        parts = _shape(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = await self.resolve(host, port)
        if not addresses:
            raise BlockedTarget(f"The webhook host '{host}' does not resolve; check the URL.")
        for ip in addresses:
            self.check_ip(ip, host)
        ip = addresses[0]
        literal = f"[{ip}]" if ip.version == 6 else str(ip)
        netloc = f"{literal}:{parts.port}" if parts.port else literal
        connect = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        return Target(url=url, connect_url=connect, host=parts.netloc, server_name=host, ip=ip)

    async def validate(self, url: str) -> str:
        """For saving a webhook: the URL, or a 422 whose sentence says what is wrong."""
        try:
            await self.check(url)
        except BlockedTarget as exc:
            raise WebhookTargetNotAllowed(str(exc)) from exc
        return url.strip()

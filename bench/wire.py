"""A lean HTTP/1.1 client on asyncio streams, for the timed requests.

httpx sets the data up and checks answers; the requests whose latency or rate we report go
through this instead: on this kind of machine httpx's AsyncClient spends over a millisecond of
CPU per request (its connection pool rescans every connection per request), more than a bare
endpoint costs, so a load generator built on it measures mostly itself and cannot come near
2,000 requests a second on one core. This one keeps one connection per worker alive and spends
a small fraction of that.

Only what the benchmarks need: GET/POST, JSON bodies, Content-Length or chunked answers."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit


class Answer:
    __slots__ = ("body", "status")

    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    async def request(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        content_type: str = "application/json",
    ) -> Answer:
        reused = self._writer is not None and not self._writer.is_closing()
        try:
            return await self._request(method, path, headers, body, content_type)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if not reused:
                raise
            # The server closed the idle keep-alive connection: once more on a fresh one.
            return await self._request(method, path, headers, body, content_type)

    async def _request(
        self, method: str, path: str, headers: Mapping[str, str] | None, body: bytes, content_type: str
    ) -> Answer:
        reader, writer = await self._open()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept: application/json"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method in ("POST", "PUT", "PATCH"):
            lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        fields = {}
        for line in header_lines:
            if ":" in line:
                name, _, value = line.partition(":")
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            data = await reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            data = await _chunked(reader)
        else:
            data = b""
        if fields.get("connection", "").lower() == "close":
            self.close()
        return Answer(status, data)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


class Pool:
    """`size` keep-alive connections to one server; each request borrows one."""

    def __init__(self, base_url: str, size: int, timeout: float = 60.0) -> None:
        address = urlsplit(base_url)
        self.timeout = timeout  # a request that takes longer fails (TimeoutError); no run hangs
        self._all = [Connection(address.hostname or "127.0.0.1", address.port or 80) for _ in range(size)]
        self._free: asyncio.Queue[Connection] = asyncio.Queue()
        for conn in self._all:
            self._free.put_nowait(conn)

    @contextlib.asynccontextmanager
    async def _borrow(self) -> AsyncIterator[Connection]:
        conn = await self._free.get()
        try:
            yield conn
        except BaseException:
            conn.close()  # a half-read answer would poison the next request
            raise
        finally:
            self._free.put_nowait(conn)

    async def get(
        self, path: str, headers: Mapping[str, str] | None = None, params: Mapping[str, str] | None = None
    ) -> Answer:
        if params:
            path = f"{path}?{urlencode(params)}"
        async with self._borrow() as conn:
            return await asyncio.wait_for(conn.request("GET", path, headers), self.timeout)

    async def post(self, path: str, json_body: Any = None, headers: Mapping[str, str] | None = None) -> Answer:
        body = json.dumps(json_body).encode() if json_body is not None else b""
        async with self._borrow() as conn:
            return await asyncio.wait_for(conn.request("POST", path, headers, body), self.timeout)

    def close(self) -> None:
        for conn in self._all:
            conn.close()

    async def __aenter__(self) -> Pool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

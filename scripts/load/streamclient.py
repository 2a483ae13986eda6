"""Minimal asyncio clients for framecast's live streams (raw sockets, low client CPU)."""
import asyncio
import re
import socket
import time

BOUNDARY = b"--framecast-frame\r\n"


async def open_get(host, port, path, rcvbuf=None):
    """Connects, sends GET path, returns (reader, writer) after the response head."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (host, port))
    reader, writer = await asyncio.open_connection(sock=sock, limit=1 << 22)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode(errors="replace"))
    chunked = b"transfer-encoding: chunked" in head.lower()
    return ChunkedReader(reader) if chunked else reader, writer


class ChunkedReader:
    """Undoes HTTP/1.1 chunked transfer coding; counts the wire bytes it reads."""

    def __init__(self, reader):
        self.reader = reader
        self.buffer = bytearray()
        self.wire_bytes = 0

    async def _fill(self):
        line = await self.reader.readuntil(b"\r\n")
        size = int(line.split(b";")[0], 16)
        data = await self.reader.readexactly(size + 2)
        self.wire_bytes += len(line) + size + 2
        if size == 0:
            raise asyncio.IncompleteReadError(b"", None)
        self.buffer += data[:-2]

    async def readuntil(self, sep):
        while True:
            i = self.buffer.find(sep)
            if i >= 0:
                out = bytes(self.buffer[: i + len(sep)])
                del self.buffer[: i + len(sep)]
                return out
            await self._fill()

    async def readexactly(self, n):
        while len(self.buffer) < n:
            await self._fill()
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out


async def frames(reader):
    """Yields (headers dict, body bytes) for each multipart part."""
    while True:
        await reader.readuntil(BOUNDARY)
        head = await reader.readuntil(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        body = await reader.readexactly(int(headers["content-length"]))
        yield headers, body


def now_ms():
    return time.time() * 1000


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def metric(text, name):
    """Sum of the samples of a Prometheus metric whose name+labels start with `name`."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name):
            total += float(line.rsplit(" ", 1)[1])
    return total


async def scrape(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /metrics HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    data = await reader.read()
    writer.close()
    body = data.split(b"\r\n\r\n", 1)[1]
    if b"transfer-encoding: chunked" in data.split(b"\r\n\r\n", 1)[0].lower():
        out, rest = b"", body
        while rest:
            size_line, rest = rest.split(b"\r\n", 1)
            size = int(size_line, 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    return body.decode()


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

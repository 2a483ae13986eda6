#!/usr/bin/env python3
"""Load (b): 5 clients that read normally, alone and then beside 20 that never read.

Start the server with a synthetic feed, e.g.
  framecast serve --data-dir /tmp/fc-slow --http 127.0.0.1:8091 --synthetic-stream-feed 2
then: scripts/load/slow_consumers.py --pid PID --seconds 60
The never-reading clients watch the same chart as the readers (the hardest case: they share its
frames) with a small receive buffer, so the server's writes to them block at once. Reports frames
per reader in both phases, the ratio, and the server's RSS (peak) in each phase.
"""
import argparse
import asyncio
import socket
import time

from streamclient import frames, open_get, rss_kib, scrape, metric


def path(args):
    return f"/stream?series=synthetic.stream.*&from=-5min&width={args.width}&height={args.height}&refresh=1s"


async def reader_client(args, counts, index, stop):
    reader, writer = await open_get(args.host, args.port, path(args))
    counts[index] = 0
    try:
        async for _ in frames(reader):
            if stop.is_set():
                break
            counts[index] += 1
    finally:
        writer.close()


async def stalled_client(args, sockets):
    """Sends the request and never reads a byte."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (args.host, args.port))
    await asyncio.get_running_loop().sock_sendall(sock, f"GET {path(args)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    sockets.append(sock)


async def phase(args, stalled):
    sockets, counts, stop = [], {}, asyncio.Event()
    for _ in range(stalled):
        await stalled_client(args, sockets)
    tasks = [asyncio.create_task(reader_client(args, counts, i, stop)) for i in range(args.readers)]
    while len(counts) < args.readers:
        await asyncio.sleep(0.1)
    await asyncio.sleep(3)
    m0 = await scrape(args.host, args.port)
    start = dict(counts)
    peak = rss_kib(args.pid)
    end = time.time() + args.seconds
    while time.time() < end:
        await asyncio.sleep(1)
        peak = max(peak, rss_kib(args.pid))
    got = [counts[i] - start[i] for i in range(args.readers)]
    m1 = await scrape(args.host, args.port)
    stop.set()
    for t in tasks:
        t.cancel()
    for s in sockets:
        s.close()
    dropped = metric(m1, "framecast_stream_frames_dropped_total") - metric(m0, "framecast_stream_frames_dropped_total")
    idle = metric(m1, "framecast_stream_idle_disconnects_total") - metric(m0, "framecast_stream_idle_disconnects_total")
    await asyncio.sleep(2)
    return got, peak, dropped, idle


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8091)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--readers", type=int, default=5)
    p.add_argument("--stalled", type=int, default=20)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--width", type=int, default=1600)
    p.add_argument("--height", type=int, default=600)
    args = p.parse_args()
    rss0 = rss_kib(args.pid)
    alone, peak_alone, _, _ = await phase(args, 0)
    beside, peak_beside, dropped, idle = await phase(args, args.stalled)
    print(f"RSS at start {rss0} KiB")
    print(f"readers alone:            frames {alone} (sum {sum(alone)}), peak RSS {peak_alone} KiB")
    print(f"readers beside {args.stalled} stalled: frames {beside} (sum {sum(beside)}), peak RSS {peak_beside} KiB")
    print(f"ratio {sum(beside) / max(1, sum(alone)):.3f} (min per reader {min(beside) / max(1, max(alone)):.3f}); "
          f"frames dropped for stalled clients {dropped:.0f}; idle disconnects {idle:.0f}")


asyncio.run(main())

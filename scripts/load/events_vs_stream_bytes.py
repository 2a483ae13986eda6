#!/usr/bin/env python3
"""Load (c): bytes on the wire for one live chart over a period, /events versus /stream.

  framecast serve --data-dir /tmp/fc-bytes --http 127.0.0.1:8092 --synthetic-stream-feed 1
  scripts/load/events_vs_stream_bytes.py --seconds 600
Counts every byte read after the response head (chunk framing included) on each connection.
"""
import argparse
import asyncio
import time

from streamclient import open_get

CHART = "series=synthetic.stream.0&from=-5min&width=800&height=300&refresh=1s"


async def count(args, path, totals, key):
    reader, writer = await open_get(args.host, args.port, path)
    end = time.time() + args.seconds
    totals[key] = 0
    raw = getattr(reader, "reader", reader)
    while time.time() < end:
        try:
            data = await asyncio.wait_for(raw.read(1 << 16), timeout=max(0.1, end - time.time()))
        except asyncio.TimeoutError:
            break
        if not data:
            break
        totals[key] += len(data)
    writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8092)
    p.add_argument("--seconds", type=float, default=600)
    args = p.parse_args()
    totals = {}
    await asyncio.gather(count(args, "/events?" + CHART, totals, "events"), count(args, "/stream?" + CHART, totals, "stream"))
    e, s = totals["events"], totals["stream"]
    print(f"{args.seconds:.0f} s of {CHART}")
    print(f"/events: {e} bytes ({e / args.seconds:.0f} B/s)")
    print(f"/stream: {s} bytes ({s / args.seconds:.0f} B/s)")
    print(f"ratio /stream : /events = {s / max(1, e):.1f}")


asyncio.run(main())

#!/usr/bin/env python3
"""Load (a): N concurrent /stream subscribers over C distinct charts at 1 frame/s.

Start the server with a synthetic feed of at least C series, e.g.
  framecast serve --data-dir /tmp/fc-load --http 127.0.0.1:8090 --synthetic-stream-feed 10
then: scripts/load/stream_fanout.py --pid PID --subscribers 1000 --charts 10 --seconds 60
Reports the p50/p99 frame delay (arrival − the refresh boundary the frame was drawn for, X-Frame-Due:
a multiple of the refresh, so a tick that started late counts as delay too), frames rendered
per second on the server (from /metrics), and server RSS per subscriber (before/after connecting).
"""
import argparse
import asyncio
import time

from streamclient import frames, now_ms, open_get, percentile, rss_kib, scrape, metric


async def subscriber(args, index, delays, counts, stop):
    path = (f"/stream?series=synthetic.stream.{index % args.charts}&from=-2min&width={args.width}"
            f"&height={args.height}&refresh=1s")
    reader, writer = await open_get(args.host, args.port, path)
    counts[index] = 0
    try:
        async for headers, _ in frames(reader):
            if stop.is_set():
                break
            counts[index] += 1
            if args.measuring:
                delays.append(now_ms() - int(headers["x-frame-due"]))
    finally:
        writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8090)
    p.add_argument("--pid", type=int, required=True, help="server process id (for RSS)")
    p.add_argument("--subscribers", type=int, default=1000)
    p.add_argument("--charts", type=int, default=10)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--width", type=int, default=800)
    p.add_argument("--height", type=int, default=300)
    args = p.parse_args()
    args.measuring = False
    delays, counts, stop = [], {}, asyncio.Event()
    rss_before = rss_kib(args.pid)
    tasks = []
    for i in range(args.subscribers):
        tasks.append(asyncio.create_task(subscriber(args, i, delays, counts, stop)))
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    while len(counts) < args.subscribers:
        await asyncio.sleep(0.2)
    await asyncio.sleep(5)  # warm up: every chart has drawn, every client has its first frame
    rss_after = rss_kib(args.pid)
    m0, t0 = await scrape(args.host, args.port), time.time()
    c0 = sum(counts.values())
    args.measuring = True
    rss_peak = rss_after
    end = time.time() + args.seconds
    while time.time() < end:
        await asyncio.sleep(1)
        rss_peak = max(rss_peak, rss_kib(args.pid))
    args.measuring = False
    m1, t1 = await scrape(args.host, args.port), time.time()
    c1 = sum(counts.values())
    stop.set()
    for t in tasks:
        t.cancel()
    rendered = metric(m1, 'framecast_frames_rendered_total{path="stream"}') - metric(m0, 'framecast_frames_rendered_total{path="stream"}')
    dropped = metric(m1, "framecast_stream_frames_dropped_total") - metric(m0, "framecast_stream_frames_dropped_total")
    skipped = metric(m1, "framecast_stream_ticks_skipped_total") - metric(m0, "framecast_stream_ticks_skipped_total")
    span = t1 - t0
    print(f"subscribers={args.subscribers} charts={args.charts} seconds={span:.1f}")
    print(f"frames received: {c1 - c0} ({(c1 - c0) / span:.1f}/s, {(c1 - c0) / span / args.subscribers:.2f}/s per client)")
    print(f"frame delay ms: p50={percentile(delays, 50):.1f} p99={percentile(delays, 99):.1f} max={max(delays):.1f}")
    print(f"frames rendered on the server: {rendered:.0f} ({rendered / span:.2f}/s); dropped {dropped:.0f}, ticks skipped {skipped:.0f}")
    print(f"server RSS: before {rss_before} KiB, after connecting {rss_after} KiB, peak {rss_peak} KiB; "
          f"per subscriber {(rss_after - rss_before) / args.subscribers:.1f} KiB")


asyncio.run(main())

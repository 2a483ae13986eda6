#!/usr/bin/env python3
"""Slow-client figures for BENCHMARKS.md: N sockets drip a request head a byte every few seconds
(slowloris) at a running server while /healthz is polled; reports when each drip socket was
answered/closed (the header deadline is --header-timeout, 10 s by default) and /healthz latency
meanwhile.

    .build/release/framecast serve --data-dir drip-data &
    python3 scripts/load/drip_sockets.py [--port 8080] [--sockets 300] [--every 3] [--deadline 10]
"""
import argparse, selectors, socket, statistics, threading, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8080)
parser.add_argument("--sockets", type=int, default=300)
parser.add_argument("--every", type=float, default=3.0, help="seconds between dripped bytes")
parser.add_argument("--deadline", type=float, default=10.0, help="the server's --header-timeout, for the verdict")
args = parser.parse_args()

head = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
sel = selectors.DefaultSelector()
start = time.monotonic()
state = {}
for i in range(args.sockets):
    s = socket.create_connection(("127.0.0.1", args.port))
    s.setblocking(False)
    state[s] = {"opened": time.monotonic(), "sent": 0, "closed": None, "answer": b""}
    sel.register(s, selectors.EVENT_READ)

latencies = []
stop = False

def poll_health():
    while not stop:
        t0 = time.monotonic()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=5).read()
            latencies.append(time.monotonic() - t0)
        except Exception as error:
            latencies.append(float("inf"))
        time.sleep(0.1)

poller = threading.Thread(target=poll_health)
poller.start()
next_drip = time.monotonic()
while any(v["closed"] is None for v in state.values()) and time.monotonic() - start < args.deadline * 4 + 30:
    now = time.monotonic()
    if now >= next_drip:
        for s, v in state.items():
            if v["closed"] is None and v["sent"] < len(head):
                try:
                    s.send(head[v["sent"]:v["sent"] + 1])
                    v["sent"] += 1
                except OSError:
                    v["closed"] = now
        next_drip = now + args.every
    for key, _ in sel.select(timeout=0.05):
        s = key.fileobj
        v = state[s]
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if data:
            v["answer"] += data
        else:
            v["closed"] = time.monotonic()
            sel.unregister(s)
            s.close()
stop = True
poller.join()

closed = [v["closed"] - v["opened"] for v in state.values() if v["closed"] is not None]
answered = sum(1 for v in state.values() if v["answer"].startswith(b"HTTP/1.1 408"))
finite = sorted(l for l in latencies if l != float("inf"))
print(f"{args.sockets} sockets dripping a byte every {args.every:g} s (a full head would take {len(head) * args.every:.0f} s)")
print(f"  closed: {len(closed)}/{args.sockets}, answered 408: {answered}; time to close: median {statistics.median(closed):.2f} s, "
      f"max {max(closed):.2f} s (deadline {args.deadline:g} s, so max - deadline = {max(closed) - args.deadline:+.2f} s)")
print(f"  /healthz meanwhile: {len(latencies)} requests, failed {len(latencies) - len(finite)}, median {statistics.median(finite) * 1000:.1f} ms, "
      f"p99 {finite[int(len(finite) * 0.99) - 1] * 1000:.1f} ms, max {finite[-1] * 1000:.1f} ms")

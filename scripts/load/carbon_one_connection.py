#!/usr/bin/env python3
"""Graphite plaintext over one TCP connection: points per second until every point is durable.

Builds N lines (10,000 series x N/10,000 seconds, one point per series per second ending two
minutes ago, so buckets open and close as in production), starts `framecast serve --carbon` on a
fresh data directory per run, sends every line over one connection (sendall in 1 MiB pieces), and
times from the first byte sent to the moment `framecast_ingest_points_total` on /metrics reaches
N: the point count the engine has made durable (fsync'd log) and applied. Then it checks
/api/v1/series: 10,000 series. Binaries given with --bin are run alternately, --runs times each.

    python3 scripts/load/carbon_one_connection.py --bin .build/release/framecast [--bin OTHER] [--lines 10000000] [--runs 3]
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--bin", action="append", help="framecast binary (repeatable: compared alternately)")
parser.add_argument("--lines", type=int, default=10_000_000)
parser.add_argument("--series", type=int, default=10_000)
parser.add_argument("--runs", type=int, default=3)
args = parser.parse_args()
binaries = args.bin or [".build/release/framecast"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as reply:
        return reply.read().decode()


def ingested(port):
    text = get(f"http://127.0.0.1:{port}/metrics")
    match = re.search(r"^framecast_ingest_points_total(?:\{[^}]*\})? ([0-9.e+]+)$", text, re.M)
    return int(float(match.group(1))) if match else 0


seconds = args.lines // args.series
newest = int(time.time()) - 120
first = newest - seconds + 1
t = time.perf_counter()
payload = "".join(f"bench.host{s:05d}.cpu {((s * 37 + k * 13) % 10_000) / 4} {first + k}\n"
                  for k in range(seconds) for s in range(args.series)).encode()
print(f"{args.lines:,} lines, {len(payload) / 1e6:.0f} MB, built in {time.perf_counter() - t:.0f} s", flush=True)

results = {b: [] for b in binaries}
work = tempfile.mkdtemp(prefix="framecast-carbon-")
try:
    for run in range(args.runs):
        for binary in binaries:
            http_port, carbon_port = free_port(), free_port()
            data = os.path.join(work, f"run{run}-{len(results[binary])}-{os.path.basename(binary)}")
            server = subprocess.Popen([binary, "serve", "--data-dir", data, "--http", f"127.0.0.1:{http_port}",
                                       "--carbon", f"127.0.0.1:{carbon_port}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                for _ in range(300):
                    try:
                        get(f"http://127.0.0.1:{http_port}/healthz")
                        break
                    except OSError:
                        time.sleep(0.1)
                connection = socket.create_connection(("127.0.0.1", carbon_port))
                started = time.perf_counter()
                view = memoryview(payload)
                for offset in range(0, len(payload), 1 << 20):
                    connection.sendall(view[offset:offset + (1 << 20)])
                sent = time.perf_counter() - started
                connection.close()
                while ingested(http_port) < args.lines:
                    if time.perf_counter() - started > 600:
                        sys.exit(f"{binary}: only {ingested(http_port):,} of {args.lines:,} points after 600 s")
                    time.sleep(0.01)
                wall = time.perf_counter() - started
                series = int(re.search(r'"total"\s*:\s*(\d+)', get(f"http://127.0.0.1:{http_port}/api/v1/series?match=**&limit=1")).group(1))
                if series != args.series:
                    sys.exit(f"{binary}: {series} series stored, {args.series} sent")
                results[binary].append(args.lines / wall)
                print(f"run {run + 1} {binary}: {wall:.2f} s ({sent:.2f} s to send) = {args.lines / wall / 1e6:.2f} M points/s "
                      f"durable; {series:,} series", flush=True)
            finally:
                server.terminate()
                server.wait()
                shutil.rmtree(data, ignore_errors=True)
finally:
    shutil.rmtree(work, ignore_errors=True)
for binary, rates in results.items():
    print(f"median {binary}: {statistics.median(rates) / 1e6:.2f} M points/s (runs "
          f"{', '.join(f'{r / 1e6:.2f}' for r in rates)}); goal >= 1 M: {'met' if statistics.median(rates) >= 1e6 else 'NOT met'}")

#!/usr/bin/env python3
"""End-to-end durable ingest: `framecast ingest` of a 10-million-line file into a fresh data directory.

Writes a Graphite plaintext file (10,000 series x 1,000 points, one point per series per second),
runs the release binary on it --runs times (fresh directory each), and prints wall time, points/s
and peak RSS (of the framecast process, from getrusage of children), plus the store's bytes per
bucket per tier as `framecast` reports them.

    python3 scripts/bench/ingest_10m.py [--lines 10000000] [--series 10000] [--runs 3] [--format graphite|influx]
"""
import argparse, os, random, resource, shutil, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("--lines", type=int, default=10_000_000)
parser.add_argument("--series", type=int, default=10_000)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--format", choices=["graphite", "influx"], default="graphite")
parser.add_argument("--bin", default=".build/release/framecast")
parser.add_argument("--retention", default="1s:10m,1m:1d,1h:1y")
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="framecast-ingest-")
path = os.path.join(work, f"points.{args.format}")
rng = random.Random(1)
start = 1_700_000_000
with open(path, "w") as f:
    chunk = []
    for i in range(args.lines):
        t = start + i // args.series
        s = i % args.series
        v = rng.randrange(10_000) / 100
        if args.format == "graphite":
            chunk.append(f"servers.host{s}.cpu.user {v} {t}\n")
        else:
            chunk.append(f"cpu,host=host{s},region=eu usage_user={v} {t}000000000\n")
        if len(chunk) == 100_000:
            f.write("".join(chunk)); chunk = []
    f.write("".join(chunk))
size = os.path.getsize(path)
print(f"input: {args.lines:,} lines, {args.series:,} series, {size / 1e6:.0f} MB ({args.format})")

walls = []
for run in range(args.runs):
    data = os.path.join(work, f"data{run}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run([args.bin, "ingest", path, "--data-dir", data, "--retention", args.retention],
                         capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"ingest failed: {out.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    walls.append(wall)
    store = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data))
    print(f"run {run + 1}: {wall:.2f} s, {args.lines / wall / 1e6:.2f} M points/s, peak RSS so far {peak / 1024:.0f} MiB, "
          f"store {store / 1e6:.0f} MB  [{out.stderr.strip().splitlines()[-1]}]")
    shutil.rmtree(data)
walls.sort()
median = walls[len(walls) // 2]
print(f"median: {median:.2f} s = {args.lines / median / 1e6:.2f} M points/s end to end (durable: log synced before each ack)")
shutil.rmtree(work)

#!/usr/bin/env python3
"""/render on a running server vs `rrdtool graph`, on the same 9,936,000 points (1 s for 115 days).

What each side includes:
  framecast  one `framecast serve` (release) on loopback, on a data directory filled by
             `framecast ingest` of the points as CSV with retention `1s:115d` (ingest not timed).
             Timed: one HTTP GET /render?series=…&kind=band&width=800&height=300 over a kept-alive
             connection, from the request's first byte to the PNG's last, as a browser polls it:
             query resolution, the read of the 1 s tier (through its summary pyramid), layout,
             Cairo drawing and PNG encoding, and the HTTP exchange. Each request's window ends one
             second later than the one before, so no request is answered from any cache. The data is
             from 2020, so the server runs with --keep-expired-series (else its expiry removes it).
  rrdtool    an RRD holding every point at 1-step resolution in AVERAGE, MIN and MAX archives;
             `rrdtool graph` of the MIN–MAX band and the AVERAGE line, timed as a process (that is
             how rrdtool is used: it reads the archives and consolidates every row on the fly).
Both draw the whole range into 800×300. The two run alternately in rounds; medians and the ratio
are printed at the end, then the frame cost of Framecast at 1k, 100k, 1M and 10M points (the last
N seconds of the same series).

    python3 scripts/compare/server_render_vs_rrdtool.py [--bin PATH] [--points 9936000]
            [--rounds 5] [--workdir DIR] [--fresh]

rrdtool is installed from Debian when missing (apt-get, with sudo when not root). The data (CSV,
RRD, data directory) is kept in the work directory and reused by later runs.
"""
import argparse, http.client, os, random, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
START = 1_600_000_000  # epoch seconds; point i sits at START + 1 + i
WIDTH, HEIGHT = 800, 300

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--points", type=int, default=9_936_000)
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--framecast-runs", type=int, default=20, help="timed /render requests per round")
parser.add_argument("--rrdtool-runs", type=int, default=3, help="`rrdtool graph` processes per round")
parser.add_argument("--bin", help="framecast binary (default: a release build)")
parser.add_argument("--workdir")
parser.add_argument("--fresh", action="store_true", help="rebuild the data even if present")
args = parser.parse_args()


def log(message):
    print(message, file=sys.stderr, flush=True)


if shutil.which("rrdtool") is None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "rrdtool"], check=True, stdout=subprocess.DEVNULL)

if args.bin:
    framecast = os.path.abspath(args.bin)
else:
    build = ["swift", "build", "-c", "release", "--product", "framecast"]
    log("building: " + " ".join(build))
    subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip()
    framecast = os.path.join(bin_dir, "framecast")

n = args.points
workdir = args.workdir or os.path.join(tempfile.gettempdir(), f"framecast-server-render-{n}-{args.seed}")
os.makedirs(workdir, exist_ok=True)
csv_path, rrd_path = os.path.join(workdir, "walk.csv"), os.path.join(workdir, "walk.rrd")
data_dir, stamp_path = os.path.join(workdir, "data"), os.path.join(workdir, "ready")
stamp = f"v1 points={n} seed={args.seed} start={START}\n"

if args.fresh or not os.path.exists(stamp_path) or open(stamp_path).read() != stamp:
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    # A random walk in thousandths: "%.3f" prints every value exactly, so both tools hold the same doubles.
    level = 100_000
    rrd = subprocess.Popen(["rrdtool", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if os.path.exists(rrd_path):
        os.remove(rrd_path)
    subprocess.run(["rrdtool", "create", rrd_path, "--start", str(START), "--step", "1", "DS:v:GAUGE:2:U:U",
                    f"RRA:AVERAGE:0.5:1:{n}", f"RRA:MIN:0.5:1:{n}", f"RRA:MAX:0.5:1:{n}"], check=True)
    with open(csv_path, "w") as csv:
        csv.write("timestamp,walk\n")
        chunk = 10_000
        for i in range(0, n, chunk):
            rows = []
            for k in range(i, min(n, i + chunk)):
                level += rng.randint(-1000, 1000)
                rows.append((START + 1 + k, f"{level / 1000:.3f}"))
            csv.write("".join(f"{t},{v}\n" for t, v in rows))
            rrd.stdin.write(f"update {rrd_path} " + " ".join(f"{t}:{v}" for t, v in rows) + "\n")
    rrd.stdin.close()
    errors = [line for line in rrd.stdout.read().splitlines() if line.startswith("ERROR")]
    rrd.wait()
    if rrd.returncode != 0 or errors:
        sys.exit(f"rrdtool update failed: {errors[:3]}")
    log(f"CSV and RRD written in {time.perf_counter() - started:.0f} s")
    shutil.rmtree(data_dir, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([framecast, "ingest", csv_path, "--data-dir", data_dir, "--retention", "1s:115d"], check=True,
                   stdout=subprocess.DEVNULL)
    log(f"framecast ingest in {time.perf_counter() - started:.0f} s")
    with open(stamp_path, "w") as f:
        f.write(stamp)

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([framecast, "serve", "--data-dir", data_dir, "--http", f"127.0.0.1:{port}",
                           "--retention", "1s:115d", "--keep-expired-series"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"GET {path}: {response.status} {body[:300]!r}")
    return body


try:
    for _ in range(600):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            get(probe, "/healthz")
            break
        except (ConnectionRefusedError, OSError):
            time.sleep(0.1)
    else:
        sys.exit("the server did not start: " + server.stderr.read1(4000).decode(errors="replace"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    end = START + 1 + n  # one past the newest point
    shift = [0]

    def render(points):
        shift[0] += 1
        until = end + shift[0]
        path = (f"/render?series=walk&kind=band&width={WIDTH}&height={HEIGHT}"
                f"&from={until - points}&until={until}")
        started = time.perf_counter()
        body = get(connection, path)
        elapsed = (time.perf_counter() - started) * 1000
        if body[:8] != b"\x89PNG\r\n\x1a\n":
            sys.exit(f"{path}: not a PNG")
        return elapsed, body

    rrd_graph = ["rrdtool", "graph", os.path.join(workdir, "rrdtool.png"), "--full-size-mode",
                 "--width", str(WIDTH), "--height", str(HEIGHT), "--start", str(START), "--end", str(end),
                 f"DEF:avg={rrd_path}:v:AVERAGE", f"DEF:lo={rrd_path}:v:MIN", f"DEF:hi={rrd_path}:v:MAX",
                 "CDEF:spread=hi,lo,-", "AREA:lo#00000000", "AREA:spread#4a90d966::STACK", "LINE1:avg#1f5fa8:walk"]
    render(n)  # warm-up: the first frame after start builds fonts and pools
    fc, rr = [], []
    for round_number in range(args.rounds):
        for _ in range(args.framecast_runs):
            elapsed, body = render(n)
            fc.append(elapsed)
        for _ in range(args.rrdtool_runs):
            started = time.perf_counter()
            subprocess.run(rrd_graph, check=True, stdout=subprocess.DEVNULL)
            rr.append((time.perf_counter() - started) * 1000)
        log(f"round {round_number + 1}: framecast {statistics.median(fc[-args.framecast_runs:]):.2f} ms, "
            f"rrdtool {statistics.median(rr[-args.rrdtool_runs:]):.0f} ms")
    with open(os.path.join(workdir, "framecast.png"), "wb") as f:
        f.write(body)
    sizes = {}
    for points in (1_000, 100_000, 1_000_000, n):
        sizes[points] = statistics.median(render(points)[0] for _ in range(args.framecast_runs))
finally:
    server.terminate()
    server.wait()

rrd_version = subprocess.check_output(["rrdtool", "--version"], text=True).splitlines()[0].split("  Copyright")[0]
print(f"{n:,} points, 800×300 band + average line; {os.cpu_count()} cores; {rrd_version}")
print(f"framecast /render over HTTP  median {statistics.median(fc):8.2f} ms  (min {min(fc):.2f}, {len(fc)} requests)")
print(f"rrdtool graph process        median {statistics.median(rr):8.2f} ms  (min {min(rr):.2f}, {len(rr)} runs)")
ratio = statistics.median(rr) / statistics.median(fc)
print(f"ratio rrdtool / framecast    {ratio:8.1f}×   goal ≥ 100×: {'met' if ratio >= 100 else 'NOT met'}")
print("framecast frame cost by points in the window (medians over HTTP):")
for points, ms in sizes.items():
    print(f"  {points:>10,}  {ms:7.2f} ms")
flat = max(sizes.values()) / min(sizes.values())
print(f"  largest / smallest {flat:.2f}   goal ≤ 2: {'met' if flat <= 2 else 'NOT met'}")
print(f"PNGs: {workdir}/framecast.png, {workdir}/rrdtool.png")

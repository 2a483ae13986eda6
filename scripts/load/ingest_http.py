#!/usr/bin/env python3
"""Ingest over HTTP: Influx line protocol points acknowledged per second by `framecast serve`
(durable: the log is synced before the answer) next to VictoriaMetrics from Debian (its /write
takes the same payload; it answers once points are buffered in memory, not synced).

Both servers run side by side on this machine; wrk posts the same pre-built body (~2 MB) over
several keep-alive connections, alternating between the two for --rounds rounds, and the
script prints each round, the medians and the ratio. Only 2xx answers count. It re-posts one body
and checks nothing stored: for throughput with distinct bodies and stored counts checked, use
scripts/compare/remote_write_vs_victoriametrics.py --protocol influx (BENCHMARKS.md).

    swift build -c release --product framecast
    python3 scripts/load/ingest_http.py [--bin .build/release/framecast] [--rounds 5] [--seconds 10]

victoria-metrics and wrk are installed from Debian when missing (apt-get, with sudo when not root).

Measured on the 2-core machine (5 rounds of 10 s, 2.59 MB bodies, 8 connections, 10k series):
framecast median 2.00 M points/s durable (rounds 1.76-2.21), VictoriaMetrics 1.06 M points/s
(0.98-1.13), ratio 1.88; peak RSS 213 MB vs 215 MB.
"""
import argparse, os, random, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--bin", default=".build/release/framecast")
parser.add_argument("--victoria", default=shutil.which("victoria-metrics") or "/usr/bin/victoria-metrics")
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--connections", type=int, default=8)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--series", type=int, default=10_000)
parser.add_argument("--body-lines", type=int, default=40_000)
parser.add_argument("--endpoint", default="/api/v1/write?format=influx", help="framecast path (also /write, /api/v2/write)")
args = parser.parse_args()


def apt_install(*packages):
    """Installs Debian packages that are missing (with sudo when not root)."""
    missing = [p for p in packages if subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True,
                                                       text=True).stdout.find("install ok installed") < 0]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else [])
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"installing {' '.join(missing)} (apt-get)", file=sys.stderr, flush=True)
    if subprocess.run(sudo + ["apt-get", "install", "-y", "-q", *missing], env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL, check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", *missing], env=env, stdout=subprocess.DEVNULL, check=True)


apt_install("victoria-metrics", "wrk")
if not os.path.exists(args.victoria):
    args.victoria = shutil.which("victoria-metrics") or "/usr/bin/victoria-metrics"
here = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"no answer from {url}")


def wrk(url, body):
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--latency",
                          "-s", os.path.join(here, "ingest_post.lua"), url, "--", body],
                         capture_output=True, text=True, check=True).stdout
    requests, seconds = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).groups()[:2]
    unit = re.search(r"\d+ requests in [\d.]+(m?s)", out).group(1)
    seconds = float(seconds) / (1000 if unit == "ms" else 1)
    bad = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    return (int(requests) - bad) * args.body_lines / seconds, bad, p99


work = tempfile.mkdtemp(prefix="framecast-load-")
body = os.path.join(work, "body.lp")
rng = random.Random(7)
start_ns = (int(time.time()) - 300) * 1_000_000_000
with open(body, "w") as f:
    f.write("".join(f"cpu,host=host{i % args.series},region=eu usage_user={rng.randrange(10000) / 100} "
                    f"{start_ns + (i // args.series) * 1_000_000_000}\n" for i in range(args.body_lines)))
size = os.path.getsize(body)
print(f"body: {args.body_lines:,} lines, {size / 1e6:.2f} MB, {args.series:,} series; wrk -t{args.threads} -c{args.connections} -d{args.seconds}s")

fc_port, vm_port = free_port(), free_port()
procs = [
    subprocess.Popen([args.bin, "serve", "--data-dir", os.path.join(work, "framecast"), "--http", f"127.0.0.1:{fc_port}"],
                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "framecast.log"), "w")),
    subprocess.Popen([args.victoria, f"-storageDataPath={os.path.join(work, 'victoria')}", f"-httpListenAddr=127.0.0.1:{vm_port}",
                      "-retentionPeriod=1y"], stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "victoria.log"), "w")),
]
try:
    wait_http(f"http://127.0.0.1:{fc_port}/healthz")
    wait_http(f"http://127.0.0.1:{vm_port}/health")
    targets = {"framecast": f"http://127.0.0.1:{fc_port}{args.endpoint}", "victoria-metrics": f"http://127.0.0.1:{vm_port}/write"}
    rates = {name: [] for name in targets}
    for round_ in range(1, args.rounds + 1):
        for name, url in targets.items():
            rate, bad, p99 = wrk(url, body)
            rates[name].append(rate)
            print(f"round {round_} {name:17s} {rate / 1e6:6.2f} M points/s acknowledged  (p99 request {p99}, non-2xx {bad})", flush=True)
    fc, vm = statistics.median(rates["framecast"]), statistics.median(rates["victoria-metrics"])
    print(f"median framecast        {fc / 1e6:.2f} M points/s (durable)")
    print(f"median victoria-metrics {vm / 1e6:.2f} M points/s")
    print(f"ratio framecast / victoria-metrics: {fc / vm:.2f}")
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{fc_port}/metrics").read().decode()
    stored = re.search(r"^framecast_ingest_points_total (\S+)", metrics, re.M)
    print(f"framecast_ingest_points_total: {stored.group(1) if stored else '?'}")
    for name, p in zip(targets, procs):
        peak = re.search(r"VmHWM:\s+(\d+) kB", open(f"/proc/{p.pid}/status").read())
        print(f"peak RSS {name}: {int(peak.group(1)) / 1024:.0f} MB")
finally:
    for p in procs:
        p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
    shutil.rmtree(work, ignore_errors=True)

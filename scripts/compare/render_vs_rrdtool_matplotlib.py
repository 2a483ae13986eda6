#!/usr/bin/env python3
"""Render speed: Framecast vs `rrdtool graph` vs matplotlib, on the same 10,000,000 raw points.

One series of N raw points (a random walk, one point per second, deterministic seed) is drawn as an
800×300 PNG by each tool:

  framecast   `framecast-bench render`: the columns (raw little-endian int64 ms / float64 files) are
              loaded into a SeriesData once, then N full `FrameRenderer.render(.png)` calls are timed
              (layout + M4 reduction + Cairo drawing + PNG encoding): the min–max band with the
              average line. That is the render speed. Then the user's path as a whole process:
              `framecast export --input series.csv --kind band` on the same points written as CSV
              (epoch seconds, values printed "%.3f", read back bit-identical): parse, reduce and draw,
              with its wall time and peak RSS.
  rrdtool     an RRD holding every point at 1-step resolution in AVERAGE, MIN and MAX archives (so
              `rrdtool graph` consolidates 10M rows per archive on the fly); `rrdtool graph` draws
              the MIN–MAX band (transparent AREA of MIN, STACKed MAX−MIN) and the AVERAGE line.
              Timed as a process (wall time) with its peak RSS — that is how rrdtool is used.
  matplotlib  Agg backend, defaults: `plot` of all points, `savefig` PNG at figsize 8×3, dpi 100,
              timed in-process (figure + plot + savefig) after a tiny warm-up plot; peak RSS of its
              process (which holds the same numpy arrays).

The three run alternately in rounds; medians and ratios are printed at the end. Peers are
installed when missing: rrdtool and GNU time from Debian (apt-get, with sudo when not root),
matplotlib + numpy from PyPI (pip; a venv under the temp dir if pip refuses the interpreter).
Framecast is built in release unless --bin is given.

    python3 scripts/compare/render_vs_rrdtool_matplotlib.py [--bin PATH | --scratch-path DIR]
            [--points 10000000] [--rounds 5] [--workdir DIR] [--fresh]

The data (binary columns, CSV and RRD) is kept in the work directory and reused by later runs.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
START = 1_600_000_000  # epoch seconds; point i sits at START + 1 + i
WIDTH, HEIGHT = 800, 300
REEXEC = "FRAMECAST_COMPARE_REEXEC"

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--points", type=int, default=10_000_000)
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--framecast-runs", type=int, default=20, help="timed in-process renders per round")
parser.add_argument("--rrdtool-runs", type=int, default=3, help="`rrdtool graph` processes per round")
parser.add_argument("--matplotlib-runs", type=int, default=2, help="timed plot+savefig per round (≈3 s each)")
parser.add_argument("--bin", help="framecast binary (with --bench-bin, skips the build)")
parser.add_argument("--bench-bin", help="framecast-bench binary (with --bin, skips the build)")
parser.add_argument("--scratch-path", default=".build", help="SwiftPM scratch path for the release build")
parser.add_argument("--workdir", help="data, RRD and PNGs (default: a directory under the temp dir, "
                                      "reused across runs with the same --points/--seed)")
parser.add_argument("--fresh", action="store_true", help="rebuild the data and the RRD even if present")
args = parser.parse_args()


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- peers

def apt_install(*packages):
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else [])
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = sudo + ["apt-get", "install", "-y", "-q", *packages]
    log(f"installing {' '.join(packages)} (apt-get)")
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        log("apt-get install failed; running apt-get update first")
        subprocess.run(sudo + ["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL, check=True)
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)


def python_with_matplotlib():
    """An interpreter that imports numpy and matplotlib: this one (pip installing into it if needed)
    or a venv in the work directory when pip refuses (an externally managed system Python)."""
    probe = "import numpy, matplotlib"
    if subprocess.run([sys.executable, "-c", probe], stderr=subprocess.DEVNULL).returncode == 0:
        return sys.executable
    log("installing matplotlib + numpy (pip)")
    if subprocess.run([sys.executable, "-m", "pip", "install", "-q", "matplotlib", "numpy"]).returncode == 0:
        return sys.executable
    venv = os.path.join(tempfile.gettempdir(), "framecast-compare-venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        log(f"pip refused this interpreter; creating a venv at {venv}")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "matplotlib", "numpy"], check=True)
    return python


if os.environ.get(REEXEC) is None:
    python = python_with_matplotlib()
    if python != sys.executable:
        os.environ[REEXEC] = "1"
        os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])

import numpy as np  # noqa: E402  (installed above)
import matplotlib  # noqa: E402

if shutil.which("rrdtool") is None:
    apt_install("rrdtool")
GNU_TIME = "/usr/bin/time"
if not os.access(GNU_TIME, os.X_OK):
    try:
        apt_install("time")
    except subprocess.CalledProcessError:
        log("could not install GNU time; peak RSS will come from polling /proc/PID/status")
HAVE_GNU_TIME = os.access(GNU_TIME, os.X_OK)

if args.bin and args.bench_bin:
    framecast = os.path.abspath(args.bin)
    framecast_bench = os.path.abspath(args.bench_bin)
else:
    # The shipped CLI (`framecast export`, the user's path) and the timing tool (`framecast-bench
    # render`, in process), both release builds.
    build = ["swift", "build", "-c", "release", "--scratch-path", args.scratch_path]
    started = time.time()
    for product in ("framecast", "framecast-bench"):
        log("building: " + " ".join(build + ["--product", product]))
        subprocess.run(build + ["--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    log(f"built in {time.time() - started:.0f} s")
    bin_dir = subprocess.check_output(build + ["--show-bin-path"], cwd=ROOT, text=True).strip()
    framecast = os.path.abspath(args.bin) if args.bin else os.path.join(bin_dir, "framecast")
    framecast_bench = os.path.abspath(args.bench_bin) if args.bench_bin else os.path.join(bin_dir, "framecast-bench")

# ---------------------------------------------------------------- the same data for each

def write_csv(path, seconds, values):
    """timestamp,value lines (epoch seconds); values printed "%.3f", as for rrdtool: k/1000 reads back exactly."""
    with open(path, "w") as f:
        f.write("timestamp,value\n")
        step = 1_000_000
        for i in range(0, len(seconds), step):
            f.write("".join(f"{t},{v:.3f}\n" for t, v in zip(seconds[i:i + step].tolist(), values[i:i + step].tolist())))


workdir = args.workdir or os.path.join(tempfile.gettempdir(), f"framecast-render-compare-{args.points}-{args.seed}")
os.makedirs(workdir, exist_ok=True)
times_path, values_path = os.path.join(workdir, "times.bin"), os.path.join(workdir, "values.bin")
rrd_path = os.path.join(workdir, "series.rrd")
csv_path = os.path.join(workdir, "series.csv")
stamp_path = os.path.join(workdir, "ready")
stamp = f"v2 points={args.points} seed={args.seed} start={START}\n"
n = args.points
rrd_note = "reused from an earlier run (--fresh to rebuild)"

if args.fresh or not os.path.exists(stamp_path) or open(stamp_path).read() != stamp:
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    started = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    # A random walk in thousandths: every value is k/1000, which "%.3f" prints exactly and strtod reads
    # back to the very same double, so rrdtool stores bit-identical values to the float64 columns.
    milli = np.cumsum(rng.integers(-1000, 1001, n, dtype=np.int64)) + 100_000
    values = milli / 1000.0
    seconds = np.arange(START + 1, START + 1 + n, dtype=np.int64)
    (seconds * 1000).astype("<i8").tofile(times_path)
    values.astype("<f8").tofile(values_path)
    log(f"data: {n:,} points written in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    write_csv(csv_path, seconds, values)
    log(f"CSV: {os.path.getsize(csv_path) / 1e6:.0f} MB written in {time.perf_counter() - started:.1f} s")

    # The RRD: one GAUGE at step 1 with AVERAGE, MIN and MAX archives of n rows each (at 1-step
    # resolution the three hold the same values). Filled by `rrdtool update` with 10,000 values per
    # call through one `rrdtool -` process (measured ≈ 1.6 s per million points; `rrdtool restore`
    # from generated XML was slower here, ≈ 9 s per million, most of it XML parsing).
    started = time.perf_counter()
    if os.path.exists(rrd_path):
        os.remove(rrd_path)
    subprocess.run(["rrdtool", "create", rrd_path, "--start", str(START), "--step", "1", "DS:v:GAUGE:2:U:U",
                    f"RRA:AVERAGE:0.5:1:{n}", f"RRA:MIN:0.5:1:{n}", f"RRA:MAX:0.5:1:{n}"], check=True)
    pipe = subprocess.Popen(["rrdtool", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    chunk = 10_000
    t_list, v_list = seconds.tolist(), values.tolist()
    reply_lines = 0
    for i in range(0, n, chunk):
        pipe.stdin.write(f"update {rrd_path} " + " ".join(f"{t}:{v:.3f}" for t, v in zip(t_list[i:i + chunk], v_list[i:i + chunk])) + "\n")
    pipe.stdin.close()
    replies = pipe.stdout.read()
    pipe.wait()
    errors = [line for line in replies.splitlines() if line.startswith("ERROR")]
    if pipe.returncode != 0 or errors:
        sys.exit(f"rrdtool update failed: {errors[:3]}")
    del t_list, v_list, seconds, values, milli
    last = subprocess.check_output(["rrdtool", "lastupdate", rrd_path], text=True).split()[-2].rstrip(":")
    if int(last) != START + n:
        sys.exit(f"RRD last update is {last}, expected {START + n}")
    rrd_note = f"built in {time.perf_counter() - started:.1f} s (create + update; not counted)"
    with open(stamp_path, "w") as f:
        f.write(stamp)
log(f"RRD {rrd_path}: {rrd_note}")

# ---------------------------------------------------------------- measuring one process

def run_measured(cmd, **kwargs):
    """Runs cmd; returns (stdout, wall seconds, peak RSS in KiB of that process alone)."""
    if HAVE_GNU_TIME:
        fd, rss_file = tempfile.mkstemp(dir=workdir, suffix=".rss")
        os.close(fd)
        started = time.perf_counter()
        done = subprocess.run([GNU_TIME, "-o", rss_file, "-f", "%M", *cmd], stdout=subprocess.PIPE, text=True, **kwargs)
        wall = time.perf_counter() - started
        with open(rss_file) as f:
            rss = int(f.read().split()[-1])
        os.remove(rss_file)
    else:  # poll VmHWM, the process's own high-water mark (not inherited from this Python)
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, **kwargs)
        rss = 0
        while proc.poll() is None:
            try:
                with open(f"/proc/{proc.pid}/status") as f:
                    hwm = re.search(r"VmHWM:\s+(\d+)", f.read())
                    rss = max(rss, int(hwm.group(1)) if hwm else 0)
            except OSError:
                pass
            time.sleep(0.002)
        out = proc.stdout.read()
        wall = time.perf_counter() - started
        done = subprocess.CompletedProcess(cmd, proc.returncode, out)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout}")
    return done.stdout, wall, rss


def field(text, name):
    return float(re.search(rf"\b{name}=([0-9.e+-]+)", text).group(1))


png = {tool: os.path.join(workdir, f"{tool}.png") for tool in ("framecast", "framecast-export", "rrdtool", "matplotlib")}

RRD_GRAPH = ["rrdtool", "graph", png["rrdtool"], "--full-size-mode", "--width", str(WIDTH), "--height", str(HEIGHT),
             "--start", str(START), "--end", str(START + n),
             f"DEF:avg={rrd_path}:v:AVERAGE", f"DEF:min={rrd_path}:v:MIN", f"DEF:max={rrd_path}:v:MAX",
             "CDEF:range=max,min,-", "AREA:min#00000000", "AREA:range#0072b266::STACK", "LINE1:avg#0072b2:avg"]

MATPLOTLIB_CHILD = r'''
import sys, time, resource
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
times_path, values_path, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
x = np.fromfile(times_path, "<i8") / 1000.0   # epoch seconds as float64
y = np.fromfile(values_path, "<f8")
def draw(xs, ys, path):
    fig = plt.figure(figsize=(8, 3), dpi=100)
    fig.add_subplot().plot(xs, ys)
    fig.savefig(path, format="png")
    plt.close(fig)
draw(x[:1000], y[:1000], out)  # warm-up: imports, fonts, caches
samples = []
for _ in range(runs):
    started = time.perf_counter()
    draw(x, y, out)
    samples.append((time.perf_counter() - started) * 1000)
print("samples_ms=" + ",".join(f"{s:.1f}" for s in samples))
'''
mpl_script = os.path.join(workdir, "matplotlib_child.py")
with open(mpl_script, "w") as f:
    f.write(MATPLOTLIB_CHILD)


def framecast_in_process():
    out, _, _ = run_measured([framecast_bench, "render", "--times", times_path, "--values", values_path,
                              "--width", str(WIDTH), "--height", str(HEIGHT), "--runs", str(args.framecast_runs),
                              "--output", png["framecast"]])
    return out


def framecast_export():
    """The user's path: one `framecast export` process reading the CSV."""
    return run_measured([framecast, "export", "--input", csv_path, "--kind", "band", "--width", str(WIDTH),
                         "--height", str(HEIGHT), "--output", png["framecast-export"]])


# ---------------------------------------------------------------- rounds, alternating

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except (OSError, AttributeError):
        return "unknown"


def first_line(cmd):
    try:
        return subprocess.check_output(cmd, text=True, stderr=subprocess.STDOUT, cwd=ROOT).splitlines()[0].strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown"


fc_render, fc_bytes = [], 0
fc_export_wall, fc_export_rss = [], []
rrd_wall, rrd_rss = [], []
mpl_render, mpl_rss = [], []
log(f"{args.rounds} rounds: framecast ×{args.framecast_runs} in-process + 1 `framecast export` of the CSV, "
    f"rrdtool graph ×{args.rrdtool_runs}, matplotlib ×{args.matplotlib_runs}")
for round_index in range(args.rounds):
    out = framecast_in_process()
    fc_render.append(field(out, "median_ms"))
    fc_bytes = int(field(out, "bytes"))
    _, wall, rss = framecast_export()
    fc_export_wall.append(wall * 1000)
    fc_export_rss.append(rss)
    for _ in range(args.rrdtool_runs):
        out, wall, rss = run_measured(RRD_GRAPH)
        if not out.strip().startswith(f"{WIDTH}x{HEIGHT}"):
            sys.exit(f"rrdtool graph said {out!r}, expected {WIDTH}x{HEIGHT}")
        rrd_wall.append(wall * 1000)
        rrd_rss.append(rss)
    out, wall, rss = run_measured([sys.executable, mpl_script, times_path, values_path, png["matplotlib"],
                                   str(args.matplotlib_runs)])
    mpl_render += [float(s) for s in re.search(r"samples_ms=(\S+)", out).group(1).split(",")]
    mpl_rss.append(rss)
    log(f"round {round_index + 1}: framecast {fc_render[-1]:.1f} ms (export process {fc_export_wall[-1]:.0f} ms, "
        f"{fc_export_rss[-1] / 1024:.1f} MiB), "
        f"rrdtool {statistics.median(rrd_wall[-args.rrdtool_runs:]):.0f} ms, "
        f"matplotlib {statistics.median(mpl_render[-args.matplotlib_runs:]):.0f} ms")

# ---------------------------------------------------------------- report

med = statistics.median
MiB = 1024.0


def row(name, samples, unit="ms"):
    return (f"  {name:<52} median {med(samples):9.1f} {unit}   min {min(samples):9.1f}   max {max(samples):9.1f}"
            f"   (n={len(samples)})")


def verdict(ok):
    return "meets target" if ok else "MISSES target"


git_rev = first_line(["git", "rev-parse", "--short", "HEAD"])
dirty = " (+ uncommitted changes)" if first_line(["git", "status", "--porcelain"]) not in ("unknown", "") else ""
print(f"Render + encode an {WIDTH}×{HEIGHT} PNG of one series of {n:,} raw points (random walk, 1 point/s, seed {args.seed})")
print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {os.uname().sysname} {os.uname().release}; "
      "shared with other work, so timings are noisy — compare medians, rerun to check")
print(f"framecast {git_rev}{dirty}, {first_line(['swift', '--version'])}")
print(f"{first_line(['rrdtool', '--version']).split('  Copyright')[0]}; matplotlib {matplotlib.__version__} (Agg), numpy {np.__version__}, "
      f"Python {sys.version.split()[0]}")
print(f"data: {times_path} (int64 ms), {values_path} (float64), {csv_path} ({os.path.getsize(csv_path) / 1e6:.0f} MB CSV); "
      f"RRD {rrd_path} ({os.path.getsize(rrd_path) / 1e6:.0f} MB, 1-step AVERAGE/MIN/MAX × {n:,} rows) {rrd_note}")
print(f"{args.rounds} rounds, tools alternating within each round")
print()
print("Time")
print(row("framecast  render+encode, in-process", fc_render))
print(row("framecast  `framecast export` of the CSV, whole process", fc_export_wall))
print(row("rrdtool    `rrdtool graph` process", rrd_wall))
print(row("matplotlib plot+savefig, in-process", mpl_render))
print("Peak RSS")
print(row("framecast  `framecast export` process", [r / MiB for r in fc_export_rss], "MiB"))
print(row("rrdtool    graph process", [r / MiB for r in rrd_rss], "MiB"))
print(row("matplotlib process (holds the numpy arrays)", [r / MiB for r in mpl_rss], "MiB"))
print(f"PNG sizes: framecast {fc_bytes:,} B, rrdtool {os.path.getsize(png['rrdtool']):,} B, "
      f"matplotlib {os.path.getsize(png['matplotlib']):,} B")
print()
r_rrd = med(rrd_wall) / med(fc_render)
r_mpl = med(mpl_render) / med(fc_render)
rss_ratio = med(fc_export_rss) / med(rrd_rss)
print("Ratios (medians)")
print(f"  rrdtool graph process / framecast in-process render    {r_rrd:7.1f}×   target ≥ 20×: {verdict(r_rrd >= 20)}")
print(f"  matplotlib / framecast, both in-process render+encode   {r_mpl:7.1f}×   target ≥ 50×: {verdict(r_mpl >= 50)}")
print(f"  rrdtool graph process / framecast export process       {med(rrd_wall) / med(fc_export_wall):7.2f}×   "
      f"(export parses {os.path.getsize(csv_path) / 1e6:.0f} MB of text twice; rrdtool reads its binary RRD)")
print(f"  peak RSS framecast export process / rrdtool graph       {rss_ratio:7.2f}    target ≤ 0.25: {verdict(rss_ratio <= 0.25)}")
print(f"  peak RSS matplotlib / framecast export process          {med(mpl_rss) / med(fc_export_rss):7.1f}×")
print()
print("PNGs: " + ", ".join(png[tool] for tool in ("framecast", "framecast-export", "rrdtool", "matplotlib")))

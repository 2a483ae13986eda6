#!/usr/bin/env python3
"""M4 reduction: Framecast's reducer vs PyPI's tsdownsample on the same arrays, one core.

Builds one random-walk series (sorted int64 ms timestamps, float64 values), writes it to raw files
for `framecast-bench m4`, runs tsdownsample's M4Downsampler (parallel=False) on the same numpy
arrays, alternating the two, and prints medians and the ratio.

    python3 scripts/compare/m4_tsdownsample.py [--points 10000000] [--width 800] [--rounds 5]
"""
import argparse, os, re, subprocess, sys, tempfile, time

def ensure(package, module):
    try:
        return __import__(module)
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", package])
        return __import__(module)

np = ensure("numpy", "numpy")
ensure("tsdownsample", "tsdownsample")
from tsdownsample import M4Downsampler

parser = argparse.ArgumentParser()
parser.add_argument("--points", type=int, default=10_000_000)
parser.add_argument("--width", type=int, default=800)
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--runs", type=int, default=10, help="timed runs per round")
parser.add_argument("--bin", default=".build/release/framecast-bench",
                    help="framecast-bench binary (`make bench-tools` builds it; built here when missing)")
args = parser.parse_args()
if not os.access(args.bin, os.X_OK):
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "framecast-bench"],
                          cwd=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

rng = np.random.default_rng(42)
times = (np.arange(args.points, dtype=np.int64) * 1000)
values = np.cumsum(rng.integers(-1000, 1001, args.points) / 1000.0) + 100.0
workdir = tempfile.mkdtemp(prefix="framecast-m4-")
times.tofile(os.path.join(workdir, "times.bin"))
values.astype("<f8").tofile(os.path.join(workdir, "values.bin"))

def run_framecast():
    out = subprocess.check_output([args.bin, "m4", "--times", os.path.join(workdir, "times.bin"),
                                   "--values", os.path.join(workdir, "values.bin"), "--width", str(args.width),
                                   "--runs", str(args.runs)], text=True)
    return float(re.search(r"median_ms=([0-9.e+-]+)", out).group(1))

def run_tsdownsample():
    downsampler = M4Downsampler()
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        downsampler.downsample(times, values, n_out=4 * args.width, parallel=False)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return samples[len(samples) // 2]

ours, theirs = [], []
for _ in range(args.rounds):
    ours.append(run_framecast())
    theirs.append(run_tsdownsample())
ours.sort(); theirs.sort()
mo, mt = ours[len(ours) // 2], theirs[len(theirs) // 2]
print(f"M4 of {args.points:,} points to {args.width} columns, one core, median of {args.rounds} rounds × {args.runs} runs")
print(f"  framecast     {mo:8.2f} ms   {args.points / mo / 1e6:6.2f} G points/s")
print(f"  tsdownsample  {mt:8.2f} ms   {args.points / mt / 1e6:6.2f} G points/s")
print(f"  ratio (tsdownsample / framecast): {mt / mo:.2f}×")

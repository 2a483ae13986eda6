#!/usr/bin/env python3
"""statsd over loopback: packets per second a running `framecast serve --statsd` takes, and loss.

Starts `framecast serve` (release build: `make release`) on a temporary store with a statsd
listener, sends two-metric packets (`c` and `ms`) at fixed rates for a few seconds each, and
compares what was sent with `framecast_statsd_packets_total`; `framecast_statsd_kernel_drops`
says how much of the loss the kernel counted (the receive buffer was full).
The sender is this Python process (one core): above ~40k packets/s it, not the server, may limit.

    python3 scripts/protocols/statsd_loss.py [--binary .build/release/framecast] [--rates 20000,30000,40000]
"""
import argparse, os, shutil, socket, subprocess, tempfile, time, urllib.request

def metric(port, name):
    for line in urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0

def free_port(kind):
    s = socket.socket(socket.AF_INET, kind); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/framecast")
    parser.add_argument("--rates", default="20000,30000,40000")
    parser.add_argument("--seconds", type=float, default=4)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="framecast-statsd-")
    http, udp = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
    server = subprocess.Popen([args.binary, "serve", "--data-dir", data, "--http", f"127.0.0.1:{http}",
                               "--statsd", f"127.0.0.1:{udp}", "--statsd-flush", "2s"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                metric(http, "framecast_statsd_packets_total"); break
            except OSError:
                time.sleep(0.1)
        sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for rate in [int(r) for r in args.rates.split(",")]:
            before = metric(http, "framecast_statsd_packets_total")
            drops = metric(http, "framecast_statsd_kernel_drops")
            count = int(rate * args.seconds)
            start = time.perf_counter()
            for i in range(count):
                sender.sendto(b"bench.c:1|c\nbench.t:%d|ms" % (i % 100), ("127.0.0.1", udp))
                if i % 1000 == 999:
                    target = start + (i + 1) / rate
                    while time.perf_counter() < target:
                        pass
            elapsed = time.perf_counter() - start
            time.sleep(4.5)  # two flushes: the drop gauge is read at flush
            got = metric(http, "framecast_statsd_packets_total") - before
            print(f"rate {rate}/s: sent {count} in {elapsed:.2f} s ({count / elapsed:.0f}/s), received {got:.0f}, "
                  f"loss {(count - got) / count * 100:.3f}%, kernel drops +{metric(http, 'framecast_statsd_kernel_drops') - drops:.0f}")
    finally:
        server.terminate(); server.wait(); shutil.rmtree(data, ignore_errors=True)

if __name__ == "__main__":
    main()

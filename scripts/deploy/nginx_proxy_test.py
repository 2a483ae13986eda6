#!/usr/bin/env python3
"""Live streams through a real reverse proxy: Debian's nginx, configured with
deploy/nginx/framecast.conf, in front of `framecast serve --demo`, all on loopback.

Checks, through nginx:
  - /stream (multipart PNG frames, refresh=1s): parts arrive spread over time as they are sent,
    not in one burst when a buffer fills;
  - /events (Server-Sent Events): the snapshot comes at once and diffs keep arriving;
  - /ws: the WebSocket upgrade succeeds (101) and a message arrives;
  - an ordinary request (/healthz) and a write pass.

    python3 scripts/deploy/nginx_proxy_test.py        (FRAMECAST_BIN=… to pick the binary)
"""
import base64, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def read_timed(port, request, seconds):
    """Sends `request`, reads for `seconds`; returns [(arrival time, bytes)] and the head."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    s.settimeout(0.2)
    chunks, start = [], time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            data = s.recv(65536)
        except socket.timeout:
            continue
        if not data:
            break
        chunks.append((time.monotonic() - start, data))
    s.close()
    return chunks


def marks(chunks, needle):
    """Arrival times of each occurrence of `needle` (by the chunk it completed in)."""
    out, buffer, seen = [], b"", 0
    for at, data in chunks:
        buffer += data
        count = buffer.count(needle)
        out += [at] * (count - seen)
        seen = count
    return out


def main():
    binary = os.environ.get("FRAMECAST_BIN", os.path.join(ROOT, ".build", "debug", "framecast"))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        raise SystemExit("nginx is not installed: run FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh")
    work = tempfile.mkdtemp(prefix="framecast-nginx-")
    os.chmod(work, 0o777)
    app_port, proxy_port = free_port(), free_port()
    server = subprocess.Popen(
        [binary, "serve", "--data-dir", os.path.join(work, "data"), "--http", f"127.0.0.1:{app_port}", "--demo",
         "--demo-data", os.path.join(ROOT, "samples", "data", "nab")],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "framecast.log"), "w"), start_new_session=True)
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream framecast {{ server 127.0.0.1:{app_port}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{proxy_port};
        include {ROOT}/deploy/nginx/framecast.conf;
    }}
}}
""")
    proxy = subprocess.Popen([nginx, "-p", work, "-c", conf], stdout=subprocess.DEVNULL,
                             stderr=open(os.path.join(work, "nginx.stderr"), "w"), start_new_session=True)
    failures = []
    try:
        wait_http(f"http://127.0.0.1:{app_port}/healthz")
        wait_http(f"http://127.0.0.1:{proxy_port}/healthz", 20)
        # Let the demo feed fill a minute of demo.sine.a.
        time.sleep(2)
        chart = "series=demo.sine.a&from=-1min"

        # A write through the proxy.
        body = f"proxy.test 1 {int(time.time())}\n".encode()
        with urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{proxy_port}/api/v1/write?format=graphite", data=body, method="POST"), timeout=10) as r:
            if r.status != 200:
                failures.append(f"write through nginx answered {r.status}")

        # As a browser asks (gzip accepted), so a proxy that would compress and buffer streams shows it.
    # Multipart frames, one a second: they must arrive spread over the 8 s, not at the end.
        chunks = read_timed(proxy_port, f"GET /stream?{chart}&refresh=1s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate\r\n\r\n".encode(), 8)
        head = b"".join(d for _, d in chunks)[:400]
        parts = marks(chunks, b"Content-Type: image/png")
        print(f"/stream via nginx: {len(parts)} frames at {[round(t, 1) for t in parts]}")
        if not head.startswith(b"HTTP/1.1 200"):
            failures.append(f"/stream via nginx: {head[:80]!r}")
        if len(parts) < 4:
            failures.append(f"/stream via nginx: {len(parts)} frames in 8 s (want one a second)")
        elif parts[0] > 3 or max(b - a for a, b in zip(parts, parts[1:])) > 3:
            failures.append(f"/stream via nginx: frames came in bursts: {parts}")

        # SSE: the snapshot at once, then diffs as the demo feed adds points.
        chunks = read_timed(proxy_port, f"GET /events?{chart} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAccept-Encoding: gzip, deflate\r\n\r\n".encode(), 8)
        events = marks(chunks, b"\n\n")
        snapshot = marks(chunks, b"event: snapshot")
        print(f"/events via nginx: {len(events)} events at {[round(t, 1) for t in events[:12]]}")
        if not snapshot or snapshot[0] > 3:
            failures.append(f"/events via nginx: no snapshot within 3 s ({snapshot})")
        if len(events) < 4 or events[-1] - events[0] < 3:
            failures.append(f"/events via nginx: events did not keep arriving: {events}")

        # WebSocket upgrade.
        key = base64.b64encode(os.urandom(16)).decode()
        chunks = read_timed(proxy_port, (
            f"GET /ws?{chart} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode(), 4)
        data = b"".join(d for _, d in chunks)
        print(f"/ws via nginx: {data[:40]!r}…, {len(data)} bytes in 4 s")
        if not data.startswith(b"HTTP/1.1 101"):
            failures.append(f"/ws via nginx: no upgrade: {data[:120]!r}")
        else:
            rest = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
            if len(rest) < 2 or rest[0] & 0x0F not in (1, 2):
                failures.append(f"/ws via nginx: upgraded, but no message arrived ({len(rest)} bytes)")
    finally:
        for process in (proxy, server):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except Exception:
                pass
        log = open(os.path.join(work, "error.log")).read() if os.path.exists(os.path.join(work, "error.log")) else ""
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("nginx proxy test FAILED:\n  " + "\n  ".join(failures) + ("\nnginx said:\n" + log[-2000:] if log else ""))
        sys.exit(1)
    print("nginx proxy test passed: /stream, /events and /ws work through deploy/nginx/framecast.conf")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Browser test of the sample status page, in headless Chromium (part of `make test`).

Starts `framecast serve --demo` on a fresh data directory, opens /samples/status-page/ in light
and dark, at 1x and 2x, and checks what a reader would see:
  - every chart and badge area has drawn pixels (not blank, not a broken-image icon);
  - the live <img> on /stream changes between two screenshots a few seconds apart;
  - moving the pointer over the /embed iframe shows a tooltip with a value.
Screenshots are written to out/browser/ to be looked at.
"""
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ELEMENTS = ["#badges img:nth-child(1)", "#badges img:nth-child(2)", "#badges img:nth-child(3)", "#badges img:nth-child(4)",
            "#polled", "#live", "#embed", "#embed-taxi"]


def ensure_pillow():
    try:
        import PIL  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pillow"], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, data_dir, port):
    log = open(os.path.join(data_dir, "serve.log"), "w")
    server = subprocess.Popen([binary, "serve", "--data-dir", os.path.join(data_dir, "data"), "--http", f"127.0.0.1:{port}",
                               "--demo"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as reply:
                if reply.status == 200 and b'"series":0' not in reply.read():
                    return server, base
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server did not come up with demo data; see {log.name}")


def drawn(image, box):
    """True when the area holds a picture: many pixels off its dominant colour and several colours."""
    x, y, w, h = box
    crop = image.crop((int(x), int(y), int(x + w), int(y + h))).convert("RGB")
    colors = crop.getcolors(maxcolors=1 << 20) or []
    if not colors:
        return False, 0.0, 0
    dominant = max(colors)[0]
    total = crop.width * crop.height
    return (total - dominant) / total > 0.02 and len(colors) > 8, (total - dominant) / total, len(colors)


def changed_fraction(a, b, box):
    x, y, w, h = (int(v) for v in box)
    ca = a.crop((x, y, x + w, y + h)).convert("RGB").tobytes()
    cb = b.crop((x, y, x + w, y + h)).convert("RGB").tobytes()
    differing = sum(1 for i in range(0, len(ca), 3) if ca[i:i + 3] != cb[i:i + 3])
    return differing / (w * h)


def boxes(page, scale):
    rects = page.evaluate("JSON.stringify(%s.map(function(s){var e=document.querySelector(s);"
                          "if(!e)return null;var r=e.getBoundingClientRect();return [r.x,r.y,r.width,r.height];}))" % ELEMENTS)
    import json
    return {name: [v * scale for v in rect] if rect else None for name, rect in zip(ELEMENTS, json.loads(rects))}


def run_variant(browser, base, dark, scale, out_dir, failures):
    from PIL import Image
    name = f"{'dark' if dark else 'light'}-{scale}x"
    page = browser.new_page()
    page.setup(1320, 1100, scale, dark)
    page.goto(base + "/samples/status-page/")
    time.sleep(4)  # images, the stream's first frame and the iframes settle
    first = Image.open(io.BytesIO(page.screenshot()))
    first.save(os.path.join(out_dir, f"status-{name}.png"))
    areas = boxes(page, scale)
    for element, box in areas.items():
        if box is None:
            failures.append(f"{name}: {element} is missing from the page")
            continue
        ok, fraction, colors = drawn(first, box)
        print(f"  {name} {element}: {fraction:.1%} drawn, {colors} colours")
        if not ok:
            failures.append(f"{name}: {element} has no drawn pixels ({fraction:.1%} off background, {colors} colours)")
    time.sleep(3.5)
    second = Image.open(io.BytesIO(page.screenshot()))
    live = changed_fraction(first, second, areas["#live"])
    print(f"  {name} live <img> changed {live:.2%} of its pixels in 3.5 s")
    if live <= 0:
        failures.append(f"{name}: the live <img> did not change between two screenshots 3.5 s apart")
    # Hover over the embed's plot: the tooltip shows the time and a value.
    x, y, w, h = (v / scale for v in areas["#embed"])
    page.move_mouse(x + w * 0.55, y + h * 0.45)
    time.sleep(0.5)
    tip = page.evaluate("(function(){var d=document.getElementById('embed').contentDocument;var t=d&&d.getElementById('tip');"
                        "return t?[t.style.display,t.textContent]:null;})()")
    print(f"  {name} tooltip: {tip!r}")
    if not tip or tip[0] != "block" or not any(c.isdigit() for c in tip[1]):
        failures.append(f"{name}: no tooltip with a value over the embed (got {tip!r})")
    Image.open(io.BytesIO(page.screenshot())).save(os.path.join(out_dir, f"status-{name}-hover.png"))
    page.close()


def run_explorer(browser, base, dark, scale, out_dir, failures):
    """The explorer at `/`: the tree loads lazily, a click shows the series live in the /embed
    chart, the view is in the URL (and survives a reload), the snippets follow it, and the
    controls are reachable with the keyboard."""
    tag = f"explorer {'dark' if dark else 'light'} {scale}x"
    page = browser.new_page()
    try:
        page.setup(1280, 900, scale, dark)
        page.goto(base + "/")
        deadline = time.time() + 20
        while time.time() < deadline and not page.evaluate("!!document.querySelector('.toggle[aria-label=\"expand demo\"]')"):
            time.sleep(0.1)
        if not page.evaluate("!!document.querySelector('.toggle[aria-label=\"expand demo\"]')"):
            failures.append(f"{tag}: the tree did not show the demo branch")
            return
        page.evaluate("document.querySelector('.toggle[aria-label=\"expand demo\"]').click()")
        while time.time() < deadline and not page.evaluate("!!document.querySelector('.toggle[aria-label=\"expand demo.sine\"]')"):
            time.sleep(0.1)
        page.evaluate("document.querySelector('.toggle[aria-label=\"expand demo.sine\"]').click()")
        while time.time() < deadline and not page.evaluate("!!document.querySelector('.pick[data-series=\"demo.sine.a\"]')"):
            time.sleep(0.1)
        page.evaluate("document.querySelector('.pick[data-series=\"demo.sine.a\"]').click()")
        page.evaluate("[...document.querySelectorAll('#presets button')].find(b => b.textContent === '15m').click()")
        search = page.evaluate("location.search")
        if search != "?series=demo.sine.a&from=-15min":
            failures.append(f"{tag}: the URL is {search!r}, not the view")
        src = page.evaluate("document.getElementById('chart').getAttribute('src')")
        if src != "/embed?series=demo.sine.a&from=-15min":
            failures.append(f"{tag}: the chart shows {src!r}")
        snippets = page.evaluate("document.getElementById('snippets').textContent")
        for wanted in ("/render?series=demo.sine.a&from=-15min", "/stream?series=demo.sine.a&from=-15min&refresh=1s",
                       "/embed?series=demo.sine.a", "/badge?series=demo.sine.a", "framecast export"):
            if wanted not in snippets:
                failures.append(f"{tag}: no snippet with {wanted!r}")
        # The chart draws: the embed's image has loaded with pixels in it.
        drawn_deadline = time.time() + 15
        loaded = False
        while time.time() < drawn_deadline and not loaded:
            loaded = page.evaluate("(() => { const d = document.getElementById('chart').contentDocument;"
                                   " const i = d && d.querySelector('img'); return !!(i && i.complete && i.naturalWidth > 0); })()")
            time.sleep(0.2)
        if not loaded:
            failures.append(f"{tag}: the embedded chart did not draw")
        # A copied snippet's URL renders.
        polled = page.evaluate("document.querySelector('#snippets pre').textContent")
        url = polled.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&") if 'src="' in polled else ""
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                if r.status != 200 or not r.read(8).startswith(b"\x89PNG"):
                    failures.append(f"{tag}: the polled-image snippet {url} is not a PNG")
        except Exception as error:
            failures.append(f"{tag}: the polled-image snippet {url!r} failed: {error}")
        # Reload: the view comes back from the URL.
        page.goto(base + "/?series=demo.sine.*&from=-5min&kind=band")
        time.sleep(0.5)
        if page.evaluate("document.getElementById('kind').value") != "band" or page.evaluate("document.getElementById('glob').value") != "demo.sine.*":
            failures.append(f"{tag}: a shared URL did not restore the view")
        # Keyboard: every control has a label, and Tab reaches the search box first.
        unlabelled = page.evaluate("[...document.querySelectorAll('input, select')].filter(e => !e.labels || e.labels.length === 0).map(e => e.id)")
        if unlabelled:
            failures.append(f"{tag}: controls without a label: {unlabelled}")
        page.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9})
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        if focused != "glob":
            failures.append(f"{tag}: Tab first focuses {focused!r}, not the search box")
        time.sleep(2.5)
        with open(os.path.join(out_dir, f"explorer-{'dark' if dark else 'light'}-{scale}x.png"), "wb") as f:
            f.write(page.screenshot())
    finally:
        page.close()


def main():
    binary = os.environ.get("FRAMECAST_BIN", os.path.join(ROOT, ".build", "debug", "framecast"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        raise SystemExit("chromium is not installed: run FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh")
    ensure_pillow()
    out_dir = os.path.join(ROOT, "out", "browser")
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="framecast-browser-")
    server, base = start_server(binary, work, free_port())
    browser = Browser(chromium)
    failures = []
    try:
        for dark in (False, True):
            for scale in (1, 2):
                run_variant(browser, base, dark, scale, out_dir, failures)
                run_explorer(browser, base, dark, scale, out_dir, failures)
    finally:
        browser.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("browser test FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"browser test passed; screenshots in {out_dir}")


if __name__ == "__main__":
    main()

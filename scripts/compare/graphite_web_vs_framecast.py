#!/usr/bin/env python3
"""Graphite's HTTP API: Debian's graphite-web 1.1.8 (+ carbon-cache 1.1.7, whisper) next to
`framecast serve`, fed the very same Carbon plaintext lines, with the answers compared.

What runs (everything on loopback, every port free-picked, all state in one temporary folder):
  graphite-web  Debian's package run by /usr/bin/python3 (Django's `runserver --noreload`, or
                gunicorn with --graphite-server gunicorn), settings module written into the temp
                folder (STORAGE_DIR, WHISPER_DIR, INDEX_FILE, LOG_DIR, sqlite DB there, TIME_ZONE
                UTC, TAGDB graphite.tags.localdatabase.LocalDatabaseTagDB, CARBONLINK_HOSTS the
                cache's query port), its DB made by `django-admin migrate --run-syncdb`.
  carbon-cache  Debian's package, --nodaemon, its carbon.conf / storage-schemas.conf (10s:1d)
                / storage-aggregation.conf (average, xFilesFactor 0) in the temp folder,
                ENABLE_TAGS with GRAPHITE_URL graphite-web (tags reach graphite-web's tag DB
                through /tags/tagMultiSeries), no carbon self-metrics.
  framecast     `framecast serve --data-dir TMP --http … --carbon … --retention 10s:1d`; the
                release build (.build/release/framecast, built only when missing) or --framecast BIN.
                If it cannot be started, the run goes on graphite-web only (and exits 1).

Data (fixed seed): 31 series at 10 s steps over the last 2 hours, aligned to 10 s, ending 30 s
before the start: servers.{web1..web4,db1}.cpu.{user,system,idle}, app.requests.{get,post}.{count,
errors}, app.latency.p{50,99}, counters.hits.{a,b} and counters.bytes.total (monotonic; hits.b is
reset to 0 three quarters in), app.sparse.gappy (missing points), app.temperature.delta (negative
values), and tagged disk.used;host=…;dc=… and cpu.load;host=a;dc=east. The same lines go to
carbon's and framecast's Carbon plaintext TCP listeners; the script waits until graphite-web (whisper
files written, tags in its tag DB) and framecast return every series' last point.

Compared (format=json; window: from/until absolute epoch seconds, the last hour of data):
  render     about 100 targets (paths, globs, tags, Grafana's aliasSub wrapping, aliases,
             aggregates, transforms, filters, groupBy*, styling no-ops, nested calls and pipes,
             keyword arguments, both quote styles), each at full resolution and with
             maxDataPoints=50, plus from/until forms (-1h, now, -90min, HH:MM_YYYYMMDD, YYYYMMDD,
             now=). Same: same number of series in the same order, same `target` names, same
             timestamps, values equal within 1e-9 relative (1e-12 absolute near 0; null == null;
             graphite-web's json can leave a NaN as the last value of a list, read as null), and
             the same `tags` where both sides send them. One line per case:
             `same` / `DIFF <reason>` / `ERROR <side>: <message>`, then a summary.
             Differences known and documented are listed in EXPECTED below, with the reason.
  find       /metrics/find (treejson, format=completer) and /metrics/expand (leavesOnly=1,
             groupByExpr=1). treejson and expand are ordered in graphite-web (branches then
             leaves by name; sorted paths) and compared in order; completer is sorted by the last
             node's name only, so entries of equal name (servers.web*.cpu.* gives four `user`)
             come in the finder's file system order: compared as sorted lists.
  /functions is not compared: Debian's graphite-web 1.1.8 fails it on Python 3.11
  (inspect.getargspec was removed).

--speed (off by default): one series speed.walk of --speed-points (default 9,900,000) 1 s points
(a random walk in thousandths, ending two minutes before the start; retention 1s:115d on both
sides), written straight into a whisper file (whisper.create for the header, the points packed in
whisper's point format: carbon, or whisper.update_many, would take far too long; checked with
whisper.fetch) and posted to framecast's POST /api/v1/write?format=graphite in 1M-line bodies.
Then the median of --speed-runs requests of /render?target=speed.walk&format=png&width=800&height=300
and of format=json&maxDataPoints=800 over the whole series on each side, and the ratio.
What a timing includes, on both sides: one HTTP GET on loopback on a new connection, from the
request's first byte to the answer's last. graphite-web: Django request handling, whisper.fetch of
the whole file (python struct unpacking of every point), its Python evaluation and consolidation
(to maxDataPoints for json; for png to the graph's pixel width, then cairo drawing). framecast:
its engine's read of the 1 s tier (summaries) plus its render/encode. No caching on either side
(graphite-web's cache is Django's DummyCache; each request's window is shifted by one second so
no answer can be reused). graphite-web's json with maxDataPoints first drops the leading points of
its "nudge" (up to one consolidation bucket) with `del series[0]`, one point at a time, each a
move of the whole list: at 10M points that loop is most of its json time (measured on 2 cores:
about 38 s for json against 7.7 s for png; 0.42 s and 0.57 s at 1M points).

    python3 scripts/compare/graphite_web_vs_framecast.py [--framecast BIN] [--graphite-only]
        [--only REGEX] [--verbose] [--keep] [--graphite-server runserver|gunicorn]
        [--speed [--speed-points N] [--speed-runs N]]

--graphite-only: no framecast; prints graphite-web's answer for each case (series, names, first
datapoints) and flags a case without data. --against-graphite: compares graphite-web with itself
(checks this script and that every case is deterministic). graphite-web and graphite-carbon (and
gunicorn when asked for) are installed from Debian when missing (apt-get, sudo when not root).
"""
import argparse, array, datetime, http.client, json, math, os, random, re, shutil, signal, socket, statistics
import subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEBIAN_PYTHON = "/usr/bin/python3"  # graphite-web, carbon and whisper are Debian's: /usr/bin/python3 only
STEP = 10
SEED = 20240601

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--framecast", metavar="BIN", help="framecast binary (default: .build/release/framecast, built when missing)")
parser.add_argument("--graphite-only", action="store_true", help="no framecast: print graphite-web's answers")
parser.add_argument("--against-graphite", action="store_true", help="compare graphite-web with itself (script self-check)")
parser.add_argument("--graphite-server", choices=["runserver", "gunicorn"], default="runserver")
parser.add_argument("--only", metavar="REGEX", help="only the render cases whose target matches")
parser.add_argument("--show", type=int, default=3, help="datapoints printed per series with --graphite-only")
parser.add_argument("--verbose", action="store_true", help="print both answers' first series on a DIFF")
parser.add_argument("--hours", type=int, default=2, help="hours of 10 s data fed")
parser.add_argument("--seed", type=int, default=SEED)
parser.add_argument("--wait", type=float, default=90, help="seconds to wait for each side to hold the data")
parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
parser.add_argument("--speed", action="store_true", help="also time a 10M-point series on both sides")
parser.add_argument("--speed-points", type=int, default=9_900_000)
parser.add_argument("--speed-runs", type=int, default=5)
args = parser.parse_args()
# A SIGTERM (a timeout, pkill) unwinds like Ctrl-C, so the finally blocks stop graphite-web, carbon
# and framecast and remove the temporary folder; a second one must not cut that short.
def _terminate(*_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(143)


signal.signal(signal.SIGTERM, _terminate)
if args.hours < 2:
    sys.exit("--hours must be at least 2 (timeShift('1h') and movingAverage look before the one-hour window)")
SPEED_SLOTS = 115 * 86400  # 1s:115d holds 9,936,000 points (framecast's limit per tier is 10,000,000 buckets)
if args.speed and not 1000 <= args.speed_points <= SPEED_SLOTS - 3600:
    sys.exit(f"--speed-points must be in 1000…{SPEED_SLOTS - 3600}")


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- installs -----------------------------------------------------------------------------------
def installed(package):
    reply = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "install ok installed" in reply.stdout


def apt_install(packages):
    missing = [p for p in packages if not installed(p)]
    if not missing:
        return
    if shutil.which("apt-get") is None:
        sys.exit(f"missing Debian packages {missing} and no apt-get to install them")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log(f"installing {' '.join(missing)}")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing, env=env, check=True,
                   stdout=subprocess.DEVNULL)


apt_install(["graphite-web", "graphite-carbon"] + (["gunicorn"] if args.graphite_server == "gunicorn" else []))
GRAPHITE_VERSION = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "graphite-web"], capture_output=True, text=True).stdout
CARBON_VERSION = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "graphite-carbon"], capture_output=True, text=True).stdout


# --- the data set --------------------------------------------------------------------------------
START_WALL = time.time()
END = int(START_WALL) // STEP * STEP - 3 * STEP  # newest point: three steps before now
POINTS = args.hours * 3600 // STEP
FIRST = END - (POINTS - 1) * STEP
UNTIL = END                     # the compared window: (FROM, UNTIL], the last hour of data
FROM = END - 3600
TAGGED = ["disk.used;host=a;dc=east", "disk.used;host=b;dc=west", "disk.used;host=c;dc=east",
          "disk.used;host=a2;dc=west", "cpu.load;host=a;dc=east"]


def canonical(name):
    """Carbon's (and graphite-web's) name of a tagged series: tags sorted by key."""
    if ";" not in name:
        return name
    head, *tags = name.split(";")
    return ";".join([head] + sorted(tags, key=lambda t: t.split("=", 1)[0]))


def build_data(seed):
    """{name: [value or None] * POINTS}; floats with 3 decimals (exact through the plaintext) or ints."""
    rng = random.Random(seed)
    data = {}

    def walk(low, high, width):
        level = rng.uniform(low, high)
        out = []
        for _ in range(POINTS):
            level = min(high, max(low, level + rng.uniform(-width, width)))
            out.append(round(level, 3))
        return out

    for host in ["web1", "web2", "web3", "web4", "db1"]:
        user, system, iowait = walk(5, 60, 3), walk(1, 20, 1), walk(0, 5, 1)
        data[f"servers.{host}.cpu.user"] = user
        data[f"servers.{host}.cpu.system"] = system
        data[f"servers.{host}.cpu.idle"] = [round(100 - u - s - w, 3) for u, s, w in zip(user, system, iowait)]
    for method, (low, high) in (("get", (50, 150)), ("post", (10, 60))):
        data[f"app.requests.{method}.count"] = [rng.randint(low, high) for _ in range(POINTS)]
        data[f"app.requests.{method}.errors"] = [rng.randint(0, 5) for _ in range(POINTS)]
    data["app.latency.p50"] = walk(20, 80, 2)
    data["app.latency.p99"] = [round(v * 3 + rng.uniform(0, 50), 3) for v in data["app.latency.p50"]]
    for name, width, reset in (("counters.hits.a", 100, None), ("counters.hits.b", 40, POINTS * 3 // 4),
                               ("counters.bytes.total", 5_000_000, None)):
        total = 1_000_000_000_000 if name == "counters.bytes.total" else rng.randint(0, 1000)
        out = []
        for i in range(POINTS):
            total = 0 if i == reset else total + rng.randint(0, width)
            out.append(total)
        data[name] = out
    # Gaps: two of every seven points missing, and a 5-minute hole 20 minutes into the compared
    # hour (keepLastValue's limit); the newest point is present.
    hole = POINTS - 360 + 120
    data["app.sparse.gappy"] = [None if (i % 7 in (3, 4) or hole <= i < hole + 30) and i != POINTS - 1
                                else round(rng.uniform(0, 10), 3) for i in range(POINTS)]
    data["app.temperature.delta"] = [round(rng.gauss(0, 5), 3) for _ in range(POINTS)]
    for k, name in enumerate(TAGGED):
        data[name] = walk(10 * (k + 1), 10 * (k + 1) + 50, 1)
    return data


DATA = build_data(args.seed)
PLAIN = [n for n in DATA if ";" not in n]


def value_text(v):
    return repr(v) if isinstance(v, float) else str(v)


def carbon_lines():
    """Every point as `name value timestamp\\n`, time-ordered (all series at t, then t + 10 s)."""
    out = []
    for i in range(POINTS):
        t = FIRST + i * STEP
        for name, values in DATA.items():
            if values[i] is not None:
                out.append(f"{name} {value_text(values[i])} {t}\n")
    return "".join(out).encode()


# --- render cases --------------------------------------------------------------------------------
# Each target is compared in the fixed window (from=FROM until=UNTIL, absolute epochs) at full
# resolution ("full") and with maxDataPoints=50 ("mdp50").
TARGETS = [
    # plain paths, globs
    "servers.web1.cpu.user",
    "app.latency.p99",
    "app.sparse.gappy",
    "app.temperature.delta",
    "counters.bytes.total",
    "servers.*.cpu.user",
    "servers.web?.cpu.idle",
    "servers.web[1-3].cpu.system",
    "servers.web1.cpu.{user,system}",
    "servers.web{1,2}.cpu.*",
    "servers.*.*.*",
    "app.requests.*.count",
    "app.*.*.errors",
    "counters.hits.*",
    # tags
    "seriesByTag('dc=east')",
    "seriesByTag('name=disk.used','host=~a.*')",
    "seriesByTag('name=disk.used','dc!=east')",
    'seriesByTag("name=~disk.*")',
    "disk.used;dc=east;host=a",
    "aliasByTags(seriesByTag('name=disk.used'),'host','dc')",
    "aliasByTags(seriesByTag('name=disk.used'),'name','host')",
    "groupByTags(seriesByTag('name=disk.used'),'sum','dc')",
    "groupByTags(seriesByTag('name=disk.used'),'max','dc','name')",
    "sumSeries(seriesByTag('name=disk.used'))",
    # Grafana's wrapping of every query in aliasSub; constantLine
    "aliasSub(servers.web1.cpu.user, '(^.*$)', '\\1 A')",
    'aliasSub(servers.*.cpu.user, "(^.*$)", "\\1 A")',
    "aliasSub(servers.*.cpu.user, 'servers\\.(\\w+)\\.cpu', 'host \\1')",
    "constantLine(100)",
    # aliases
    "alias(servers.web1.cpu.user,'cpu user')",
    'alias(servers.web1.cpu.user,"double quoted")',
    "aliasByNode(servers.*.cpu.user,1)",
    "aliasByNode(servers.*.cpu.*,1,3)",
    "aliasByNode(servers.*.cpu.*,-1)",
    "aliasByNode(servers.web1.cpu.*,-2,-1)",
    "aliasByMetric(servers.web1.cpu.*)",
    # aggregates
    "sumSeries(servers.*.cpu.user)",
    "sumSeries(servers.web1.cpu.user,servers.web2.cpu.user)",
    "sumSeries(app.sparse.gappy,app.latency.p50)",
    "sumSeriesWithWildcards(servers.*.cpu.user,1)",
    "sumSeriesWithWildcards(servers.*.cpu.*,1,3)",
    "averageSeries(servers.web*.cpu.idle)",
    "averageSeries(app.sparse.gappy,app.latency.p50)",
    "maxSeries(servers.web*.cpu.idle)",
    "minSeries(servers.web*.cpu.idle)",
    "diffSeries(servers.web1.cpu.idle,servers.web1.cpu.user)",
    "diffSeries(servers.web1.cpu.idle,servers.web1.cpu.user,servers.web1.cpu.system)",
    "divideSeries(app.requests.post.count,app.requests.get.count)",
    "divideSeries(servers.web*.cpu.user,servers.web1.cpu.idle)",
    "multiplySeries(servers.web1.cpu.user,servers.web2.cpu.user)",
    "asPercent(servers.web1.cpu.*)",
    "asPercent(servers.web1.cpu.user,sumSeries(servers.web1.cpu.*))",
    "asPercent(servers.web1.cpu.user,100)",
    "countSeries(servers.*.cpu.user)",
    # transforms
    "scale(servers.web1.cpu.user,2.5)",
    "scale(app.temperature.delta,-1)",
    "offset(servers.web1.cpu.user,-10)",
    "absolute(app.temperature.delta)",
    "derivative(counters.hits.a)",
    "derivative(app.sparse.gappy)",
    "nonNegativeDerivative(counters.hits.b)",
    "nonNegativeDerivative(counters.hits.b,100000)",
    "perSecond(counters.hits.*)",
    "perSecond(counters.bytes.total)",
    "integral(app.requests.get.count)",
    "integral(app.sparse.gappy)",
    "movingAverage(servers.web1.cpu.user,5)",
    "movingAverage(servers.web1.cpu.user,'5min')",
    "movingAverage(app.sparse.gappy,10)",
    "summarize(servers.web1.cpu.user,'1min')",
    "summarize(servers.web1.cpu.user,'5min','sum')",
    "summarize(servers.web1.cpu.user,'5min','avg')",
    "summarize(servers.web1.cpu.user,'5min','max')",
    "summarize(servers.web1.cpu.user,'5min','min')",
    "summarize(servers.web1.cpu.user,'5min','last')",
    "summarize(app.requests.get.count,'1min','sum',true)",
    "summarize(app.requests.get.count,'7min','avg',true)",
    "summarize(app.sparse.gappy,'1min','avg')",
    "summarize(app.requests.get.count, intervalString='5min', func='max')",
    "hitcount(app.requests.get.count,'1min')",
    "hitcount(app.requests.get.count,'5min',true)",
    "consolidateBy(servers.web1.cpu.user,'max')",
    "consolidateBy(servers.web1.cpu.user,'min')",
    "consolidateBy(app.requests.get.count,'sum')",
    "consolidateBy(servers.*.cpu.user,'max')",
    "transformNull(app.sparse.gappy)",
    "transformNull(app.sparse.gappy,-1)",
    "keepLastValue(app.sparse.gappy)",
    "keepLastValue(app.sparse.gappy,3)",
    "timeShift(servers.web1.cpu.user,'1h')",
    "timeShift(servers.web1.cpu.user,'-30min')",
    # filters and sorts
    "highestMax(servers.*.cpu.user,2)",
    "highestCurrent(servers.*.cpu.user,2)",
    "highestAverage(servers.*.cpu.*,3)",
    "lowestAverage(servers.*.cpu.*,3)",
    "sortByMaxima(servers.web*.cpu.user)",
    "sortByName(servers.*.cpu.system)",
    "sortByName(servers.*.cpu.system,false,true)",
    "limit(servers.*.cpu.*,4)",
    "exclude(servers.*.cpu.*,'idle')",
    "grep(servers.*.cpu.*,'web[12]')",
    "removeBelowValue(servers.web1.cpu.user,30)",
    "removeAboveValue(servers.web1.cpu.user,30)",
    # groupBy
    "groupByNode(servers.*.cpu.*,3,'sum')",
    "groupByNode(servers.*.cpu.*,1,'avg')",
    "groupByNode(servers.*.cpu.*,1,'max')",
    "groupByNode(servers.*.cpu.user,1)",
    "groupByNodes(servers.*.cpu.*,'sum',1,3)",
    "groupByNodes(app.requests.*.*,'sum',3)",
    # styling (no effect on json beyond the name, where graphite-web changes it)
    "color(servers.web1.cpu.user,'red')",
    "lineWidth(servers.web1.cpu.user,3)",
    "dashed(servers.web1.cpu.user)",
    "stacked(servers.web*.cpu.user)",
    "secondYAxis(servers.web1.cpu.user)",
    # nested, pipes, keyword arguments
    "sumSeries(scale(servers.*.cpu.user,2))",
    "alias(sumSeries(servers.*.cpu.user),'x')",
    "servers.web1.cpu.user|scale(2)",
    "servers.*.cpu.user|sumSeries()|alias('piped')",
    "aliasByNode(movingAverage(servers.web*.cpu.user,'5min'),1)",
    "asPercent(sumSeries(servers.*.cpu.user),sumSeries(servers.*.cpu.*))",
    "divideSeries(sumSeries(app.requests.*.errors),sumSeries(app.requests.*.count))",
    "alias(scale(offset(servers.web1.cpu.user,1),0.5),'nested')",
    "summarize(perSecond(counters.hits.a),'5min','avg')",
    "aliasSub(sumSeries(servers.*.cpu.user), '(^.*$)', '\\1 A')",
    "movingAverage(servers.web1.cpu.user, windowSize='5min')",
    "highestMax(groupByNode(servers.*.cpu.*,1,'sum'),2)",
    # less common functions
    "aggregate(servers.*.cpu.user,'median')",
    "aggregate(servers.*.cpu.user,'stddev')",
    "stddevSeries(servers.*.cpu.user)",
    "rangeOfSeries(servers.*.cpu.user)",
    "percentileOfSeries(servers.*.cpu.user,50)",
    "percentileOfSeries(servers.*.cpu.user,90,true)",
    "nPercentile(servers.web1.cpu.user,95)",
    "removeEmptySeries(servers.*.cpu.user)",
    "sortByTotal(servers.*.cpu.user)",
    "sortByMinima(servers.*.cpu.user)",
    "sortBy(servers.*.cpu.user,'max',true)",
    "highest(servers.*.cpu.user,2,'sum')",
    "lowest(servers.*.cpu.user,2)",
    "lowestCurrent(servers.*.cpu.user,1)",
    "maximumAbove(servers.*.cpu.user,30)",
    "minimumAbove(servers.*.cpu.user,5)",
    "averageAbove(servers.*.cpu.user,40)",
    "currentBelow(servers.*.cpu.user,50)",
    "changed(app.sparse.gappy)",
    "delay(servers.web1.cpu.user,3)",
    "delay(servers.web1.cpu.user,-2)",
    "invert(servers.web1.cpu.user)",
    "squareRoot(servers.web1.cpu.user)",
    "pow(servers.web1.cpu.user,2)",
    "log(servers.web1.cpu.user)",
    "log(servers.web1.cpu.user,2)",
    "minMax(servers.web1.cpu.user)",
    "offsetToZero(servers.web1.cpu.user)",
    "isNonNull(app.sparse.gappy)",
    "interpolate(app.sparse.gappy)",
    "cumulative(app.requests.get.count)",
    "fallbackSeries(does.not.exist,constantLine(1))",
    "substr(servers.web1.cpu.user,1,3)",
    "exponentialMovingAverage(servers.web1.cpu.user,5)",
    "movingSum(app.requests.get.count,'2min')",
    "movingMax(servers.web1.cpu.user,4)",
    "movingMedian(servers.web1.cpu.user,5)",
    "multiplySeriesWithWildcards(servers.web1.cpu.*,3)",
    "averageSeriesWithWildcards(servers.*.cpu.user,1)",
    "pct(servers.web1.cpu.*)",
    "group(servers.web1.cpu.user,app.latency.p50)",
    "unique(servers.web1.cpu.*,servers.web1.cpu.user)",
    "minimumBelow(servers.*.cpu.user,20)",
    "removeAbovePercentile(servers.web1.cpu.user,80)",
    "removeBelowPercentile(servers.web1.cpu.user,20)",
    "mostDeviant(servers.*.cpu.user,2)",
    "aggregateLine(servers.web1.cpu.user)",
    "aggregateLine(servers.web1.cpu.user,'max',true)",
    "threshold(50,'limit','red')",
    "timeStack(servers.web1.cpu.user,'10min',0,3)",
    "smartSummarize(servers.web1.cpu.user,'7min','avg')",
    "smartSummarize(app.requests.get.count,'5min','sum','minutes')",
    "sortByName(servers.*.cpu.user,true)",
    "aliasByNode(seriesByTag('name=disk.used'),'host')",
    "highestMax(seriesByTag('name=disk.used'),1)",
    "transformNull(app.sparse.gappy,0,app.latency.p50)",
]


def utc(epoch, form):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(form)


HHMM_FROM = (END - 50 * 60) // 60 * 60
HHMM_UNTIL = (END - 10 * 60) // 60 * 60
MIDNIGHT = END // 86400 * 86400
# (label, target, params): windows other than the fixed one. Relative ones are asked of both sides
# within the same 10 s step (the script waits for a step's start); `now=` pins graphite-web's now.
TIME_FORMS = [
    ("from=-1h", "servers.web1.cpu.user", {"from": "-1h"}),
    ("from=-90min until=now", "servers.*.cpu.user", {"from": "-90min", "until": "now"}),
    ("from=-2h until=-1h", "sumSeries(servers.*.cpu.user)", {"from": "-2h", "until": "-1h"}),
    ("from=-1h mdp50", "app.requests.get.count", {"from": "-1h", "maxDataPoints": "50"}),
    ("HH:MM_YYYYMMDD", "servers.web1.cpu.user",
     {"from": utc(HHMM_FROM, "%H:%M_%Y%m%d"), "until": utc(HHMM_UNTIL, "%H:%M_%Y%m%d")}),
    ("HH:MM_YYYYMMDD", "summarize(app.requests.get.count,'5min','sum')",
     {"from": utc(HHMM_FROM, "%H:%M_%Y%m%d"), "until": utc(HHMM_UNTIL, "%H:%M_%Y%m%d")}),
    ("from=YYYYMMDD", "servers.web1.cpu.system", {"from": utc(MIDNIGHT, "%Y%m%d"), "until": str(UNTIL)}),
    ("from=YYYYMMDD mdp50", "servers.web1.cpu.system", {"from": utc(MIDNIGHT, "%Y%m%d"), "until": str(UNTIL),
                                                        "maxDataPoints": "50"}),
    ("now=END from=-1h", "servers.web1.cpu.idle", {"now": str(END), "from": "-1h"}),
    ("now=END from=-30min until=-5min", "app.latency.p50", {"now": str(END), "from": "-30min", "until": "-5min"}),
    ("unaligned epochs", "servers.web1.cpu.user", {"from": str(FROM + 3), "until": str(UNTIL - 4)}),
    ("maxDataPoints=1", "servers.web1.cpu.user", {"from": str(FROM), "until": str(UNTIL), "maxDataPoints": "1"}),
    ("maxDataPoints=7", "servers.*.cpu.user", {"from": str(FROM), "until": str(UNTIL), "maxDataPoints": "7"}),
    ("maxDataPoints=800", "servers.web1.cpu.user", {"from": str(FROM), "until": str(UNTIL), "maxDataPoints": "800"}),
    ("2 targets", "servers.web1.cpu.user&servers.web2.cpu.user", {"from": str(FROM), "until": str(UNTIL)}),
]

# Differences known in advance, with why: {(target, mode): reason}; mode "full", "mdp50" or a
# TIME_FORMS label, or "*" for all. A DIFF listed here is counted as expected, not as a failure.
# With a single 10 s tier on both sides, consolidateBy('max'/'min'/'sum') with maxDataPoints must
# agree: framecast's per-bucket exact max/min/sum would differ from graphite-web only where the
# read tier is coarser than the raw points (whisper's lower archives hold averages), and there is
# no coarser tier here.
EXPECTED = {
}


def expected_reason(target, mode):
    return EXPECTED.get((target, mode)) or EXPECTED.get((target, "*"))


# --- processes ----------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HTTPFailure(Exception):
    pass


def http_get(base, path, params, timeout=60):
    """GET base+path?params (a list of pairs) -> bytes; HTTPFailure with a short reason."""
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.read()
    except urllib.error.HTTPError as error:
        body = error.read()[:4000].decode(errors="replace")
        # Django's 500 page is HTML; its exception is in the <title> or the first lines.
        text = re.sub(r"<[^>]+>", " ", body)
        text = " ".join(text.split())
        raise HTTPFailure(f"HTTP {error.code}: {text[:240]}")
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        raise HTTPFailure(f"{type(error).__name__}: {error}")


def wait_http(base, path, seconds, proc=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            http_get(base, path, [], timeout=2)
            return True
        except HTTPFailure as error:
            if str(error).startswith("HTTP "):
                return True  # it answers
            time.sleep(0.3)
    return False


def wait_tcp(port, seconds, proc=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


def send_lines(port, payload):
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        s.settimeout(5)
        try:
            s.recv(1)  # until the listener closes (or 5 s)
        except OSError:
            pass


class Process:
    def __init__(self, name, argv, log_path, env=None, cwd=None, stop_signal=signal.SIGTERM):
        self.name, self.log_path, self.stop_signal = name, log_path, stop_signal
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     start_new_session=True)

    def tail(self, lines=15):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()  # only this process, the one started here
                self.proc.wait()
        self.log.close()


work = tempfile.mkdtemp(prefix="framecast-graphite-web-")
WHISPER_DIR = os.path.join(work, "whisper")
CONF_DIR = os.path.join(work, "carbon-conf")
for d in (WHISPER_DIR, CONF_DIR, os.path.join(work, "log", "webapp"), os.path.join(work, "log", "carbon"),
          os.path.join(work, "settings")):
    os.makedirs(d, exist_ok=True)
GW_PORT, CARBON_LINE, CARBON_PICKLE, CARBON_QUERY = free_port(), free_port(), free_port(), free_port()
GW = f"http://127.0.0.1:{GW_PORT}"
SETTINGS_MODULE = "framecast_compare_graphite_settings"
GW_ENV = dict(os.environ, PYTHONPATH=os.path.join(work, "settings"), GRAPHITE_SETTINGS_MODULE=SETTINGS_MODULE,
              DJANGO_SETTINGS_MODULE="graphite.settings", PYTHONDONTWRITEBYTECODE="1")
for variable in ("PYTHONHOME", "VIRTUAL_ENV"):  # e.g. a pyenv shell: Debian's python3 must see only its own
    GW_ENV.pop(variable, None)


def write_configs():
    with open(os.path.join(work, "settings", SETTINGS_MODULE + ".py"), "w") as f:
        f.write(f"""# graphite-web settings for scripts/compare/graphite_web_vs_framecast.py (imported by graphite.settings
# through GRAPHITE_SETTINGS_MODULE; Debian's /etc/graphite/local_settings.py is not read).
SECRET_KEY = 'framecast-compare'
TIME_ZONE = 'UTC'
DEBUG = False
LOG_ROTATION = False
DEFAULT_XFILES_FACTOR = 0
GRAPHITE_ROOT = '/usr/share/graphite-web'
STATIC_ROOT = '/usr/share/graphite-web/static'
CONF_DIR = {os.path.join(work, 'settings')!r}
STORAGE_DIR = {work!r}
WHISPER_DIR = {WHISPER_DIR!r}
INDEX_FILE = {os.path.join(work, 'search_index')!r}
LOG_DIR = {os.path.join(work, 'log', 'webapp')!r}
DATABASES = {{'default': {{'NAME': {os.path.join(work, 'graphite.db')!r}, 'ENGINE': 'django.db.backends.sqlite3',
                          'USER': '', 'PASSWORD': '', 'HOST': '', 'PORT': ''}}}}
CARBONLINK_HOSTS = ['127.0.0.1:{CARBON_QUERY}:a']
TAGDB = 'graphite.tags.localdatabase.LocalDatabaseTagDB'
TAGDB_CACHE_DURATION = 0
FUNCTION_PLUGINS = []
""")
    with open(os.path.join(CONF_DIR, "carbon.conf"), "w") as f:
        f.write(f"""[cache]
STORAGE_DIR = {work}/
LOCAL_DATA_DIR = {WHISPER_DIR}/
CONF_DIR = {CONF_DIR}/
LOG_DIR = {work}/log/carbon/
PID_DIR = {work}/
DATABASE = whisper
ENABLE_LOGROTATION = False
USER =
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = inf
MAX_CREATES_PER_MINUTE = inf
MIN_TIMESTAMP_RESOLUTION = 1
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = {CARBON_LINE}
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = {CARBON_PICKLE}
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = {CARBON_QUERY}
USE_FLOW_CONTROL = True
CACHE_WRITE_STRATEGY = sorted
WHISPER_AUTOFLUSH = False
WHISPER_FALLOCATE_CREATE = True
CARBON_METRIC_INTERVAL = 0
ENABLE_TAGS = True
GRAPHITE_URL = {GW}
LOG_LISTENER_CONN_SUCCESS = False
LOG_UPDATES = False
""")
    with open(os.path.join(CONF_DIR, "storage-schemas.conf"), "w") as f:
        f.write("[speed]\npattern = ^speed\\.\nretentions = 1s:115d\n\n[all]\npattern = .*\nretentions = 10s:1d\n")
    with open(os.path.join(CONF_DIR, "storage-aggregation.conf"), "w") as f:
        f.write("[all]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n")


def start_graphite_web():
    migrate = subprocess.run([DEBIAN_PYTHON, "-m", "django", "migrate", "--run-syncdb", "--settings=graphite.settings"],
                             env=GW_ENV, cwd=work, capture_output=True, text=True)
    if migrate.returncode != 0:
        raise RuntimeError(f"graphite-web migrate failed: {migrate.stderr[-2000:]}")
    if args.graphite_server == "gunicorn":
        argv = [DEBIAN_PYTHON, "/usr/bin/gunicorn", "--bind", f"127.0.0.1:{GW_PORT}", "--workers", "1",
                "--timeout", "900", "--chdir", work, "graphite.wsgi:application"]
    else:
        argv = [DEBIAN_PYTHON, "-m", "django", "runserver", "--settings=graphite.settings", "--noreload",
                f"127.0.0.1:{GW_PORT}"]
    server = Process("graphite-web", argv, os.path.join(work, "graphite-web.log"), env=GW_ENV, cwd=work,
                     stop_signal=signal.SIGINT)
    if not wait_http(GW, "/render?target=constantLine(1)&format=json", 60, server.proc):
        raise RuntimeError(f"graphite-web did not start:\n{server.tail()}")
    return server


def start_carbon():
    argv = [DEBIAN_PYTHON, "/usr/bin/carbon-cache", f"--config={os.path.join(CONF_DIR, 'carbon.conf')}", "--nodaemon",
            f"--pidfile={os.path.join(work, 'carbon-cache.pid')}", f"--logdir={os.path.join(work, 'log', 'carbon')}",
            "start"]
    carbon = Process("carbon-cache", argv, os.path.join(work, "carbon-cache.log"), env=GW_ENV, cwd=work)
    if not wait_tcp(CARBON_LINE, 60, carbon.proc):
        raise RuntimeError(f"carbon-cache did not start:\n{carbon.tail()}")
    return carbon


def framecast_binary():
    if args.framecast:
        return os.path.abspath(args.framecast)
    default = os.path.join(ROOT, ".build", "release", "framecast")
    if not os.access(default, os.X_OK):
        build = ["swift", "build", "-c", "release", "--product", "framecast"]
        log("building: " + " ".join(build))
        if subprocess.run(build, cwd=ROOT, stdout=subprocess.DEVNULL).returncode != 0:
            raise RuntimeError("swift build failed")
    return default


FC_PORT, FC_CARBON = free_port(), free_port()


def start_framecast():
    binary = framecast_binary()
    argv = [binary, "serve", "--data-dir", os.path.join(work, "framecast"), "--http", f"127.0.0.1:{FC_PORT}",
            "--carbon", f"127.0.0.1:{FC_CARBON}", "--retention", "10s:1d"]
    if args.speed:
        argv += ["--retention", "speed.*=1s:115d"]
    server = Process("framecast", argv, os.path.join(work, "framecast.log"), cwd=ROOT, stop_signal=signal.SIGINT)
    if not wait_http(f"http://127.0.0.1:{FC_PORT}", "/healthz", 60, server.proc):
        raise RuntimeError(f"framecast did not start ({' '.join(argv)}):\n{server.tail()}")
    if not wait_tcp(FC_CARBON, 30, server.proc):
        raise RuntimeError(f"framecast's Carbon listener did not open:\n{server.tail()}")
    return server


# --- readiness: every series' newest point readable ----------------------------------------------
def render_json(base, params, timeout=60):
    body = http_get(base, "/render", params, timeout=timeout)
    try:
        return json.loads(body)
    except ValueError as error:
        raise HTTPFailure(f"not JSON ({error}): {body[:200]!r}")


def newest_points(base, names):
    """{target: newest [value, t]} of these series, asked in one request (or one by one if that fails)."""
    window = [("from", str(END - 6 * STEP)), ("until", str(END)), ("format", "json")]
    try:
        reply = render_json(base, [("target", n) for n in names] + window)
    except HTTPFailure:
        reply = []
        for n in names:
            try:
                reply += render_json(base, [("target", n)] + window)
            except HTTPFailure:
                pass
    return {s.get("target"): (s.get("datapoints") or [[None, None]])[-1] for s in reply if isinstance(s, dict)}


def holds_data(base, tag_db):
    """'' when every series' newest point reads back as sent, else what is missing. tag_db: also
    check that seriesByTag finds every tagged series (graphite-web's tag DB is filled by carbon
    after the whisper file is created)."""
    try:
        http_get(base, "/render", [("target", canonical(PLAIN[0])), ("from", str(END - 60)), ("until", str(END)),
                                   ("format", "json")])
    except HTTPFailure as error:
        return str(error)
    newest = newest_points(base, [canonical(n) for n in DATA])
    missing = [canonical(n) for n, values in DATA.items() if newest.get(canonical(n)) != [values[-1], END]]
    if missing:
        return f"{len(missing)} series without their newest point, e.g. {missing[:3]}"
    if tag_db:
        try:
            tagged = render_json(base, [("target", "seriesByTag('dc=~.+')"), ("from", str(END - 6 * STEP)),
                                        ("until", str(END)), ("format", "json")])
        except HTTPFailure as error:
            return f"seriesByTag: {error}"
        if len(tagged) != len(TAGGED):
            return f"seriesByTag('dc=~.+') finds {len(tagged)} of {len(TAGGED)} tagged series"
    return ""


def wait_for_data(base, tag_db):
    """'' once the data is there; else the last problem, after --wait s (after 10 s if /render
    answers a client error: the API is not there)."""
    started = time.time()
    while True:
        last = holds_data(base, tag_db)
        if not last:
            return ""
        waited = time.time() - started
        if waited > args.wait or (waited > 10 and last.startswith("HTTP 4")):
            return last
        time.sleep(1)


# --- comparing ----------------------------------------------------------------------------------
def norm(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


def equal(a, b):
    a, b = norm(a), norm(b)
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    return abs(a - b) <= max(1e-9 * max(abs(a), abs(b)), 1e-12)


def short(series_list, limit=4):
    names = [s.get("target") for s in series_list]
    return ", ".join(map(str, names[:limit])) + (f", … ({len(names)})" if len(names) > limit else "")


def compare(g, f):
    """(verdict, note): verdict '' when the same."""
    if not isinstance(f, list) or any(not isinstance(s, dict) for s in f):
        return "framecast's answer is not a list of series", ""
    if len(g) != len(f):
        return f"{len(g)} series vs {len(f)} (graphite-web: {short(g)}; framecast: {short(f)})", ""
    note = ""
    for i, (a, b) in enumerate(zip(g, f)):
        if a.get("target") != b.get("target"):
            return f"series {i} name {a.get('target')!r} vs {b.get('target')!r}", ""
        if "tags" in a and "tags" in b:
            if a["tags"] != b["tags"]:
                return f"series {i} ({a['target']}) tags {a['tags']} vs {b['tags']}", ""
        elif "tags" in a:
            note = "framecast sends no tags"
        pa, pb = a.get("datapoints") or [], b.get("datapoints") or []
        ta, tb = [p[1] for p in pa], [p[1] for p in pb]
        if ta != tb:
            if len(ta) != len(tb):
                return (f"series {i} ({a['target']}) {len(ta)} points vs {len(tb)} "
                        f"(first {ta[:1]} vs {tb[:1]}, last {ta[-1:]} vs {tb[-1:]})"), ""
            k = next(k for k in range(len(ta)) if ta[k] != tb[k])
            return f"series {i} ({a['target']}) timestamp {k}: {ta[k]} vs {tb[k]}", ""
        bad = [k for k in range(len(pa)) if not equal(pa[k][0], pb[k][0])]
        if bad:
            k = bad[0]
            return (f"series {i} ({a['target']}) {len(bad)} of {len(pa)} values differ, first at t={ta[k]}: "
                    f"{norm(pa[k][0])!r} vs {norm(pb[k][0])!r}"), ""
    return "", note


def describe(series_list, show):
    """graphite-web's answer in one line, and whether it holds data."""
    if not series_list:
        return "0 series", False
    points = sum(len(s.get("datapoints") or []) for s in series_list)
    has_value = any(norm(p[0]) is not None for s in series_list for p in s.get("datapoints") or [])
    first = series_list[0]
    head = [[norm(v), t] for v, t in (first.get("datapoints") or [])[:show]]
    return (f"{len(series_list)} series, {points} points [{short(series_list)}]; "
            f"{first.get('target')}: {json.dumps(head)}"), has_value


def cases():
    """(label, target text, params list) for every render case."""
    window = [("from", str(FROM)), ("until", str(UNTIL)), ("format", "json")]
    out = []
    for target in TARGETS:
        out.append(("full", target, [("target", target)] + window))
        out.append(("mdp50", target, [("target", target)] + window + [("maxDataPoints", "50")]))
    for label, target, extra in TIME_FORMS:
        params = [("target", t) for t in target.split("&")] + [("format", "json")] + list(extra.items())
        out.append((label, target, params))
    if args.only:
        out = [c for c in out if re.search(args.only, c[1])]
    return out


def relative(params):
    return any(k in ("from", "until") and not v.isdigit() for k, v in params) and not any(k == "now" for k, _ in params)


def wait_step_start():
    """Until just after a 10 s boundary, so a relative window is the same for two requests in a row."""
    while not 0.3 <= time.time() % STEP <= 5:
        time.sleep(0.1)


def run_render(fc_base):
    counts = {"same": 0, "DIFF": 0, "expected DIFF": 0, "ERROR graphite-web": 0, "ERROR framecast": 0,
              "no data in graphite-web": 0, "no tags from framecast": 0}
    samples = {}
    for mode, target, params in cases():
        if relative(params):
            wait_step_start()
        head = f"{mode:<6} {target}" if mode in ("full", "mdp50") else f"{target} [{mode}]"
        try:
            g = render_json(GW, params)
        except HTTPFailure as error:
            counts["ERROR graphite-web"] += 1
            print(f"{head}: ERROR graphite-web: {error}", flush=True)
            continue
        summary, has_data = describe(g, args.show)
        if not has_data:
            counts["no data in graphite-web"] += 1
        if mode == "full":
            samples[target] = g
        if fc_base is None:
            counts["answered"] = counts.get("answered", 0) + 1
            print(f"{head}: {summary}" + ("" if has_data else "  NO DATA"), flush=True)
            continue
        try:
            f = render_json(fc_base, params)
        except HTTPFailure as error:
            counts["ERROR framecast"] += 1
            print(f"{head}: ERROR framecast: {error}", flush=True)
            continue
        verdict, note = compare(g, f)
        if not verdict:
            counts["same"] += 1
            if note:
                counts["no tags from framecast"] += 1
            print(f"{head}: same" + (f" ({note})" if note else "") + ("" if has_data else " (no data in either)"),
                  flush=True)
            continue
        reason = expected_reason(target, mode)
        counts["expected DIFF" if reason else "DIFF"] += 1
        print(f"{head}: DIFF {verdict}" + (f"  [expected: {reason}]" if reason else ""), flush=True)
        if args.verbose:
            for side, answer in (("graphite-web", g), ("framecast", f)):
                print(f"    {side}: {json.dumps(answer[:1])[:1500]}")
    return counts, samples


def find_cases():
    out = []
    for query in ["*", "servers.*", "servers.web*.cpu.*", "app.{requests,latency}.*", "counters.hits.*",
                  "servers.web[1-2].cpu.u*", "app.requests.*"]:
        out.append(("/metrics/find", [("query", query)], "ordered"))
        out.append(("/metrics/find", [("query", query), ("format", "completer")], "unordered"))
    out.append(("/metrics/find", [("query", "servers.*"), ("wildcards", "1")], "ordered"))
    out.append(("/metrics/find", [("query", "servers.web1.cpu.*"), ("leavesOnly", "1")], "ordered"))
    for query in ["servers.*", "servers.web*.cpu.*", "app.*.*", "counters.*.*"]:
        out.append(("/metrics/expand", [("query", query)], "ordered"))
        out.append(("/metrics/expand", [("query", query), ("leavesOnly", "1")], "ordered"))
    out.append(("/metrics/expand", [("query", "servers.web1.*"), ("query", "app.*"), ("groupByExpr", "1")], "ordered"))
    out.append(("/metrics/expand", [("query", "servers.web1.cpu.*"), ("query", "counters.hits.*"),
                                    ("groupByExpr", "1"), ("leavesOnly", "1")], "ordered"))
    return out


def canonical_json(value):
    return json.dumps(value, sort_keys=True)


def without_tagged(answer):
    """graphite-web's answer less its `_tagged` folder (where carbon keeps tagged series' whisper
    files, hash-named): it is storage layout, not a metric; (answer, whether one was dropped)."""
    def keep(entry):
        text = entry if isinstance(entry, str) else entry.get("id") or entry.get("path") or ""
        return not (text == "_tagged" or text.startswith("_tagged."))
    if isinstance(answer, list):
        kept = [e for e in answer if keep(e)]
        # treejson's wildcard node `*` only appears with more than one node left
        return kept, len(kept) != len(answer)
    if isinstance(answer, dict) and isinstance(answer.get("metrics"), list):
        kept = [e for e in answer["metrics"] if keep(e)]
        return dict(answer, metrics=kept), len(kept) != len(answer["metrics"])
    if isinstance(answer, dict) and isinstance(answer.get("results"), list):
        kept = [e for e in answer["results"] if keep(e)]
        return dict(answer, results=kept), len(kept) != len(answer["results"])
    return answer, False


def run_find(fc_base):
    counts = {"same": 0, "DIFF": 0, "ERROR graphite-web": 0, "ERROR framecast": 0}
    for path, params, order in find_cases():
        head = f"{path}?{urllib.parse.urlencode(params)}"
        try:
            g = json.loads(http_get(GW, path, params))
        except (HTTPFailure, ValueError) as error:
            counts["ERROR graphite-web"] += 1
            print(f"{head}: ERROR graphite-web: {error}", flush=True)
            continue
        if fc_base is None:
            counts["answered"] = counts.get("answered", 0) + 1
            print(f"{head}: {json.dumps(g)[:300]}", flush=True)
            continue
        dropped = False
        if fc_base != GW:
            g, dropped = without_tagged(g)
        note = f"{order}" + (", graphite-web's _tagged folder left out" if dropped else "")
        try:
            f = json.loads(http_get(fc_base, path, params))
        except (HTTPFailure, ValueError) as error:
            counts["ERROR framecast"] += 1
            print(f"{head}: ERROR framecast: {error}", flush=True)
            continue
        if order == "unordered" and isinstance(g, dict) and isinstance(f, dict) and isinstance(f.get("metrics"), list):
            ga = sorted(map(canonical_json, g.get("metrics", [])))
            fa = sorted(map(canonical_json, f["metrics"]))
            same = ga == fa
        else:
            same = canonical_json(g) == canonical_json(f)
        if same:
            counts["same"] += 1
            print(f"{head}: same ({note})", flush=True)
        else:
            counts["DIFF"] += 1
            print(f"{head}: DIFF ({note}) graphite-web {json.dumps(g)[:300]} vs framecast {json.dumps(f)[:300]}",
                  flush=True)
    return counts


# --- speed ----------------------------------------------------------------------------------------
# Run by Debian's python3 (the whisper module is there). whisper.create writes the header; the
# points go straight into the archive in whisper's own point format, oldest at the archive's start
# (so it is the base point): python3-whisper 1.1.4's update_many packs each contiguous run by bytes
# concatenation, quadratic in the run (100,000 points took 13 s), far too slow for 10M points.
WHISPER_WRITER = r"""
import array, struct, sys, whisper
path, values_path, start, slots = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
values = array.array('d')
with open(values_path, 'rb') as f:
    values.frombytes(f.read())
whisper.create(path, [(1, slots)], xFilesFactor=0, aggregationMethod='average')
archive = whisper.info(path)['archives'][0]
assert archive['secondsPerPoint'] == 1 and archive['points'] >= len(values)
chunk = 100000
with open(path, 'r+b') as f:
    f.seek(archive['offset'])
    for i in range(0, len(values), chunk):
        part = values[i:i + chunk]
        flat = [x for k, v in enumerate(part) for x in (start + i + k, v)]
        f.write(struct.pack('!' + whisper.pointFormat[1:] * len(part), *flat))
(first, last, step), got = whisper.fetch(path, start + len(values) - 100, start + len(values) - 1)
assert step == 1 and got[-1] == values[-1], (got[-3:], values[-3:])
"""


def timed_get(port, path, timeout=900):
    """One GET on a new loopback connection; (ms, status, body); status 0 if the exchange failed."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        body = reply.read()
        status = reply.status
    except (OSError, http.client.HTTPException) as error:
        status, body = 0, f"{type(error).__name__}: {error}".encode()
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, status, body


def post_framecast(port, n, values, first):
    """Posts the speed series to framecast in 1M-line Graphite plaintext bodies; '' or the failure."""
    chunk = 1_000_000
    for i in range(0, n, chunk):
        body = "".join(f"speed.walk {values[k]:.3f} {first + k}\n" for k in range(i, min(n, i + chunk))).encode()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        try:
            conn.request("POST", "/api/v1/write?format=graphite", body=body, headers={"Content-Type": "text/plain"})
            reply = conn.getresponse()
            text = reply.read()
        except (OSError, http.client.HTTPException) as error:
            return f"write at point {i:,}: {type(error).__name__}: {error}"
        finally:
            conn.close()
        if not 200 <= reply.status < 300:
            return f"write at point {i:,}: {reply.status} {text[:300]!r}"
    # The newest point must read back before timing (the write is acknowledged once durable).
    newest = [values[n - 1], first + n - 1]
    deadline = time.time() + 120
    while time.time() < deadline:
        _, status, body = timed_get(port, f"/render?target=speed.walk&format=json&from={first + n - 11}&until={first + n - 1}")
        try:
            if status == 200 and json.loads(body)[0]["datapoints"][-1] == newest:
                return ""
        except (ValueError, LookupError, TypeError):
            pass
        time.sleep(1)
    return f"the newest point {newest} does not read back: {status} {body[:200]!r}"


def run_speed(fc_port, post=True):
    """post=False: fc_port already holds the series (--against-graphite: graphite-web itself)."""
    n = args.speed_points
    sp_end = int(START_WALL) - 120
    sp_first = sp_end - n + 1
    rng = random.Random(args.seed + 1)
    values = array.array("d")
    level = 100_000
    for _ in range(n):
        level += rng.randint(-1000, 1000)
        values.append(level / 1000)
    values_path = os.path.join(work, "speed-values.bin")
    with open(values_path, "wb") as f:
        values.tofile(f)
    os.makedirs(os.path.join(WHISPER_DIR, "speed"), exist_ok=True)
    started = time.perf_counter()
    subprocess.run([DEBIAN_PYTHON, "-c", WHISPER_WRITER, os.path.join(WHISPER_DIR, "speed", "walk.wsp"), values_path,
                    str(sp_first), str(SPEED_SLOTS)], env=GW_ENV, check=True)
    print(f"speed: {n:,} points (1 s, {n / 86400:.1f} days) written to whisper in {time.perf_counter() - started:.0f} s",
          flush=True)
    if fc_port is not None and post:
        started = time.perf_counter()
        failure = post_framecast(fc_port, n, values, sp_first)
        if failure:
            print(f"speed: framecast: {failure}; no framecast timings", flush=True)
            fc_port = None
        else:
            print(f"speed: {n:,} points posted to framecast and read back in {time.perf_counter() - started:.0f} s",
                  flush=True)
    sides = [("graphite-web", GW_PORT)] + ([("framecast", fc_port)] if fc_port is not None else [])
    kinds = {"png": "format=png&width=800&height=300", "json": "format=json&maxDataPoints=800"}
    results = {}
    shift = 0
    for kind, query in kinds.items():
        for side, port in sides:  # warm-up: first request after start (imports, fonts, pools)
            timed_get(port, f"/render?target=speed.walk&{query}&from={sp_first - 1}&until={sp_end}")
        for run in range(args.speed_runs):
            for side, port in sides if run % 2 == 0 else sides[::-1]:
                shift += 1
                path = f"/render?target=speed.walk&{query}&from={sp_first - 1 + shift}&until={sp_end + shift}"
                ms, status, body = timed_get(port, path)
                ok = status == 200 and (body[:8] == b"\x89PNG\r\n\x1a\n" if kind == "png" else body[:1] == b"[")
                if kind == "json" and ok:
                    reply = json.loads(body)
                    ok = len(reply) == 1 and 0 < len(reply[0]["datapoints"]) <= 800
                if not ok:
                    print(f"speed: {side} {kind}: {status} {body[:200]!r}", flush=True)
                    continue
                results.setdefault((side, kind), []).append(ms)
            log(f"speed {kind} run {run + 1}: " + ", ".join(f"{s} {results.get((s, kind), [0])[-1]:.1f} ms"
                                                             for s, _ in sides))
    print(f"speed: {n:,} points of speed.walk over the whole series, median of {args.speed_runs} runs "
          f"(graphite-web under {args.graphite_server}, {os.cpu_count()} cores):")
    for kind in kinds:
        line = []
        for side, _ in sides:
            times = results.get((side, kind))
            line.append(f"{side} {statistics.median(times):9.1f} ms (min {min(times):.1f})" if times else f"{side} failed")
        ratio = ""
        if all(results.get((s, kind)) for s, _ in sides) and len(sides) == 2:
            fraction = statistics.median(results[("graphite-web", kind)]) / statistics.median(results[("framecast", kind)])
            ratio = f"   graphite-web / framecast {fraction:.1f}x"
        print(f"  {kinds[kind]:32s} " + "   ".join(line) + ratio)
    print("  each: one GET on a new loopback connection, first byte sent to last byte read; graphite-web: Django, "
          "whisper.fetch of every point, Python evaluation and consolidation (png: to the pixel width, then cairo); framecast: "
          "engine read of the 1 s tier and its render/encode.")


# --- main -----------------------------------------------------------------------------------------
processes = []
exit_code = 0
try:
    t0 = time.perf_counter()
    write_configs()
    graphite = start_graphite_web()
    processes.append(graphite)
    carbon = start_carbon()
    processes.append(carbon)
    print(f"graphite-web {GRAPHITE_VERSION} ({args.graphite_server}) on {GW}, carbon-cache {CARBON_VERSION} "
          f"(line {CARBON_LINE}, cache query {CARBON_QUERY}); state in {work}", flush=True)
    fc_base = fc_port = None
    fc_note = ""
    if args.against_graphite:
        fc_base, fc_port, fc_note = GW, GW_PORT, "the 'framecast' side is graphite-web itself (--against-graphite)"
    elif not args.graphite_only:
        try:
            framecast = start_framecast()
            processes.append(framecast)
            fc_base, fc_port = f"http://127.0.0.1:{FC_PORT}", FC_PORT
            print(f"framecast on {fc_base} (carbon {FC_CARBON})", flush=True)
        except (RuntimeError, OSError) as error:
            fc_note = f"framecast not started: {error}"
            exit_code = 1
    if fc_note:
        print(fc_note, flush=True)

    payload = carbon_lines()
    lines = payload.count(b"\n")
    print(f"data: {len(DATA)} series ({len(TAGGED)} tagged), {lines:,} lines, {FIRST}…{END} at {STEP} s "
          f"({utc(FIRST, '%Y-%m-%d %H:%M:%S')} … {utc(END, '%H:%M:%S')} UTC); window from={FROM} until={UNTIL}",
          flush=True)
    t = time.perf_counter()
    send_lines(CARBON_LINE, payload)
    if fc_base is not None and not args.against_graphite:
        send_lines(FC_CARBON, payload)
    problem = wait_for_data(GW, tag_db=True)
    if problem:
        raise RuntimeError(f"graphite-web does not hold the data after {args.wait:.0f} s: {problem}\n"
                           f"carbon-cache log:\n{carbon.tail()}\ngraphite-web log:\n{graphite.tail()}")
    print(f"graphite-web holds every series' newest point {time.perf_counter() - t:.1f} s after sending", flush=True)
    if fc_base is not None and not args.against_graphite:
        problem = wait_for_data(fc_base, tag_db=False)
        if problem:
            print(f"framecast does not hold the data ({problem}); comparing anyway", flush=True)
            exit_code = 1
        else:
            print(f"framecast holds every series' newest point {time.perf_counter() - t:.1f} s after sending", flush=True)

    print("\n--- /render format=json " + ("(graphite-web only)" if fc_base is None else "(graphite-web vs framecast)"))
    render_counts, samples = run_render(fc_base)
    print("\n--- /metrics/find, /metrics/expand")
    find_counts = run_find(fc_base)
    if args.speed:
        print("\n--- speed")
        run_speed(fc_port, post=not args.against_graphite)

    print("\n--- summary")
    total = len(cases())
    print(f"render: {total} cases ({len(TARGETS)} targets x full/maxDataPoints=50 + {len(TIME_FORMS)} time forms" +
          (f", filtered by --only {args.only!r}" if args.only else "") + "): " +
          ", ".join(f"{k} {v}" for k, v in render_counts.items() if v or (fc_base and k in ("same", "DIFF"))))
    print("find/expand: " + ", ".join(f"{k} {v}" for k, v in find_counts.items() if v or (fc_base and k in ("same", "DIFF"))))
    if fc_note:
        print(fc_note)
    print(f"run took {time.perf_counter() - t0:.0f} s")
    if fc_base is not None and (render_counts["DIFF"] or render_counts["ERROR framecast"] or find_counts["DIFF"]
                                or find_counts["ERROR framecast"]):
        exit_code = 1
    if render_counts["ERROR graphite-web"] or find_counts["ERROR graphite-web"] or render_counts["no data in graphite-web"]:
        exit_code = 1
except RuntimeError as error:
    print(f"failed: {error}", flush=True)
    exit_code = 1
finally:
    for process in reversed(processes):
        process.stop()
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
sys.exit(exit_code)

import ArgumentParser
import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import Logging
import Metrics
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server: ingest over HTTP and TCP, charts by polling and by live streams.",
        discussion: """
            Endpoints: POST /api/v1/write, GET /api/v1/series, /api/v1/query, /render, /stream, \
            /events, /ws, /metrics, /healthz, /api/v1/prom/write (Prometheus remote_write), /api/v1/scrape/targets. \
            Graphite plaintext on --carbon, statsd (UDP) on --statsd; --scrape pulls Prometheus /metrics endpoints.

            Examples:
              framecast serve --data-dir data --demo
              framecast serve --data-dir /var/lib/framecast --http 0.0.0.0:8080 --carbon 0.0.0.0:2003 --write-token-file token
              framecast serve --data-dir data --scrape node=http://10.0.0.1:9100/metrics --scrape-interval 15s
              framecast serve --data-dir data --embed-key-file embed.key --private 'billing.**' --cors-origin https://status.example.com

            Embedding, HOST being this server as browsers reach it and S a series or glob (every /render option works in each; `framecast snippets --base URL --series S` prints them filled in):
              <img src="http://HOST/render?series=S&from=-1h">
              <img src="http://HOST/stream?series=S&from=-10min&refresh=1s">
              <iframe src="http://HOST/embed?series=S" width=800 height=300></iframe>
              <img src="http://HOST/badge?series=S&stat=last&warn=80&crit=95">
              framecast sign 'http://HOST/embed?series=S' --key-file K --expires 30d
            A sample status page with all four is served at /samples/status-page/.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("HTTP address to listen on.", valueName: "host:port"))
    var http = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("Graphite plaintext TCP address (e.g. 127.0.0.1:2003); none by default.", valueName: "host:port"))
    var carbon: String?

    @Option(
        name: .customLong("carbon-allow"),
        help: ArgumentHelp(
            "Address block the Graphite listener accepts (repeatable, e.g. 10.0.0.0/8). Plaintext Carbon has no authentication: with --write-token-file the default is loopback only; otherwise any peer.",
            valueName: "cidr"))
    var carbonAllow: [String] = []

    @Option(help: ArgumentHelp("statsd UDP address (e.g. 127.0.0.1:8125); none by default.", valueName: "host:port"))
    var statsd: String?

    @Option(help: ArgumentHelp("How often statsd aggregates are written (as Etsy statsd's flushInterval).", valueName: "duration"))
    var statsdFlush = "10s"

    @Option(help: ArgumentHelp("statsd timer percentile thresholds, comma-separated (negative: the top values).", valueName: "list"))
    var statsdPercentiles = "90"

    @Option(
        help: ArgumentHelp(
            "A Prometheus /metrics endpoint to scrape into series, as URL or JOB=URL (repeatable; job defaults to 'scrape'). Samples get job and instance labels; each target gets an up series. Status: /api/v1/scrape/targets.",
            valueName: "url"))
    var scrape: [String] = []

    @Option(help: ArgumentHelp("How often --scrape targets are scraped (as Prometheus' scrape_interval).", valueName: "duration"))
    var scrapeInterval = "15s"

    @Option(help: ArgumentHelp("How long a scrape may take (default: 10s, or the interval if shorter).", valueName: "duration"))
    var scrapeTimeout: String?

    @Flag(help: "Feed demo data: the sample series replayed in real time plus synthetic high-rate series.")
    var demo = false

    @Option(
        help: ArgumentHelp(
            "Directory of sample CSV files the demo replays (default: the NAB data next to the project, when found).", valueName: "dir"))
    var demoData: String?

    @Option(help: ArgumentHelp("File holding the token writes must carry as 'Authorization: Bearer TOKEN'.", valueName: "file"))
    var writeTokenFile: String?

    @Option(help: ArgumentHelp("Largest write body in bytes, after decompression (larger: 413).", valueName: "bytes"))
    var maxBody: Int = IngestLimits().maxBodyBytes

    @Option(help: ArgumentHelp("Bytes of writes in flight before new writes get 429 with Retry-After.", valueName: "bytes"))
    var maxBacklog: Int = IngestLimits().maxBacklogBytes

    @Option(
        help: ArgumentHelp(
            "New series one write may create; a write naming more stores none of them (400), only its points of known series.",
            valueName: "count"))
    var maxNewSeriesPerWrite = 10_000

    @Option(
        help: ArgumentHelp(
            "Time a client has to send a request's line and headers (from connecting, or from the previous response): 408 and closed after it.",
            valueName: "duration"))
    var headerTimeout = "10s"

    @Option(
        help: ArgumentHelp(
            "Slowest request body accepted, in bytes per second of waiting, once a body has taken longer than --header-timeout.",
            valueName: "bytes/s"))
    var minBodyRate: Int = HTTPEdgeLimits().minBodyBytesPerSecond

    @Option(
        help: ArgumentHelp(
            "Open HTTP connections at once; more get 503 (default: 4096, or fewer if the open-file limit is lower).", valueName: "count"))
    var maxConnections: Int?

    @Flag(
        help:
            "Keep series whose every tier has expired (their newest point is older than the longest tier keeps); by default they are removed, as retention is against now."
    )
    var keepExpiredSeries = false

    @Option(help: "Renders running at once (default: the number of cores).")
    var renderWorkers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Renders waiting for a worker before polling requests get 503.")
    var renderQueue: Int = RenderLimits().queue

    @Option(
        help: ArgumentHelp(
            "Bucket reads one frame may cost (about 100 ns each): past it the chart reads coarser tiers, or answers 503.",
            valueName: "buckets"))
    var renderBudget: Int = RenderLimits().maxBucketsPerRender

    @Option(help: ArgumentHelp("Longest a polling request waits for its frame, queue included (then 503).", valueName: "duration"))
    var renderDeadline = "15s"

    @Option(help: ArgumentHelp("Disconnect a stream subscriber that takes no frame for this many seconds.", valueName: "seconds"))
    var idleTimeout: Double = StreamLimits().idleTimeoutSeconds

    @Option(help: ArgumentHelp("Key file for signed URLs (see `framecast sign`); needed with --private.", valueName: "file"))
    var embedKeyFile: String?

    @Option(
        name: .customLong("private"),
        help: ArgumentHelp("Series only signed URLs may show, as a Graphite glob (repeatable).", valueName: "glob"))
    var privatePatterns: [String] = []

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "Origin allowed to read the JSON and SSE endpoints from another site, e.g. https://status.example.com, or * (repeatable).",
            valueName: "origin"))
    var corsOrigins: [String] = []

    @Option(help: ArgumentHelp("Server-Sent Events and WebSocket heartbeat period.", valueName: "seconds"))
    var heartbeat: Double = StreamLimits().heartbeatSeconds

    @Option(help: ArgumentHelp("Events each live chart keeps for Last-Event-ID resume.", valueName: "count"))
    var eventHistory: Int = StreamLimits().eventHistory

    @Option(help: "Stream subscribers at once (more: 503).")
    var maxSubscribers: Int = StreamLimits().maxSubscribers

    @Option(help: .hidden)
    var syntheticStreamFeed: Int = 0

    func validate() throws {
        if !privatePatterns.isEmpty && embedKeyFile == nil {
            throw ValidationError("--private needs --embed-key-file: without a key no URL could be signed to show those series")
        }
        if store.dataDir == nil { throw ValidationError("--data-dir is required (created when missing)") }
        _ = try Self.address(http, flag: "--http")
        if let carbon { _ = try Self.address(carbon, flag: "--carbon") }
        if let statsd { _ = try Self.address(statsd, flag: "--statsd") }
        guard (TimeExpression.parseDuration(statsdFlush[...]) ?? 0) >= 100 else {
            throw ValidationError("--statsd-flush '\(statsdFlush)' is not a duration of at least 100ms (e.g. 10s)")
        }
        guard Self.percentiles(statsdPercentiles) != nil else {
            throw ValidationError("--statsd-percentiles '\(statsdPercentiles)' is not a list of numbers in -100…100 other than 0")
        }
        guard (TimeExpression.parseDuration(scrapeInterval[...]) ?? 0) >= ScrapeTarget.minimumIntervalMillis else {
            throw ValidationError("--scrape-interval '\(scrapeInterval)' is not a duration of at least 100ms (e.g. 15s)")
        }
        if let scrapeTimeout, (TimeExpression.parseDuration(scrapeTimeout[...]) ?? 0) <= 0 {
            throw ValidationError("--scrape-timeout '\(scrapeTimeout)' is not a positive duration (e.g. 10s)")
        }
        guard (TimeExpression.parseDuration(headerTimeout[...]) ?? 0) >= 100 else {
            throw ValidationError("--header-timeout '\(headerTimeout)' is not a duration of at least 100ms (e.g. 10s)")
        }
        if minBodyRate < 0 { throw ValidationError("--min-body-rate must not be negative") }
        if let maxConnections, !(1...1_000_000).contains(maxConnections) {
            throw ValidationError("--max-connections must be in 1…1000000")
        }
        if maxBody < 1024 { throw ValidationError("--max-body must be at least 1024 bytes") }
        if maxBacklog < maxBody { throw ValidationError("--max-backlog must be at least --max-body") }
        if !(1...1_000_000).contains(maxNewSeriesPerWrite) {
            throw ValidationError("--max-new-series-per-write must be in 1…1000000")
        }
        if !(1...256).contains(renderWorkers) { throw ValidationError("--render-workers must be in 1…256") }
        if !(0...100_000).contains(renderQueue) { throw ValidationError("--render-queue must be in 0…100000") }
        if renderBudget < 1000 { throw ValidationError("--render-budget must be at least 1000 buckets") }
        guard (TimeExpression.parseDuration(renderDeadline[...]) ?? 0) >= 100 else {
            throw ValidationError("--render-deadline '\(renderDeadline)' is not a duration of at least 100ms (e.g. 15s)")
        }
        if !(idleTimeout > 0) { throw ValidationError("--idle-timeout must be positive") }
        if !(heartbeat > 0) { throw ValidationError("--heartbeat must be positive") }
        if !(1...100_000).contains(eventHistory) { throw ValidationError("--event-history must be in 1…100000") }
        if !(1...1_000_000).contains(maxSubscribers) { throw ValidationError("--max-subscribers must be in 1…1000000") }
        if !(0...10_000).contains(syntheticStreamFeed) { throw ValidationError("--synthetic-stream-feed must be in 0…10000") }
    }

    static func percentiles(_ text: String) -> [Double]? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! != 0 && abs($0!) <= 100 }) else { return nil }
        return values.map { $0! }
    }

    static func address(_ text: String, flag: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("\(flag) '\(text)' is not HOST:PORT (e.g. 127.0.0.1:8080)")
        }
        let host = String(text[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    func run() async throws {
        // The process, not a library, picks the metrics backend: the server's own metrics name
        // this factory anyway; bootstrapping sends the libraries' metrics to the same registry.
        MetricsSystem.bootstrap(ServerMetrics.factory)
        var logger = Logger(label: "framecast")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        var options = ServerOptions()
        (options.httpHost, options.httpPort) = try Self.address(http, flag: "--http")
        if let carbon { (options.carbonHost, options.carbonPort) = try Self.address(carbon, flag: "--carbon") }
        do {
            options.carbonAllow = try carbonAllow.map { text throws(CIDRBlock.ParseError) in try CIDRBlock(text) }
        } catch {
            throw ValidationError("--carbon-allow: \(error)")
        }
        if let statsd { (options.statsdHost, options.statsdPort) = try Self.address(statsd, flag: "--statsd") }
        options.statsdFlushMillis = TimeExpression.parseDuration(statsdFlush[...]) ?? 10_000
        options.statsdPercentThresholds = Self.percentiles(statsdPercentiles) ?? [90]
        if let writeTokenFile {
            do {
                let token = try String(contentsOfFile: writeTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !token.isEmpty else { throw CLIError("--write-token-file '\(writeTokenFile)' is empty") }
                options.writeToken = token
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError("cannot read --write-token-file '\(writeTokenFile)': \(InputLoader.reason(error))")
            }
        }
        // Plaintext Carbon cannot carry the token: with one set, only loopback unless told otherwise.
        if options.carbonAllow.isEmpty && options.writeToken != nil { options.carbonAllow = CIDRBlock.loopback }
        if let embedKeyFile {
            do {
                options.signer = try URLSigner(keyFile: embedKeyFile)
            } catch {
                throw CLIError("--embed-key-file: \(error)")
            }
        }
        options.scrapeTargets = try scrapeTargets()
        options.privateSeries = privatePatterns.map(Glob.init)
        options.corsOrigins = corsOrigins
        options.http.headerTimeoutMillis = TimeExpression.parseDuration(headerTimeout[...]) ?? 10_000
        options.http.minBodyBytesPerSecond = minBodyRate
        options.http.maxConnections = maxConnections ?? Self.defaultMaxConnections()
        options.ingest.maxBodyBytes = maxBody
        options.ingest.maxBacklogBytes = maxBacklog
        options.render.workers = renderWorkers
        options.render.queue = renderQueue
        options.render.maxBucketsPerRender = renderBudget
        options.render.deadlineSeconds = Double(TimeExpression.parseDuration(renderDeadline[...]) ?? 15_000) / 1000
        options.streams.idleTimeoutSeconds = idleTimeout
        options.streams.heartbeatSeconds = heartbeat
        options.streams.eventHistory = eventHistory
        options.streams.maxSubscribers = maxSubscribers

        let engine = try await store.openEngine {
            $0.maxNewSeriesPerWrite = maxNewSeriesPerWrite
            $0.expiresSeries = !keepExpiredSeries
        }
        let state = ServerState(engine: engine, options: options, logger: logger)
        var services: [any Service] = []
        if let host = options.carbonHost {
            services.append(CarbonListener(state: state, host: host, port: options.carbonPort))
        }
        if let host = options.statsdHost {
            let aggregation = StatsdAggregation(
                state: state, flushMillis: options.statsdFlushMillis, percentThresholds: options.statsdPercentThresholds)
            services.append(StatsdListener(aggregation: aggregation, host: host, port: options.statsdPort))
        }
        if demo {
            services.append(DemoFeed(state: state, samplesDirectory: demoData ?? Self.findSampleData()))
        }
        if syntheticStreamFeed > 0 {
            services.append(SyntheticStreamFeed(state: state, series: syntheticStreamFeed))
        }
        let base = "http://\(options.httpHost == "0.0.0.0" ? "127.0.0.1" : options.httpHost):\(options.httpPort)"
        if !options.scrapeTargets.isEmpty { services.append(ScrapeService(state: state)) }
        let banner = Self.banner(base: base, demo: demo, scrapes: options.scrapeTargets)
        let app = FramecastApplication.build(state: state, services: services) { _ in
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        // The engine is one of the application's services: the service group closes the store
        // after the server drained its requests and the hub closed its streams (graceful
        // shutdown on SIGINT/SIGTERM). Closing again here is a no-op unless the group never ran.
        do {
            try await app.runService()
        } catch {
            try? await engine.close()
            throw error
        }
        try await engine.close()
        logger.info("stopped: requests drained, streams closed, store closed")
    }

    /// 4096, or fewer when the open-file limit would not leave room for them beside the store,
    /// listeners and scrapes. The soft limit is raised to the hard one first (as Go programs do),
    /// since the default soft limit of 1024 is a legacy of `select`, which nothing here uses.
    static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1000 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, 1 << 20)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return max(16, min(4096, Int(limit.rlim_cur) - 128))
    }

    /// `--scrape` flags, then the config file's `scrape` list.
    func scrapeTargets() throws -> [ScrapeTarget] {
        let interval = TimeExpression.parseDuration(scrapeInterval[...]) ?? ScrapeTarget.defaultIntervalMillis
        let timeout = scrapeTimeout.flatMap { TimeExpression.parseDuration($0[...]) }
        var targets: [ScrapeTarget] = []
        do {
            for flag in scrape { targets.append(try ScrapeTarget(flag: flag, intervalMillis: interval, timeoutMillis: timeout)) }
            for (index, entry) in (try store.configFile().scrape ?? []).enumerated() {
                func duration(_ text: String?, _ field: String) throws -> Int64? {
                    guard let text else { return nil }
                    guard let millis = TimeExpression.parseDuration(text[...]) else {
                        throw CLIError("config scrape[\(index)].\(field) '\(text)' is not a duration such as 15s or 1m")
                    }
                    return millis
                }
                targets.append(
                    try ScrapeTarget(
                        url: entry.url, job: entry.job ?? "scrape", intervalMillis: try duration(entry.interval, "interval") ?? interval,
                        timeoutMillis: try duration(entry.timeout, "timeout") ?? timeout, labels: entry.labels ?? [:]))
            }
        } catch let error as ScrapeTarget.Invalid {
            throw ValidationError("--scrape: \(error)")
        }
        return targets
    }

    /// The NAB sample data kept in the repository (`samples/data/nab`), when run from its folder.
    static func findSampleData() -> String? {
        for candidate in ["samples/data/nab"] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    static func banner(base: String, demo: Bool, scrapes: [ScrapeTarget] = []) -> String {
        var text = "framecast serving on \(base)/ (the explorer)\n"
        text += "  write:   curl --data-binary 'demo.cpu 42 '$(date +%s) '\(base)/api/v1/write?format=graphite'\n"
        text += "  series:  \(base)/api/v1/series\n"
        if demo {
            text += "  chart:   \(base)/render?series=demo.sine.*&from=-5min\n"
            text += "  live:    \(base)/stream?series=demo.sine.*&from=-5min&refresh=1s\n"
            text += "  events:  \(base)/events?series=demo.sine.*&from=-5min\n"
        }
        text += "  metrics: \(base)/metrics\n"
        if let first = scrapes.first {
            text += "  scrape:  \(base)/api/v1/scrape/targets\n"
            text += "  scraped: \(base)/render?series=up;job=\(first.job)&from=-15min\n"
            if first.job == "framecast" {
                text += "  health:  \(base)/render?series=framecast_ingest_points_total;job=framecast&from=-15min\n"
            }
        }
        return text
    }
}

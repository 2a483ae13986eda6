import FramecastCore

/// Everything `framecast serve` can be told. Each area keeps its own limits type in its own file
/// (`IngestLimits`, `StreamLimits`, `RenderLimits`).
public struct ServerOptions: Sendable {
    public var httpHost = "127.0.0.1"
    public var httpPort = 8080
    /// Graphite plaintext over TCP; nil: no listener.
    public var carbonHost: String? = nil
    public var carbonPort = 2003
    /// Peers the Graphite listener accepts (`--carbon-allow`); empty: any. Plaintext Carbon has
    /// no authentication, so `serve` defaults this to loopback when a write token is set.
    public var carbonAllow: [CIDRBlock] = []
    /// statsd over UDP; nil: no listener.
    public var statsdHost: String? = nil
    public var statsdPort = 8125
    /// How often statsd aggregates are written (Etsy's `flushInterval`, 10 s by default).
    public var statsdFlushMillis: Int64 = 10_000
    /// Timer percentile thresholds (Etsy's `percentThreshold`).
    public var statsdPercentThresholds: [Double] = [90]
    /// `/metrics` endpoints scraped into series (`--scrape`, the config file's `scrape` list).
    public var scrapeTargets: [ScrapeTarget] = []
    /// Required as `Authorization: Bearer TOKEN` on writes when set.
    public var writeToken: String?
    public var http = HTTPEdgeLimits()
    public var ingest = IngestLimits()
    public var streams = StreamLimits()
    public var render = RenderLimits()
    /// Signs and checks URLs of private charts (`--embed-key-file`).
    public var signer: URLSigner?
    /// Series that only signed URLs may show (`--private`, repeatable).
    public var privateSeries: [Glob] = []
    /// Origins allowed to read the JSON and SSE endpoints from another site (`--cors-origin`).
    public var corsOrigins: [String] = []

    public init() {}
}

/// Limits of chart rendering: a bounded pool with admission control.
public struct RenderLimits: Sendable {
    /// Renders running at once (CPU work: about the number of cores).
    public var workers = 2
    /// Renders waiting for a worker before polling requests get 503 with Retry-After.
    public var queue = 32
    /// Bucket reads one frame may cost (about 100 ns each through the engine, so 20M is about two
    /// seconds of a worker): past it a chart reads coarser tiers, or is refused with 503.
    public var maxBucketsPerRender = 20_000_000
    /// Longest a polling request waits for its frame (queue and render) before a 503.
    public var deadlineSeconds = 15.0

    public init() {}
}

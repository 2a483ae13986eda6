/// Limits of live streams (owned by the stream hub area).
public struct StreamLimits: Sendable {
    /// A subscriber that leaves an offered frame or event untaken this long is disconnected (seconds).
    public var idleTimeoutSeconds = 30.0
    /// Server-Sent Events (and WebSocket) heartbeat period (seconds).
    public var heartbeatSeconds = 15.0
    /// How often the hub looks for due charts (milliseconds); refresh periods round up to it.
    public var tickMillis: Int64 = 100
    /// Events kept per chart for `Last-Event-ID` resume; older resumes get a fresh snapshot.
    public var eventHistory = 64
    /// A chart nobody watches is kept (and its history with it) this long, so a reconnect can resume.
    public var chartGraceSeconds = 30.0
    /// Subscribers at once over all charts; past it new streams get 503 with Retry-After.
    public var maxSubscribers = 20_000
    /// Distinct live charts at once; past it new charts get 503 with Retry-After.
    public var maxCharts = 2_000
    /// Tests drive the hub with `tick(now:force:)`; the service then only waits for shutdown.
    public var automaticTicks = true

    public init() {}
}

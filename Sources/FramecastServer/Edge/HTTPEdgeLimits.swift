import Metrics
import Synchronization

/// Limits of the HTTP layer itself, enforced on the socket before any route runs, so a slow or
/// hostile client costs a bounded socket for a bounded time (`ConnectionGuard`,
/// `RequestBodyGuard`).
public struct HTTPEdgeLimits: Sendable {
    /// The request line and headers must arrive within this time of the connection opening, or of
    /// the previous response ending (keep-alive), however slowly they drip: 408, then closed.
    public var headerTimeoutMillis: Int64 = 10_000
    /// A body must arrive at this many bytes per second at least, averaged over the time the
    /// server waited for it, once it has taken longer than the header timeout: else closed.
    public var minBodyBytesPerSecond = 1024
    /// Longest request line (method, target, version): 414 past it.
    public var maxRequestLineBytes = 16 * 1024
    /// Most bytes of a request head (request line plus headers): 431 past it.
    public var maxHeaderBytes = 32 * 1024
    /// Open connections at once: the next one gets 503 with Retry-After and is closed.
    public var maxConnections = 4096

    public init() {}
}

/// Connections open now, shared by every child channel of the server.
public final class OpenConnections: Sendable {
    private let count = Atomic(0)

    public init() {}

    public var current: Int { count.load(ordering: .relaxed) }

    /// Counts one more connection if fewer than `limit` are open.
    func tryOpen(limit: Int) -> Bool {
        let now = count.wrappingAdd(1, ordering: .relaxed).newValue
        if now > limit {
            count.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        EdgeMetrics.connections.record(now)
        return true
    }

    func close() {
        EdgeMetrics.connections.record(count.wrappingSubtract(1, ordering: .relaxed).newValue)
    }
}

/// What the edge refused, by reason (`/metrics`).
enum EdgeMetrics {
    enum Reason: String, CaseIterable {
        case tooManyConnections = "too_many_connections"
        case headerTimeout = "header_timeout"
        case requestLineTooLong = "request_line_too_long"
        case headersTooLarge = "headers_too_large"
        case slowBody = "slow_body"
        case malformedRequest = "malformed_request"
    }

    static let connections = Gauge(label: "framecast_http_connections", factory: ServerMetrics.factory)
    private static let refusedByReason = Dictionary(
        uniqueKeysWithValues: Reason.allCases.map {
            ($0, Counter(label: "framecast_http_refused_total", dimensions: [("reason", $0.rawValue)], factory: ServerMetrics.factory))
        })

    static func refused(_ reason: Reason) { refusedByReason[reason]!.increment() }
}

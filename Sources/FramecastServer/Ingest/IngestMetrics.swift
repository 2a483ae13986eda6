import FramecastCore
import Metrics

/// The ingest side's `/metrics`: points in and out, write requests by status, how long a batch
/// takes to become durable and applied, and the bytes waiting in the backlog.
enum IngestMetrics {
    static let pointsIngested = Counter(label: "framecast_ingest_points_total", factory: ServerMetrics.factory)
    static let appendLatency = Metrics.Timer(label: "framecast_ingest_append_seconds", factory: ServerMetrics.factory)
    static let backlogBytes = Gauge(label: "framecast_ingest_backlog_bytes", factory: ServerMetrics.factory)
    static let carbonConnections = Meter(label: "framecast_carbon_connections", factory: ServerMetrics.factory)
    /// Graphite connections closed because the peer is outside `--carbon-allow`.
    static let carbonRefused = Counter(label: "framecast_carbon_refused_total", factory: ServerMetrics.factory)

    /// Points refused, by reason: `invalidLine` for lines a parser rejected, otherwise the
    /// store's reason (`tooLate`, `tooFarInFuture`, …).
    static func rejected(_ reason: String, _ count: Int) {
        guard count > 0 else { return }
        Counter(label: "framecast_ingest_points_rejected_total", dimensions: [("reason", reason)], factory: ServerMetrics.factory)
            .increment(by: count)
    }

    /// One answered write, by endpoint (`api_v1`, `influx_v1`, `influx_v2`, `carbon`) and status.
    static func request(_ endpoint: String, status: Int) {
        Counter(
            label: "framecast_write_requests_total", dimensions: [("endpoint", endpoint), ("status", String(status))],
            factory: ServerMetrics.factory
        ).increment()
    }

    /// Records what one batch did.
    static func record(_ outcome: WriteOutcome) {
        pointsIngested.increment(by: outcome.accepted)
        rejected("invalidLine", outcome.invalidLines)
        for reason in PointRejection.allCases { rejected(reason.name, outcome.storeRejected[reason]) }
    }
}

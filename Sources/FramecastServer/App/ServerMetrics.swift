import Metrics
import Prometheus

/// Self-observation: every area records through swift-metrics; the process bootstraps the
/// Prometheus factory once and `/metrics` prints its registry in the text format.
public enum ServerMetrics {
    public static let registry = PrometheusMetricsFactory.defaultRegistry

    /// Installs the Prometheus backend (once per process; later calls do nothing).
    public static func bootstrap() {
        _ = bootstrapOnce
    }

    private static let bootstrapOnce: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)
        ]
        MetricsSystem.bootstrap(factory)
    }()
}

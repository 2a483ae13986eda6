import Metrics
import Prometheus

/// Self-observation: every area records through swift-metrics into one Prometheus registry, and
/// `/metrics` prints it in the text format. The server's metrics name their factory
/// (`ServerMetrics.factory`), so they reach the registry whether or not the process bootstrapped
/// `MetricsSystem`: only the executable does (libraries and tests never), handing it the same
/// factory so that metrics of the libraries underneath land in the same registry.
public enum ServerMetrics {
    public static let registry = PrometheusMetricsFactory.defaultRegistry

    /// The Prometheus backend over `registry`.
    public static let factory: PrometheusMetricsFactory = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)
        ]
        return factory
    }()
}

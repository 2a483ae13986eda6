import Metrics

enum AccessMetrics {
    static let refused = Counter(label: "framecast_signed_url_refused_total", factory: ServerMetrics.factory)
}

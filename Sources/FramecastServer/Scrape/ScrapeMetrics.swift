import Metrics

/// The scraper's own `/metrics` (per-target health is in the `up` series and on
/// `/api/v1/scrape/targets`).
enum ScrapeMetrics {
    static let scrapes = Counter(label: "framecast_scrapes_total", factory: ServerMetrics.factory)
    static let failures = Counter(label: "framecast_scrape_failures_total", factory: ServerMetrics.factory)
}

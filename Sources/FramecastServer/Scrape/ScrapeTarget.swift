import Foundation
import FramecastCore

/// One `/metrics` endpoint Framecast scrapes itself (`serve --scrape`, or the config file's
/// `scrape` list), as a Prometheus `static_configs` target: every sample gets the target's
/// `job` and `instance` labels plus its own labels, and an `up` series per target.
public struct ScrapeTarget: Sendable, Equatable {
    public let url: URL
    /// The target's labels, `job` and `instance` first: `instance` is the URL's `host:port`
    /// unless the configuration names one, as in Prometheus.
    public let labels: [(name: String, value: String)]
    public let intervalMillis: Int64
    public let timeoutMillis: Int64

    public static let defaultIntervalMillis: Int64 = 15_000
    public static let defaultTimeoutMillis: Int64 = 10_000
    /// A shorter interval would make scraping the load, not the measurement.
    public static let minimumIntervalMillis: Int64 = 100

    public var job: String { label("job") ?? "" }
    public var instance: String { label("instance") ?? "" }

    public func label(_ name: String) -> String? { labels.first { $0.name == name }?.value }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameters:
    ///   - url: `http://` or `https://` with a host; a URL without a path scrapes `/metrics`.
    ///   - timeoutMillis: at most the interval (Prometheus refuses a longer timeout too).
    public init(
        url text: String, job: String, intervalMillis: Int64 = defaultIntervalMillis,
        timeoutMillis: Int64? = nil, labels extra: [String: String] = [:]
    ) throws(Invalid) {
        guard var parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parts.host, !host.isEmpty
        else {
            throw Invalid(
                description: "scrape URL '\(text)' is not an http:// or https:// URL with a host (e.g. http://10.0.0.1:9100/metrics)")
        }
        if parts.path.isEmpty { parts.path = "/metrics" }
        guard let url = parts.url else { throw Invalid(description: "scrape URL '\(text)' is not a valid URL") }
        guard intervalMillis >= Self.minimumIntervalMillis else {
            throw Invalid(description: "scrape interval of '\(text)' must be at least \(Self.minimumIntervalMillis)ms")
        }
        let timeout = timeoutMillis ?? min(Self.defaultTimeoutMillis, intervalMillis)
        guard timeout > 0, timeout <= intervalMillis else {
            throw Invalid(description: "scrape timeout of '\(text)' must be positive and at most its interval")
        }
        let port = parts.port ?? (scheme == "https" ? 443 : 80)
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var labels: [(name: String, value: String)] = [("job", job), ("instance", "\(hostText):\(port)")]
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) {
            try Self.check(label: name, value: value, target: text)
            if let index = labels.firstIndex(where: { $0.name == name }) {
                labels[index].value = value
            } else {
                labels.append((name, value))
            }
        }
        try Self.check(label: "job", value: labels[0].value, target: text)
        guard !labels[0].value.isEmpty else { throw Invalid(description: "scrape target '\(text)' needs a job name") }
        self.url = url
        self.labels = labels
        self.intervalMillis = intervalMillis
        self.timeoutMillis = timeout
    }

    /// `--scrape URL` or `--scrape JOB=URL` (the job defaults to `scrape`).
    public init(flag text: String, intervalMillis: Int64, timeoutMillis: Int64?) throws(Invalid) {
        var job = "scrape"
        var url = text
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(":") {
            job = String(text[..<equals])
            url = String(text[text.index(after: equals)...])
        }
        try self.init(url: url, job: job, intervalMillis: intervalMillis, timeoutMillis: timeoutMillis)
    }

    static func check(label name: String, value: String, target: String) throws(Invalid) {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, PrometheusTextParser.isLabelNameStart(first), bytes.allSatisfy(PrometheusTextParser.isLabelNameByte),
            !name.hasPrefix("__")
        else {
            throw Invalid(
                description: "label '\(name)' of scrape target '\(target)' must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __")
        }
        guard !value.contains(";"), !value.contains("="), !value.contains("\n") else {
            throw Invalid(description: "value of label '\(name)' of scrape target '\(target)' must not hold ';', '=' or a newline")
        }
    }

    public static func == (lhs: ScrapeTarget, rhs: ScrapeTarget) -> Bool {
        lhs.url == rhs.url && lhs.intervalMillis == rhs.intervalMillis && lhs.timeoutMillis == rhs.timeoutMillis
            && lhs.labels.elementsEqual(rhs.labels, by: { $0 == $1 })
    }
}

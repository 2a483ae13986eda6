/// A status badge: a label, a value coloured by thresholds, and a sparkline of the recent window
/// (the `/badge` endpoint; shields.io's look: 20 px high, grey label, coloured value).
public struct Badge: Sendable, Equatable {
    /// Which figure of the window the badge shows.
    public enum Stat: String, Sendable, CaseIterable {
        case last, avg, min, max
    }

    /// How the value compares with the thresholds.
    public enum Status: String, Sendable {
        case ok, warn, crit, unknown

        /// shields.io colour names and their hex values.
        public var colorName: String {
            switch self {
            case .ok: return "brightgreen"
            case .warn: return "yellow"
            case .crit: return "red"
            case .unknown: return "lightgrey"
            }
        }

        public var color: Color {
            switch self {
            case .ok: return Color(red: 0x44, green: 0xcc, blue: 0x11)
            case .warn: return Color(red: 0xdf, green: 0xb3, blue: 0x17)
            case .crit: return Color(red: 0xe0, green: 0x5d, blue: 0x44)
            case .unknown: return Color(red: 0x9f, green: 0x9f, blue: 0x9f)
            }
        }
    }

    public let label: String
    /// The formatted value ("42.1%", "1.2k req/s", "no data").
    public let message: String
    public let status: Status
    /// Sparkline values, oldest first (column averages; nil where a column is empty).
    public let sparkline: [Double?]

    public init(label: String, message: String, status: Status, sparkline: [Double?]) {
        self.label = label
        self.message = message
        self.status = status
        self.sparkline = sparkline
    }

    /// The status of `value` against `warn` and `crit`. Higher is worse unless `crit < warn`
    /// (free disk, throughput), when lower is worse. A value exactly at a threshold is at it.
    public static func status(of value: Double?, warn: Double?, crit: Double?) -> Status {
        guard let value, value.isFinite else { return .unknown }
        let lowerIsWorse = warn != nil && crit != nil && crit! < warn!
        func reached(_ threshold: Double?) -> Bool {
            guard let threshold else { return false }
            return lowerIsWorse ? value <= threshold : value >= threshold
        }
        if reached(crit) { return .crit }
        if reached(warn) { return .warn }
        return .ok
    }

    /// The figure `stat` of M4 columns (exact: sums and counts add up across columns).
    public static func value(of series: M4Series, stat: Stat) -> Double? {
        let filled = series.columns.filter { !$0.isEmpty }
        guard let lastColumn = filled.last else { return nil }
        switch stat {
        case .last: return lastColumn.last
        case .min: return filled.map(\.min).min()
        case .max: return filled.map(\.max).max()
        case .avg:
            let count = filled.reduce(0) { $0 + $1.count }
            return filled.reduce(0) { $0 + $1.sum } / Double(count)
        }
    }
}

import Foundation

/// `--from` / `--until` values: `now`, a relative offset (`-24h`, `-7d`, `now-90min`, `+1h`), or an
/// absolute time in any form `TimestampParser` reads.
public enum TimeExpression {
    /// Why a time expression was rejected.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not `now`, a relative offset, nor an absolute time.
        case unreadable(String)
        /// A relative offset whose result lies outside the times Framecast can represent.
        case outOfRange(String)

        public var description: String {
            switch self {
            case .outOfRange(let text):
                return "time '\(text)' is out of range: keep relative offsets within about 200 years of now "
                    + "(e.g. -30d, +1h)"
            case .unreadable(let text):
                return "cannot read time '\(text)': use now, a relative offset such as -24h, -7d, -30min, "
                    + "an epoch number, or YYYY-MM-DD[THH:MM:SS][Z|±HH:MM]"
            }
        }
    }

    /// Length of a relative unit, in milliseconds. `m` and `min` are minutes (as in Graphite).
    public static func unitMillis(_ unit: Substring) -> Int64? {
        switch unit.lowercased() {
        case "ms": return 1
        case "s", "sec", "secs", "second", "seconds": return 1000
        case "m", "min", "mins", "minute", "minutes": return 60_000
        case "h", "hour", "hours": return 3_600_000
        case "d", "day", "days": return 86_400_000
        case "w", "week", "weeks": return 7 * 86_400_000
        case "mon", "month", "months": return 30 * 86_400_000
        case "y", "year", "years": return 365 * 86_400_000
        default: return nil
        }
    }

    /// Parses a duration such as `90s`, `5min`, `1h`, `7d` into milliseconds.
    public static func parseDuration(_ text: Substring) -> Int64? {
        let digits = text.prefix { $0.isNumber }
        guard !digits.isEmpty, let amount = Int64(digits), let unit = unitMillis(text.dropFirst(digits.count)) else {
            return nil
        }
        let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
        return overflow ? nil : product
    }

    public static func parse(_ raw: String, now: EpochMillis, parser: TimestampParser = TimestampParser()) throws(Failure) -> EpochMillis {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var rest = Substring(text)
        var base = now
        if rest.lowercased().hasPrefix("now") {
            rest = rest.dropFirst(3)
            if rest.isEmpty { return now }
        } else if let first = rest.first, first != "-", first != "+" {
            switch parser.parse(text) {
            case .success(let millis): return millis
            case .failure: throw .unreadable(raw)
            }
        }
        base = now
        guard let sign = rest.first, sign == "-" || sign == "+", let duration = parseDuration(rest.dropFirst()) else {
            throw .unreadable(raw)
        }
        let (result, overflow) =
            sign == "-" ? base.subtractingReportingOverflow(duration) : base.addingReportingOverflow(duration)
        guard !overflow, relativeRange.contains(result) else { throw .outOfRange(raw) }
        return result
    }

    /// Results a relative offset may reach: the representable timestamps, mirrored below the epoch,
    /// so that later arithmetic on a range (`until - from`, bucket indexes) cannot overflow.
    public static let relativeRange: ClosedRange<EpochMillis> =
        -EpochTime.validRange.upperBound...EpochTime.validRange.upperBound
}

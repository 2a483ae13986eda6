import Foundation

/// Graphite's aggregation functions (`aggFuncs` in graphite-web), by the names targets use:
/// `sumSeries`, `groupByNode(…, "max")`, `summarize(…, "1h", "avg")`, `consolidateBy(…, "first")`.
/// NaN stands for `None`: every function skips it, and gives NaN when nothing is left, as
/// graphite-web's `safe*` helpers do.
public enum Aggregation: String, Sendable, CaseIterable {
    case average
    case averageZero = "avg_zero"
    case median, sum, min, max, diff, stddev, count, range, multiply, last
    /// Only as a consolidation function (`consolidateBy`), not an aggregation (graphite-web has none).
    case first

    /// The aggregation called `name` (`avg`, `total`, `current` and `rangeOf` are aliases), nil for
    /// an unknown name. `first` is only a consolidation function.
    public init?(named name: String) {
        switch name {
        case "avg": self = .average
        case "total": self = .sum
        case "current": self = .last
        case "rangeOf": self = .range
        case "first": return nil
        default:
            guard let known = Aggregation(rawValue: name) else { return nil }
            self = known
        }
    }

    /// The functions `consolidateBy` accepts (graphite-web's `TimeSeries` consolidation).
    public static let consolidations: [String] = ["sum", "average", "avg", "avg_zero", "max", "min", "first", "last"]

    /// The consolidation function called `name`, nil for an unknown one.
    public init?(consolidation name: String) {
        guard Self.consolidations.contains(name) else { return nil }
        self = name == "avg" ? .average : Aggregation(rawValue: name)!
    }

    /// Every name `Aggregation(named:)` accepts, for error messages and `/functions`.
    public static let names: [String] =
        allCases.filter { $0 != .first }.map(\.rawValue) + ["avg", "total", "current", "rangeOf"]

    /// The aggregate of `values` (NaN = missing). `avg_zero` counts a missing value as zero; a
    /// row of nothing but missing values gives NaN for every function but `count` (0) and
    /// `avg_zero` (0 when the row is not empty).
    public func apply<C: Collection>(_ values: C) -> Double where C.Element == Double {
        switch self {
        case .averageZero:
            guard !values.isEmpty else { return .nan }
            var total = 0.0
            for v in values where !v.isNaN { total += v }
            return total / Double(values.count)
        case .count:
            return Double(values.lazy.filter { !$0.isNaN }.count)
        case .multiply:
            // safeMul: any missing factor makes the product missing.
            guard !values.isEmpty else { return .nan }
            var product = 1.0
            for v in values {
                if v.isNaN { return .nan }
                product *= v
            }
            return product
        default:
            break
        }
        var n = 0
        var total = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        var firstValue = Double.nan
        var lastValue = Double.nan
        var diff = 0.0
        for v in values where !v.isNaN {
            if n == 0 {
                firstValue = v
                diff = v
            } else {
                diff -= v
            }
            n += 1
            total += v
            low = Swift.min(low, v)
            high = Swift.max(high, v)
            lastValue = v
        }
        guard n > 0 else { return .nan }
        switch self {
        case .average: return total / Double(n)
        case .sum: return total
        case .min: return low
        case .max: return high
        case .first: return firstValue
        case .last: return lastValue
        case .diff: return diff
        case .range: return high - low
        case .median:
            let sorted = values.filter { !$0.isNaN }.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
        case .stddev:
            let mean = total / Double(n)
            var squares = 0.0
            for v in values where !v.isNaN { squares += (v - mean) * (v - mean) }
            return (squares / Double(n)).squareRoot()
        case .averageZero, .count, .multiply: return .nan  // handled above
        }
    }
}

/// Per-flush statsd aggregation with Etsy statsd's rules (lib/process_metrics.js, stats.js and
/// the Graphite backend with `legacyNamespace: false`, default `deleteIdleStats: false`):
/// - counters: `stats.counters.<key>.count` (sum of value/sampleRate) and `.rate` (count per
///   second of the flush interval); reset to 0 after each flush and still sent as 0 after.
/// - gauges: `stats.gauges.<key>`, kept and sent at every flush until changed.
/// - timers: `stats.timers.<key>.{count,count_ps,sum,sum_squares,mean,median,std,upper,lower}`
///   plus `count_P,mean_P,upper_P,sum_P,sum_squares_P` per percentile threshold P (90 by
///   default); `std` is the population standard deviation, `median` the middle value (mean of
///   the two middle ones), a threshold keeps the `round(P/100·n)` lowest values (highest for a
///   negative P, named `top`P with `lower_`). An idle timer sends only `count` and `count_ps` 0.
/// - sets: `stats.sets.<key>.count`, distinct values since the last flush (0 when idle).
/// Tags stay at the end of the name: `stats.counters.hits.count;env=prod`.
public struct StatsdAggregator: Sendable {
    public var percentThresholds: [Double]
    var counters: [String: Double] = [:]
    var gauges: [String: Double] = [:]
    var timers: [String: [Double]] = [:]
    var timerCounters: [String: Double] = [:]
    var sets: [String: Set<String>] = [:]

    public init(percentThresholds: [Double] = [90]) {
        self.percentThresholds = percentThresholds
    }

    public mutating func add(_ metric: StatsdMetric) {
        switch metric.kind {
        case .counter: counters[metric.key, default: 0] += metric.value * (1 / metric.sampleRate)
        case .gauge(let delta):
            if delta, let current = gauges[metric.key], current != 0 {
                gauges[metric.key] = current + metric.value
            } else {
                gauges[metric.key] = metric.value
            }
        case .timer:
            timers[metric.key, default: []].append(metric.value)
            timerCounters[metric.key, default: 0] += 1 / metric.sampleRate
        case .set: sets[metric.key, default: []].insert(metric.member)
        }
    }

    /// The flush's series (canonical names) and values, in a stable order, then the reset.
    public mutating func flush(intervalMillis: Int64) -> [(name: String, value: Double)] {
        let seconds = Double(intervalMillis) / 1000
        var out: [(name: String, value: Double)] = []
        for key in counters.keys.sorted() {
            let value = counters[key]!
            out.append((Self.name("stats.counters", key, "rate"), value / seconds))
            out.append((Self.name("stats.counters", key, "count"), value))
            counters[key] = 0
        }
        for key in timers.keys.sorted() {
            for (field, value) in timerFields(timers[key]!, count: timerCounters[key] ?? 0, seconds: seconds) {
                out.append((Self.name("stats.timers", key, field), value))
            }
            timers[key] = []
            timerCounters[key] = 0
        }
        for key in gauges.keys.sorted() { out.append((Self.name("stats.gauges", key, nil), gauges[key]!)) }
        for key in sets.keys.sorted() {
            out.append((Self.name("stats.sets", key, "count"), Double(sets[key]!.count)))
            sets[key] = []
        }
        return out
    }

    /// Etsy's timer statistics for one key, in its field order.
    func timerFields(_ unsorted: [Double], count timerCount: Double, seconds: Double) -> [(String, Double)] {
        guard !unsorted.isEmpty else { return [("count", 0), ("count_ps", 0)] }
        let values = unsorted.sorted()
        let count = values.count
        var cumulative = [values[0]]
        var cumulativeSquares = [values[0] * values[0]]
        for i in 1..<count {
            cumulative.append(values[i] + cumulative[i - 1])
            cumulativeSquares.append(values[i] * values[i] + cumulativeSquares[i - 1])
        }
        var fields: [(String, Double)] = []
        var sum = values[0]
        var sumSquares = values[0] * values[0]
        var mean = values[0]
        var boundary = values[count - 1]
        for pct in percentThresholds {
            var inThreshold = count
            if count > 1 {
                // JavaScript's Math.round: halves round up.
                inThreshold = Int((abs(pct) / 100 * Double(count) + 0.5).rounded(.down))
                if inThreshold == 0 { continue }
                if pct > 0 {
                    boundary = values[inThreshold - 1]
                    sum = cumulative[inThreshold - 1]
                    sumSquares = cumulativeSquares[inThreshold - 1]
                } else {
                    boundary = values[count - inThreshold]
                    let before = count - inThreshold - 1
                    sum = cumulative[count - 1] - (before >= 0 ? cumulative[before] : 0)
                    sumSquares = cumulativeSquares[count - 1] - (before >= 0 ? cumulativeSquares[before] : 0)
                }
                mean = sum / Double(inThreshold)
            }
            let clean = Self.cleanPercent(pct)
            fields.append(("count_" + clean, Double(inThreshold)))
            fields.append(("mean_" + clean, mean))
            fields.append(((pct > 0 ? "upper_" : "lower_") + clean, boundary))
            fields.append(("sum_" + clean, sum))
            fields.append(("sum_squares_" + clean, sumSquares))
        }
        sum = cumulative[count - 1]
        sumSquares = cumulativeSquares[count - 1]
        mean = sum / Double(count)
        var sumOfDiffs = 0.0
        for value in values { sumOfDiffs += (value - mean) * (value - mean) }
        let mid = count / 2
        let median = count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
        fields.append(("std", (sumOfDiffs / Double(count)).squareRoot()))
        fields.append(("upper", values[count - 1]))
        fields.append(("lower", values[0]))
        fields.append(("count", timerCount))
        fields.append(("count_ps", timerCount / seconds))
        fields.append(("sum", sum))
        fields.append(("sum_squares", sumSquares))
        fields.append(("mean", mean))
        fields.append(("median", median))
        return fields
    }

    /// `90` → `90`, `99.5` → `99_5`, `-10` → `top10` (JavaScript's `'' + pct` then replaces).
    static func cleanPercent(_ pct: Double) -> String {
        var text = pct == pct.rounded() && abs(pct) < 1e15 ? String(Int(pct)) : String(pct)
        if let dot = text.firstIndex(of: ".") { text.replaceSubrange(dot...dot, with: "_") }
        if let minus = text.firstIndex(of: "-") { text.replaceSubrange(minus...minus, with: "top") }
        return text
    }

    /// `stats.counters` + `hits;env=prod` + `count` → `stats.counters.hits.count;env=prod`.
    static func name(_ namespace: String, _ key: String, _ suffix: String?) -> String {
        let split = key.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let tags = split.count > 1 ? ";" + split[1] : ""
        return namespace + "." + split[0] + (suffix.map { "." + $0 } ?? "") + tags
    }
}

import Foundation

/// A series as an output format writes it: `count` points from `start`, `step` apart, read in
/// ranges so a long series is never held whole (`points(in:)`).
public struct GraphiteOutputSeries: Sendable {
    public let name: String
    public let tags: [String: String]
    public let start: Int64
    public let end: Int64
    /// Seconds between output points.
    public let step: Int64
    public let count: Int
    public let options: DrawOptions
    /// The series as evaluated (values may be empty when they are read from the store on demand).
    public let series: GraphiteSeries
    let read: @Sendable (Range<Int>) -> [Double]

    public func points(in range: Range<Int>) -> [Double] { read(range) }
    public var allPoints: [Double] { read(0..<count) }
}

/// Preparing series for graphite-web's output formats (`renderViewJson`, `renderViewCsv`,
/// `renderViewRaw`); `GraphiteOutputChunks` writes them.
public enum GraphiteOutput {
    /// Points read and written per chunk.
    static let chunk = 65_536

    /// The series as the output will write them. With `maxDataPoints` (JSON only), each series is
    /// consolidated as `renderViewJson` does it: values per point `ceil(range / step /
    /// maxDataPoints)`, the start nudged so the bands align from one refresh to the next. A series
    /// still in the store (`source` set, values not read) is read already consolidated, through
    /// the summary pyramid, when its consolidation is exact there (average, sum, min, max, first,
    /// last with xFilesFactor 0).
    public static func prepare(_ list: [GraphiteSeries], store: GraphiteStore, maxDataPoints: Int?) -> [GraphiteOutputSeries] {
        guard let minStart = list.map(\.start).min(), let maxEnd = list.map(\.end).max() else { return [] }
        let timeRange = maxEnd - minStart
        return list.map { original in
            var s = original
            let deferred = s.values.isEmpty && s.source != nil
            let rawCount = deferred ? s.source!.count : s.values.count
            var vpp = s.valuesPerPoint
            var drop = 0
            if let m = maxDataPoints {
                if m == 1 {
                    vpp = Swift.max(1, rawCount)
                } else {
                    let numberOfDataPoints = Double(timeRange) / Double(s.step)
                    if Double(m) < numberOfDataPoints {
                        vpp = Int((numberOfDataPoints / Double(m)).rounded(.up))
                        let secondsPerPoint = Int64(vpp) * s.step
                        let nudge = secondsPerPoint + mod(s.start, s.step) - mod(s.start, secondsPerPoint)
                        s.start += nudge
                        drop = Swift.max(0, Int(Double(nudge) / Double(s.step)) - 1)
                    }
                }
            }
            drop = Swift.min(drop, rawCount)
            let (skip, perPoint) = (drop, vpp)
            let stride = s.step * Int64(vpp)
            let timestamps = s.end + 1 > s.start ? Int((s.end - s.start) / stride) + 1 : 0
            let pointCount = Swift.min(timestamps, (rawCount - drop + vpp - 1) / vpp)
            let exactInStore = [.average, .sum, .min, .max, .first, .last].contains(s.consolidation) && s.xFilesFactor == 0
            if deferred, !exactInStore || vpp == 1 {
                // Read the buckets themselves (in ranges when not consolidated).
                let plan = s.source!
                if vpp == 1 {
                    let read: @Sendable (Range<Int>) -> [Double] = { range in
                        store.readValues(plan, range: (skip + range.lowerBound)..<(skip + range.upperBound))
                    }
                    return GraphiteOutputSeries(
                        name: s.name, tags: s.tags, start: s.start, end: s.end, step: stride, count: pointCount, options: s.options,
                        series: original, read: read)
                }
                let (values, stats) = store.read(plan, withStats: true)
                s.values = values
                s.stats = stats
            }
            if deferred, exactInStore, vpp > 1 {
                let plan = s.source!
                let consolidation = s.consolidation
                let read: @Sendable (Range<Int>) -> [Double] = { range in
                    store.readConsolidated(
                        plan, startIndex: skip + range.lowerBound * perPoint, count: range.count, valuesPerPoint: perPoint
                    ) {
                        $0.value(for: consolidation)
                    }
                }
                return GraphiteOutputSeries(
                    name: s.name, tags: s.tags, start: s.start, end: s.end, step: stride, count: pointCount, options: s.options,
                    series: original, read: read)
            }
            if drop > 0 {
                s.values.removeFirst(drop)
                if var stats = s.stats {
                    stats.dropFirst(drop)
                    s.stats = stats
                }
            }
            s.valuesPerPoint = vpp
            let points = Array(s.points.prefix(pointCount))
            return GraphiteOutputSeries(
                name: s.name, tags: s.tags, start: s.start, end: s.end, step: stride, count: points.count, options: s.options,
                series: original, read: { Array(points[$0]) })
        }
    }

    /// Everything a format writes, whole (tests and small answers).
    public static func bytes(
        _ list: [GraphiteOutputSeries], format: GraphiteRenderRequest.Format, noNullPoints: Bool = false, jsonp: String? = nil,
        timeZone: TimeZone = TimeZone(identifier: "UTC")!
    ) -> [UInt8] {
        var chunks = GraphiteOutputChunks(list, format: format, noNullPoints: noNullPoints, jsonp: jsonp, timeZone: timeZone)
        var out: [UInt8] = []
        while let chunk = chunks.next() { out += chunk }
        return out
    }

    /// A JSON number as Python's `json.dumps` writes it, NaN (None) as `null`, ±∞ as ±1e9999.
    static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        if v.isNaN {
            out += Array("null".utf8)
        } else if v.isInfinite {
            out += Array((v > 0 ? "1e9999" : "-1e9999").utf8)
        } else {
            out += Array(pythonRepr(v).utf8)
        }
    }

    /// A JSON string, non-ASCII escaped as `\uXXXX` (as `json.dumps` does by default).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x20..<0x7F: out.append(UInt8(unit))
            default: out += Array(String(format: "\\u%04x", unit).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A CSV field as Python's `csv` module writes it (quoted when it holds `,`, `"` or a newline).
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension BucketStats {
    mutating func dropFirst(_ n: Int) {
        count.removeFirst(n)
        sum.removeFirst(n)
        min.removeFirst(n)
        max.removeFirst(n)
        first.removeFirst(n)
        last.removeFirst(n)
    }
}

import Foundation

/// The bytes of a JSON, CSV or raw answer, one chunk at a time (`next()`), so the server writes
/// the full-resolution JSON of a 10-million-point series while reading it, never holding it all.
///
/// JSON: `[{"target": name, "tags": {…}, "datapoints": [[value|null, timestamp], …]}, …]`, numbers
/// as Python's `json.dumps` writes them (`1.0`, `null`, `1e9999` for ∞), with `noNullPoints` the
/// missing values left out and a series without any value left out whole; `jsonp` wraps it.
/// CSV: `name,YYYY-MM-DD HH:MM:SS,value` rows (empty for a missing value) in the request's zone.
/// Raw: `name,start,end,step|v,v,…` lines, `None` for a missing value.
public struct GraphiteOutputChunks: IteratorProtocol, Sendable {
    let list: [GraphiteOutputSeries]
    let format: GraphiteRenderRequest.Format
    let noNullPoints: Bool
    let jsonp: String?
    let timeZone: TimeZone
    private var seriesIndex = 0
    private var pointIndex = 0
    private var started = false
    private var finished = false
    /// JSON: a series written so far; its header waits for the first value with noNullPoints.
    private var anySeriesWritten = false
    private var headerWritten = false
    private var pointsWritten = 0

    public init(
        _ list: [GraphiteOutputSeries], format: GraphiteRenderRequest.Format, noNullPoints: Bool, jsonp: String?, timeZone: TimeZone
    ) {
        self.list = list
        self.format = format
        self.noNullPoints = noNullPoints
        self.jsonp = jsonp
        self.timeZone = timeZone
    }

    public mutating func next() -> [UInt8]? {
        guard !finished else { return nil }
        var out: [UInt8] = []
        if !started {
            started = true
            if format == .json {
                if let jsonp { out += Array(jsonp.utf8) + [UInt8(ascii: "(")] }
                out.append(UInt8(ascii: "["))
            }
        }
        while out.count < 1 << 16 {
            guard seriesIndex < list.count else {
                if format == .json {
                    out.append(UInt8(ascii: "]"))
                    if jsonp != nil { out.append(UInt8(ascii: ")")) }
                }
                finished = true
                return out
            }
            let s = list[seriesIndex]
            if pointIndex == 0 { beginSeries(s, into: &out) }
            let upper = Swift.min(s.count, pointIndex + GraphiteOutput.chunk)
            if pointIndex < upper {
                let points = s.points(in: pointIndex..<upper)
                for (k, v) in points.enumerated() { write(v, at: s.start + Int64(pointIndex + k) * s.step, of: s, into: &out) }
                pointIndex = upper
            }
            if pointIndex >= s.count {
                endSeries(s, into: &out)
                seriesIndex += 1
                pointIndex = 0
            }
        }
        return out
    }

    private mutating func beginSeries(_ s: GraphiteOutputSeries, into out: inout [UInt8]) {
        headerWritten = false
        pointsWritten = 0
        switch format {
        case .json:
            if !noNullPoints { writeHeader(s, into: &out) }
        case .raw:
            out += Array("\(s.name),\(s.start),\(s.end),\(s.step)|".utf8)
        default:
            break
        }
    }

    private mutating func writeHeader(_ s: GraphiteOutputSeries, into out: inout [UInt8]) {
        if anySeriesWritten { out += Array(", ".utf8) }
        out += Array("{\"target\": ".utf8)
        GraphiteOutput.appendString(s.name, to: &out)
        out += Array(", \"tags\": {".utf8)
        for (i, key) in s.tags.keys.sorted().enumerated() {
            if i > 0 { out += Array(", ".utf8) }
            GraphiteOutput.appendString(key, to: &out)
            out += Array(": ".utf8)
            GraphiteOutput.appendString(s.tags[key]!, to: &out)
        }
        out += Array("}, \"datapoints\": [".utf8)
        headerWritten = true
        anySeriesWritten = true
    }

    private mutating func write(_ v: Double, at t: Int64, of s: GraphiteOutputSeries, into out: inout [UInt8]) {
        switch format {
        case .json:
            if noNullPoints {
                if v.isNaN { return }
                if !headerWritten { writeHeader(s, into: &out) }
            }
            if pointsWritten > 0 { out += Array(", ".utf8) }
            out.append(UInt8(ascii: "["))
            GraphiteOutput.appendNumber(v, to: &out)
            out += Array(", \(t)]".utf8)
        case .csv:
            out += Array(GraphiteOutput.csvField(s.name).utf8)
            out += Array(Self.csvTime(t, zone: timeZone).utf8)
            if !v.isNaN { out += Array(pythonRepr(v).utf8) }
            out += [13, 10]
        case .raw:
            if pointsWritten > 0 { out.append(UInt8(ascii: ",")) }
            out += Array((v.isNaN ? "None" : pythonRepr(v)).utf8)
        default:
            break
        }
        pointsWritten += 1
    }

    private mutating func endSeries(_ s: GraphiteOutputSeries, into out: inout [UInt8]) {
        switch format {
        case .json:
            if headerWritten { out += Array("]}".utf8) }
        case .raw:
            out.append(UInt8(ascii: "\n"))
        default:
            break
        }
    }

    /// `,YYYY-MM-DD HH:MM:SS,` of epoch seconds `t` in `zone`.
    static func csvTime(_ t: Int64, zone: TimeZone) -> String {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        let local = t + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        return String(format: ",%04lld-%02lld-%02lld %02lld:%02lld:%02lld,", y, m, d, seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

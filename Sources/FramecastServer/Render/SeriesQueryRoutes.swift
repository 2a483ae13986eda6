import Foundation
import FramecastCore
import FramecastStore
import Hummingbird

/// `GET /api/v1/series?match=GLOB` and `GET /api/v1/query?series=…&from=…&until=…[&width=N|&tier=K]`.
enum SeriesQueryRoutes {
    static let maxListed = 10_000
    static let maxBuckets = 100_000
    static let maxWidth = 8192

    static func series(_ request: Request, state: ServerState) async throws -> Response {
        let reader = QueryParameters(request.queryPairs, allowed: ["match", "limit"])
        try reader.check()
        let glob = try Glob.parameter(reader.one("match") ?? "**", "match")
        let limit = try reader.int("limit", default: 1000, range: 1...maxListed)
        let snapshot = await state.engine.snapshot()
        let ids = snapshot.seriesIDs(matching: glob)
        var text = "{\"total\":\(ids.count),\"series\":["
        for (index, id) in ids.prefix(limit).enumerated() {
            if index > 0 { text += "," }
            let newest = snapshot.newestTime(of: id).map(String.init) ?? "null"
            text += "{\"name\":\(ColumnsJSON.string(snapshot.key(of: id).description)),\"version\":\(snapshot.version(of: id)),"
            text += "\"newest\":\(newest),\"retention\":\(ColumnsJSON.string(snapshot.policy(of: id).description))}"
        }
        return json(text + "]}\n")
    }

    static func query(_ request: Request, state: ServerState) async throws -> Response {
        let reader = QueryParameters(request.queryPairs, allowed: ["series", "from", "until", "width", "tier", "tz"])
        try reader.check()
        guard let pattern = reader.one("series"), !pattern.isEmpty else {
            throw ParameterError("series", "required: a series name or Graphite glob")
        }
        let now = ServerClock.now()
        let parser = TimestampParser(naiveZone: TimeZone(identifier: reader.one("tz") ?? "UTC") ?? TimeZone(identifier: "UTC"))
        let from = try reader.time("from", default: "-1h", now: now, parser: parser)
        let until = try reader.time("until", default: "now", now: now, parser: parser)
        guard from < until else { throw ParameterError("from/until", "from (\(from)) must be before until (\(until))") }
        let width = try reader.optionalInt("width", range: 1...maxWidth)
        let tier = try reader.optionalInt("tier", range: 0...15)
        let snapshot = await state.engine.snapshot()
        let ids = snapshot.seriesIDs(matching: try Glob.parameter(pattern, "series"))
        guard !ids.isEmpty else {
            throw ChartQueryError.noSeries([pattern], in: snapshot)
        }
        guard ids.count <= ChartSpec.maxSeries else { throw ChartQueryError.tooManySeries(ids.count, limit: ChartSpec.maxSeries) }
        var text = "{\"from\":\(from),\"until\":\(until),"
        if let width {
            text += "\"width\":\(width),\"series\":["
            for (index, id) in ids.enumerated() {
                if index > 0 { text += "," }
                let k = min(tier ?? snapshot.tierIndex(for: id, from: from, until: until, width: width), snapshot.tiers(of: id).count - 1)
                let m4 = snapshot.query(id, from: from, until: until, width: width, tier: k)
                text +=
                    "{\"name\":\(ColumnsJSON.string(snapshot.key(of: id).description)),\"tier\":\(ColumnsJSON.string(snapshot.tiers(of: id)[k].description)),"
                text += "\"columns\":\(ColumnsJSON.columns(m4))}"
            }
        } else {
            text += "\"series\":["
            var total = 0
            for (index, id) in ids.enumerated() {
                if index > 0 { text += "," }
                // Raw buckets: the finest tier that still holds `from`, unless one is asked for.
                let k = min(tier ?? finestCovering(snapshot, id, from: from), snapshot.tiers(of: id).count - 1)
                let buckets = snapshot.buckets(id, tier: k, from: from, until: until)
                total += buckets.count
                guard total <= maxBuckets else {
                    throw ParameterError(
                        "from/until",
                        "more than \(maxBuckets) buckets in the range; narrow it, pick a coarser tier, or give width=N for M4 columns")
                }
                text +=
                    "{\"name\":\(ColumnsJSON.string(snapshot.key(of: id).description)),\"tier\":\(ColumnsJSON.string(snapshot.tiers(of: id)[k].description)),\"buckets\":["
                for (b, bucket) in buckets.enumerated() {
                    if b > 0 { text += "," }
                    text += "[\(bucket.start),\(bucket.count),\(ColumnsJSON.number(bucket.sum)),\(ColumnsJSON.number(bucket.min)),"
                    text +=
                        "\(ColumnsJSON.number(bucket.max)),\(ColumnsJSON.number(bucket.first)),\(ColumnsJSON.number(bucket.last)),\(bucket.firstTime),\(bucket.lastTime)]"
                }
                text += "]}"
            }
        }
        return json(text + "]}\n")
    }

    static func finestCovering(_ snapshot: Aggregator, _ id: SeriesID, from: EpochMillis) -> Int {
        let tiers = snapshot.tiers(of: id)
        for k in tiers.indices {
            if let since = snapshot.retainedSince(id, tier: k), since <= from { return k }
            if snapshot.retainedSince(id, tier: k) == nil { return k }
        }
        return tiers.count - 1
    }

    static func json(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Parameters of the small JSON endpoints, with the same error messages as chart parameters.
struct QueryParameters {
    let pairs: [(String, String)]
    let allowed: Set<String>

    init(_ pairs: [(String, String)], allowed: Set<String>) {
        self.pairs = pairs
        self.allowed = allowed
    }

    func check() throws(ParameterError) {
        for (name, _) in pairs where !allowed.contains(name) {
            throw ParameterError(name, "unknown parameter; known: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func one(_ name: String) -> String? { pairs.last { $0.0 == name }?.1 }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws(ParameterError) -> Int {
        try optionalInt(name, range: range) ?? value
    }

    func optionalInt(_ name: String, range: ClosedRange<Int>) throws(ParameterError) -> Int? {
        guard let text = one(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw ParameterError(name, "'\(text)' is not a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    func time(_ name: String, default text: String, now: EpochMillis, parser: TimestampParser) throws(ParameterError) -> EpochMillis {
        try TimeExpression.parse(one(name) ?? text, parameter: name, now: now, parser: parser)
    }
}

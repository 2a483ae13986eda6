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
        // An unsigned request lists only what it may see: private names never leave unsigned.
        let ids = SeriesVisibility.of(request, options: state.options).seriesIDs(snapshot, matching: glob)
        let listed = ids.prefix(limit).map { id in
            SeriesList.Entry(
                name: snapshot.key(of: id).description, version: snapshot.version(of: id), newest: snapshot.newestTime(of: id),
                retention: snapshot.policy(of: id).description)
        }
        return try JSONBody.response(SeriesList(total: ids.count, series: listed))
    }

    /// `GET /api/v1/series/tree?prefix=a.b`: the next nodes under `a.b` (the root without
    /// `prefix`), for the explorer's lazily loaded tree; visible series only, as everywhere.
    static func tree(_ request: Request, state: ServerState) async throws -> Response {
        let reader = QueryParameters(request.queryPairs, allowed: ["prefix", "limit"])
        try reader.check()
        let prefix = reader.one("prefix") ?? ""
        guard prefix.utf8.count <= 1024, !prefix.hasSuffix("."), !prefix.hasPrefix(".") else {
            throw ParameterError("prefix", "must be a dot-separated path such as app.web (no leading or trailing dot, at most 1024 bytes)")
        }
        let limit = try reader.int("limit", default: 2000, range: 1...maxListed)
        let snapshot = await state.engine.snapshot()
        let visibility = SeriesVisibility.of(request, options: state.options)
        let keys = snapshot.allSeriesIDs.lazy.map { snapshot.key(of: $0) }.filter { visibility.shows($0) }
        let (nodes, total) = SeriesTree.children(of: prefix, in: keys, limit: limit)
        let entries = nodes.map {
            SeriesTreeReply.Node(name: $0.name, path: $0.path, series: $0.series, leaf: $0.isLeaf, branch: $0.isBranch, keys: $0.keys)
        }
        return try JSONBody.response(SeriesTreeReply(prefix: prefix, total: total, nodes: entries))
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
        let visibility = SeriesVisibility.of(request, options: state.options)
        let ids = visibility.seriesIDs(snapshot, matching: try Glob.parameter(pattern, "series"))
        guard !ids.isEmpty else {
            throw ChartQueryError.noSeries([pattern], in: snapshot, visibility: visibility)
        }
        guard ids.count <= ChartSpec.maxSeries else { throw ChartQueryError.tooManySeries(ids.count, limit: ChartSpec.maxSeries) }
        if let width {
            let series = ids.map { id in
                let k = min(tier ?? snapshot.tierIndex(for: id, from: from, until: until, width: width), snapshot.tiers(of: id).count - 1)
                return QueryColumns(
                    name: snapshot.key(of: id).description, tier: snapshot.tiers(of: id)[k].description,
                    columns: ColumnsArray(series: snapshot.query(id, from: from, until: until, width: width, tier: k)))
            }
            return try JSONBody.response(QueryReply(from: from, until: until, width: width, series: series))
        }
        var total = 0
        let series = try ids.map { id in
            // Raw buckets: the finest tier that still holds `from`, unless one is asked for.
            let k = min(tier ?? finestCovering(snapshot, id, from: from), snapshot.tiers(of: id).count - 1)
            let buckets = snapshot.buckets(id, tier: k, from: from, until: until)
            total += buckets.count
            guard total <= maxBuckets else {
                throw ParameterError(
                    "from/until",
                    "more than \(maxBuckets) buckets in the range; narrow it, pick a coarser tier, or give width=N for M4 columns")
            }
            return QueryBuckets(
                name: snapshot.key(of: id).description, tier: snapshot.tiers(of: id)[k].description, buckets: buckets.map(BucketRow.init))
        }
        return try JSONBody.response(QueryReply(from: from, until: until, width: nil, series: series))
    }

    static func finestCovering(_ snapshot: Aggregator, _ id: SeriesID, from: EpochMillis) -> Int {
        let tiers = snapshot.tiers(of: id)
        for k in tiers.indices {
            if let since = snapshot.retainedSince(id, tier: k), since <= from { return k }
            if snapshot.retainedSince(id, tier: k) == nil { return k }
        }
        return tiers.count - 1
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

/// `/api/v1/series`: how many series match, and the first `limit` of them.
struct SeriesList: Encodable {
    struct Entry: Encodable {
        let name: String
        let version: UInt64
        let newest: EpochMillis?
        let retention: String
    }

    let total: Int
    let series: [Entry]
}

/// `/api/v1/query`: M4 columns per series when `width` is given, else raw buckets.
struct QueryReply<Series: Encodable>: Encodable {
    let from: EpochMillis
    let until: EpochMillis
    let width: Int?
    let series: [Series]
}

struct QueryColumns: Encodable {
    let name: String
    let tier: String
    let columns: ColumnsArray
}

struct QueryBuckets: Encodable {
    let name: String
    let tier: String
    let buckets: [BucketRow]
}

/// A bucket as `[start,count,sum,min,max,first,last,firstTime,lastTime]`.
struct BucketRow: Encodable {
    let bucket: Bucket

    init(_ bucket: Bucket) { self.bucket = bucket }

    func encode(to encoder: any Encoder) throws {
        var row = encoder.unkeyedContainer()
        try row.encode(bucket.start)
        try row.encode(bucket.count)
        for value in [bucket.sum, bucket.min, bucket.max, bucket.first, bucket.last] { try row.encode(JSONNumber(value)) }
        try row.encode(bucket.firstTime)
        try row.encode(bucket.lastTime)
    }
}

/// `/api/v1/series/tree`: the children of `prefix`, the first `limit` of `total`.
struct SeriesTreeReply: Encodable {
    struct Node: Encodable {
        let name: String
        let path: String
        /// Series at or below the node.
        let series: Int
        /// A series is named exactly `path`; names continue below it. Both may hold.
        let leaf: Bool
        let branch: Bool
        /// The series named `path` (tagged ones as `path;k=v`), at most 50.
        let keys: [String]
    }

    let prefix: String
    let total: Int
    let nodes: [Node]
}

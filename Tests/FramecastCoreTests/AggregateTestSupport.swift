import FramecastCore
import Testing

/// A raw point for tests: series key (canonical text), time in ms, value.
struct RawPoint: Equatable {
    var key: String
    var time: EpochMillis
    var value: Double

    init(_ key: String, _ time: EpochMillis, _ value: Double) {
        self.key = key
        self.time = time
        self.value = value
    }
}

/// Builds a ParsedBatch through the public API, as a parser would.
func rawBatch(_ points: [RawPoint]) -> ParsedBatch {
    var batch = ParsedBatch()
    for point in points {
        let id = batch.interner.intern(SeriesKey(canonical: point.key))
        batch.series.append(id)
        batch.times.append(point.time)
        batch.values.append(point.value)
    }
    return batch
}

func policy(_ text: String) -> RetentionPolicy {
    do { return try RetentionPolicy(text) } catch { fatalError("bad test policy \(text): \(error)") }
}

func aggregator(
    _ text: String, lateness: Int64 = 86_400_000, maxFuture: Int64 = 86_400_000,
    window: Int = 1000, maxSeries: Int = 1000
) -> Aggregator {
    Aggregator(
        policy: policy(text),
        config: AggregatorConfig(
            lateness: lateness, maxFuture: maxFuture, idempotencyWindow: window,
            maxSeries: maxSeries))
}

/// Far-future `now` so that tests about other rules are not disturbed by the future check.
let testNow: EpochMillis = 4_000_000_000_000

extension Aggregator {
    @discardableResult
    mutating func apply(_ points: [RawPoint], key: String? = nil) -> ApplyResult {
        apply(rawBatch(points), now: testNow, idempotencyKey: key)
    }

    func id(_ key: String) -> SeriesID {
        guard let id = id(of: SeriesKey(canonical: key)) else { fatalError("no series \(key)") }
        return id
    }

    /// Every bucket of every tier of a series.
    func allBuckets(_ key: String) -> [[Bucket]] {
        let id = id(key)
        return tiers(of: id).indices.map { buckets(id, tier: $0, from: 0, until: 7_000_000_000_000) }
    }
}

/// Buckets computed the obvious way from raw points, with the documented tie rule.
func referenceBuckets(_ points: [RawPoint], precision: Int64) -> [Bucket] {
    let groups = Dictionary(grouping: points) { $0.time / precision }
    return groups.keys.sorted().map { index in
        let group = groups[index]!
        let firstTime = group.map(\.time).min()!
        let lastTime = group.map(\.time).max()!
        let values = group.map(\.value)
        return Bucket(
            start: index * precision, count: UInt32(group.count), sum: values.reduce(0, +),
            min: values.min()!, max: values.max()!,
            first: group.filter { $0.time == firstTime }.map(\.value).min()!,
            last: group.filter { $0.time == lastTime }.map(\.value).max()!,
            firstTime: firstTime, lastTime: lastTime)
    }
}

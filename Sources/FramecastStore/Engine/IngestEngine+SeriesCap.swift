import FramecastCore

/// The series of one write that the per-write cap on new series refused
/// (`IngestEngine.Options.maxNewSeriesPerWrite`): the write's points of known series are still
/// stored; those of its new series are not, and are counted as `.seriesLimit` rejections.
public struct NewSeriesRefusal: Sendable, Equatable, CustomStringConvertible {
    /// New series the write named (all refused).
    public let count: Int
    /// The cap.
    public let limit: Int
    /// Points of those series, not stored.
    public let points: Int
    /// The first few refused series (canonical keys), for the reply.
    public let examples: [String]

    static let maxExamples = 10

    public var description: String {
        "the write creates \(count) new series, more than the \(limit) one write may create: none of them was stored (\(points) points; known series were); send new series in smaller writes"
    }
}

extension IngestEngine {
    /// When `batch` would create more than `limit` series the store does not hold yet, removes
    /// the points of every one of them and says which; otherwise leaves it as it is. One lookup
    /// per new key, only when the batch has more new keys than the limit.
    static func refuseNewSeries(_ batch: inout ParsedBatch, known: Aggregator, limit: Int) -> NewSeriesRefusal? {
        let keys = batch.keys
        // Ids below `seededSeries` name series of the seed (the engine's state when the batch was
        // made, or none), and series are not removed while a batch is being parsed.
        let firstNew = batch.seededSeries
        guard keys.count - firstNew > limit else { return nil }
        var used = [Bool](repeating: false, count: keys.count)
        for id in batch.series where Int(id) >= firstNew { used[Int(id)] = true }
        var isNew = [Bool](repeating: false, count: keys.count)
        var examples: [String] = []
        var count = 0
        for local in firstNew..<keys.count where used[local] && known.id(of: keys[local]) == nil {
            isNew[local] = true
            count += 1
            if examples.count < NewSeriesRefusal.maxExamples { examples.append(keys[local].canonical) }
        }
        guard count > limit else { return nil }
        var kept = 0
        for i in batch.series.indices where !isNew[Int(batch.series[i])] {
            batch.series[kept] = batch.series[i]
            batch.times[kept] = batch.times[i]
            batch.values[kept] = batch.values[i]
            kept += 1
        }
        let removed = batch.series.count - kept
        batch.series.removeLast(removed)
        batch.times.removeLast(removed)
        batch.values.removeLast(removed)
        return NewSeriesRefusal(count: count, limit: limit, points: removed, examples: examples)
    }
}

import Foundation
import FramecastCore

extension IngestEngine {
    /// Removes the series matching `glob`, durably: the removal is a log entry (the exact keys
    /// matched now), applied in sequence after every write logged before it, and replayed so on
    /// every restart. A series written again later is a new series. Returns the keys removed.
    public func deleteSeries(matching glob: Glob) async throws -> [SeriesKey] {
        let keys = aggregator.seriesIDs(matching: glob).map { aggregator.key(of: $0) }
        try await delete(keys)
        return keys
    }

    /// Logs and applies the removal of `keys` (nothing when empty).
    public func delete(_ keys: [SeriesKey]) async throws {
        guard !keys.isEmpty else { return }
        let encoded = LogBatchCodec.encode(LogBatch(deleting: keys))
        let seq = try await log.append(encoded)
        logBytesSinceCheckpoint += encoded.count
        _ = await withCheckedContinuation { continuation in
            waiting[seq] = Pending(work: .deletion(keys), continuation: continuation)
            drainInOrder()
        }
        maybeCheckpoint()
    }

    /// Removes the series whose every tier has expired at `now` (see
    /// `Aggregator.expiredSeries(now:)`), as a logged deletion; returns how many. The server's
    /// checkpoint timer calls it, so names sent once and never again do not hold the series
    /// limit forever.
    @discardableResult
    public func expireSeries(now: EpochMillis) async throws -> Int {
        let expired = aggregator.expiredSeries(now: now)
        try await delete(expired)
        return expired.count
    }
}

import FramecastCore

/// Rebuilds what a restart needs from a `MetricLog`: the newest checkpoint's state and the
/// batches appended after it, decoded, in sequence order.
///
/// It knows nothing of the aggregator: the caller restores its state from
/// `Checkpoint.state` and applies each batch.
public enum LogReplayer {
    /// A decoded batch with its sequence number.
    public struct Entry: Sendable, Equatable {
        public let seq: UInt64
        public let batch: LogBatch

        public init(seq: UInt64, batch: LogBatch) {
            self.seq = seq
            self.batch = batch
        }
    }

    /// Everything replay produced, held in memory.
    public struct Replay: Sendable, Equatable {
        /// The newest valid checkpoint; nil to start from empty state.
        public let checkpoint: Checkpoint?
        /// The batches after it, in order.
        public let entries: [Entry]
        /// The last sequence number replayed (the checkpoint's, or 0, when nothing follows it).
        public var lastSequence: UInt64 { entries.last?.seq ?? checkpoint?.seq ?? 0 }
    }

    /// An entry passed its checksum but is not a batch this build can decode.
    public struct UndecodableEntry: Error, Sendable, Equatable, CustomStringConvertible {
        public let seq: UInt64
        public let error: LogBatchCodec.DecodeError

        public init(seq: UInt64, error: LogBatchCodec.DecodeError) {
            self.seq = seq
            self.error = error
        }

        public var description: String { "log entry \(seq) cannot be decoded: \(error)" }
    }

    /// Loads the newest checkpoint and decodes every entry after it into memory.
    public static func replay(_ log: some MetricLog, pageSize: Int = 256) async throws -> Replay {
        let checkpoint = try await log.latestCheckpoint()
        var entries: [Entry] = []
        try await replay(log, after: checkpoint?.seq ?? 0, pageSize: pageSize) { seq, batch in
            entries.append(Entry(seq: seq, batch: batch))
        }
        return Replay(checkpoint: checkpoint, entries: entries)
    }

    /// Streams the entries after `seq` to `apply`, decoded and in order, a page at a time so
    /// memory stays bounded. Returns the last sequence number applied (`seq` when none).
    @discardableResult
    public static func replay(
        _ log: some MetricLog, after seq: UInt64, pageSize: Int = 256,
        _ apply: (UInt64, LogBatch) throws -> Void
    ) async throws -> UInt64 {
        var last = seq
        while true {
            let page = try await log.entries(after: last, limit: max(1, pageSize))
            for entry in page {
                do {
                    try apply(entry.seq, try LogBatchCodec.decode(entry.body))
                } catch let error as LogBatchCodec.DecodeError {
                    throw UndecodableEntry(seq: entry.seq, error: error)
                }
                last = entry.seq
            }
            if page.count < max(1, pageSize) { return last }
        }
    }
}

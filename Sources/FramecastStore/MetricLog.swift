import FramecastCore

/// An ordered, durable log of encoded ingest batches, plus checkpoints of the state derived
/// from them (DESIGN.md, "Storage and scale-out").
///
/// Sequence numbers start at 1, increase with every append and are never reused, even after
/// trimming or after a corrupt tail was discarded. A checkpoint at `seq` is state that already
/// includes every entry up to and including `seq`; a restart loads the newest checkpoint and
/// replays the entries after it (see `LogReplayer`).
///
/// `SQLiteMetricLog` is the embedded implementation; a PostgreSQL one shares this contract.
public protocol MetricLog: AnyObject, Sendable {
    /// Appends one batch and returns its sequence number once the batch is durable: it survives
    /// the process being killed and the machine losing power. Concurrent appends may share one
    /// commit (group commit); their order in the log is the order they reached the log.
    func append(_ batch: EncodedBatch) async throws -> UInt64

    /// Up to `limit` entries with a sequence number greater than `seq`, in order. Each entry's
    /// checksum is verified; a mismatch throws `MetricLogError.corruptEntry`.
    func entries(after seq: UInt64, limit: Int) async throws -> [LogEntry]

    /// Stores `state` as the checkpoint at `seq` (an acknowledged sequence number, not older
    /// than the newest checkpoint). Implementations keep at least the two newest checkpoints,
    /// so a corrupt newest one falls back to its predecessor.
    func saveCheckpoint(seq: UInt64, state: [UInt8]) async throws

    /// The newest checkpoint whose checksum verifies, or nil when there is none.
    func latestCheckpoint() async throws -> Checkpoint?

    /// Deletes entries up to and including `seq`, but never one that a retained checkpoint
    /// still needs for replay: `seq` is clamped to the oldest retained checkpoint (0 when there
    /// is none, so nothing is trimmed). Returns the sequence number actually trimmed through.
    @discardableResult
    func trim(through seq: UInt64) async throws -> UInt64

    /// Waits for queued appends to become durable, then releases the log. Later calls throw
    /// `MetricLogError.closed`. Calling it again does nothing.
    func close() async throws
}

/// One log entry as read back: its sequence number, stored checksum and encoded batch.
public struct LogEntry: Sendable, Equatable {
    public let seq: UInt64
    /// CRC-32C of `body`, as stored at append time and verified when read.
    public let checksum: UInt32
    public let body: [UInt8]

    public init(seq: UInt64, checksum: UInt32, body: [UInt8]) {
        self.seq = seq
        self.checksum = checksum
        self.body = body
    }
}

/// Derived state saved at a sequence number: it includes every entry up to `seq`.
public struct Checkpoint: Sendable, Equatable {
    public let seq: UInt64
    public let state: [UInt8]

    public init(seq: UInt64, state: [UInt8]) {
        self.seq = seq
        self.state = state
    }
}

/// Errors of a `MetricLog`.
public enum MetricLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The log was closed.
    case closed
    /// One batch is larger than the log accepts in one entry.
    case batchTooLarge(bytes: Int, limit: Int)
    /// A write failed (disk full, I/O error…) and reopening the database to find out what was
    /// stored failed too: whether it reached the disk is unknown. The log refuses appends until
    /// a reopen works (tried again by the next append and by `checkHealth`).
    case writerFailed(String)
    /// A commit failed, and after reopening the database none of its batches was found there:
    /// nothing was stored, so retrying cannot double-count.
    case commitNotStored(String)
    /// Another process holds the data directory.
    case locked(path: String)
    /// The database was written by a newer Framecast.
    case unsupportedSchema(version: Int)
    /// A checkpoint names a sequence number that was never acknowledged.
    case checkpointAhead(seq: UInt64, lastSequence: UInt64)
    /// A checkpoint is older than the newest one already saved.
    case checkpointBehind(seq: UInt64, newest: UInt64)
    /// An entry read back does not match its checksum.
    case corruptEntry(seq: UInt64, stored: UInt32, computed: UInt32)
    /// The database file itself is damaged (not a database, or a malformed page) beyond what
    /// entry-level recovery can set aside.
    case damagedDatabase(path: String, why: String)
    /// The durability the log relies on could not be set up.
    case durabilityUnavailable(String)

    public var description: String {
        switch self {
        case .closed: return "the metric log is closed"
        case .batchTooLarge(let bytes, let limit): return "batch of \(bytes) bytes exceeds the \(limit)-byte limit"
        case .writerFailed(let why):
            return
                "the metric log cannot make writes durable: \(why); whether the failed write was stored is unknown, so retry it with the same Idempotency-Key header"
        case .commitNotStored(let why): return "the write failed (\(why)) and nothing of it was stored: retry it"
        case .locked(let path): return "data directory \(path) is in use by another process"
        case .unsupportedSchema(let version): return "log schema version \(version) is newer than this build understands"
        case .checkpointAhead(let seq, let last): return "checkpoint at \(seq) is past the last sequence number \(last)"
        case .checkpointBehind(let seq, let newest): return "checkpoint at \(seq) is older than the newest one, at \(newest)"
        case .corruptEntry(let seq, let stored, let computed):
            return "log entry \(seq) is corrupt: stored checksum 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
        case .damagedDatabase(let path, let why):
            return
                "the store's database \(path) is damaged (\(why)): stop the server, move the data directory aside and restore it from a backup, or start with an empty --data-dir; `sqlite3 \(path) .recover` may salvage entries"
        case .durabilityUnavailable(let why): return "cannot make the log durable: \(why)"
        }
    }
}

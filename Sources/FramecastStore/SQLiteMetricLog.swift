import Dispatch
import Foundation
import FramecastCore
import GRDB
import Synchronization

/// The embedded `MetricLog`: one SQLite database (through GRDB) in a data directory.
///
/// Durability: WAL journal with `synchronous=FULL`, so every commit fsyncs the WAL before it
/// returns, and an acknowledged append survives both SIGKILL and power loss (on Darwin
/// `fullfsync` is on too, since plain fsync there does not flush the drive cache).
/// `synchronous=NORMAL` would survive a killed process but could lose the last commits on power
/// loss, which the ingest contract forbids. (GRDB's `DatabasePool` sets NORMAL by itself; this
/// type sets FULL back after opening and checks that it holds.)
///
/// Group commit: `append` queues its batch and suspends; one writer on a private serial queue
/// takes everything queued, inserts it in one transaction, commits (one fsync) and then
/// resumes every waiting caller with its sequence number. While one commit syncs, the next
/// group gathers, so throughput grows with concurrency instead of being one fsync per batch.
///
/// Opening runs recovery (see `recoveryReport`): the checkpoints and the entries after the
/// newest good checkpoint are verified against their CRC-32C; a corrupt checkpoint is set aside
/// for the previous one, and a corrupt entry is set aside together with every entry after it.
/// Set-aside rows go to a `quarantine` table, never silently deleted.
///
/// Layout of the data directory: `log.sqlite` (+ `-wal`, `-shm`) and `LOCK`, an advisory lock
/// held while open so two processes never share a log.
public final class SQLiteMetricLog: MetricLog, Sendable {
    /// Tuning knobs; the defaults suit a server.
    public struct Options: Sendable {
        /// Largest single batch accepted, in encoded bytes.
        public var maxBatchBytes = 64 << 20
        /// A commit group stops growing past this many bytes…
        public var maxGroupBytes = 32 << 20
        /// …or this many batches.
        public var maxGroupCount = 4096
        /// Read connections for `entries` and `latestCheckpoint`.
        public var readers = 2
        /// Test seam: called around every group commit; a throw there acts as a failed write
        /// (see `CommitStage`). Not part of the product API.
        package var commitFault: (@Sendable (CommitStage) throws -> Void)?

        public init() {}
    }

    /// Counters since open. `transactions < appends` shows group commit at work.
    public struct Statistics: Sendable, Equatable {
        /// Batches made durable.
        public var appends: UInt64 = 0
        /// Commits (each one fsync of the WAL) that made them durable.
        public var transactions: UInt64 = 0
        /// Encoded bytes made durable.
        public var bytes: UInt64 = 0
        /// The most batches one commit carried.
        public var largestGroup = 0
    }

    /// The data directory.
    public let directory: String
    /// What opening found and set aside.
    public let recoveryReport: RecoveryReport
    let options: Options
    /// The open database; replaced when the log reopens itself after a failed commit.
    let poolBox: Mutex<DatabasePool>
    var pool: DatabasePool { poolBox.withLock { $0 } }
    /// The single writer: drains `State.pending` in groups.
    let writerQueue = DispatchQueue(label: "framecast.log.writer", qos: .userInitiated)
    let state: Mutex<State>

    struct State {
        var pending: [PendingAppend] = []
        /// A drain is scheduled or running on `writerQueue`.
        var draining = false
        /// The sequence number of the next appended entry.
        var nextSeq: UInt64
        var closed = false
        /// Set by a failed commit that could not be settled (the database could not be reopened
        /// or read): writes cannot be made durable now. The next append, or `checkHealth`,
        /// tries to reopen first; see `SQLiteMetricLog+FailedCommit.swift`.
        var failure: MetricLogError?
        /// Sequence numbers of groups whose commit reported failure and whose rows a later
        /// reopen found and set aside: never acknowledged, never applied (see `wasAbandoned`).
        var abandoned: Set<UInt64> = []
        var statistics = Statistics()
        var lockDescriptor: Int32
    }

    struct PendingAppend {
        let batch: EncodedBatch
        let continuation: CheckedContinuation<UInt64, any Error>
    }

    /// Opens (creating if needed) the log in `directory` and runs recovery.
    /// Throws `MetricLogError.locked` when another process has it open.
    public init(directory: String, options: Options = Options()) throws {
        try DataDirectory.create(directory)
        let lockDescriptor = try DataDirectory.lock(directory)
        do {
            let pool = try Self.openPool(directory: directory, options: options)
            try Self.migrate(pool)
            try DataDirectory.syncDirectory(directory)
            let report = try pool.write { db in try Self.recover(db) }
            let nextSeq = try pool.read { db in try Self.highestSequence(db) } + 1
            self.directory = directory
            self.options = options
            self.poolBox = Mutex(pool)
            self.recoveryReport = report
            self.state = Mutex(State(nextSeq: nextSeq, lockDescriptor: lockDescriptor))
        } catch {
            DataDirectory.unlock(lockDescriptor)
            throw Self.describeOpenFailure(error, directory: directory)
        }
    }

    /// SQLite's own word for a damaged file ("file is not a database", "database disk image is
    /// malformed") becomes `MetricLogError.damagedDatabase`, whose message says what to do.
    static func describeOpenFailure(_ error: any Error, directory: String) -> any Error {
        guard let error = error as? DatabaseError, [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) else {
            return error
        }
        return MetricLogError.damagedDatabase(path: directory + "/log.sqlite", why: error.message ?? "\(error.resultCode)")
    }

    deinit {
        // Dropped without close(): nothing can still be queued, since a scheduled drain keeps
        // the log alive through its closure. Close the connections, then release the lock.
        state.withLock { state in
            guard state.lockDescriptor >= 0 else { return }
            try? pool.close()
            DataDirectory.unlock(state.lockDescriptor)
        }
    }

    /// Opens the database in `directory` with the durability the log relies on.
    static func openPool(directory: String, options: Options) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.label = "framecast.log"
        configuration.maximumReaderCount = max(1, options.readers)
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: directory + "/log.sqlite", configuration: configuration)
        try Self.setUpDurability(pool)
        return pool
    }

    /// Counters since open.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// The highest sequence number handed out so far (0 for a new log); the next append gets
    /// the one after it. After recovery set a tail aside this is above `recoveryReport.lastSequence`.
    public var lastSequence: UInt64 { state.withLock { $0.nextSeq - 1 } }

    public func close() async throws {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        if alreadyClosed { return }
        let result: Result<Void, any Error> = await withCheckedContinuation { continuation in
            writerQueue.async {
                self.drain()
                continuation.resume(returning: Result { try self.pool.close() })
            }
        }
        state.withLock { state in
            DataDirectory.unlock(state.lockDescriptor)
            state.lockDescriptor = -1
        }
        try result.get()
    }
}

import Foundation
import GRDB

/// Where `Options.commitFault` is called: before the transaction starts, after it committed,
/// and when the log reopens its database after a failed commit.
package enum CommitStage: Sendable, Equatable {
    case beforeCommit
    case afterCommit
    case reopen
}

/// What a failed commit turned out to have done, once the log reopened and looked.
enum CommitSettlement {
    /// Every row of the group is in the database: the group is acknowledged as usual.
    case stored
    /// None is: the callers are told so, and the log goes on taking appends.
    case notStored(MetricLogError)
    /// The database could not be reopened or read: the log refuses appends until a reopen works.
    case unknown(MetricLogError)
}

extension SQLiteMetricLog {
    /// The error that keeps the log from making writes durable now, or nil when it can.
    public var writeFailure: MetricLogError? { state.withLock { $0.failure } }

    /// Whether writes can be made durable: when an earlier failure is pending, tries to reopen
    /// the database first (as the next append would), and returns what still fails, or nil.
    public func checkHealth() async -> MetricLogError? {
        guard writeFailure != nil else { return nil }
        return await withCheckedContinuation { continuation in
            writerQueue.async { continuation.resume(returning: self.reopenIfFailed()) }
        }
    }

    /// True for a sequence number that was handed to a commit that reported failure, whose rows
    /// a later reopen found and set aside: it will never be acknowledged or replayed, so
    /// whoever applies entries in order skips it.
    func wasAbandoned(_ seq: UInt64) -> Bool { state.withLock { $0.abandoned.contains(seq) } }

    /// Runs on `writerQueue` after `commit` threw: reopens the database and counts the group's
    /// rows, so the callers learn whether their batches are stored instead of "maybe".
    func settle(_ group: [PendingAppend], firstSeq: UInt64, _ error: any Error) -> CommitSettlement {
        let why = String(describing: error)
        let last = Int64(firstSeq) + Int64(group.count) - 1
        do {
            try reopen()
            let found = try pool.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM log WHERE seq BETWEEN ? AND ?", arguments: [Int64(firstSeq), last]) ?? 0
            }
            if found == group.count { return .stored }
            if found == 0 { return .notStored(.commitNotStored(why)) }
            // A transaction is atomic, so this is not expected; set the rows aside all the same.
            let failure = MetricLogError.writerFailed(why + "; part of the commit was found after reopening")
            state.withLock { $0.failure = failure }
            return .unknown(failure)
        } catch let reopenError {
            let failure = MetricLogError.writerFailed(why + "; reopening the database failed: \(reopenError)")
            state.withLock { $0.failure = failure }
            return .unknown(failure)
        }
    }

    /// Runs on `writerQueue`. When an earlier failed commit left the log unable to write,
    /// reopens the database; rows past the last acknowledged sequence number (a commit that
    /// reported failure but reached the disk) were never acknowledged, so they go to the
    /// quarantine table, not into the state. Returns the failure that remains, or nil.
    func reopenIfFailed() -> MetricLogError? {
        let (failure, nextSeq) = state.withLock { ($0.failure, $0.nextSeq) }
        guard let failure else { return nil }
        do {
            try reopen()
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let unacknowledged = try pool.write { db -> [UInt64] in
                let seqs = try Int64.fetchAll(
                    db, sql: "SELECT seq FROM log WHERE seq >= ? ORDER BY seq", arguments: [Int64(nextSeq)])
                guard !seqs.isEmpty else { return [] }
                try db.execute(
                    sql: """
                        INSERT INTO quarantine(kind, seq, crc, body, reason, at_ms)
                        SELECT 'log', seq, crc, body, ?, ? FROM log WHERE seq >= ? ORDER BY seq
                        """,
                    arguments: [
                        "its commit reported failure and it was never acknowledged", now, Int64(nextSeq)
                    ])
                try db.execute(sql: "DELETE FROM log WHERE seq >= ?", arguments: [Int64(nextSeq)])
                return seqs.map { UInt64($0) }
            }
            state.withLock { state in
                state.failure = nil
                state.abandoned.formUnion(unacknowledged)
                if let last = unacknowledged.last { state.nextSeq = max(state.nextSeq, last + 1) }
            }
            return nil
        } catch {
            return failure
        }
    }

    /// Replaces the database connections with fresh ones: a connection that failed a commit
    /// may hold a broken transaction or a stale error state that only closing clears.
    func reopen() throws {
        try options.commitFault?(.reopen)
        let fresh = try Self.openPool(directory: directory, options: options)
        let old = poolBox.withLock { pool in
            defer { pool = fresh }
            return pool
        }
        // Readers still using the old connections keep them until they finish.
        try? old.close()
    }
}

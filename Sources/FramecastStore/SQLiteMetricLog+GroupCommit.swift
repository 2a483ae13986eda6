import Foundation
import FramecastCore
import GRDB

extension SQLiteMetricLog {
    /// Queues `batch` for the next group commit and returns its sequence number once that
    /// commit is durable. Once queued, the append completes even if the calling task is
    /// cancelled: whether it is in the log must not depend on a race with cancellation.
    public func append(_ batch: EncodedBatch) async throws -> UInt64 {
        guard batch.count <= options.maxBatchBytes else {
            throw MetricLogError.batchTooLarge(bytes: batch.count, limit: options.maxBatchBytes)
        }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<Bool, MetricLogError> = state.withLock { state in
                if state.closed { return .failure(.closed) }
                state.pending.append(PendingAppend(batch: batch, continuation: continuation))
                if state.draining { return .success(false) }
                state.draining = true
                return .success(true)
            }
            switch outcome {
            case .failure(let error): continuation.resume(throwing: error)
            case .success(true): writerQueue.async { self.drain() }
            case .success(false): break
            }
        }
    }

    /// Runs on `writerQueue`: commits queued appends, one group per transaction, until none is
    /// left. Appends that arrive during a commit form the next group.
    func drain() {
        while true {
            // A log that could not settle an earlier failed commit reopens before it writes.
            if let failure = reopenIfFailed() {
                failAll(failure)
                return
            }
            let (group, firstSeq) = state.withLock { state -> ([PendingAppend], UInt64) in
                let group = Self.takeGroup(&state.pending, options: options)
                if group.isEmpty { state.draining = false }
                return (group, state.nextSeq)
            }
            if group.isEmpty { return }
            do {
                try commit(group, firstSeq: firstSeq)
            } catch {
                switch settle(group, firstSeq: firstSeq, error) {
                case .stored: break
                case .notStored(let failure):
                    for append in group { append.continuation.resume(throwing: failure) }
                    continue
                case .unknown(let failure):
                    for append in group { append.continuation.resume(throwing: failure) }
                    failAll(failure)
                    return
                }
            }
            state.withLock { state in
                state.nextSeq = firstSeq + UInt64(group.count)
                state.statistics.appends += UInt64(group.count)
                state.statistics.transactions += 1
                state.statistics.bytes += group.reduce(0) { $0 + UInt64($1.batch.count) }
                state.statistics.largestGroup = max(state.statistics.largestGroup, group.count)
            }
            for (offset, append) in group.enumerated() {
                append.continuation.resume(returning: firstSeq + UInt64(offset))
            }
        }
    }

    /// The oldest queued appends, up to the group limits (always at least one).
    static func takeGroup(_ pending: inout [PendingAppend], options: Options) -> [PendingAppend] {
        var count = 0
        var bytes = 0
        while count < pending.count, count < options.maxGroupCount {
            if count > 0, bytes + pending[count].batch.count > options.maxGroupBytes { break }
            bytes += pending[count].batch.count
            count += 1
        }
        let group = Array(pending.prefix(count))
        pending.removeFirst(count)
        return group
    }

    /// Inserts a group in one transaction; returns once the commit is durable.
    func commit(_ group: [PendingAppend], firstSeq: UInt64) throws {
        try options.commitFault?(.beforeCommit)
        try pool.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO log(seq, crc, body) VALUES (?, ?, ?)")
            for (offset, append) in group.enumerated() {
                try insert.execute(arguments: [
                    Int64(firstSeq) + Int64(offset), Int64(append.batch.checksum), Data(append.batch.bytes)
                ])
            }
        }
        try options.commitFault?(.afterCommit)
    }

    /// Fails everything still queued with `failure` and stops draining: the log cannot make
    /// writes durable now. The next append starts a drain, which tries to reopen first.
    func failAll(_ failure: MetricLogError) {
        let queued = state.withLock { state -> [PendingAppend] in
            state.draining = false
            defer { state.pending.removeAll() }
            return state.pending
        }
        for append in queued { append.continuation.resume(throwing: failure) }
    }
}

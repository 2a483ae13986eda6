import Foundation
import FramecastCore
import GRDB

extension SQLiteMetricLog {
    /// How many checkpoints are kept: the newest and the one to fall back to.
    static let retainedCheckpoints = 2

    public func saveCheckpoint(seq: UInt64, state checkpointState: [UInt8]) async throws {
        let (closed, last) = state.withLock { ($0.closed, $0.nextSeq - 1) }
        if closed { throw MetricLogError.closed }
        guard seq <= last else { throw MetricLogError.checkpointAhead(seq: seq, lastSequence: last) }
        let checksum = CRC32C.checksum(checkpointState)
        let now = Self.nowMillis
        try await pool.write { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM checkpoint")
            if let newest, UInt64(newest) > seq {
                throw MetricLogError.checkpointBehind(seq: seq, newest: UInt64(newest))
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO checkpoint(seq, crc, state, saved_ms) VALUES (?, ?, ?, ?)",
                arguments: [Int64(seq), Int64(checksum), Data(checkpointState), now])
            try db.execute(
                sql: "DELETE FROM checkpoint WHERE seq NOT IN (SELECT seq FROM checkpoint ORDER BY seq DESC LIMIT ?)",
                arguments: [Self.retainedCheckpoints])
        }
    }

    /// The newest checkpoint that verifies; a corrupt one is skipped for the one before it.
    public func latestCheckpoint() async throws -> Checkpoint? {
        if state.withLock({ $0.closed }) { throw MetricLogError.closed }
        return try await pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, crc, state FROM checkpoint ORDER BY seq DESC")
            while let row = try rows.next() {
                if try Self.damage(row, bodyColumn: "state") == nil {
                    return Checkpoint(seq: UInt64(row["seq"] as Int64), state: try Self.bytes(row, "state"))
                }
            }
            return nil
        }
    }

    @discardableResult
    public func trim(through seq: UInt64) async throws -> UInt64 {
        if state.withLock({ $0.closed }) { throw MetricLogError.closed }
        return try await pool.write { db in
            let oldestKept = UInt64(try Int64.fetchOne(db, sql: "SELECT ifnull(min(seq), 0) FROM checkpoint") ?? 0)
            let through = min(seq, oldestKept)
            let already = try Self.trimmedThrough(db)
            guard through > already else { return already }
            try db.execute(sql: "DELETE FROM log WHERE seq <= ?", arguments: [Int64(through)])
            try db.execute(
                sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('trimmed_through', ?)",
                arguments: [Int64(through)])
            return through
        }
    }
}

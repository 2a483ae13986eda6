import Foundation
import FramecastCore
import GRDB

extension SQLiteMetricLog {
    /// Verifies checkpoints and the entries after the newest good one, setting aside what is
    /// corrupt. Runs in one write transaction while the log opens.
    ///
    /// SQLite's own WAL checksums already drop a commit torn by a crash, and that commit was
    /// never acknowledged; what this finds is damage below SQLite (media, a copied or truncated
    /// file, a bug): bytes that no longer match the CRC-32C stored at append time.
    static func recover(_ db: Database) throws -> RecoveryReport {
        var report = RecoveryReport()
        let now = nowMillis

        // Checkpoints, newest first: the first that verifies is where replay starts.
        let checkpoints = try Row.fetchAll(db, sql: "SELECT seq, crc, state FROM checkpoint ORDER BY seq DESC")
        for row in checkpoints {
            let seq = UInt64(row["seq"] as Int64)
            if let reason = try damage(row, bodyColumn: "state") {
                report.discardedCheckpoints.append(.init(seq: seq, reason: reason))
                try quarantine(
                    db, kind: "checkpoint", table: "checkpoint", bodyColumn: "state",
                    seq: seq, through: seq, reason: reason, now: now)
            } else {
                report.checkpointSeq = seq
                break
            }
        }
        let base = report.checkpointSeq ?? 0

        // Entries after it, in order, up to the first that does not verify.
        let (verified, firstCorrupt) = try verifyEntries(db, after: base)
        report.verifiedEntries = verified
        if let corrupt = firstCorrupt {
            let later = try Int64.fetchAll(
                db, sql: "SELECT seq FROM log WHERE seq > ? ORDER BY seq",
                arguments: [Int64(corrupt.seq)])
            report.discardedEntries =
                [corrupt]
                + later.map {
                    .init(seq: UInt64($0), reason: .followsCorruptEntry(seq: corrupt.seq))
                }
            try quarantine(
                db, kind: "log", table: "log", bodyColumn: "body", seq: corrupt.seq,
                through: UInt64(Int64.max), reason: corrupt.reason, now: now)
        }

        let trimmed = try trimmedThrough(db)
        if trimmed > base { report.missingEntries = (base + 1)...trimmed }
        report.lastSequence = UInt64(try Int64.fetchOne(db, sql: "SELECT ifnull(max(seq), 0) FROM log") ?? 0)
        return report
    }

    /// Counts the entries after `seq` that verify, stopping at the first that does not.
    static func verifyEntries(_ db: Database, after seq: UInt64) throws -> (verified: Int, firstCorrupt: RecoveryReport.Discarded?) {
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT seq, crc, body FROM log WHERE seq > ? ORDER BY seq",
            arguments: [Int64(seq)])
        var verified = 0
        while let row = try cursor.next() {
            if let reason = try damage(row, bodyColumn: "body") {
                return (verified, .init(seq: UInt64(row["seq"] as Int64), reason: reason))
            }
            verified += 1
        }
        return (verified, nil)
    }

    /// Why a row's bytes cannot be trusted, or nil when they match their checksum.
    static func damage(_ row: Row, bodyColumn: String) throws -> RecoveryReport.Reason? {
        guard let stored = storedChecksum(row) else { return .unreadable }
        return try row.withUnsafeData(named: bodyColumn) { data -> RecoveryReport.Reason? in
            guard let data else { return .unreadable }
            let computed = data.withUnsafeBytes { CRC32C.checksum($0) }
            return computed == stored ? nil : .checksumMismatch(stored: stored, computed: computed)
        }
    }

    /// The `crc` column as a checksum; nil when it is missing or not a 32-bit unsigned integer
    /// (GRDB's typed subscripts would trap on a value of the wrong type).
    static func storedChecksum(_ row: Row) -> UInt32? {
        guard let value = Int64.fromDatabaseValue(row["crc"] as DatabaseValue) else { return nil }
        return UInt32(exactly: value)
    }

    /// A blob column's bytes; empty when NULL.
    static func bytes(_ row: Row, _ column: String) throws -> [UInt8] {
        try row.withUnsafeData(named: column) { data in data.map { [UInt8]($0) } ?? [] }
    }

    /// Moves rows `seq...through` of `table` to `quarantine`. The reason recorded for the
    /// rows after the first is that they follow it.
    static func quarantine(
        _ db: Database, kind: String, table: String, bodyColumn: String,
        seq: UInt64, through: UInt64, reason: RecoveryReport.Reason, now: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO quarantine(kind, seq, crc, body, reason, at_ms)
                SELECT ?, seq, crc, \(bodyColumn), CASE WHEN seq = ? THEN ? ELSE ? END, ?
                FROM \(table) WHERE seq BETWEEN ? AND ? ORDER BY seq
                """,
            arguments: [
                kind, Int64(seq), reason.description,
                RecoveryReport.Reason.followsCorruptEntry(seq: seq).description, now,
                Int64(seq), Int64(through)
            ])
        try db.execute(sql: "DELETE FROM \(table) WHERE seq BETWEEN ? AND ?", arguments: [Int64(seq), Int64(through)])
    }
}

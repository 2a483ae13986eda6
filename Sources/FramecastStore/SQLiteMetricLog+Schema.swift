import Foundation
import GRDB

extension SQLiteMetricLog {
    /// The schema this build writes (`PRAGMA user_version`).
    static let schemaVersion = 1

    /// Makes every commit of the writer connection durable before it returns.
    static func setUpDurability(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in
            // DatabasePool opened the writer with synchronous=NORMAL (GRDB's WAL default).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            #if canImport(Darwin)
                try db.execute(sql: "PRAGMA fullfsync = ON")
                try db.execute(sql: "PRAGMA checkpoint_fullfsync = ON")
            #endif
            // Keep the WAL file from staying huge after a burst of large groups.
            try db.execute(sql: "PRAGMA journal_size_limit = \(64 << 20)")
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            guard mode == "wal", synchronous == 2 else {
                throw MetricLogError.durabilityUnavailable(
                    "journal_mode=\(mode ?? "?") synchronous=\(synchronous.map(String.init) ?? "?"), wanted wal and 2 (FULL)")
            }
        }
    }

    /// Creates the tables, or checks that an existing database is one this build understands.
    ///
    /// - `log(seq, crc, body)`: one row per appended batch; `crc` is the CRC-32C of `body`.
    /// - `checkpoint(seq, crc, state, saved_ms)`: the two newest checkpoints.
    /// - `quarantine(...)`: rows recovery set aside, kept for inspection.
    /// - `meta(key, value)`: `trimmed_through`, the highest sequence number ever trimmed.
    static func migrate(_ pool: DatabasePool) throws {
        try pool.write { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version > schemaVersion { throw MetricLogError.unsupportedSchema(version: version) }
            if version == schemaVersion { return }
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS log(
                        seq INTEGER PRIMARY KEY,
                        crc INTEGER NOT NULL,
                        body BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS checkpoint(
                        seq INTEGER PRIMARY KEY,
                        crc INTEGER NOT NULL,
                        state BLOB NOT NULL,
                        saved_ms INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS quarantine(
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        crc,
                        body,
                        reason TEXT NOT NULL,
                        at_ms INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS meta(
                        key TEXT PRIMARY KEY,
                        value INTEGER NOT NULL);
                    PRAGMA user_version = \(schemaVersion);
                    """)
        }
    }

    /// The highest sequence number ever used: new entries continue after it, so numbers are
    /// not reused after a trim or after recovery set a tail aside.
    static func highestSequence(_ db: Database) throws -> UInt64 {
        let highest =
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT max(
                        (SELECT ifnull(max(seq), 0) FROM log),
                        (SELECT ifnull(max(seq), 0) FROM checkpoint),
                        (SELECT ifnull(max(seq), 0) FROM quarantine),
                        (SELECT ifnull(max(value), 0) FROM meta WHERE key = 'trimmed_through'))
                    """) ?? 0
        return UInt64(max(0, highest))
    }

    static func trimmedThrough(_ db: Database) throws -> UInt64 {
        UInt64(max(0, try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'trimmed_through'") ?? 0))
    }

    static var nowMillis: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

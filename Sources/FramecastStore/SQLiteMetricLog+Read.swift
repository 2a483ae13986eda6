import Foundation
import FramecastCore
import GRDB

extension SQLiteMetricLog {
    public func entries(after seq: UInt64, limit: Int) async throws -> [LogEntry] {
        if state.withLock({ $0.closed }) { throw MetricLogError.closed }
        let after = Int64(clamping: seq)
        let limit = max(0, limit)
        return try await pool.read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, crc, body FROM log WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [after, limit])
            var entries: [LogEntry] = []
            while let row = try rows.next() {
                let seq = UInt64(row["seq"] as Int64)
                let body = try Self.bytes(row, "body")
                let computed = CRC32C.checksum(body)
                guard let stored = Self.storedChecksum(row), computed == stored else {
                    throw MetricLogError.corruptEntry(seq: seq, stored: Self.storedChecksum(row) ?? 0, computed: computed)
                }
                entries.append(LogEntry(seq: seq, checksum: stored, body: body))
            }
            return entries
        }
    }
}

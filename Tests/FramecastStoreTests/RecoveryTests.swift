import Foundation
import FramecastCore
import FramecastStore
import GRDB
import Testing

@Suite("Recovery from corrupt and torn tails")
struct RecoveryTests {
    /// A closed log holding batches 1…count, one commit each.
    func makeLog(count: Int) async throws -> String {
        let directory = makeTemporaryDirectory()
        let log = try SQLiteMetricLog(directory: directory)
        for seed in 1...UInt64(count) { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        try await log.close()
        return directory
    }

    /// Flips the last byte of entry `seq`'s body directly in SQLite.
    func corruptBody(_ directory: String, seq: Int) throws {
        try DatabaseQueue(path: directory + "/log.sqlite").write { db in
            var body = [UInt8](try Data.fetchOne(db, sql: "SELECT body FROM log WHERE seq = ?", arguments: [seq])!)
            body[body.count - 1] ^= 0x40
            try db.execute(sql: "UPDATE log SET body = ? WHERE seq = ?", arguments: [Data(body), seq])
        }
    }

    @Test("a corrupt entry and everything after it are set aside; the rest replays")
    func corruptEntry() async throws {
        let directory = try await makeLog(count: 10)
        defer { removeDirectory(directory) }
        try corruptBody(directory, seq: 8)

        let log = try SQLiteMetricLog(directory: directory)
        let report = log.recoveryReport
        #expect(!report.isClean)
        #expect(report.verifiedEntries == 7)
        #expect(report.discardedEntries.map(\.seq) == [8, 9, 10])
        guard case .checksumMismatch = report.discardedEntries[0].reason else {
            Issue.record("first discarded entry should be a checksum mismatch: \(report)")
            return
        }
        #expect(report.discardedEntries[1].reason == .followsCorruptEntry(seq: 8))
        #expect(report.lastSequence == 7)
        #expect(report.description.contains("discarded 3 entries 8…10"))

        let replay = try await LogReplayer.replay(log)
        #expect(replay.entries.map(\.batch) == (UInt64(1)...7).map(sampleBatch))
        // Numbers of set-aside entries are not handed out again.
        #expect(try await log.append(LogBatchCodec.encode(sampleBatch(11))) == 11)
        try await log.close()

        let quarantined = try DatabaseQueue(path: directory + "/log.sqlite").read {
            try Row.fetchAll($0, sql: "SELECT kind, seq, reason FROM quarantine ORDER BY seq")
        }
        #expect(quarantined.map { $0["seq"] as Int64 } == [8, 9, 10])
        #expect(quarantined.allSatisfy { ($0["kind"] as String) == "log" })

        // The next open is clean: recovery happened once.
        let again = try SQLiteMetricLog(directory: directory)
        #expect(again.recoveryReport.isClean)
        #expect(again.recoveryReport.verifiedEntries == 8)
        try await again.close()
    }

    @Test("a corrupt last entry costs only that entry")
    func corruptLastEntry() async throws {
        let directory = try await makeLog(count: 5)
        defer { removeDirectory(directory) }
        try corruptBody(directory, seq: 5)
        let log = try SQLiteMetricLog(directory: directory)
        #expect(log.recoveryReport.discardedEntries.map(\.seq) == [5])
        #expect(try await log.entries(after: 0, limit: 10).map(\.seq) == [1, 2, 3, 4])
        try await log.close()
    }

    @Test("an unreadable checksum column counts as corruption")
    func unreadableChecksum() async throws {
        let directory = try await makeLog(count: 4)
        defer { removeDirectory(directory) }
        try await DatabaseQueue(path: directory + "/log.sqlite").write {
            try $0.execute(sql: "UPDATE log SET crc = 'garbage' WHERE seq = 3")
        }
        let log = try SQLiteMetricLog(directory: directory)
        #expect(log.recoveryReport.discardedEntries.map(\.seq) == [3, 4])
        #expect(log.recoveryReport.discardedEntries.first?.reason == .unreadable)
        try await log.close()
    }

    @Test("corruption after open is reported by reads, not returned")
    func corruptionWhileOpen() async throws {
        try await withTemporaryLog { log, directory in
            for seed in UInt64(1)...3 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
            try corruptBody(directory, seq: 2)
            await #expect(throws: MetricLogError.self) { try await log.entries(after: 0, limit: 10) }
            #expect(try await log.entries(after: 2, limit: 10).map(\.seq) == [3])
        }
    }

    @Test("a torn WAL tail loses only the commit it cut; everything before it verifies")
    func tornWAL() async throws {
        let source = makeTemporaryDirectory()
        let crashed = makeTemporaryDirectory()
        defer {
            removeDirectory(source)
            removeDirectory(crashed)
        }
        let log = try SQLiteMetricLog(directory: source)
        for seed in UInt64(1)...10 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        // While the log is open (WAL not checkpointed), take the files as a crash would leave them.
        for name in ["log.sqlite", "log.sqlite-wal"] {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: crashed + "/" + name)
        }
        try await log.close()

        let wal = crashed + "/log.sqlite-wal"
        let size = try FileManager.default.attributesOfItem(atPath: wal)[.size] as! Int
        #expect(size > 4096 * 10)  // the ten commits really are in the WAL
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: wal))
        try handle.truncate(atOffset: UInt64(size - 100))
        try handle.close()

        let recovered = try SQLiteMetricLog(directory: crashed)
        #expect(recovered.recoveryReport.isClean)
        let replay = try await LogReplayer.replay(recovered)
        #expect(replay.entries.map(\.seq) == Array(1...9))
        #expect(replay.entries.map(\.batch) == (UInt64(1)...9).map(sampleBatch))
        try await recovered.close()
    }
}

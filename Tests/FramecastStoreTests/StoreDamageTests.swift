import Foundation
import FramecastCore
import FramecastStore
import GRDB
import Testing

/// Rows of docs/store-damage.md that no other suite covers: a missing WAL, a duplicated entry,
/// a damaged main database file and a torn page in it.
@Suite("Store damage")
struct StoreDamageTests {
    /// A closed log holding batches 1…count, its WAL checkpointed into the main file (as a
    /// long-running store's mostly is), so that damage to the main file hits the entries.
    func makeLog(count: Int) async throws -> String {
        let directory = makeTemporaryDirectory()
        let log = try SQLiteMetricLog(directory: directory)
        for seed in 1...UInt64(count) { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        try await log.close()
        try await DatabaseQueue(path: directory + "/log.sqlite").writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return directory
    }

    func overwrite(_ path: String, at offset: UInt64, with bytes: [UInt8]) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    @Test("a missing WAL loses the commits it held; the store opens on what the main file has")
    func missingWAL() async throws {
        let source = makeTemporaryDirectory()
        let crashed = makeTemporaryDirectory()
        defer {
            removeDirectory(source)
            removeDirectory(crashed)
        }
        let log = try SQLiteMetricLog(directory: source)
        for seed in UInt64(1)...5 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        // The main file as it is now holds no entry (nothing checkpointed yet); the WAL is lost.
        try FileManager.default.copyItem(atPath: source + "/log.sqlite", toPath: crashed + "/log.sqlite")
        try await log.close()

        let reopened = try SQLiteMetricLog(directory: crashed)
        #expect(reopened.recoveryReport.isClean)
        let replay = try await LogReplayer.replay(reopened)
        #expect(replay.entries.isEmpty, "what only the WAL held is gone, and nothing invalid is read")
        #expect(try await reopened.append(LogBatchCodec.encode(sampleBatch(9))) == 1)
        try await reopened.close()
    }

    @Test("a duplicated entry with an idempotency key is applied once on replay")
    func duplicatedEntry() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        let options = IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h")))
        let now: EpochMillis = 1_700_000_100_000
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            var batch = await engine.makeBatch()
            var text = "dup.x 5 1700000000\n"
            text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
            #expect(try await engine.ingest(batch, idempotencyKey: "k", now: now).apply.accepted == 1)
            try await engine.close()
        }
        // The same entry stored again under the next sequence number (a replayed client retry,
        // a botched copy): same bytes, valid checksum.
        try await DatabaseQueue(path: directory + "/log.sqlite").write { db in
            try db.execute(sql: "INSERT INTO log(seq, crc, body) SELECT seq + 1, crc, body FROM log WHERE seq = 1")
        }
        let reopened = try await IngestEngine(directory: directory, options: options)
        #expect(reopened.recovery.replayedEntries == 2)
        let snapshot = await reopened.snapshot()
        let id = try #require(snapshot.id(of: SeriesKey(name: "dup.x")))
        let buckets = snapshot.buckets(id, tier: 0, from: 0, until: .max / 2)
        #expect(buckets.reduce(0) { $0 + Int($1.count) } == 1, "the duplicate was not counted twice")
        try await reopened.close()
    }

    @Test("a damaged database header refuses to open with a message that says what to do")
    func damagedHeader() async throws {
        let directory = try await makeLog(count: 3)
        defer { removeDirectory(directory) }
        try overwrite(directory + "/log.sqlite", at: 0, with: Array(repeating: 0xA5, count: 100))
        do {
            _ = try SQLiteMetricLog(directory: directory)
            Issue.record("a damaged database opened")
        } catch let error as MetricLogError {
            guard case .damagedDatabase = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("restore it from a backup"))
        }
        // The refusal released the directory: a fresh store can take its place.
        try FileManager.default.removeItem(atPath: directory + "/log.sqlite")
        let fresh = try SQLiteMetricLog(directory: directory)
        try await fresh.close()
    }

    @Test("a torn page in the main file quarantines the entries it held and what follows them")
    func tornPage() async throws {
        let directory = try await makeLog(count: 200)
        defer { removeDirectory(directory) }
        let path = directory + "/log.sqlite"
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let pageSize = try await DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size")! }
        #expect(size / pageSize > 8)
        // Half of a page of the log table torn (zeros), as a power cut mid-write leaves it.
        let page = UInt64(size / pageSize / 2)
        try overwrite(path, at: page * UInt64(pageSize), with: Array(repeating: 0, count: pageSize / 2))
        // The entries on that page fail their checksums: recovery sets them (and what follows
        // them) aside and the store opens on the verified prefix.
        let log = try SQLiteMetricLog(directory: directory)
        let report = log.recoveryReport
        #expect(!report.isClean)
        let first = try #require(report.discardedEntries.first?.seq)
        #expect(first > 1 && first <= 200)
        let replay = try await LogReplayer.replay(log)
        #expect(replay.entries.map(\.seq) == Array(1..<first))
        #expect(replay.entries.map(\.batch) == (UInt64(1)..<first).map(sampleBatch))
        try await log.close()
    }
}

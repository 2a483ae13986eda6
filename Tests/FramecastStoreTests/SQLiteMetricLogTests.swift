import Foundation
import FramecastCore
import FramecastStore
import GRDB
import Testing

@Suite("SQLiteMetricLog")
struct SQLiteMetricLogTests {
    @Test("appends get increasing sequence numbers and read back in order")
    func appendAndReadInOrder() async throws {
        try await withTemporaryLog { log, _ in
            var expected: [(UInt64, EncodedBatch)] = []
            for seed in UInt64(1)...20 {
                let encoded = LogBatchCodec.encode(sampleBatch(seed))
                let seq = try await log.append(encoded)
                expected.append((seq, encoded))
            }
            #expect(expected.map(\.0) == Array(1...20))
            #expect(log.lastSequence == 20)
            let entries = try await log.entries(after: 0, limit: 100)
            #expect(entries.map(\.seq) == Array(1...20))
            #expect(entries.map(\.body) == expected.map(\.1.bytes))
            #expect(entries.map(\.checksum) == expected.map(\.1.checksum))
            #expect(try await log.entries(after: 15, limit: 3).map(\.seq) == [16, 17, 18])
            #expect(try await log.entries(after: 20, limit: 3).isEmpty)
        }
    }

    @Test("replay decodes every batch after the checkpoint, in order, across pages")
    func replay() async throws {
        try await withTemporaryLog { log, _ in
            for seed in UInt64(1)...30 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
            try await log.saveCheckpoint(seq: 10, state: [1, 2, 3])
            let replay = try await LogReplayer.replay(log, pageSize: 7)
            #expect(replay.checkpoint == Checkpoint(seq: 10, state: [1, 2, 3]))
            #expect(replay.entries.map(\.seq) == Array(11...30))
            #expect(replay.entries.map(\.batch) == (UInt64(11)...30).map(sampleBatch))
            #expect(replay.lastSequence == 30)
        }
    }

    @Test("concurrent appends share commits and are all durable")
    func groupCommit() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let log = try SQLiteMetricLog(directory: directory)
        let count = 400
        let results = try await withThrowingTaskGroup(of: (UInt64, UInt64, UInt32).self) { group in
            for seed in 1...count {
                group.addTask {
                    let encoded = LogBatchCodec.encode(sampleBatch(UInt64(seed)))
                    return (UInt64(seed), try await log.append(encoded), encoded.checksum)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let statistics = log.statistics
        #expect(Set(results.map(\.1)) == Set(1...UInt64(count)))
        #expect(statistics.appends == UInt64(count))
        #expect(statistics.transactions < UInt64(count))
        #expect(statistics.largestGroup > 1)
        try await log.close()

        // Reopened from disk: every acknowledged batch is there under its sequence number.
        let reopened = try SQLiteMetricLog(directory: directory)
        #expect(reopened.recoveryReport.isClean)
        #expect(reopened.recoveryReport.verifiedEntries == count)
        let bySeq = Dictionary(uniqueKeysWithValues: try await reopened.entries(after: 0, limit: count).map { ($0.seq, $0) })
        for (seed, seq, checksum) in results {
            #expect(bySeq[seq]?.checksum == checksum)
            #expect(try LogBatchCodec.decode(bySeq[seq]!.body) == sampleBatch(seed))
        }
        try await reopened.close()
    }

    @Test("commits are synchronous=FULL in WAL mode")
    func durabilitySettings() async throws {
        try await withTemporaryLog { log, directory in
            _ = try await log.append(LogBatchCodec.encode(sampleBatch(1)))
            // The setting is per connection; check the file really is in WAL mode and the
            // writer refused to open otherwise (SQLiteMetricLog.setUpDurability checks FULL).
            let queue = try DatabaseQueue(path: directory + "/log.sqlite")
            #expect(try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            try queue.close()
        }
    }

    @Test("a second process or instance cannot open the same directory")
    func exclusive() async throws {
        try await withTemporaryLog { _, directory in
            #expect(throws: MetricLogError.locked(path: directory)) { try SQLiteMetricLog(directory: directory) }
        }
    }

    @Test("close waits for queued appends; later calls fail")
    func closeSemantics() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let log = try SQLiteMetricLog(directory: directory)
        async let first = log.append(LogBatchCodec.encode(sampleBatch(1)))
        async let second = log.append(LogBatchCodec.encode(sampleBatch(2)))
        let seqs = try await [first, second]
        try await log.close()
        try await log.close()
        await #expect(throws: MetricLogError.closed) { try await log.append(LogBatchCodec.encode(sampleBatch(3))) }
        await #expect(throws: MetricLogError.closed) { try await log.entries(after: 0, limit: 1) }
        let reopened = try SQLiteMetricLog(directory: directory)
        #expect(try await reopened.entries(after: 0, limit: 10).map(\.seq) == seqs.sorted())
        try await reopened.close()
    }

    @Test("oversized batches are refused")
    func batchTooLarge() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        var options = SQLiteMetricLog.Options()
        options.maxBatchBytes = 100
        let log = try SQLiteMetricLog(directory: directory, options: options)
        let big = EncodedBatch(bytes: [UInt8](repeating: 1, count: 101))
        await #expect(throws: MetricLogError.batchTooLarge(bytes: 101, limit: 100)) { try await log.append(big) }
        #expect(try await log.append(EncodedBatch(bytes: [1, 2, 3])) == 1)
        try await log.close()
    }

    @Test("replay names an entry that verifies but is not a batch")
    func undecodableEntry() async throws {
        try await withTemporaryLog { log, _ in
            _ = try await log.append(LogBatchCodec.encode(sampleBatch(1)))
            _ = try await log.append(EncodedBatch(bytes: [1, 2, 3]))
            await #expect(throws: LogReplayer.UndecodableEntry(seq: 2, error: .tooShort(3))) {
                try await LogReplayer.replay(log)
            }
        }
    }
}

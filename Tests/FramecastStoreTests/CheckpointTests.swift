import Foundation
import FramecastCore
import FramecastStore
import GRDB
import Testing

@Suite("Checkpoints and trimming")
struct CheckpointTests {
    @Test("save, load, keep the two newest")
    func saveAndLoad() async throws {
        try await withTemporaryLog { log, directory in
            #expect(try await log.latestCheckpoint() == nil)
            for seed in UInt64(1)...10 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
            try await log.saveCheckpoint(seq: 3, state: [3])
            try await log.saveCheckpoint(seq: 6, state: [6, 6])
            try await log.saveCheckpoint(seq: 9, state: [9, 9, 9])
            #expect(try await log.latestCheckpoint() == Checkpoint(seq: 9, state: [9, 9, 9]))
            // Same sequence number replaces; older or unacknowledged ones are refused.
            try await log.saveCheckpoint(seq: 9, state: [])
            #expect(try await log.latestCheckpoint() == Checkpoint(seq: 9, state: []))
            await #expect(throws: MetricLogError.checkpointBehind(seq: 5, newest: 9)) {
                try await log.saveCheckpoint(seq: 5, state: [])
            }
            await #expect(throws: MetricLogError.checkpointAhead(seq: 11, lastSequence: 10)) {
                try await log.saveCheckpoint(seq: 11, state: [])
            }
            let kept = try await DatabaseQueue(path: directory + "/log.sqlite").read {
                try Int64.fetchAll($0, sql: "SELECT seq FROM checkpoint ORDER BY seq")
            }
            #expect(kept == [6, 9])
        }
    }

    @Test("trim deletes entries up to the oldest retained checkpoint, never past it")
    func trim() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let log = try SQLiteMetricLog(directory: directory)
        for seed in UInt64(1)...30 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        #expect(try await log.trim(through: 30) == 0)  // no checkpoint: nothing may go
        try await log.saveCheckpoint(seq: 10, state: [10])
        #expect(try await log.trim(through: 10) == 10)
        #expect(try await log.entries(after: 0, limit: 1).first?.seq == 11)
        try await log.saveCheckpoint(seq: 20, state: [20])
        #expect(try await log.trim(through: 20) == 10)  // 10 is still retained as the fallback
        try await log.saveCheckpoint(seq: 25, state: [25])
        #expect(try await log.trim(through: 25) == 20)
        #expect(try await log.entries(after: 0, limit: 100).map(\.seq) == Array(21...30))
        let replay = try await LogReplayer.replay(log)
        #expect(replay.checkpoint?.seq == 25)
        #expect(replay.entries.map(\.seq) == Array(26...30))
        try await log.close()
    }

    @Test("sequence numbers are not reused after the whole log was trimmed")
    func noReuseAfterTrim() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let log = try SQLiteMetricLog(directory: directory)
        for seed in UInt64(1)...5 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        try await log.saveCheckpoint(seq: 5, state: [5])
        #expect(try await log.trim(through: 5) == 5)
        #expect(try await log.entries(after: 0, limit: 10).isEmpty)
        try await log.close()
        let reopened = try SQLiteMetricLog(directory: directory)
        #expect(reopened.recoveryReport.isClean)
        #expect(reopened.lastSequence == 5)
        #expect(try await reopened.append(LogBatchCodec.encode(sampleBatch(6))) == 6)
        try await reopened.close()
    }

    @Test("a corrupt newest checkpoint falls back to the previous one")
    func corruptCheckpointFallsBack() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let log = try SQLiteMetricLog(directory: directory)
        for seed in UInt64(1)...12 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        try await log.saveCheckpoint(seq: 4, state: [4, 4, 4, 4])
        try await log.saveCheckpoint(seq: 8, state: [8, 8, 8, 8])
        #expect(try await log.trim(through: 8) == 4)
        try await log.close()

        // Damage the newest checkpoint's bytes behind the log's back.
        try await DatabaseQueue(path: directory + "/log.sqlite").write {
            try $0.execute(sql: "UPDATE checkpoint SET state = x'08080809' WHERE seq = 8")
        }
        let reopened = try SQLiteMetricLog(directory: directory)
        let report = reopened.recoveryReport
        #expect(report.checkpointSeq == 4)
        #expect(report.discardedCheckpoints.map(\.seq) == [8])
        #expect(report.discardedEntries.isEmpty)
        #expect(report.missingEntries == nil)
        // Replay from checkpoint 4 still finds entries 5…12: trim kept them for this.
        let replay = try await LogReplayer.replay(reopened)
        #expect(replay.checkpoint == Checkpoint(seq: 4, state: [4, 4, 4, 4]))
        #expect(replay.entries.map(\.seq) == Array(5...12))
        #expect(replay.entries.map(\.batch) == (UInt64(5)...12).map(sampleBatch))
        try await reopened.close()
    }

    @Test("losing every checkpoint after a trim is reported as missing entries")
    func allCheckpointsCorrupt() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let log = try SQLiteMetricLog(directory: directory)
        for seed in UInt64(1)...10 { _ = try await log.append(LogBatchCodec.encode(sampleBatch(seed))) }
        try await log.saveCheckpoint(seq: 4, state: [4])
        try await log.saveCheckpoint(seq: 8, state: [8])
        #expect(try await log.trim(through: 8) == 4)
        try await log.close()
        try await DatabaseQueue(path: directory + "/log.sqlite").write {
            try $0.execute(sql: "UPDATE checkpoint SET crc = crc + 1")
        }
        let reopened = try SQLiteMetricLog(directory: directory)
        let report = reopened.recoveryReport
        #expect(report.checkpointSeq == nil)
        #expect(report.discardedCheckpoints.map(\.seq) == [8, 4])
        #expect(report.missingEntries == 1...4)
        #expect(report.discardedEntries.isEmpty)
        #expect(!report.isClean)
        #expect(try await reopened.latestCheckpoint() == nil)
        try await reopened.close()
    }
}

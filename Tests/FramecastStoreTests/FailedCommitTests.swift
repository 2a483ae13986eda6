import Foundation
import FramecastCore
import FramecastStore
import Synchronization
import Testing

/// Fails chosen commit stages a chosen number of times (`SQLiteMetricLog.Options.commitFault`).
final class CommitFaults: Sendable {
    struct Injected: Error, CustomStringConvertible {
        let stage: CommitStage
        var description: String { "injected I/O error at \(stage)" }
    }

    private let remaining = Mutex<[CommitStage: Int]>([:])

    func fail(_ stage: CommitStage, times: Int = 1) { remaining.withLock { $0[stage] = times } }

    func check(_ stage: CommitStage) throws {
        let fails = remaining.withLock { remaining -> Bool in
            guard let count = remaining[stage], count > 0 else { return false }
            remaining[stage] = count - 1
            return true
        }
        if fails { throw Injected(stage: stage) }
    }

    var options: SQLiteMetricLog.Options {
        var options = SQLiteMetricLog.Options()
        options.commitFault = { [self] stage in try check(stage) }
        return options
    }
}

/// Defect 6: a failed commit no longer wedges the log until a restart. The log reopens its
/// database, finds out whether the group was stored, and tells the caller which it was.
@Suite("Failed commits")
struct FailedCommitTests {
    @Test("a commit that failed before reaching the disk says nothing was stored, and the next append works")
    func failedBeforeCommit() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let faults = CommitFaults()
        let log = try SQLiteMetricLog(directory: directory, options: faults.options)
        faults.fail(.beforeCommit)
        await #expect(throws: MetricLogError.commitNotStored("injected I/O error at beforeCommit")) {
            try await log.append(LogBatchCodec.encode(sampleBatch(1)))
        }
        #expect(log.writeFailure == nil)
        let seq = try await log.append(LogBatchCodec.encode(sampleBatch(2)))
        #expect(seq == 1, "the failed append used no sequence number")
        #expect(try await log.entries(after: 0, limit: 10).map(\.body) == [LogBatchCodec.encode(sampleBatch(2)).bytes])
        try await log.close()
    }

    @Test("a commit that reached the disk but reported failure is acknowledged")
    func failedAfterCommit() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let faults = CommitFaults()
        let log = try SQLiteMetricLog(directory: directory, options: faults.options)
        faults.fail(.afterCommit)
        let seq = try await log.append(LogBatchCodec.encode(sampleBatch(1)))
        #expect(seq == 1)
        #expect(try await log.append(LogBatchCodec.encode(sampleBatch(2))) == 2)
        #expect(try await log.entries(after: 0, limit: 10).map(\.seq) == [1, 2])
        try await log.close()
    }

    @Test("when reopening fails too the log reports it, then recovers without a restart")
    func unknownThenRecovered() async throws {
        let directory = makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let faults = CommitFaults()
        let log = try SQLiteMetricLog(directory: directory, options: faults.options)
        faults.fail(.beforeCommit)
        faults.fail(.reopen, times: 2)
        await #expect(throws: MetricLogError.self) { try await log.append(LogBatchCodec.encode(sampleBatch(1))) }
        let failure = try #require(log.writeFailure)
        #expect(failure.description.contains("Idempotency-Key"))
        // The second reopen (by the health check) fails as well; the third works.
        #expect(await log.checkHealth() != nil)
        #expect(await log.checkHealth() == nil)
        #expect(try await log.append(LogBatchCodec.encode(sampleBatch(2))) == 1)
        try await log.close()
    }

    @Test("a commit of unknown outcome that did reach the disk is set aside, never applied, also after a restart")
    func unknownButStoredIsSetAside() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        let faults = CommitFaults()
        var options = IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h")))
        options.log = faults.options
        let now: EpochMillis = 1_700_000_100_000
        func batch(_ engine: IngestEngine, _ text: String) async -> ParsedBatch {
            var batch = await engine.makeBatch()
            var copy = text
            copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
            return batch
        }
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            faults.fail(.afterCommit)
            faults.fail(.reopen)
            await #expect(throws: MetricLogError.self) {
                try await engine.ingest(await batch(engine, "lost.x 1 1700000000\n"), now: now)
            }
            #expect(engine.log.writeFailure != nil)
            let result = try await engine.ingest(await batch(engine, "kept.x 2 1700000000\n"), now: now)
            #expect(result.sequence == 2, "sequence 1 was set aside")
            #expect(result.apply.accepted == 1)
            let snapshot = await engine.snapshot()
            #expect(snapshot.id(of: SeriesKey(name: "lost.x")) == nil)
            #expect(snapshot.id(of: SeriesKey(name: "kept.x")) != nil)
            try await engine.close()
        }
        let reopened = try await IngestEngine(directory: directory, options: IngestEngine.Options(rules: options.rules))
        let snapshot = await reopened.snapshot()
        #expect(snapshot.id(of: SeriesKey(name: "lost.x")) == nil, "the unacknowledged batch is not replayed")
        #expect(snapshot.id(of: SeriesKey(name: "kept.x")) != nil)
        try await reopened.close()
    }
}

import Foundation
import FramecastCore
import FramecastStore
import FramecastTestSupport
import GRDB
import Synchronization
import Testing

/// SIGKILL crash test of the ingest engine (`framecast-crash-child engine-run`, see
/// `CrashTestChild+Engine.swift`): a child ingests deterministic batches through `IngestEngine`
/// from four concurrent tasks, with background checkpoints (and log trims) several times a
/// second, and acknowledges each batch once `ingest` returned. This test kills it again and
/// again on the same data directory and, after every kill, recovers the engine (newest
/// checkpoint + replay) and checks through the rollups that every batch acknowledged so far, in
/// any cycle, is present with exactly its points, and nothing else is (no half-applied or
/// twice-applied batch), that the 1 m tier agrees with the 1 s tier, and that the idempotency
/// window remembers exactly the keys of the batches present. Zero lost is the only pass.
///
/// Kills are aimed four ways, in turn: 5–150 ms after spawning (they land during start and
/// recovery/replay), 5–150 ms after the child reported the engine open (among ingests and
/// checkpoints), at a random point of a background checkpoint (0 ms up to the duration of the
/// last one seen, from its start), and 5–150 ms after a checkpoint was saved (so checkpoints
/// keep completing and trimming however long they take as the state grows). The child's
/// checkpoint interval varies too (20 ms, 100 ms, 400 ms): back-to-back checkpoints, a few per
/// run, or none before the kill, leaving a longer log for the next start to replay.
/// `scripts/engine-crash-test.sh` runs the same for 100 cycles.
@Suite("Engine crash safety", .serialized)
struct EngineCrashTests {
    static let cycles = 40
    static let delays = 5...150  // milliseconds
    static let checkpointIntervals = [20, 100, 400]  // milliseconds

    enum Aim: String, CaseIterable {
        case spawn = "after spawn"
        case open = "after open"
        case inCheckpoint = "into a checkpoint"
        case
            afterCheckpoint = "after a checkpoint saved"

        /// The line of the child's output the delay counts from (nil: from spawning).
        var marker: String? {
            switch self {
            case .spawn: nil
            case .open: "# opened"
            case .inCheckpoint: "\n# checkpoint started"
            case .afterCheckpoint: "\n# checkpoint saved"
            }
        }
    }

    /// Where a kill landed, judged from the child's notes.
    enum Landing: String, CaseIterable {
        case recovery = "during start/recovery"
        case checkpoint = "during a checkpoint"
        case ingest = "during ingest only"
    }

    @Test("SIGKILL during ingest, checkpoints and recovery loses no acknowledged point", .timeLimit(.minutes(8)))
    func sigkillLosesNoAcknowledgedPoint() async throws {
        guard let child = CrashTests.childExecutable() else {
            Issue.record("framecast-crash-child is not built (or set FRAMECAST_CRASH_CHILD to its path)")
            return
        }
        let seed =
            ProcessInfo.processInfo.environment["FRAMECAST_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        var random = SplitMix64(seed: seed)
        let root = makeTemporaryDirectory("framecast-engine-crash")
        defer { removeDirectory(root) }
        let data = root + "/data"
        let started = ContinuousClock.now

        var acks: [CrashTestChild.EngineAck] = []
        var landings: [Landing: Int] = [:]
        var cyclesWithAcks = 0
        var checkpointsSaved = 0
        var replayed = 0
        var checkpointMillis = 40
        var last = CrashTestChild.EngineVerification()
        for cycle in 0..<Self.cycles {
            let aim = Aim.allCases[cycle % Aim.allCases.count]
            let range = aim == .inCheckpoint ? 0...max(40, checkpointMillis) : Self.delays
            let delay = range.lowerBound + Int(random.next() % UInt64(range.count))
            let interval = Self.checkpointIntervals[(cycle / Aim.allCases.count) % Self.checkpointIntervals.count]
            let run = try await Self.runAndKill(
                child, data: data, root: root, cycle: cycle, aim: aim,
                afterMilliseconds: delay, checkpointEvery: interval)
            guard run.exit.reason == .uncaughtSignal, run.exit.status == SIGKILL else {
                Issue.record("cycle \(cycle): the child stopped by itself (\(run.exit)) before the kill: \(run.errors)")
                return
            }
            let new = CrashTestChild.parseEngineAcks(run.output)
            if !new.isEmpty { cyclesWithAcks += 1 }
            acks += new
            landings[Self.landing(run.output), default: 0] += 1
            checkpointsSaved += run.output.components(separatedBy: "# checkpoint saved").count - 1
            checkpointMillis = Self.lastCheckpointMillis(run.output) ?? checkpointMillis
            last = try await CrashTestChild.engineVerify(dataDirectory: data, acks: acks)
            replayed += last.recovery?.replayedEntries ?? 0
            guard last.passed else {
                let tail = String(run.output.suffix(600))
                Issue.record(
                    """
                    cycle \(cycle) (seed \(seed), kill \(delay) ms \(aim.rawValue), checkpoints every \(interval) ms): \(last)
                    \(tail)
                    """)
                return
            }
        }
        let seconds = (ContinuousClock.now - started).components.seconds
        let kills = Landing.allCases.map { "\($0.rawValue): \(landings[$0] ?? 0)" }.joined(separator: ", ")
        var summary = "engine crash test: \(Self.cycles) SIGKILL cycles in \(seconds) s, "
        summary += "\(last.acknowledged) acknowledged batches (\(last.acknowledgedPoints) points) all present exactly; "
        summary += "\(last.presentBatches) batches in the state, \(last.unacknowledgedPresent) unacknowledged; "
        summary += "\(checkpointsSaved) checkpoints saved during the runs (last took \(checkpointMillis) ms), "
        summary += "\(replayed) entries replayed by the verifications; kills \(kills) (seed \(seed))"
        print(summary)
        // Guard against a vacuous pass: kills must land while acknowledging, in checkpoints and
        // in recovery, and checkpoints must have been written and loaded.
        #expect(cyclesWithAcks >= Self.cycles / 3, "only \(cyclesWithAcks) of \(Self.cycles) cycles acknowledged anything")
        #expect(last.acknowledged > 300)
        #expect(checkpointsSaved >= Self.cycles / 4)
        #expect(last.recovery?.checkpointSeq != nil)
        #expect((landings[.checkpoint] ?? 0) >= 2, "kills during checkpoints: \(landings)")
        #expect((landings[.recovery] ?? 0) >= 2, "kills during recovery: \(landings)")
    }

    /// How long the child's last finished checkpoint took, from its "# checkpoint finished after N ms".
    static func lastCheckpointMillis(_ output: String) -> Int? {
        guard let note = output.range(of: "# checkpoint finished after ", options: .backwards) else { return nil }
        return Int(output[note.upperBound...].prefix { $0.isNumber })
    }

    /// A kill landed in start/recovery if the child never reported the engine open, in a
    /// checkpoint if its last checkpoint note says one started and had not finished.
    static func landing(_ output: String) -> Landing {
        guard output.hasPrefix("# opened") else { return .recovery }
        guard let note = output.range(of: "\n# checkpoint st", options: .backwards) else { return .ingest }
        guard let finished = output.range(of: "\n# checkpoint finished", options: .backwards) else { return .checkpoint }
        return finished.lowerBound < note.lowerBound ? .checkpoint : .ingest
    }

    /// Starts `child engine-run data`, SIGKILLs it `delay` ms after `aim`, returns what it wrote.
    static func runAndKill(
        _ child: URL, data: String, root: String, cycle: Int, aim: Aim, afterMilliseconds delay: Int,
        checkpointEvery: Int
    ) async throws -> (output: String, errors: String, exit: (reason: Process.TerminationReason, status: Int32)) {
        let outputPath = root + "/engine-acks-\(cycle).txt"
        let errorPath = root + "/engine-stderr-\(cycle).txt"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let outputFile = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer {
            try? outputFile.close()
            try? errorFile.close()
        }
        let process = Process()
        process.executableURL = child
        process.arguments = ["engine-run", data, "4", "0", "\(checkpointEvery)"]
        process.standardOutput = outputFile
        process.standardError = errorFile
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        try process.run()
        if let marker = aim.marker {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, process.isRunning,
                !((try? String(contentsOfFile: outputPath, encoding: .utf8))?.contains(marker) ?? false)
            {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        try await Task.sleep(for: .milliseconds(delay))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let output = try String(contentsOfFile: outputPath, encoding: .utf8)
        let errors = try String(contentsOfFile: errorPath, encoding: .utf8)
        return (output, errors, (process.terminationReason, process.terminationStatus))
    }
}

/// The engine crash test's generator and verifier, without killing anything: a clean run
/// verifies, and the verifier notices a lost, a twice-applied and a stray batch.
@Suite struct EngineCrashVerifierTests {
    @Test func generatedBatchesFitTheirSlotAndAreDeterministic() {
        for batch in UInt64(1)...500 {
            let generated = CrashTestChild.engineBatch(batch)
            #expect(generated == CrashTestChild.engineBatch(batch))
            let slot = CrashTestChild.engineBaseTime + Int64(batch) * 1000
            #expect(generated.times.allSatisfy { $0 >= slot && $0 < slot + 1000 })
            #expect(
                Set(generated.times.indices.map { "\(generated.series[$0]) \(generated.times[$0])" }).count
                    == generated.pointCount, "distinct times per series")
            let expected = CrashTestChild.engineExpectedBuckets(batch)
            #expect(expected.count == generated.keys.count)
            #expect(expected.values.reduce(0) { $0 + Int($1.count) } == generated.pointCount)
        }
    }

    @Test func cleanRunVerifiesAndTheVerifierCatchesLossAndDoubleApplication() async throws {
        let directory = makeTemporaryDirectory("engine-crash-verify")
        defer { removeDirectory(directory) }
        let lines = LockedLines()
        try await CrashTestChild.engineRun(
            dataDirectory: directory, writers: 4, batches: 300,
            emit: { lines.append($0) })
        let acks = CrashTestChild.parseEngineAcks(lines.text)
        #expect(acks.count == 300)
        let clean = try await CrashTestChild.engineVerify(dataDirectory: directory, acks: acks)
        #expect(clean.passed, "\(clean)")
        #expect(clean.intact == 300 && clean.presentBatches == 300 && clean.unacknowledgedPresent == 0)

        // An acknowledgement for a batch that never reached the engine: lost.
        let lost = try await CrashTestChild.engineVerify(
            dataDirectory: directory, acks: acks + [CrashTestChild.EngineAck(seq: 301, batch: 301)])
        #expect(!lost.passed && lost.missing == [301] && !lost.beyondLog.isEmpty)

        // An unkeyed batch applied twice (as a replay overlapping its checkpoint would): damaged.
        let unkeyed = UInt64(CrashTestChild.engineUnkeyedEvery) * 5
        let engine = try await openWhenReleased(directory)
        let again = CrashTestChild.engineBatch(unkeyed).parsed(into: await engine.makeBatch())
        let result = try await engine.ingest(again, now: CrashTestChild.engineNow)
        #expect(!result.isDuplicate)
        try await engine.close()
        let doubled = try await CrashTestChild.engineVerify(dataDirectory: directory, acks: acks)
        #expect(!doubled.passed && doubled.damaged.count == 1 && doubled.missing.isEmpty, "\(doubled)")
    }

    @Test func verifierRejectsAStrayBucketAndAForgottenKey() async throws {
        let directory = makeTemporaryDirectory("engine-crash-verify")
        defer { removeDirectory(directory) }
        let lines = LockedLines()
        try await CrashTestChild.engineRun(dataDirectory: directory, writers: 2, batches: 20, emit: { lines.append($0) })
        let acks = CrashTestChild.parseEngineAcks(lines.text)
        let engine = try await openWhenReleased(directory)
        // Batch 21's points without its idempotency key: present, but its key is not remembered.
        var stray = CrashTestChild.engineBatch(21)
        stray.idempotencyKey = nil
        _ = try await engine.ingest(stray.parsed(into: await engine.makeBatch()), now: CrashTestChild.engineNow)
        // One stray point in batch 30's slot: a bucket no batch explains.
        let offSlot = LogBatch(
            keys: [CrashTestChild.engineSeriesKey(0)], series: [0],
            times: [CrashTestChild.engineBaseTime + 30 * 1000 + 1], values: [7])
        _ = try await engine.ingest(offSlot.parsed(into: await engine.makeBatch()), now: CrashTestChild.engineNow)
        try await engine.close()
        let verification = try await CrashTestChild.engineVerify(dataDirectory: directory, acks: acks)
        #expect(!verification.passed)
        #expect(verification.missing.isEmpty && verification.intact == 20)
        #expect(!verification.idempotency.isEmpty, "\(verification)")
        #expect(!verification.unexpected.isEmpty, "\(verification)")
    }
}

/// Opens the engine, waiting up to 10 s while the directory is still locked. In the full suite
/// (crash tests spawning and killing children in parallel) this open once found the directory
/// locked right after the previous engine had closed it; the cause is not found yet (suspect: a
/// spawned child briefly sharing the lock's open file description before exec). The wait keeps
/// this test about the verifier; the engine's own locking is tested elsewhere.
func openWhenReleased(_ directory: String) async throws -> IngestEngine {
    let deadline = ContinuousClock.now + .seconds(10)
    while true {
        do {
            return try await IngestEngine(directory: directory, options: CrashTestChild.engineOptions())
        } catch MetricLogError.locked where ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Lines emitted from several tasks, collected in order.
final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.joined() } }
}

/// Recovery that sets a damaged log tail aside leaves the log's next sequence number above the
/// last entry replayed; the engine must carry on from the log's numbering, not wait for the
/// numbers set aside (which never come: every later ingest would hang).
@Suite struct EngineQuarantinedTailTests {
    @Test(.timeLimit(.minutes(3)))
    func ingestAfterADamagedTailWasSetAsideCompletes() async throws {
        let directory = makeTemporaryDirectory("engine-quarantine")
        defer { removeDirectory(directory) }
        let options = try CrashTestChild.engineOptions(checkpointEvery: .seconds(3600))
        try await CrashTestChild.engineRun(dataDirectory: directory, writers: 1, batches: 6, options: options, emit: { _ in })
        // Damage entries 5 and 6 (no checkpoint covers them: the run was too short): recovery
        // quarantines them, and the log's next number is 7.
        try await DatabaseQueue(path: directory + "/log.sqlite").write {
            try $0.execute(sql: "UPDATE log SET crc = crc + 1 WHERE seq >= 5")
        }
        let engine = try await IngestEngine(directory: directory, options: options)
        #expect(engine.recovery.lastSequence == 4 && engine.recovery.log.discardedEntries.count == 2)
        let batch = CrashTestChild.engineBatch(7).parsed(into: await engine.makeBatch())
        let ingest = Task { try await engine.ingest(batch, idempotencyKey: "after-quarantine", now: CrashTestChild.engineNow) }
        let deadline = ContinuousClock.now + .seconds(5)
        let done = LockedLines()
        Task {
            _ = try? await ingest.value
            done.append("done")
        }
        while done.text.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        guard !done.text.isEmpty else {
            Issue.record("ingest after recovery quarantined the log's tail never completed (waits for sequence 5)")
            return
        }
        let result = try await ingest.value
        #expect(result.sequence == 7 && result.apply.accepted == CrashTestChild.engineBatch(7).pointCount)
        try await engine.close()
        // And the state after another restart has batches 1–4 and 7.
        let reopened = try await IngestEngine(directory: directory, options: options)
        let snapshot = await reopened.snapshot()
        let acks = [1, 2, 3, 4].map { CrashTestChild.EngineAck(seq: $0, batch: $0) } + [.init(seq: 7, batch: 7)]
        let verification = CrashTestChild.verifyEngineState(snapshot, recovery: reopened.recovery, acks: acks)
        #expect(verification.missing.isEmpty && verification.intact == 5, "\(verification)")
        try await reopened.close()
    }
}

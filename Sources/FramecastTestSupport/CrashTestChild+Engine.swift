import Foundation
import FramecastCore
import FramecastStore

/// The engine-level crash test (`framecast-crash-child engine-run` / `engine-verify`).
///
/// `engine-run` opens an `IngestEngine` (so every start runs recovery: newest checkpoint plus
/// replay of the log after it) with a small checkpoint threshold and a short checkpoint
/// interval, so background checkpoints and log trims happen all the time, and ingests
/// deterministic batches from several concurrent tasks until it is killed. After each `ingest`
/// returns it writes one line with a single `write(2)`:
/// ```
/// ack <seq> <batch>
/// ```
/// Batch `b` is a pure function of `b` (`engineBatch(_:)`): 1–24 points with integer values
/// for each of a non-empty subset of four series, all inside the one-second slot
/// `[engineBaseTime + b·1000, +1000)` and at distinct milliseconds. The finest tier is 1 s, so
/// every tier-0 bucket holds exactly one batch's points for its series, and the recovered
/// rollups say exactly which batches are in the state: `engineVerify` checks that every
/// acknowledged batch's buckets are there with exactly the generated count, sum, min, max,
/// first and last, that nothing else is (no bucket of a batch never sent, none applied twice,
/// no batch half applied), that the coarser tier agrees with the finest, and that the
/// idempotency window remembers exactly the keys of the batches present.
///
/// Batch numbers continue across restarts: a run starts after the newest slot the recovered
/// state holds. (A batch lost unacknowledged in a kill may have its number reused by the next
/// run; it is regenerated identically, and was never acknowledged.)
///
/// Lines starting with `#` are progress notes for the test: `# opened: …` once recovery is
/// done, and `# checkpoint started` / `# checkpoint saved <seq>` / `# checkpoint finished after
/// <n> ms` as a 1 ms poll sees the engine's background checkpoint (encode, save, trim) come and
/// go, so the test can aim kills into checkpoints and say where each kill landed.
extension CrashTestChild {
    /// One engine acknowledgement line: the log sequence number `ingest` returned and the batch.
    public struct EngineAck: Sendable, Equatable {
        public let seq: UInt64
        public let batch: UInt64

        public init(seq: UInt64, batch: UInt64) {
            self.seq = seq
            self.batch = batch
        }

        public var line: String { "ack \(seq) \(batch)\n" }
    }

    /// The series the engine test writes to.
    public static let engineSeriesCount = 4

    public static func engineSeriesKey(_ index: Int) -> SeriesKey {
        SeriesKey(name: "crash.engine\(index)", tags: [.init("host", "h\(index % 2)")])
    }

    /// Start of slot 0 (a whole minute, so the 1 m tier's buckets hold whole slots).
    public static let engineBaseTime: EpochMillis = 1_700_000_040_000

    /// Every point at full resolution for 30 days of slots, plus a coarser tier that must agree
    /// with it. Rings grow with the span held, so the long retention costs nothing up front.
    public static let engineRetention = "1s:30d,1m:90d"

    /// The last batch number the test can use: one slot per batch, all within the 1 s tier
    /// (and within the idempotency window, `engineOptions`). A run past it stops with an error.
    public static let engineMaxBatch: UInt64 = 30 * 86_400 - 1

    /// The `now` passed to `ingest`: far enough ahead that no point is ever in the future.
    public static let engineNow: EpochMillis = engineBaseTime + 31 * 86_400_000

    /// Batches whose number is a multiple of this carry no idempotency key, so that a batch
    /// applied twice (a replay overlapping the checkpoint) shows as a doubled count instead of
    /// being absorbed by the idempotency window.
    public static let engineUnkeyedEvery: UInt64 = 4

    /// Options of the engine under test: tiny checkpoint threshold and interval so checkpoints
    /// and trims happen several times a second; an idempotency window larger than any run.
    public static func engineOptions(
        checkpointMinimumLogBytes: Int = 64 << 10,
        checkpointEvery: Duration = .milliseconds(25)
    ) throws -> IngestEngine.Options {
        var options = IngestEngine.Options(
            rules: RetentionRules(default: try RetentionPolicy(engineRetention)),
            aggregator: AggregatorConfig(idempotencyWindow: 1 << 22))
        options.checkpointMinimumLogBytes = checkpointMinimumLogBytes
        options.checkpointEvery = checkpointEvery
        return options
    }

    /// The idempotency key of batch `b`, nil for every `engineUnkeyedEvery`-th batch.
    public static func engineIdempotencyKey(_ batch: UInt64) -> String? {
        batch % engineUnkeyedEvery == 0 ? nil : "engine-crash-\(batch)"
    }

    /// The points batch `b` writes, per series index (ascending): times strictly increasing
    /// inside the batch's slot, integer values. Pure function of `b`; `b ≥ 1`.
    static func enginePoints(_ batch: UInt64) -> (series: [(index: Int, times: [EpochMillis], values: [Double])], rotation: UInt64) {
        var random = SplitMix64(seed: batch &* 0x2545_F491_4F6C_DD1D ^ 0xE4C1_0C0A_57CA_FE01)
        let mask = 1 + Int(random.next() % UInt64((1 << engineSeriesCount) - 1))
        let slot = engineBaseTime + Int64(batch) * 1000
        var series: [(index: Int, times: [EpochMillis], values: [Double])] = []
        for index in 0..<engineSeriesCount where mask & (1 << index) != 0 {
            let points = 1 + Int(random.next() % 24)
            var offset = Int64(random.next() % 40)  // ≤ 39 + 23·40 = 959: inside the slot
            var times: [EpochMillis] = []
            var values: [Double] = []
            for _ in 0..<points {
                times.append(slot + offset)
                values.append(Double(Int64(random.next() % 2001) - 1000))
                offset += 1 + Int64(random.next() % 40)
            }
            series.append((index, times, values))
        }
        return (series, random.next())
    }

    /// The batch `b` stands for (see `enginePoints`), its points in a rotated order so apply
    /// sees the series mixed, with `engineIdempotencyKey(b)`.
    public static func engineBatch(_ batch: UInt64) -> LogBatch {
        let (list, rotation) = enginePoints(batch)
        var keys: [SeriesKey] = []
        var series: [Int32] = []
        var times: [EpochMillis] = []
        var values: [Double] = []
        for (local, entry) in list.enumerated() {
            keys.append(engineSeriesKey(entry.index))
            series += Array(repeating: Int32(local), count: entry.times.count)
            times += entry.times
            values += entry.values
        }
        let shift = Int(rotation % UInt64(series.count))
        return LogBatch(
            keys: keys, series: Array(series[shift...] + series[..<shift]),
            times: Array(times[shift...] + times[..<shift]),
            values: Array(values[shift...] + values[..<shift]),
            idempotencyKey: engineIdempotencyKey(batch))
    }

    /// The tier-0 bucket batch `b` must leave in each series it writes, by series index.
    public static func engineExpectedBuckets(_ batch: UInt64) -> [Int: Bucket] {
        var buckets: [Int: Bucket] = [:]
        for entry in enginePoints(batch).series {
            buckets[entry.index] = Bucket(
                start: engineBaseTime + Int64(batch) * 1000, count: UInt32(entry.values.count),
                sum: entry.values.reduce(0, +), min: entry.values.min()!, max: entry.values.max()!,
                first: entry.values.first!, last: entry.values.last!,
                firstTime: entry.times.first!, lastTime: entry.times.last!)
        }
        return buckets
    }

    /// The first batch number after everything the state holds.
    static func firstFreeBatch(_ snapshot: Aggregator) -> UInt64 {
        var newest: EpochMillis = -1
        for index in 0..<engineSeriesCount {
            if let id = snapshot.id(of: engineSeriesKey(index)), let time = snapshot.newestTime(of: id) {
                newest = max(newest, time)
            }
        }
        return newest < engineBaseTime ? 1 : UInt64((newest - engineBaseTime) / 1000) + 1
    }

    /// Ingests until killed (or until `batches` were acknowledged, then closes the engine).
    public static func engineRun(
        dataDirectory: String, writers: Int = 4, batches: Int? = nil,
        options: IngestEngine.Options? = nil,
        emit: @escaping @Sendable (String) -> Void = StandardOutput.write
    ) async throws {
        let engine = try await IngestEngine(directory: dataDirectory, options: options ?? engineOptions())
        let first = firstFreeBatch(await engine.snapshot())
        emit("# opened: \(engine.recovery); next batch \(first)\n")
        let monitor = Task { await monitorCheckpoints(engine, emit: emit) }
        let counter = LockedState<UInt64>(0)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<max(1, writers) {
                    group.addTask {
                        while true {
                            let next: UInt64? = counter.withLock { count in
                                if let batches, count >= UInt64(batches) { return nil }
                                count += 1
                                return count
                            }
                            guard let next else { return }
                            let number = first + next - 1
                            guard number <= engineMaxBatch else {
                                throw EngineRunError.tooManyBatches(number)
                            }
                            let generated = engineBatch(number)
                            let parsed = generated.parsed(into: await engine.makeBatch())
                            let result = try await engine.ingest(
                                parsed, idempotencyKey: generated.idempotencyKey,
                                now: engineNow)
                            guard let seq = result.sequence, !result.isDuplicate,
                                result.apply.accepted == generated.pointCount
                            else {
                                throw EngineRunError.notAcceptedWhole(batch: number, result: result, expected: generated.pointCount)
                            }
                            emit(EngineAck(seq: seq, batch: number).line)
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            monitor.cancel()
            throw error
        }
        monitor.cancel()
        await monitor.value
        try await engine.close()
    }

    enum EngineRunError: Error, CustomStringConvertible {
        /// `ingest` did not accept a generated batch whole: the test's data is wrong, not the engine.
        case notAcceptedWhole(batch: UInt64, result: IngestResult, expected: Int)
        /// The data directory has been run so long that batch numbers left the retained slots.
        case tooManyBatches(UInt64)

        var description: String {
            switch self {
            case .notAcceptedWhole(let batch, let result, let expected):
                "batch \(batch): sequence \(result.sequence.map(String.init) ?? "nil"), duplicate \(result.isDuplicate), "
                    + "accepted \(result.apply.accepted) of \(expected), rejected \(result.apply.rejected)"
            case .tooManyBatches(let batch):
                "batch \(batch) is past \(CrashTestChild.engineMaxBatch), the last the test's retention keeps: use a new data directory"
            }
        }
    }

    /// Polls the engine every millisecond and reports its background checkpoints.
    static func monitorCheckpoints(_ engine: IngestEngine, emit: @Sendable (String) -> Void) async {
        var running = false
        var saved: UInt64?
        var began = ContinuousClock.now
        while !Task.isCancelled {
            let status = await engine.checkpointStatus
            if saved == nil { saved = status.seq }
            if status.running && !running {
                began = ContinuousClock.now
                emit("# checkpoint started\n")
            }
            if status.seq != saved {
                emit("# checkpoint saved \(status.seq)\n")
                saved = status.seq
            }
            if !status.running && running {
                let took = ContinuousClock.now - began
                let ms = took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000
                emit("# checkpoint finished after \(ms) ms\n")
            }
            running = status.running
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// The engine acknowledgements in a child's output; other lines, and a last line cut short
    /// by the kill (no newline), are ignored.
    public static func parseEngineAcks(_ text: String) -> [EngineAck] {
        guard let end = text.lastIndex(of: "\n") else { return [] }
        var acks: [EngineAck] = []
        for line in text[..<end].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "ack", let seq = UInt64(fields[1]), let batch = UInt64(fields[2])
            else { continue }
            acks.append(EngineAck(seq: seq, batch: batch))
        }
        return acks
    }
}

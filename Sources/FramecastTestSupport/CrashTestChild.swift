import Foundation
import FramecastCore
import FramecastStore

/// The process the SIGKILL crash test runs (executable `framecast-crash-child`).
///
/// `run` opens the log in a data directory and appends deterministic batches from several
/// concurrent writers (so group commit is exercised) until it is killed. After each append
/// returns — that is, once the batch is durable — it writes one line to standard output:
/// ```
/// ack <seq> <seed> <crc32c>
/// ```
/// with a single `write(2)`, unbuffered, so every line the parent reads after the kill is an
/// acknowledgement that was really given. `verify` then opens the same directory and checks
/// that every acknowledged sequence number is present, has the acknowledged checksum, and
/// decodes to exactly the batch its seed generates. Zero lost is the only pass.
public enum CrashTestChild {
    /// One acknowledgement line.
    public struct Ack: Sendable, Equatable {
        public let seq: UInt64
        public let seed: UInt64
        public let checksum: UInt32

        public init(seq: UInt64, seed: UInt64, checksum: UInt32) {
            self.seq = seq
            self.seed = seed
            self.checksum = checksum
        }

        public var line: String { "ack \(seq) \(seed) \(checksum)\n" }
    }

    /// Appends until killed (or until `appends` batches were acknowledged, when given).
    /// Writer 0 also saves a small checkpoint every `checkpointEvery` of its appends, so kills
    /// land during checkpoint writes too and reopening does not rescan the whole log.
    public static func run(
        dataDirectory: String, writers: Int = 4, checkpointEvery: Int = 8,
        appends: Int? = nil,
        emit: @escaping @Sendable (String) -> Void = StandardOutput.write
    ) async throws {
        let log = try SQLiteMetricLog(directory: dataDirectory)
        emit("# opened: \(log.recoveryReport)\n")
        let run = UInt64(UInt32.random(in: 1...UInt32.max)) << 32
        let counter = LockedState<UInt64>(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<max(1, writers) {
                group.addTask {
                    var mine = 0
                    while true {
                        let next: UInt64? = counter.withLock { count in
                            if let appends, count >= UInt64(appends) { return nil }
                            count += 1
                            return count
                        }
                        guard let next else { return }
                        let seed = run | next
                        let encoded = LogBatchCodec.encode(batch(seed: seed))
                        let seq = try await log.append(encoded)
                        emit(Ack(seq: seq, seed: seed, checksum: encoded.checksum).line)
                        mine += 1
                        if writer == 0, mine % max(1, checkpointEvery) == 0 {
                            try await log.saveCheckpoint(seq: seq, state: checkpointState(seq: seq, seed: seed))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await log.close()
    }

    /// The state the child checkpoints: its sequence number and seed, little-endian.
    public static func checkpointState(seq: UInt64, seed: UInt64) -> [UInt8] {
        withUnsafeBytes(of: (seq.littleEndian, seed.littleEndian)) { Array($0) }
    }

    /// The batch a seed stands for: 1–2,000 points over 1–16 series with tags, increasing
    /// times, and an idempotency key on odd seeds. Pure function of `seed`.
    public static func batch(seed: UInt64) -> LogBatch {
        var random = SplitMix64(seed: seed)
        let pointCount = Int(1 + random.next() % 2000)
        let seriesCount = Int(1 + random.next() % 16)
        let keys = (0..<seriesCount).map { index in
            SeriesKey(name: "crash.metric\(index)", tags: [.init("host", "h\(seed % 7)"), .init("run", "\(seed >> 32)")])
        }
        var series = [Int32]()
        var times = [EpochMillis]()
        var values = [Double]()
        series.reserveCapacity(pointCount)
        times.reserveCapacity(pointCount)
        values.reserveCapacity(pointCount)
        var time: EpochMillis = 1_700_000_000_000 + Int64(seed & 0xFFFF_FFFF) * 1000
        for _ in 0..<pointCount {
            series.append(Int32(random.next() % UInt64(seriesCount)))
            time += Int64(random.next() % 1000)
            times.append(time)
            values.append(Double(Int64(bitPattern: random.next()) >> 11) / 1024)
        }
        return LogBatch(
            keys: keys, series: series, times: times, values: values,
            idempotencyKey: seed & 1 == 1 ? "crash-\(seed)" : nil)
    }

    /// The acknowledgements in a child's output. Other lines are ignored, and so is a last line
    /// without its newline: the kill may have cut it short.
    public static func parseAcks(_ text: String) -> [Ack] {
        guard let end = text.lastIndex(of: "\n") else { return [] }
        var acks: [Ack] = []
        for line in text[..<end].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[0] == "ack",
                let seq = UInt64(fields[1]), let seed = UInt64(fields[2]), let checksum = UInt32(fields[3])
            else { continue }
            acks.append(Ack(seq: seq, seed: seed, checksum: checksum))
        }
        return acks
    }
}

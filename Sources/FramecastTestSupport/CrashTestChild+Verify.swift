import FramecastCore
import FramecastStore

extension CrashTestChild {
    /// What `verify` found.
    public struct Verification: Sendable, CustomStringConvertible {
        public var acknowledged = 0
        /// Acknowledged entries found intact: checksum as acknowledged, content as generated.
        public var intact = 0
        /// Acknowledged sequence numbers absent from the log.
        public var missing: [UInt64] = []
        /// Acknowledged entries present but with other bytes or content.
        public var damaged: [UInt64] = []
        /// Sequence numbers acknowledged twice: a number was reused.
        public var reused: [UInt64] = []
        /// Entries in the log, acknowledged or not (a kill can land between commit and ack).
        public var entries = 0
        public var recovery = RecoveryReport()
        /// The newest checkpoint, which must load.
        public var checkpointSeq: UInt64?

        /// Nothing acknowledged is lost or damaged, and a SIGKILL left nothing to discard.
        public var passed: Bool { missing.isEmpty && damaged.isEmpty && reused.isEmpty && recovery.isClean }

        public var description: String {
            "\(passed ? "PASS" : "FAIL"): \(intact)/\(acknowledged) acknowledged batches intact, "
                + "\(entries) entries in the log, checkpoint \(checkpointSeq.map(String.init) ?? "none")"
                + (missing.isEmpty ? "" : ", MISSING \(missing.prefix(20))")
                + (damaged.isEmpty ? "" : ", DAMAGED \(damaged.prefix(20))")
                + (reused.isEmpty ? "" : ", REUSED \(reused.prefix(20))")
                + (recovery.isClean ? "" : ", recovery: \(recovery)")
        }
    }

    /// Opens the log in `dataDirectory` (running recovery, as a restart would) and checks every
    /// acknowledgement against it.
    public static func verify(dataDirectory: String, acks: [Ack]) async throws -> Verification {
        let log = try SQLiteMetricLog(directory: dataDirectory)
        var result = Verification()
        result.recovery = log.recoveryReport
        result.acknowledged = acks.count
        var bySeq: [UInt64: Ack] = [:]
        for ack in acks {
            if bySeq.updateValue(ack, forKey: ack.seq) != nil { result.reused.append(ack.seq) }
        }
        do {
            result.checkpointSeq = try await log.latestCheckpoint()?.seq
            var found = Set<UInt64>()
            var after: UInt64 = 0
            while true {
                let page = try await log.entries(after: after, limit: 256)
                for entry in page {
                    result.entries += 1
                    after = entry.seq
                    guard let ack = bySeq[entry.seq] else { continue }
                    found.insert(entry.seq)
                    let decoded = try? LogBatchCodec.decode(entry.body)
                    if entry.checksum == ack.checksum, decoded == batch(seed: ack.seed) {
                        result.intact += 1
                    } else {
                        result.damaged.append(entry.seq)
                    }
                }
                if page.count < 256 { break }
            }
            result.missing = bySeq.keys.filter { !found.contains($0) }.sorted()
        } catch {
            try? await log.close()
            throw error
        }
        try await log.close()
        return result
    }
}

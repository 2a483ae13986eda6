/// What opening a log found: the checkpoint replay starts from, the entries verified after it,
/// and everything discarded because it was corrupt.
///
/// Discarded rows are not destroyed: `SQLiteMetricLog` moves them to its `quarantine` table.
public struct RecoveryReport: Sendable, Equatable, CustomStringConvertible {
    /// The newest valid checkpoint, where replay starts; nil to replay from the beginning.
    public var checkpointSeq: UInt64?
    /// Checkpoints that failed their checksum, newest first.
    public var discardedCheckpoints: [Discarded] = []
    /// Entries after the checkpoint whose checksum verified.
    public var verifiedEntries = 0
    /// The first corrupt entry and every entry after it, in order.
    public var discardedEntries: [Discarded] = []
    /// Entries replay would need that were trimmed away (possible only when checkpoints were
    /// discarded): the state after replay is then incomplete.
    public var missingEntries: ClosedRange<UInt64>?
    /// The last sequence number in the log after recovery (0 for an empty log).
    public var lastSequence: UInt64 = 0

    /// One discarded row.
    public struct Discarded: Sendable, Equatable, CustomStringConvertible {
        public var seq: UInt64
        public var reason: Reason

        public var description: String { "\(seq): \(reason)" }
    }

    /// Why a row was discarded.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The stored checksum does not match the bytes.
        case checksumMismatch(stored: UInt32, computed: UInt32)
        /// The checksum or the bytes are missing or of the wrong type.
        case unreadable
        /// The entry itself verifies, but comes after a corrupt one: replay must stop at a
        /// prefix of the log, so it goes too.
        case followsCorruptEntry(seq: UInt64)

        public var description: String {
            switch self {
            case .checksumMismatch(let stored, let computed):
                return "checksum mismatch (stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16)))"
            case .unreadable: return "checksum or body unreadable"
            case .followsCorruptEntry(let seq): return "follows corrupt entry \(seq)"
            }
        }
    }

    public init() {}

    /// Nothing was discarded and nothing is missing.
    public var isClean: Bool { discardedCheckpoints.isEmpty && discardedEntries.isEmpty && missingEntries == nil }

    public var description: String {
        var text =
            "replay from \(checkpointSeq.map { "checkpoint \($0)" } ?? "the start"), "
            + "\(verifiedEntries) entries verified, last sequence \(lastSequence)"
        if !discardedCheckpoints.isEmpty {
            text +=
                "; discarded \(discardedCheckpoints.count) corrupt checkpoint(s): "
                + discardedCheckpoints.map(\.description).joined(separator: ", ")
        }
        if let first = discardedEntries.first, let last = discardedEntries.last {
            text += "; discarded \(discardedEntries.count) entries \(first.seq)…\(last.seq) (\(first))"
        }
        if let missing = missingEntries { text += "; entries \(missing) were trimmed and cannot be replayed" }
        return text
    }
}

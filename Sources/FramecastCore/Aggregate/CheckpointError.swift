/// Why `Aggregator(restoring:)` refused a checkpoint. Nothing is restored partially.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shorter than the smallest possible checkpoint (header and checksum).
    case tooShort(Int)
    /// Does not start with the aggregator checkpoint magic `FCAG`.
    case notACheckpoint
    /// Written in a format version this build cannot read.
    case unsupportedVersion(UInt16)
    /// The checksum does not match: the bytes were altered or cut.
    case checksumMismatch
    /// A field runs past the end of the data, at this byte offset.
    case truncated(offset: Int)
    /// The bytes parse but describe an impossible state; the text says what.
    case invalid(String)

    public var description: String {
        switch self {
        case .tooShort(let count):
            return "checkpoint is \(count) bytes, too short to be an aggregator checkpoint"
        case .notACheckpoint:
            return "not an aggregator checkpoint (missing the FCAG header)"
        case .unsupportedVersion(let version):
            return "checkpoint format version \(version) is not supported (this build reads version "
                + "\(CheckpointFormat.version)); restore with the version that wrote it or rebuild from the log"
        case .checksumMismatch:
            return "checkpoint checksum mismatch: the file is corrupt or truncated; rebuild from the log"
        case .truncated(let offset):
            return "checkpoint ends inside a field at byte \(offset); the file is corrupt"
        case .invalid(let why):
            return "checkpoint is inconsistent: \(why)"
        }
    }
}

/// Why `IngestEngine.ingest` refused a batch before logging any of it.
public enum IngestRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The batch holds more points than one log entry takes (`IngestEngine.Options.maxBatchPoints`).
    case tooManyPoints(count: Int, limit: Int)

    public var description: String {
        switch self {
        case .tooManyPoints(let count, let limit):
            return "the write holds \(count) points, more than the \(limit) one write may carry: split it into smaller writes"
        }
    }
}

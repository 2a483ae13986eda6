/// Limits of the ingest endpoints (owned by the ingest area).
public struct IngestLimits: Sendable {
    /// Largest request body accepted (after decompression); larger gets 413.
    public var maxBodyBytes = 64 << 20
    /// Bytes of bodies being parsed or waiting to be durable at once; past it writes get 429.
    public var maxBacklogBytes = 256 << 20

    public init() {}
}

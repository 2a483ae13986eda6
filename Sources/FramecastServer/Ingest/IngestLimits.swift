/// Limits of the ingest endpoints (owned by the ingest area).
public struct IngestLimits: Sendable {
    /// Largest request body accepted (after decompression); larger gets 413.
    public var maxBodyBytes = 64 << 20
    /// Bytes of bodies being parsed or waiting to be durable at once; past it writes get 429.
    public var maxBacklogBytes = 256 << 20
    /// Seconds a client told 429 is asked to wait (`Retry-After`).
    public var retryAfterSeconds = 1
    /// Rejected lines listed in a write's reply (all of them are counted).
    public var maxListedRejections = 100
    /// Graphite TCP: bytes of lines gathered into one batch before it is handed to the engine.
    public var carbonBatchBytes = 1 << 20
    /// Graphite TCP: a line longer than this is dropped (counted as bad) instead of buffered.
    public var carbonMaxLineBytes = 64 << 10

    public init() {}
}

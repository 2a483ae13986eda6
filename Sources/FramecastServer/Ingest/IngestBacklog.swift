import Synchronization

/// The byte budget shared by every write in flight (HTTP bodies and TCP batches being parsed or
/// waiting to be durable). Writes reserve before they hold bytes and release when answered, so
/// memory follows the budget, not the backlog: past it, HTTP answers 429 and TCP stops reading.
public final class IngestBacklog: Sendable {
    public let limit: Int
    private let used = Mutex(0)

    public init(limit: Int) {
        self.limit = limit
    }

    /// Bytes reserved now.
    public var bytes: Int { used.withLock { $0 } }

    /// Reserves `count` bytes if they fit; false (nothing reserved) otherwise.
    public func tryReserve(_ count: Int) -> Bool {
        let reserved: Int? = used.withLock { value in
            guard count <= limit - value else { return nil }
            value += count
            return value
        }
        if let reserved { IngestMetrics.backlogBytes.record(reserved) }
        return reserved != nil
    }

    /// Reserves `count` bytes, waiting (in short sleeps) until they fit: for TCP, where waiting
    /// means not reading the socket. A reservation larger than the limit is clamped to it;
    /// returns the bytes reserved, which the caller releases. `onWait` is called once, when the
    /// bytes do not fit at first (the caller is about to wait).
    public func reserve(_ count: Int, onWait: () -> Void = {}) async throws -> Int {
        let wanted = min(count, limit)
        var pause = Duration.milliseconds(1)
        if !tryReserve(wanted) { onWait() } else { return wanted }
        while !tryReserve(wanted) {
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
        return wanted
    }

    public func release(_ count: Int) {
        let now = used.withLock { value in
            value -= min(count, value)
            return value
        }
        IngestMetrics.backlogBytes.record(now)
    }
}

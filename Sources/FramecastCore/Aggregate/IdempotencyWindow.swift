/// The counts of an applied batch, remembered under its idempotency key.
struct ApplySummary: Sendable, Equatable {
    var accepted: Int
    var rejected: RejectionCounts
    var tierSkips: Int
    var newSeries: Int
    var generation: UInt64

    init(_ result: ApplyResult) {
        accepted = result.accepted
        rejected = result.rejected
        tierSkips = result.tierSkips
        newSeries = result.newSeries
        generation = result.generation
    }

    init(accepted: Int, rejected: RejectionCounts, tierSkips: Int, newSeries: Int, generation: UInt64) {
        self.accepted = accepted
        self.rejected = rejected
        self.tierSkips = tierSkips
        self.newSeries = newSeries
        self.generation = generation
    }

    /// The reply to a replayed batch: the first application's counts, no changes, marked duplicate.
    var duplicateResult: ApplyResult {
        var result = ApplyResult()
        result.accepted = accepted
        result.rejected = rejected
        result.tierSkips = tierSkips
        result.newSeries = newSeries
        result.generation = generation
        result.isDuplicate = true
        return result
    }
}

/// The idempotency keys of the last `capacity` batches applied with a key, FIFO: once full, the
/// oldest key is forgotten when a new one is recorded (a batch replayed after that is applied
/// again). A replayed key keeps its original place in the queue. Memory: about
/// `capacity × (key bytes + ~120 B)`, e.g. ~16 MB for 100,000 UUID keys; callers should bound
/// key length (the server caps it).
struct IdempotencyWindow: Sendable {
    let capacity: Int
    /// Keys in arrival order, used as a ring once `capacity` keys are held.
    private var order: [String] = []
    /// Position in `order` of the oldest key once full.
    private var oldest = 0
    private var summaries: [String: ApplySummary] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { order.count }

    func summary(for key: String) -> ApplySummary? { summaries[key] }

    mutating func record(_ key: String, _ summary: ApplySummary) {
        guard capacity > 0, summaries[key] == nil else { return }
        if order.count < capacity {
            order.append(key)
        } else {
            summaries[order[oldest]] = nil
            order[oldest] = key
            oldest = (oldest + 1) % capacity
        }
        summaries[key] = summary
    }

    /// Remembered keys with their summaries, oldest first.
    var entries: [(key: String, summary: ApplySummary)] {
        (order[oldest...] + order[..<oldest]).map { ($0, summaries[$0]!) }
    }
}

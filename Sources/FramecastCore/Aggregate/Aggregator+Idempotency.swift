extension Aggregator {
    /// The earlier result when a batch with this idempotency key was already applied (and is
    /// still remembered), else nil. Lets a caller skip logging a retried batch.
    public func duplicateResult(for idempotencyKey: String) -> ApplyResult? {
        idempotency.summary(for: idempotencyKey)?.duplicateResult
    }
}

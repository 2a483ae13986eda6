/// Limits the Aggregator applies to incoming points.
public struct AggregatorConfig: Sendable, Equatable {
    /// How far behind its series' newest point a point may be and still be applied (ms). Older
    /// points are rejected as `.tooLate` and counted. Lateness is measured per series against
    /// its own newest point (batch included), not against the wall clock.
    public var lateness: Int64
    /// How far ahead of the caller's `now` a point may be (ms); later ones are `.tooFarInFuture`.
    public var maxFuture: Int64
    /// Idempotency keys remembered (the last N applied batches with a key; 0 disables).
    public var idempotencyWindow: Int
    /// Most series the Aggregator creates; points of further new series are `.seriesLimit`.
    public var maxSeries: Int

    public init(
        lateness: Int64 = 3_600_000, maxFuture: Int64 = 600_000, idempotencyWindow: Int = 100_000,
        maxSeries: Int = 1_000_000
    ) {
        precondition(lateness >= 0 && maxFuture >= 0 && idempotencyWindow >= 0, "limits must not be negative")
        precondition(maxSeries >= 0 && maxSeries <= Int(Int32.max), "maxSeries must fit a SeriesID")
        self.lateness = lateness
        self.maxFuture = maxFuture
        self.idempotencyWindow = idempotencyWindow
        self.maxSeries = maxSeries
    }
}

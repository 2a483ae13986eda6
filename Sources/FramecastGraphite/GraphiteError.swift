/// Why a Graphite request cannot be answered: a bad target, parameter or function argument, or
/// a limit reached. The server answers 400 with the message (as graphite-web does for input
/// errors), which says what to change.
public struct GraphiteError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    /// True when a limit of the evaluation was reached (series, points, time), not a mistake in
    /// the target itself.
    public let isLimit: Bool

    public init(_ message: String, isLimit: Bool = false) {
        self.message = message
        self.isLimit = isLimit
    }

    public var description: String { message }
}

/// The time range a target is evaluated over, in epoch seconds (`from < until`).
public struct GraphiteWindow: Sendable, Equatable {
    public var from: Int64
    public var until: Int64
    public var now: Int64

    public init(from: Int64, until: Int64, now: Int64) {
        self.from = from
        self.until = until
        self.now = now
    }
}

/// Bounds on one request's evaluation, so that no expression can run away.
public struct GraphiteLimits: Sendable {
    /// Series one path expression or `seriesByTag` may match.
    public var maxSeriesPerTarget = 1_000
    /// Series a request's targets may produce in all.
    public var maxSeries = 2_000
    /// Values fetched from the store in all (across every fetch of every target, re-fetches by
    /// `timeShift`/`movingAverage` included).
    public var maxPoints = 50_000_000
    /// Wall time the evaluation may take.
    public var deadline: Duration = .seconds(20)
    /// Evaluations of path expressions and calls (guards against huge nested targets).
    public var maxCalls = 10_000

    public init() {}
}

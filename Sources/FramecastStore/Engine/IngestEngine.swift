import Foundation
import FramecastCore

/// Durable ingestion: a batch is appended to the log (durable) before it is applied to the
/// in-memory aggregator and acknowledged; a restart loads the newest checkpoint and replays the
/// log after it, so nothing acknowledged is lost.
///
/// Ordering: concurrent `ingest` calls share log commits (group commit) and may resume in any
/// order, but batches are applied strictly in log sequence order, exactly as a replay will apply
/// them, so the state after a restart equals the state before it.
///
/// Determinism of replay: the one clock-dependent rule (points too far in the future) is applied
/// before logging, and the future bound is not applied again on replay.
public actor IngestEngine {
    public struct Options: Sendable {
        public var rules: RetentionRules
        public var aggregator: AggregatorConfig
        public var log: SQLiteMetricLog.Options
        /// A checkpoint is written once the log since the last one holds at least this many
        /// bytes *and* at least as many bytes as the state itself: until then, replaying the
        /// log at the next start costs less than writing the state now (a 10k-series state with
        /// a full 1 s tier is ~300 MB, more than 10M logged points). This bounds the log that
        /// must be replayed to about the size of the state.
        public var checkpointMinimumLogBytes = 64 << 20
        /// A checkpoint is also written when this much time has passed since the last one and
        /// anything was logged, so that a quiet store does not keep a long replay around.
        public var checkpointEvery: Duration = .seconds(600)
        /// Most points one ingest may carry. Checked on the parsed count before encoding, so a
        /// body that could never fit one log entry (`log.maxBatchBytes`; a point encodes to at
        /// most 23 bytes plus its series names) is refused at once, not after encoding it.
        public var maxBatchPoints = 2_000_000
        /// Most series one ingest may create. A write naming more new series than this stores
        /// none of them (its points of known series are stored) and says so (`NewSeriesRefusal`),
        /// so one request cannot fill the store's series limit with random names.
        public var maxNewSeriesPerWrite = 10_000
        /// Whether the service timer removes series whose every tier has expired against the
        /// wall clock (`expireSeries(now:)`), as Graphite's, Prometheus' and RRDtool's retention
        /// is against now. `serve` turns it on (`--keep-expired-series` turns it off, for a store
        /// of imported history); commands reading a store never remove anything by themselves.
        public var expiresSeries = false

        public init(
            rules: RetentionRules, aggregator: AggregatorConfig = AggregatorConfig(),
            log: SQLiteMetricLog.Options = SQLiteMetricLog.Options()
        ) {
            self.rules = rules
            self.aggregator = aggregator
            self.log = log
        }
    }

    public nonisolated let log: SQLiteMetricLog
    public let options: Options
    /// What opening found: the log's recovery report and how much was replayed.
    public nonisolated let recovery: EngineRecovery
    var aggregator: Aggregator
    /// Next sequence number to apply; batches that became durable out of order wait here.
    var nextToApply: UInt64
    var waiting: [UInt64: Pending] = [:]
    /// Sequence number of the newest checkpoint written (or loaded); 0 before any.
    public internal(set) var lastCheckpointSeq: UInt64
    var lastCheckpointAt = ContinuousClock.now
    /// Encoded bytes appended since the last checkpoint.
    var logBytesSinceCheckpoint = 0
    var checkpointTask: Task<Void, Never>?
    /// Set by `close`: no new background checkpoint starts after it.
    var closing = false
    /// The first `close`; later calls wait for it.
    var closeTask: Task<Void, any Error>?

    struct Pending {
        enum Work {
            case points(ParsedBatch, idempotencyKey: String?)
            case deletion([SeriesKey])
        }
        let work: Work
        let continuation: CheckedContinuation<ApplyResult, Never>
    }

    /// Opens (creating when needed) the store in `directory` and rebuilds the state.
    public init(directory: String, options: Options) async throws {
        let log = try SQLiteMetricLog(directory: directory, options: options.log)
        self.log = log
        self.options = options
        let (aggregator, recovery) = try await Self.recover(log: log, options: options)
        self.aggregator = aggregator
        self.recovery = recovery
        // Continue from the log's numbering, not from the last entry replayed: when recovery
        // set a damaged tail aside, the log hands out numbers after the ones set aside, and
        // those never arrive, so waiting for them would stall every later ingest.
        nextToApply = max(recovery.lastSequence, log.lastSequence) + 1
        lastCheckpointSeq = recovery.checkpointSeq ?? 0
    }

    /// Logs a parsed batch durably, applies it in log order and returns what was accepted.
    /// A batch whose idempotency key was already applied is neither logged nor applied again.
    public func ingest(_ parsed: ParsedBatch, idempotencyKey: String? = nil, now: EpochMillis) async throws -> IngestResult {
        if let key = idempotencyKey, let earlier = aggregator.duplicateResult(for: key) {
            return IngestResult(sequence: nil, apply: earlier, futureRejected: 0)
        }
        guard parsed.acceptedPoints <= options.maxBatchPoints else {
            throw IngestRefusal.tooManyPoints(count: parsed.acceptedPoints, limit: options.maxBatchPoints)
        }
        var batch = parsed
        let (bound, overflow) = now.addingReportingOverflow(options.aggregator.maxFuture)
        let futureRejected = batch.removePoints(after: overflow ? .max : bound)
        let newSeriesRefused = Self.refuseNewSeries(&batch, known: aggregator, limit: options.maxNewSeriesPerWrite)
        // The window is logged with the batch: replay judges it as it was judged here.
        let encoded = LogBatchCodec.encode(
            batch, idempotencyKey: idempotencyKey, lateness: options.aggregator.lateness)
        let seq = try await log.append(encoded)
        logBytesSinceCheckpoint += encoded.count
        let result = await withCheckedContinuation { continuation in
            waiting[seq] = Pending(work: .points(batch, idempotencyKey: idempotencyKey), continuation: continuation)
            drainInOrder()
        }
        var combined = result
        combined.rejected[.tooFarInFuture] += futureRejected
        combined.rejected[.seriesLimit] += newSeriesRefused?.points ?? 0
        maybeCheckpoint()
        return IngestResult(
            sequence: seq, apply: combined, futureRejected: futureRejected, newSeriesRefused: newSeriesRefused)
    }

    /// Applies every waiting batch whose turn has come.
    func drainInOrder() {
        while !waiting.isEmpty {
            guard let pending = waiting.removeValue(forKey: nextToApply) else {
                // A commit that reported failure but reached the disk was set aside, not applied.
                guard log.wasAbandoned(nextToApply) else { return }
                nextToApply += 1
                continue
            }
            var result = ApplyResult()
            switch pending.work {
            case .points(let batch, let idempotencyKey):
                result = aggregator.apply(batch, now: Self.replayNow, idempotencyKey: idempotencyKey)
            case .deletion(let keys):
                _ = aggregator.remove(keys)
            }
            nextToApply += 1
            pending.continuation.resume(returning: result)
        }
    }

    /// An empty batch seeded with the known series, for parsers to fill.
    public func makeBatch() -> ParsedBatch { aggregator.makeBatch() }

    /// A consistent copy of the current state (O(1): copy-on-write).
    public func snapshot() -> Aggregator { aggregator }

    /// Waits for a running checkpoint, writes one more if the log since the last has grown
    /// past the checkpoint rule (or `forceCheckpoint`), and closes the log.
    /// The log is closed (and the data directory released) even when that last checkpoint fails.
    /// Closing twice is harmless: a later call waits for the first and throws what it threw (the
    /// service group closes the engine at shutdown, and tests or commands may close it again).
    public func close(forceCheckpoint: Bool = false) async throws {
        if let closeTask { return try await closeTask.value }
        closing = true
        // Its own task, so that a caller cancelled (a service group torn down by an error) still
        // writes the last checkpoint and releases the directory.
        let task = Task { try await self.finishClosing(forceCheckpoint: forceCheckpoint) }
        closeTask = task
        try await task.value
    }

    private func finishClosing(forceCheckpoint: Bool) async throws {
        while let running = checkpointTask { await running.value }
        var failure: (any Error)?
        if forceCheckpoint || checkpointDueBySize {
            do { try await writeCheckpoint() } catch { failure = error }
        }
        try await log.close()
        if let failure { throw failure }
    }

    /// Time passed to the aggregator: the future bound was applied before logging, so it must
    /// not reject anything again, live or on replay.
    static let replayNow = EpochTime.validRange.upperBound
}

/// The outcome of one `IngestEngine.ingest`.
public struct IngestResult: Sendable {
    /// The batch's log sequence number; nil for a duplicate that was not logged again.
    public let sequence: UInt64?
    /// Accepted and rejected points (future rejections included).
    public let apply: ApplyResult
    public let futureRejected: Int
    /// Set when the write named more new series than one write may create.
    public var newSeriesRefused: NewSeriesRefusal? = nil

    public var isDuplicate: Bool { apply.isDuplicate }
}

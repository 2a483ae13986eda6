import FramecastCore
import FramecastStore
import NIOCore

/// The one path every ingest source takes (HTTP writes, Graphite TCP, the demo feed): parse the
/// bytes into a batch seeded with the known series, hand it to the engine, which returns once
/// the batch is durable and applied, and count what happened.
enum IngestPipeline {
    static func ingest(
        _ bytes: ByteBuffer, format: InputFormat, options: ParseOptions,
        idempotencyKey: String? = nil, engine: IngestEngine
    ) async throws -> WriteOutcome {
        var batch = await engine.makeBatch()
        bytes.withUnsafeReadableBytes { format.parse($0, options: options, into: &batch) }
        return try await ingest(batch, idempotencyKey: idempotencyKey, now: options.now, engine: engine)
    }

    /// Ingests an already parsed batch (the demo feed builds its batches directly).
    static func ingest(
        _ batch: ParsedBatch, idempotencyKey: String? = nil, now: EpochMillis,
        engine: IngestEngine
    ) async throws -> WriteOutcome {
        let start = ContinuousClock.now
        let result = try await engine.ingest(batch, idempotencyKey: idempotencyKey, now: now)
        let elapsed = (ContinuousClock.now - start).components
        IngestMetrics.appendLatency.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        let outcome = WriteOutcome(batch: batch, result: result)
        if !outcome.duplicate { IngestMetrics.record(outcome) }
        return outcome
    }
}

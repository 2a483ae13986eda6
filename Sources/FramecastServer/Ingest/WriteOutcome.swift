import FramecastCore
import FramecastStore

/// What one write did: points stored, points refused and why, and the first rejected lines with
/// their numbers. A retry with the same idempotency key gets the same counts back.
public struct WriteOutcome: Sendable, Equatable {
    /// Points stored.
    public var accepted = 0
    /// Lines a parser refused (malformed, bad value, bad name…): nothing of them was stored.
    public var invalidLines = 0
    /// Parsed points the store refused (too late, too far in the future, …).
    public var storeRejected = RejectionCounts()
    /// The first refused lines (up to `IngestLimits.maxListedRejections`), in line order.
    public var listed: [LineRejection] = []
    /// Influx string fields: not metrics, skipped without refusing their line.
    public var skippedFields = 0
    /// The idempotency key was seen before: nothing was applied again.
    public var duplicate = false
    /// The write named more new series than one write may create: none of them was stored.
    public var newSeriesRefused: NewSeriesRefusal?

    public init() {}

    /// Everything refused: invalid lines plus points the store refused.
    public var rejected: Int { invalidLines + storeRejected.total }

    init(batch: ParsedBatch, result: IngestResult) {
        accepted = result.apply.accepted
        invalidLines = batch.rejectedLines
        storeRejected = result.apply.rejected
        listed = batch.rejections
        skippedFields = batch.skippedFields
        duplicate = result.isDuplicate
        newSeriesRefused = result.newSeriesRefused
    }

    /// One line per refused input line, for logs and Influx-style error messages.
    public var summary: String {
        var parts: [String] = []
        if let newSeriesRefused { parts.append(newSeriesRefused.description) }
        if invalidLines > 0 {
            let shown = listed.prefix(3).map(\.description).joined(separator: "; ")
            parts.append("\(invalidLines) invalid line\(invalidLines == 1 ? "" : "s") (\(shown)\(invalidLines > 3 ? "; …" : ""))")
        }
        if storeRejected.total > 0 { parts.append("\(storeRejected.total) points refused by the store (\(storeRejected))") }
        return parts.joined(separator: "; ")
    }
}

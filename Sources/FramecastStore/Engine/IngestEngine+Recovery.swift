import FramecastCore

/// What `IngestEngine` found when it opened its store.
public struct EngineRecovery: Sendable, CustomStringConvertible {
    /// The log's own report: verified entries, discarded tail, fallen-back checkpoints.
    public let log: RecoveryReport
    /// Sequence number of the checkpoint the state started from (nil: started empty).
    public let checkpointSeq: UInt64?
    /// Log entries replayed on top of it.
    public let replayedEntries: Int
    public let replayedPoints: Int
    /// Last sequence number applied.
    public let lastSequence: UInt64

    public var description: String {
        var text =
            "loaded checkpoint \(checkpointSeq.map(String.init) ?? "none"), replayed \(replayedEntries) entries (\(replayedPoints) points)"
        if !log.isClean { text += "; " + log.description }
        return text
    }
}

extension IngestEngine {
    static func recover(log: SQLiteMetricLog, options: Options) async throws -> (Aggregator, EngineRecovery) {
        let checkpoint = try await log.latestCheckpoint()
        var aggregator: Aggregator
        if let checkpoint {
            aggregator = try Aggregator(restoring: checkpoint.state, rules: options.rules, config: options.aggregator)
        } else {
            aggregator = Aggregator(rules: options.rules, config: options.aggregator)
        }
        var entries = 0
        var points = 0
        let last = try await LogReplayer.replay(log, after: checkpoint?.seq ?? 0) { _, batch in
            if batch.deletes {
                _ = aggregator.remove(batch.keys)
                entries += 1
                return
            }
            let parsed = batch.parsed(into: aggregator.makeBatch())
            _ = aggregator.apply(
                parsed, now: replayNow, idempotencyKey: batch.idempotencyKey, lateness: batch.lateness)
            entries += 1
            points += batch.pointCount
        }
        let recovery = EngineRecovery(
            log: log.recoveryReport, checkpointSeq: checkpoint?.seq, replayedEntries: entries,
            replayedPoints: points, lastSequence: last)
        return (aggregator, recovery)
    }

    /// True when the log since the last checkpoint is at least as large as the state (and the
    /// configured minimum): see `Options.checkpointMinimumLogBytes`.
    var checkpointDueBySize: Bool {
        logBytesSinceCheckpoint >= max(options.checkpointMinimumLogBytes, aggregator.storageBytes)
    }

    /// Starts a background checkpoint when the log has grown enough or time has passed.
    func maybeCheckpoint() {
        guard checkpointTask == nil, !closing else { return }
        let applied = nextToApply - 1
        let due =
            checkpointDueBySize
            || (applied > lastCheckpointSeq && ContinuousClock.now - lastCheckpointAt >= options.checkpointEvery)
        guard due else { return }
        checkpointTask = Task { [weak self] in
            try? await self?.writeCheckpoint()
            await self?.checkpointFinished()
        }
    }

    private func checkpointFinished() { checkpointTask = nil }

    /// Encodes a snapshot off the actor, saves it at the last applied sequence number and trims
    /// the log behind the older retained checkpoint.
    func writeCheckpoint() async throws {
        let seq = nextToApply - 1
        guard seq > lastCheckpointSeq else { return }
        let snapshot = aggregator
        lastCheckpointAt = ContinuousClock.now
        let bytesCovered = logBytesSinceCheckpoint
        logBytesSinceCheckpoint = 0
        let state = await Task.detached(priority: .utility) { snapshot.checkpoint() }.value
        do {
            try await log.saveCheckpoint(seq: seq, state: state)
        } catch {
            logBytesSinceCheckpoint += bytesCovered
            throw error
        }
        lastCheckpointSeq = seq
        try await log.trim(through: seq)
    }
}

import Logging
import Synchronization

/// Logs bad Graphite lines at most once per `interval`, with how many were seen since the last
/// message and one example, so a misbehaving sender cannot flood the log.
final class CarbonBadLineLog: Sendable {
    let logger: Logger
    let interval: Duration
    private struct Pending {
        var lastLogged: ContinuousClock.Instant? = nil
        var suppressed = 0
    }
    private let pending = Mutex(Pending())

    init(logger: Logger, interval: Duration = .seconds(10)) {
        self.logger = logger
        self.interval = interval
    }

    func note(peer: String, count: Int, example: String) {
        let now = ContinuousClock.now
        let total: Int? = pending.withLock { state in
            if let last = state.lastLogged, now - last < interval {
                state.suppressed += count
                return nil
            }
            let total = state.suppressed + count
            state = Pending(lastLogged: now, suppressed: 0)
            return total
        }
        guard let total else { return }
        logger.warning(
            "bad Graphite lines rejected",
            metadata: [
                "peer": "\(peer)", "count": "\(total)", "example": "\(example)"
            ])
    }
}

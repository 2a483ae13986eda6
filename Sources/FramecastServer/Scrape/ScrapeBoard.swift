import FramecastCore
import Synchronization

/// What each scrape target did last, for `/api/v1/scrape/targets` (the shape of Prometheus'
/// `/api/v1/targets`, so a person who knows one reads the other).
public final class ScrapeBoard: Sendable {
    public enum Health: String, Sendable, Encodable {
        case unknown, up, down
    }

    public struct Status: Sendable {
        public var health = Health.unknown
        /// Why the last scrape failed; empty when it did not.
        public var lastError = ""
        public var lastScrape: EpochMillis?
        public var lastDurationSeconds = 0.0
        /// Samples the target exposed in its last scrape, and how many of them were refused.
        public var samplesScraped = 0
        public var samplesRejected = 0
        /// The first refused line of the last scrape (`line N: reason`), when one was.
        public var firstRejection: String?
        public var scrapes = 0
        public var failures = 0
    }

    public let targets: [ScrapeTarget]
    private let statuses: Mutex<[Status]>

    public init(targets: [ScrapeTarget]) {
        self.targets = targets
        statuses = Mutex(Array(repeating: Status(), count: targets.count))
    }

    public func status(_ index: Int) -> Status { statuses.withLock { $0[index] } }

    func record(_ index: Int, _ update: (inout Status) -> Void) {
        statuses.withLock { update(&$0[index]) }
    }
}

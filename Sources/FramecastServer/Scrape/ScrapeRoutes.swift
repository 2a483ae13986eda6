import Foundation
import FramecastCore
import Hummingbird

/// `GET /api/v1/scrape/targets`: each `--scrape` target with its labels, health, last error
/// and timings, in the shape of Prometheus' `/api/v1/targets` (`data.activeTargets`), plus what
/// Framecast adds: samples scraped and refused, and the first refused line.
enum ScrapeRoutes {
    static func register(on router: Router<FramecastApplication.Context>, state: ServerState) {
        router.get("/api/v1/scrape/targets") { _, _ -> Response in
            let board = state.scrapes
            let targets = board.targets.indices.map { TargetJSON(target: board.targets[$0], status: board.status($0)) }
            return try JSONBody.response(Reply(data: .init(activeTargets: targets)))
        }
    }

    struct Reply: Encodable {
        var status = "success"
        let data: Targets
    }

    struct Targets: Encodable {
        let activeTargets: [TargetJSON]
    }

    struct TargetJSON: Encodable {
        let labels: [String: String]
        let scrapePool: String
        let scrapeUrl: String
        let health: ScrapeBoard.Health
        let lastError: String
        /// RFC 3339 with milliseconds; null before the first scrape.
        let lastScrape: String?
        let lastScrapeDuration: Double
        let scrapeInterval: String
        let scrapeTimeout: String
        let samplesScraped: Int
        let samplesRejected: Int
        let firstRejection: String?
        let scrapes: Int
        let failures: Int

        init(target: ScrapeTarget, status: ScrapeBoard.Status) {
            labels = Dictionary(target.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            scrapePool = target.job
            scrapeUrl = target.url.absoluteString
            health = status.health
            lastError = status.lastError
            lastScrape = status.lastScrape.map(Self.rfc3339)
            lastScrapeDuration = status.lastDurationSeconds
            scrapeInterval = RetentionTier.format(target.intervalMillis)
            scrapeTimeout = RetentionTier.format(target.timeoutMillis)
            samplesScraped = status.samplesScraped
            samplesRejected = status.samplesRejected
            firstRejection = status.firstRejection
            scrapes = status.scrapes
            failures = status.failures
        }

        static func rfc3339(_ millis: EpochMillis) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
        }
    }
}

import AsyncHTTPClient
import Foundation
import FramecastCore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Scrapes every `--scrape` target on its own clock, as Prometheus does: GET its `/metrics`
/// (text format 0.0.4) within the timeout, write its samples with the target's labels at the
/// scrape's start time, and write `up`, `scrape_duration_seconds` and `scrape_samples_scraped`
/// for it whether or not the scrape worked. A scrape is one durable write, like any other.
///
/// Unlike Prometheus, a body with some refused lines keeps its valid samples (a label value
/// holding `;` or `=` is valid Prometheus but cannot be a Framecast tag): the target stays `up`,
/// and the refusals are counted on `/api/v1/scrape/targets`. A body of which no line could be
/// read (an HTML page, say) is a failed scrape.
public struct ScrapeService: Service {
    let state: ServerState
    let board: ScrapeBoard

    public init(state: ServerState) {
        self.state = state
        board = state.scrapes
    }

    public func run() async throws {
        guard !board.targets.isEmpty else { return }
        // Targets may be slow or hostile: the body is bounded like a write's, decompressed too.
        let limit = state.options.ingest.maxBodyBytes
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(5)),
            decompression: .enabled(limit: .size(limit)))
        configuration.connectionPool = .init(idleTimeout: .seconds(120))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        // The loops run until graceful shutdown cancels them (each ends when its sleep is cut).
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for index in board.targets.indices {
                    group.addTask { await loop(index, client: client, limit: limit) }
                }
            }
        }
        try? await client.shutdown()
    }

    /// Ticks at a fixed offset within the interval (a hash of the target, as Prometheus spreads
    /// its targets), so the samples are evenly spaced whatever a scrape costs.
    func loop(_ index: Int, client: HTTPClient, limit: Int) async {
        let target = board.targets[index]
        let interval = Duration.milliseconds(target.intervalMillis)
        var hash = StableHash()
        hash.combine(target.url.absoluteString)
        hash.combine(target.job)
        let offset = Int64(hash.value % UInt64(target.intervalMillis))
        let clock = ContinuousClock()
        let epochNow = ServerClock.now()
        let wait = (offset - epochNow % target.intervalMillis + target.intervalMillis) % target.intervalMillis
        var next = clock.now + .milliseconds(min(wait, 1000))
        while !Task.isCancelled {
            do { try await clock.sleep(until: next) } catch { return }
            await scrape(index, client: client, limit: limit)
            next += interval
            // A scrape that overran its slot does not queue up the missed ones.
            if next < clock.now { next = clock.now + interval }
        }
    }

    func scrape(_ index: Int, client: HTTPClient, limit: Int) async {
        let target = board.targets[index]
        let labels = PrometheusTextParser.ScrapeLabels(target.labels)
        let started = ServerClock.now()
        let clock = ContinuousClock.now
        let options = ParseOptions(now: started, maxReportedRejections: 1)
        var batch = await state.engine.makeBatch()
        var failure: String?
        do {
            let body = try await fetch(target, client: client, limit: limit)
            body.withUnsafeReadableBytes { PrometheusTextParser.parseScrape($0, labels: labels, options: options, into: &batch) }
            if batch.values.isEmpty, batch.rejectedLines > 0, let first = batch.rejections.first {
                failure = "no sample could be read: \(first)"
            }
        } catch {
            // Stopping is not the target's failure: nothing is written for a cut-off scrape.
            if Task.isCancelled || error is CancellationError { return }
            failure = Self.describe(error, target: target)
        }
        let exposed = batch.values.count + batch.rejectedLines + batch.skippedFields
        let rejected = batch.rejectedLines
        let firstRejection = batch.rejections.first.map(\.description)
        let elapsed = (ContinuousClock.now - clock).seconds
        // A failed scrape stores nothing of its body, only what says it failed.
        if failure != nil { batch = await state.engine.makeBatch() }
        for (name, value) in [
            ("up", failure == nil ? 1.0 : 0), ("scrape_duration_seconds", elapsed), ("scrape_samples_scraped", Double(exposed))
        ] {
            PrometheusTextParser.appendScrapeReport(name: name, value: value, labels: labels, time: started, options: options, into: &batch)
        }
        do {
            let outcome = try await IngestPipeline.ingest(batch, now: started, engine: state.engine)
            if let refusal = outcome.newSeriesRefused, failure == nil { failure = "storing: \(refusal)" }
        } catch {
            if failure == nil { failure = "storing: \(error)" }
        }
        ScrapeMetrics.scrapes.increment()
        if failure != nil { ScrapeMetrics.failures.increment() }
        if let failure, board.status(index).lastError != failure {
            state.logger.warning("scrape failed", metadata: ["target": "\(target.url)", "job": "\(target.job)", "error": "\(failure)"])
        }
        board.record(index) { status in
            status.health = failure == nil ? .up : .down
            status.lastError = failure ?? ""
            status.lastScrape = started
            status.lastDurationSeconds = elapsed
            status.samplesScraped = exposed
            status.samplesRejected = rejected
            status.firstRejection = firstRejection
            status.scrapes += 1
            if failure != nil { status.failures += 1 }
        }
    }

    struct HTTPStatusError: Error, CustomStringConvertible {
        let status: HTTPResponseStatus
        var description: String { "server returned HTTP status \(status.code) \(status.reasonPhrase)" }
    }

    /// The body of one scrape, within the target's timeout and `limit` bytes.
    func fetch(_ target: ScrapeTarget, client: HTTPClient, limit: Int) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: target.url.absoluteString)
        // What Prometheus sends, less the OpenMetrics types this parser does not read.
        request.headers.add(name: "Accept", value: "text/plain;version=0.0.4;q=1,*/*;q=0.1")
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.headers.add(name: "User-Agent", value: "Framecast-scraper")
        request.headers.add(name: "X-Prometheus-Scrape-Timeout-Seconds", value: "\(Double(target.timeoutMillis) / 1000)")
        let deadline = NIODeadline.now() + .milliseconds(target.timeoutMillis)
        let response = try await client.execute(request, deadline: deadline)
        guard response.status == .ok else { throw HTTPStatusError(status: response.status) }
        return try await response.body.collect(upTo: limit)
    }

    static func describe(_ error: any Error, target: ScrapeTarget) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                return "timed out after \(target.timeoutMillis)ms (scrape timeout)"
            default: return "\(error)"
            }
        }
        if error is NIOTooManyBytesError { return "body larger than the limit (--max-body)" }
        if let error = error as? IOError { return "cannot connect: \(String(cString: strerror(error.errnoCode)))" }
        if let error = error as? HTTPStatusError { return error.description }
        return "\(error)"
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

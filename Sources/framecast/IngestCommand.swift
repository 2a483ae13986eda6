import ArgumentParser
import Foundation
import FramecastCore
import FramecastStore
import Synchronization

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load data files into the durable store (a data directory).",
        discussion: """
            Files are read in chunks; each chunk is parsed, made durable in the log and applied to the \
            rollup tiers before the next is acknowledged. On a terminal a progress line shows points/s.

            Example:
              framecast ingest samples/data/nab/*.csv --data-dir data --retention 'nyc_*=1m:90d,1h:5y'
            """
    )

    @Argument(help: ArgumentHelp("Data files (CSV, Graphite plaintext, Influx line protocol).", valueName: "file"))
    var files: [String]

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Input format: csv, graphite, influx or json (default: from extension or content).", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("IANA time zone of timestamps written without an offset.", valueName: "Area/City"))
    var tz: String = "UTC"

    @Option(help: .hidden)
    var chunkBytes: Int = 4 << 20

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one data file") }
        if store.dataDir == nil { throw ValidationError("--data-dir is required") }
        if TimeZone(identifier: tz) == nil { throw ValidationError(ChartSpecError.unknownTimeZone(tz).description) }
    }

    func run() async throws {
        MallocTuning.keepLargeBlocks()
        let engine = try await store.openEngine()
        let progress = Progress()
        var totals = IngestTotals()
        do {
            for path in files {
                try await ingest(path, into: engine, totals: &totals, progress: progress)
            }
        } catch {
            try? await engine.close()
            throw error
        }
        try await engine.close()
        progress.finish()
        totals.report(seconds: progress.elapsed, seriesCount: await engine.snapshot().seriesCount)
    }

    func ingest(_ path: String, into engine: IngestEngine, totals: inout IngestTotals, progress: Progress) async throws {
        let zone = TimeZone(identifier: tz)!
        let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
        var options = ParseOptions(timestamps: TimestampParser(naiveZone: zone), now: now)
        options.defaultSeries = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let (chunks, format) = try FileChunks.open(path: path, format: inputFormat, options: options, chunkBytes: chunkBytes)
        // Two stages: the next chunk is parsed while the previous one is made durable and
        // applied. Chunks of a file are submitted one after another, never concurrently: their
        // order in the log must be the file's order, or lateness would judge history against a
        // later chunk that happened to commit first.
        var inFlight: (task: Task<IngestResult, Error>, batch: ParsedBatch, chunk: FileChunks.Chunk)? = nil
        for chunk in chunks {
            guard let format else { throw CLIError("cannot tell the format of '\(path)': pass --input-format csv|graphite|influx|json") }
            var batch = await engine.makeBatch()
            chunk.bytes.withUnsafeBytes { format.parse($0, options: options, into: &batch) }
            if let previous = inFlight {
                totals.add(try await previous.task.value, previous.batch, previous.chunk, path: path)
                progress.update(points: totals.accepted)
            }
            let parsed = batch
            inFlight = (Task { try await engine.ingest(parsed, now: now) }, parsed, chunk)
        }
        if let last = inFlight {
            totals.add(try await last.task.value, last.batch, last.chunk, path: path)
            progress.update(points: totals.accepted)
        }
    }
}

/// Running counts of an ingest run, and the closing summary.
struct IngestTotals {
    var accepted = 0
    var parseRejected = 0
    var storeRejected = RejectionCounts()
    var shown: [String] = []

    mutating func add(_ result: IngestResult, _ batch: ParsedBatch, _ chunk: FileChunks.Chunk, path: String) {
        accepted += result.apply.accepted
        parseRejected += batch.rejectedLines
        for reason in PointRejection.allCases { storeRejected[reason] += result.apply.rejected[reason] }
        for rejection in batch.rejections where shown.count < 20 {
            shown.append("\(path):\(chunk.firstLine + rejection.line - 1 - chunk.prefixLines): \(rejection.reason)")
        }
    }

    func report(seconds: Double, seriesCount: Int) {
        shown.forEach(warning)
        if parseRejected > shown.count { warning("… \(parseRejected - shown.count) more malformed lines") }
        let rate = seconds > 0 ? Double(accepted) / seconds : 0
        var line =
            "ingested \(accepted) points in \(String(format: "%.2f", seconds)) s (\(Progress.humanRate(rate)) points/s); \(seriesCount) series in the store"
        if parseRejected > 0 { line += "; \(parseRejected) malformed lines rejected" }
        if storeRejected.total > 0 { line += "; \(storeRejected.total) points rejected by the store (\(storeRejected))" }
        warning(line)
    }
}

/// A progress line on standard error when it is a terminal.
final class Progress: Sendable {
    let start = ContinuousClock.now
    let interactive = isatty(2) != 0
    private let lastDraw = Mutex(ContinuousClock.now)

    var elapsed: Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func update(points: Int) {
        guard interactive else { return }
        let now = ContinuousClock.now
        let due = lastDraw.withLock { last in
            guard now - last > .milliseconds(200) else { return false }
            last = now
            return true
        }
        guard due else { return }
        let rate = elapsed > 0 ? Double(points) / elapsed : 0
        FileHandle.standardError.write(Data("\r\u{1B}[K  \(points) points  \(Self.humanRate(rate)) points/s".utf8))
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func humanRate(_ rate: Double) -> String {
        rate >= 1e6 ? String(format: "%.2fM", rate / 1e6) : rate >= 1e3 ? String(format: "%.1fk", rate / 1e3) : String(format: "%.0f", rate)
    }
}

import Foundation
import FramecastCore

/// The first pass of `export --input`: reads the files chunk by chunk and keeps, per series, only
/// its time span, whether its points come in time order, and the summary of the points inside
/// the requested bounds, so that the series can then be reduced in a second pass
/// (`StreamedInputs`) without ever holding the points.
struct InputScan {
    struct Series {
        var first = EpochMillis.max
        var last = EpochMillis.min
        /// Time of the latest point read, and whether every point came at or after the previous.
        var latest = EpochMillis.min
        var ordered = true
        /// Points with `lower ≤ t < upper` (either bound absent: unbounded).
        var summary = SeriesSummary()
    }

    let lower: EpochMillis?
    let upper: EpochMillis?
    var series: [SeriesKey: Series] = [:]
    var acceptedPoints = 0
    var rejectedLines = 0

    /// Scans `paths`, reporting rejected lines (at most `shown` per file, then a count) as
    /// `InputLoader` does.
    init(
        _ paths: [String], inputs: InputReading, lower: EpochMillis?, upper: EpochMillis?, shown: Int = 20,
        report: (String) -> Void
    ) throws {
        self.lower = lower
        self.upper = upper
        var problems: [String] = []
        for path in paths {
            var fileRejected = 0
            var fileShown = 0
            try inputs.forEachBatch(path) { batch, chunk in
                self.add(batch)
                for rejection in batch.rejections where fileShown < shown {
                    problems.append("\(path):\(chunk.firstLine + rejection.line - 1 - chunk.prefixLines): \(rejection.reason)")
                    fileShown += 1
                }
                fileRejected += batch.rejectedLines
            }
            if fileRejected > shown { problems.append("\(path): … and \(fileRejected - shown) more rejected lines") }
            rejectedLines += fileRejected
        }
        problems.forEach(report)
    }

    mutating func add(_ batch: ParsedBatch) {
        acceptedPoints += batch.acceptedPoints
        var slots = [Series?](repeating: nil, count: batch.keys.count)
        let lower = lower ?? .min
        let upper = upper ?? .max
        for i in batch.series.indices {
            let id = Int(batch.series[i])
            let time = batch.times[i]
            var entry = slots[id] ?? series[batch.keys[id]] ?? Series()
            entry.first = min(entry.first, time)
            entry.last = max(entry.last, time)
            if time < entry.latest { entry.ordered = false }
            entry.latest = time
            if time >= lower && time < upper { entry.summary.add(batch.values[i]) }
            slots[id] = entry
        }
        for (id, entry) in slots.enumerated() {
            if let entry { series[batch.keys[id]] = entry }
        }
    }
}

/// How `export` reads its input files: format, parse options and chunk size, the same for every
/// pass over them.
struct InputReading: Sendable {
    let format: InputFormat?
    let options: ParseOptions
    let chunkBytes: Int

    /// Parses `path` chunk by chunk (`FileChunks`), in file order.
    func forEachBatch(_ path: String, _ body: (ParsedBatch, FileChunks.Chunk) throws -> Void) throws {
        var options = self.options
        options.defaultSeries = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let (chunks, format) = try FileChunks.open(path: path, format: self.format, options: options, chunkBytes: chunkBytes)
        guard let format else {
            throw CLIError("cannot tell the format of '\(path)': pass --input-format csv|graphite|influx|json")
        }
        for chunk in chunks {
            var batch = ParsedBatch()
            chunk.bytes.withUnsafeBytes { format.parse($0, options: options, into: &batch) }
            try body(batch, chunk)
        }
    }
}

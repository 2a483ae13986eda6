import ArgumentParser
import Foundation
import FramecastCore
import FramecastRender

/// Times full chart renders (layout + M4 reduction + Cairo drawing + PNG encoding) of one series
/// given as raw column files, so a comparison script can hand the very same arrays to Framecast and
/// to other renderers (scripts/compare/render_vs_rrdtool_matplotlib.py). The columns are loaded
/// into a `SeriesData` once (or, with `--stream`, read in chunks at every reduction); only
/// `FrameRenderer.render` is timed.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Time PNG renders of one series from raw int64 ms / float64 columns.")

    @Option(help: "File of little-endian int64 epoch milliseconds, sorted.") var times: String
    @Option(help: "File of little-endian float64 values.") var values: String
    @Option(help: "Chart width in pixels.") var width: Int = 800
    @Option(help: "Chart height in pixels.") var height: Int = 300
    @Option(help: "Timed runs.") var runs: Int = 20
    @Option(help: "Chart kind (band, the dense view, by default; line draws the M4 line path).") var kind: String = "band"
    @Option(help: "Write the last rendered PNG here.") var output: String?
    @Flag(help: "Do not load the columns: stream the files in chunks of 256k points at every reduction (bounded memory).")
    var stream = false

    func run() throws {
        guard runs >= 1 else { throw BenchError.badOption("--runs must be at least 1") }
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let source: any ChartSource
        let from: EpochMillis
        let until: EpochMillis
        if stream {
            let streamed = try StreamedColumns(key: SeriesKey(name: "bench.random_walk"), timesPath: times, valuesPath: values)
            (source, from, until) = (streamed, streamed.first, streamed.last + 1)
        } else {
            let timeColumn: [EpochMillis] = try Self.readColumn(times)
            let valueColumn: [Double] = try Self.readColumn(values)
            let count = timeColumn.count
            guard valueColumn.count == count, count > 1 else {
                throw BenchError.columnsMismatch
            }
            let series = SeriesData(key: SeriesKey(name: "bench.random_walk"), times: timeColumn, values: valueColumn)
            (source, from, until) = (series, series.times[0], series.times[count - 1] + 1)
        }
        let count = try Self.itemCount(times)
        let loadMs = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
        let rssAfterLoad = Self.procStatusKB("VmRSS")
        guard let chartKind = ChartKind(rawValue: kind) else {
            throw BenchError.badOption("--kind must be one of \(ChartKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let spec = try ChartSpec(width: width, height: height, scale: 1, from: from, until: until, kind: chartKind)
        var samples: [Double] = []
        var last: Frame?
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let frame = try FrameRenderer.render(spec: spec, series: [source], format: .png)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            last = frame
        }
        if let output, let last {
            try Data(last.bytes).write(to: URL(fileURLWithPath: output))
        }
        samples.sort()
        let median = samples[samples.count / 2]
        var line =
            "mode=\(stream ? "stream" : "loaded") kind=\(kind) points=\(count) width=\(width) height=\(height) runs=\(runs) load_ms=\(loadMs) median_ms=\(median) min_ms=\(samples[0]) bytes=\(last?.bytes.count ?? 0)"
        // Linux only: resident memory once the columns are loaded, and the process peak so far.
        if let rssAfterLoad, let peak = Self.procStatusKB("VmHWM") { line += " rss_after_load_kb=\(rssAfterLoad) peak_rss_kb=\(peak)" }
        print(line)
    }

    /// Number of 8-byte items in a file.
    static func itemCount(_ path: String) throws -> Int {
        guard let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue, size % 8 == 0 else {
            throw BenchError.notWholeItems(path: path, size: nil)
        }
        return size / 8
    }

    /// Reads a file of 8-byte little-endian items straight into an array (no intermediate `Data`,
    /// so the whole-process peak RSS is the columns plus the render, not twice the columns).
    static func readColumn<T: BitwiseCopyable>(_ path: String) throws -> [T] {
        guard MemoryLayout<T>.size == 8, let file = fopen(path, "rb") else { throw BenchError.cannotOpen(path) }
        defer { fclose(file) }
        fseek(file, 0, SEEK_END)
        let size = ftell(file)
        fseek(file, 0, SEEK_SET)
        guard size >= 0, size % 8 == 0 else { throw BenchError.notWholeItems(path: path, size: size) }
        let count = size / 8
        var complete = true
        let column = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let read = fread(buffer.baseAddress, 8, count, file)
            complete = read == count
            initialized = complete ? count : 0
        }
        guard complete else { throw BenchError.shortRead(path) }
        return column
    }

    /// A `kB` field of /proc/self/status (nil where there is none).
    static func procStatusKB(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}

/// One series read from the raw column files at every reduction, a chunk at a time, and never held
/// whole: memory stays at two chunk buffers plus the columns, whatever the number of points
/// (`M4Accumulator` merges the chunks' columns).
struct StreamedColumns: ChartSource {
    let key: SeriesKey
    let timesPath: String
    let valuesPath: String
    let first: EpochMillis
    let last: EpochMillis
    let count: Int
    static let chunk = 1 << 18

    init(key: SeriesKey, timesPath: String, valuesPath: String) throws {
        let count = try BenchRenderCommand.itemCount(timesPath)
        guard count > 1, try BenchRenderCommand.itemCount(valuesPath) == count else {
            throw BenchError.columnsMismatch
        }
        self.key = key
        self.timesPath = timesPath
        self.valuesPath = valuesPath
        self.count = count
        guard let file = fopen(timesPath, "rb") else { throw BenchError.cannotOpen(timesPath) }
        defer { fclose(file) }
        var first: EpochMillis = 0
        var last: EpochMillis = 0
        fread(&first, 8, 1, file)
        fseek(file, (count - 1) * 8, SEEK_SET)
        fread(&last, 8, 1, file)
        self.first = first
        self.last = last
    }

    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        guard let timeFile = fopen(timesPath, "rb"), let valueFile = fopen(valuesPath, "rb") else {
            fatalError("cannot reopen the column files")
        }
        defer {
            fclose(timeFile)
            fclose(valueFile)
        }
        var timeBuffer = [EpochMillis](repeating: 0, count: Self.chunk)
        var valueBuffer = [Double](repeating: 0, count: Self.chunk)
        // The window count only picks the step sample; every point is in the bench's window.
        var accumulator = M4Accumulator(from: from, until: until, width: width, windowCount: count)
        while true {
            let read = timeBuffer.withUnsafeMutableBufferPointer { fread($0.baseAddress, 8, Self.chunk, timeFile) }
            let readValues = valueBuffer.withUnsafeMutableBufferPointer { fread($0.baseAddress, 8, Self.chunk, valueFile) }
            precondition(read == readValues, "the column files changed while reading")
            if read == 0 { break }
            timeBuffer.withUnsafeBufferPointer { t in
                valueBuffer.withUnsafeBufferPointer { v in
                    accumulator.add(times: UnsafeBufferPointer(rebasing: t[0..<read]), values: UnsafeBufferPointer(rebasing: v[0..<read]))
                }
            }
            if read < Self.chunk { break }
        }
        return accumulator.series
    }
}

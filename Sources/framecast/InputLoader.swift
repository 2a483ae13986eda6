import Foundation
import FramecastCore

/// Reads input files and parses them into series. File I/O lives here (Core knows none).
struct InputLoader {
    let format: InputFormat?
    let options: ParseOptions
    let strict: Bool
    /// Rejections shown per file before summarising the rest.
    let shownRejections = 20

    struct Loaded {
        var series: [SeriesData]
        var rejectedLines: Int
        var acceptedPoints: Int
    }

    func load(_ paths: [String], report: (String) -> Void) throws -> Loaded {
        var merged: [SeriesKey: (times: [EpochMillis], values: [Double])] = [:]
        var order: [SeriesKey] = []
        var rejected = 0
        var accepted = 0
        var problems: [String] = []
        for path in paths {
            let bytes: Data
            do {
                bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CLIError("cannot read input '\(path)': \(Self.reason(error))")
            }
            var options = self.options
            options.defaultSeries = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let batch: ParsedBatch = try bytes.withUnsafeBytes { raw in
                let extensionFormat = InputFormat.fromExtension(URL(fileURLWithPath: path).pathExtension)
                guard let format = format ?? extensionFormat ?? InputFormat.detect(raw) else {
                    throw CLIError("cannot tell the format of '\(path)': pass --input-format csv|graphite|influx|json")
                }
                var batch = ParsedBatch()
                format.parse(raw, options: options, into: &batch)
                return batch
            }
            rejected += batch.rejectedLines
            accepted += batch.acceptedPoints
            for rejection in batch.rejections.prefix(shownRejections) {
                problems.append("\(path):\(rejection.line): \(rejection.reason)")
            }
            if batch.rejectedLines > shownRejections {
                problems.append("\(path): … and \(batch.rejectedLines - shownRejections) more rejected lines")
            }
            for series in batch.seriesData() {
                if merged[series.key] == nil { order.append(series.key) }
                merged[series.key, default: ([], [])].times += series.times
                merged[series.key, default: ([], [])].values += series.values
            }
        }
        problems.forEach(report)
        if strict, rejected > 0 {
            throw CLIError(
                "\(rejected) malformed line\(rejected == 1 ? "" : "s") (see above); --strict accepts none: fix them or drop --strict")
        }
        let series = order.sorted().map { SeriesData(key: $0, times: merged[$0]!.times, values: merged[$0]!.values) }
        return Loaded(series: series, rejectedLines: rejected, acceptedPoints: accepted)
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}

import Foundation
import FramecastCore

/// Sample series (NAB CSV files, `timestamp,value` with a header) replayed as an endless loop
/// that ends at the feed's start time and goes on in real time: point `i` of lap `c` falls at
/// `base + c·period + offset[i]`, the period being the file's span plus one step.
struct DemoReplay {
    struct Series {
        let name: String
        let offsets: [EpochMillis]
        let values: [Double]
        let period: EpochMillis
        let base: EpochMillis
    }

    let series: [Series]

    /// Loads every `*.csv` file of `directory` as `nab.<file name>`; unreadable files are skipped.
    init(directory: String, endingAt end: EpochMillis, logger: (String) -> Void) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        var loaded: [Series] = []
        for file in files {
            let name = "nab." + file.dropLast(4)
            guard let bytes = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
            var batch = ParsedBatch()
            bytes.withUnsafeBytes { InputFormat.csv.parse($0, options: ParseOptions(defaultSeries: name), into: &batch) }
            guard let data = batch.seriesData().first, data.times.count >= 2, let first = data.times.first, let last = data.times.last
            else {
                logger("demo: skipped \(file): no readable timestamp,value rows")
                continue
            }
            let step = max(1, (last - first) / EpochMillis(data.times.count - 1))
            loaded.append(
                Series(
                    name: name, offsets: data.times.map { $0 - first }, values: data.values,
                    period: last - first + step, base: end - (last - first)))
        }
        series = loaded
    }

    /// Graphite lines (`name value ms`) for every point in `(from, until]`, oldest first per series.
    func lines(after from: EpochMillis, through until: EpochMillis, into text: inout String) {
        for s in series where until > from {
            var lap = Self.floorDiv(from - s.base, s.period)
            while s.base + lap * s.period <= until {
                let lapStart = s.base + lap * s.period
                var i = Self.firstIndex(in: s.offsets, after: from - lapStart)
                while i < s.offsets.count, lapStart + s.offsets[i] <= until {
                    text += "\(s.name) \(s.values[i]) \(lapStart + s.offsets[i])\n"
                    i += 1
                }
                lap += 1
            }
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// First index whose offset is greater than `bound` (binary search; offsets ascend).
    static func firstIndex(in offsets: [EpochMillis], after bound: EpochMillis) -> Int {
        var low = 0
        var high = offsets.count
        while low < high {
            let mid = (low + high) / 2
            if offsets[mid] > bound { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

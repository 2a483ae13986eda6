import ArgumentParser
import Foundation
import FramecastCore

/// Times the M4 reducer on columns given as raw files, so a comparison script can hand the very
/// same arrays to Framecast and to another implementation (scripts/compare/m4_tsdownsample.py).
struct BenchM4Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m4", abstract: "Time the M4 reducer on raw int64 ms / float64 columns.")

    @Option(help: "File of little-endian int64 epoch milliseconds, sorted.") var times: String
    @Option(help: "File of little-endian float64 values.") var values: String
    @Option(help: "Output columns.") var width: Int = 800
    @Option(help: "Timed runs.") var runs: Int = 20

    func run() throws {
        let timeData = try Data(contentsOf: URL(fileURLWithPath: times))
        let valueData = try Data(contentsOf: URL(fileURLWithPath: values))
        let count = timeData.count / 8
        guard valueData.count / 8 == count, count > 1 else {
            throw BenchError.columnsMismatch
        }
        let timeColumn = timeData.withUnsafeBytes { Array($0.bindMemory(to: EpochMillis.self)) }
        let valueColumn = valueData.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        let from = timeColumn[0]
        let until = timeColumn[count - 1] + 1
        var samples: [Double] = []
        var checksum = 0.0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let reduced = timeColumn.withUnsafeBufferPointer { t in
                valueColumn.withUnsafeBufferPointer { v in
                    M4Reducer.reduce(times: t, values: v, from: from, until: until, width: width)
                }
            }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            checksum += reduced.columns.reduce(0) { $0 + $1.max - $1.min }
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print(
            "points=\(count) width=\(width) median_ms=\(median) min_ms=\(samples[0]) points_per_s=\(Double(count) / median * 1000) checksum=\(checksum)"
        )
    }
}

import ArgumentParser
import Foundation
import FramecastCore
import FramecastServer

/// Times the JSON of a stream message's columns both ways: `ColumnsJSON` (the hand-written
/// writer the streams use) and `JSONEncoder` over an equivalent `Encodable`, on the same M4 series.
/// This is the measurement behind keeping the hand-written writer for the per-tick stream messages.
struct BenchJSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json", abstract: "Time stream-message column JSON: hand-written writer vs JSONEncoder.")

    @Option(help: "Series per message.") var series: Int = 10
    @Option(help: "Columns per series.") var width: Int = 800
    @Option(help: "Timed runs.") var runs: Int = 30

    func run() throws {
        var rng = SplitMix64(seed: 7)
        let reduced = (0..<series).map { _ in
            var value = 100.0
            let times = (0..<(width * 20)).map { EpochMillis($0) * 1000 }
            let values = times.map { _ in
                value += Double(Int(rng.next() % 2001) - 1000) / 1000
                return value
            }
            return times.withUnsafeBufferPointer { t in
                values.withUnsafeBufferPointer { v in
                    M4Reducer.reduce(times: t, values: v, from: 0, until: EpochMillis(width * 20) * 1000, width: width)
                }
            }
        }
        let encoder = JSONEncoder()
        func median(_ body: () throws -> Int) rethrows -> (ms: Double, bytes: Int) {
            var samples: [Double] = []
            var bytes = 0
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                bytes = try body()
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return (samples.sorted()[samples.count / 2], bytes)
        }
        let hand = median { reduced.reduce(0) { $0 + ColumnsJSON.columns($1).utf8.count } }
        let coded = try median { try reduced.reduce(0) { $0 + (try encoder.encode(EncodableColumns(series: $1))).count } }
        print(
            "series=\(series) width=\(width) columnsjson_median_ms=\(hand.ms) jsonencoder_median_ms=\(coded.ms) "
                + "ratio=\(coded.ms / hand.ms) bytes_hand=\(hand.bytes) bytes_encoder=\(coded.bytes)")
    }
}

/// The same `[[start,min,max,first,last,count,avg],…]` layout as an `Encodable`.
private struct EncodableColumns: Encodable {
    let series: M4Series

    func encode(to encoder: any Encoder) throws {
        var columns = encoder.unkeyedContainer()
        for (c, column) in series.columns.enumerated() where !column.isEmpty {
            var row = columns.nestedUnkeyedContainer()
            try row.encode(ColumnsJSON.columnStart(c, from: series.from, until: series.until, width: series.width))
            for value in [column.min, column.max, column.first, column.last] { try row.encode(value) }
            try row.encode(column.count)
            try row.encode(column.average)
        }
    }
}

import Benchmark
import FramecastCore

/// Synthetic columns shared by the benchmarks: a random walk, one point per second.
struct Columns {
    let times: [EpochMillis]
    let values: [Double]

    init(count: Int) {
        var rng = SplitMix(seed: 42)
        var value = 100.0
        times = (0..<count).map { EpochMillis($0) * 1000 }
        values = (0..<count).map { _ in
            value += Double(Int(rng.next() % 2001) - 1000) / 1000
            return value
        }
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(5), maxIterations: 50)

    // M4 reduction of 10 million in-memory points to 800 columns. scalingFactor .mega: throughput
    // reads as millions of reductions; each reduction covers 10M points.
    let tenMillion = Columns(count: 10_000_000)
    Benchmark("M4 reduce 10M points to 800 columns") { benchmark in
        for _ in benchmark.scaledIterations {
            tenMillion.times.withUnsafeBufferPointer { times in
                tenMillion.values.withUnsafeBufferPointer { values in
                    blackHole(M4Reducer.reduce(times: times, values: values, from: 0, until: 10_000_000_000, width: 800))
                }
            }
        }
    }

    let graphite: [UInt8] = {
        var text = ""
        var rng = SplitMix(seed: 1)
        for i in 0..<1_000_000 {
            text += "servers.host\(i % 10_000).cpu.user \(Double(rng.next() % 10_000) / 100) \(1_700_000_000 + i / 10_000)\n"
        }
        return Array(text.utf8)
    }()
    Benchmark("Parse 1M Graphite lines, 10k series", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            var batch = ParsedBatch()
            graphite.withUnsafeBytes { GraphiteParser.parse($0, options: ParseOptions(), into: &batch) }
            blackHole(batch)
        }
    }

    let influx: [UInt8] = {
        var text = ""
        var rng = SplitMix(seed: 2)
        for i in 0..<1_000_000 {
            text += "cpu,host=host\(i % 10_000),region=eu usage_user=\(Double(rng.next() % 10_000) / 100) \(1_700_000_000 + i / 10_000)000000000\n"
        }
        return Array(text.utf8)
    }()
    Benchmark("Parse 1M Influx lines, 10k series", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations {
            var batch = ParsedBatch()
            influx.withUnsafeBytes { InfluxParser.parse($0, options: ParseOptions(), into: &batch) }
            blackHole(batch)
        }
    }
}

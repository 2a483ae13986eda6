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

typealias SplitMix = SplitMix64

// Names have no spaces: they key the allocation thresholds in Thresholds/ (`make benchmark-check`).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(5), maxIterations: 50)

    // M4 reduction of 10 million in-memory points to 800 columns. scalingFactor .mega: throughput
    // reads as millions of reductions; each reduction covers 10M points.
    let tenMillion = Columns(count: 10_000_000)
    Benchmark("M4-reduce-10M-points-to-800-columns") { benchmark in
        for _ in benchmark.scaledIterations {
            tenMillion.times.withUnsafeBufferPointer { times in
                tenMillion.values.withUnsafeBufferPointer { values in
                    blackHole(M4Reducer.reduce(times: times, values: values, from: 0, until: 10_000_000_000, width: 800))
                }
            }
        }
    }

    // Parsing and aggregation over 10,000 series, as the ingest path runs them: batches of 100k
    // lines parsed into a batch seeded with the aggregator's series, then applied. Each
    // iteration handles 1M lines (10 batches, 100 s of data); points/s = 1M / wall-clock time.
    // Time moves forward from pass to pass (steady state); 7 warm-up passes fill the 1 s tier.
    let policy = try! RetentionPolicy("1s:10m,1m:1d")
    let warmup = 7
    let timed = 5
    let graphite = (0..<(warmup + timed)).map { pass in
        GeneratedLines.batches(count: 10, seed: UInt64(pass)) { i, value in
            "servers.host\(i % 10_000).cpu.user \(value) \(1_700_000_000 + pass * 100 + i / 10_000)\n"
        }
    }
    let influx = (0..<(warmup + timed)).map { pass in
        GeneratedLines.batches(count: 10, seed: UInt64(pass)) { i, value in
            "cpu,host=host\(i % 10_000),region=eu usage_user=\(value) \(1_700_000_000 + pass * 100 + i / 10_000)000000000\n"
        }
    }
    for (name, format, passes) in [("Graphite", InputFormat.graphite, graphite), ("Influx", InputFormat.influx, influx)] {
        Benchmark(
            "Parse+aggregate-1M-\(name)-lines-10k-series",
            configuration: .init(maxDuration: .seconds(30), maxIterations: timed)
        ) { benchmark in
            var aggregator = Aggregator(policy: policy)
            func run(_ batches: [[UInt8]]) {
                for bytes in batches {
                    var batch = aggregator.makeBatch()
                    bytes.withUnsafeBytes { format.parse($0, options: ParseOptions(), into: &batch) }
                    blackHole(aggregator.apply(batch, now: 1_800_000_000_000))
                }
            }
            for pass in 0..<warmup { run(passes[pass]) }
            var next = warmup
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                run(passes[min(next, passes.count - 1)])
                next += 1
            }
        }
    }
}

/// Text batches of 100k lines each, with values from a seeded generator.
enum GeneratedLines {
    static func batches(count: Int, seed: UInt64, line: (Int, Double) -> String) -> [[UInt8]] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { batch in
            var text = ""
            text.reserveCapacity(100_000 * 64)
            for j in 0..<100_000 {
                text += line(batch * 100_000 + j, Double(rng.next() % 10_000) / 100)
            }
            return Array(text.utf8)
        }
    }
}

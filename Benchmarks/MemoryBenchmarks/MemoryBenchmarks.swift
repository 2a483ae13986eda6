import Benchmark
import FramecastCore

/// Resident memory of the rollups: 10,000 series under `1s:10m,1m:1d` with every bucket of both
/// tiers filled (a day at one point a minute, then the last ten minutes at one point a second).
/// Batches are generated one at a time, so the input costs almost nothing next to the tiers.
let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Rollups of 10k series, 1s:10m,1m:1d, all buckets filled",
        configuration: .init(metrics: [.peakMemoryResident, .wallClock], maxDuration: .seconds(120), maxIterations: 1)
    ) { benchmark in
        var aggregator = Aggregator(
            policy: try! RetentionPolicy("1s:10m,1m:1d"),
            config: AggregatorConfig(maxSeries: 20_000))
        let series = 10_000
        let start: EpochMillis = 1_700_000_000_000
        var batch = aggregator.makeBatch()
        func flush() {
            _ = aggregator.apply(batch, now: .max / 2)
            batch = aggregator.makeBatch()
        }
        let names = (0..<series).map { Array("host\($0).cpu".utf8) }
        func add(_ s: Int, _ time: EpochMillis) {
            names[s].withUnsafeBufferPointer { name in
                let id = batch.interner.intern(name.baseAddress!, name.count) { SeriesKey(name: "host\(s).cpu") }!
                batch.series.append(id)
                batch.times.append(time)
                batch.values.append(Double(time / 1000 % 100))
            }
        }
        for minute in 0..<1440 {
            for s in 0..<series { add(s, start + EpochMillis(minute) * 60_000) }
            flush()
        }
        let last = start + 1440 * 60_000
        for second in 0..<600 {
            for s in 0..<series { add(s, last + EpochMillis(second) * 1000) }
            if second % 10 == 9 { flush() }
        }
        flush()
        blackHole(aggregator.storageBytes)
        print("storageBytes=\(aggregator.storageBytes) series=\(aggregator.seriesCount)")
    }
}

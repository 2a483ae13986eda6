import Testing

@testable import FramecastCore

/// Values hand computed with Etsy statsd's rules (lib/process_metrics.js, backends/graphite.js).
@Suite struct StatsdAggregatorTests {
    func flush(_ packets: [String], intervalMillis: Int64 = 10_000, into aggregator: inout StatsdAggregator) -> [String: Double] {
        var metrics: [StatsdMetric] = []
        for packet in packets { _ = StatsdParser.parse(packet, into: &metrics) }
        for metric in metrics { aggregator.add(metric) }
        return Dictionary(aggregator.flush(intervalMillis: intervalMillis).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    @Test func countersScaleBySampleRateAndResetToZero() {
        var aggregator = StatsdAggregator()
        let first = flush(["hits:1|c", "hits:2|c|@0.1"], into: &aggregator)
        #expect(first["stats.counters.hits.count"] == 21)
        #expect(first["stats.counters.hits.rate"] == 2.1)
        let second = flush([], into: &aggregator)
        #expect(second["stats.counters.hits.count"] == 0, "an idle counter is still sent, as 0")
        #expect(second["stats.counters.hits.rate"] == 0)
    }

    @Test func timerStatisticsMatchEtsy() {
        var aggregator = StatsdAggregator()
        let packet = [7, 3, 10, 1, 5, 9, 2, 8, 4].map { "rt:\($0)|ms" }.joined(separator: "\n") + "\nrt:6|ms|@0.5"
        let stats = flush([packet], into: &aggregator)
        func value(_ field: String) -> Double? { stats["stats.timers.rt." + field] }
        #expect(value("count") == 11, "nine samples at rate 1 and one at 0.5")
        #expect(value("count_ps") == 1.1)
        #expect(value("sum") == 55)
        #expect(value("sum_squares") == 385)
        #expect(value("mean") == 5.5)
        #expect(value("median") == 5.5)
        #expect(value("upper") == 10)
        #expect(value("lower") == 1)
        #expect(value("std") == (82.5 / 10).squareRoot())
        #expect(value("count_90") == 9)
        #expect(value("upper_90") == 9)
        #expect(value("sum_90") == 45)
        #expect(value("mean_90") == 5)
        #expect(value("sum_squares_90") == 285)
        let idle = flush([], into: &aggregator)
        #expect(idle["stats.timers.rt.count"] == 0)
        #expect(idle["stats.timers.rt.mean"] == nil, "an idle timer sends its counts only")
    }

    @Test func oddCountMedianAndNegativeAndFractionalThresholds() {
        var aggregator = StatsdAggregator(percentThresholds: [-20, 99.5])
        let stats = flush(["t:5|h:1|d:3|ms:4|ms:2|ms"], into: &aggregator)
        #expect(stats["stats.timers.t.median"] == 3)
        // round(0.2 × 5) = 1: the top value alone.
        #expect(stats["stats.timers.t.count_top20"] == 1)
        #expect(stats["stats.timers.t.lower_top20"] == 5)
        #expect(stats["stats.timers.t.sum_top20"] == 5)
        // round(0.995 × 5) = 5: every value.
        #expect(stats["stats.timers.t.count_99_5"] == 5)
        #expect(stats["stats.timers.t.upper_99_5"] == 5)
        #expect(stats["stats.timers.t.mean_99_5"] == 3)
    }

    @Test func gaugesTakeDeltasAndPersist() {
        var aggregator = StatsdAggregator()
        #expect(flush(["g:5|g", "g:+3|g\ng:-10|g"], into: &aggregator)["stats.gauges.g"] == -2)
        #expect(flush([], into: &aggregator)["stats.gauges.g"] == -2, "a gauge is sent until it changes")
        #expect(flush(["g:7|g"], into: &aggregator)["stats.gauges.g"] == 7)
    }

    @Test func setsCountDistinctValuesPerFlush() {
        var aggregator = StatsdAggregator()
        #expect(flush(["u:a|s", "u:b|s\nu:a|s"], into: &aggregator)["stats.sets.u.count"] == 2)
        #expect(flush([], into: &aggregator)["stats.sets.u.count"] == 0)
    }

    @Test func dogStatsDTagsGoAfterTheName() {
        var aggregator = StatsdAggregator()
        let stats = flush(["hits:1|c|#env:prod,region:eu"], into: &aggregator)
        #expect(stats["stats.counters.hits.count;env=prod;region=eu"] == 1)
        #expect(
            SeriesKey(canonical: "stats.counters.hits.count;region=eu;env=prod").canonical == "stats.counters.hits.count;env=prod;region=eu"
        )
    }

    @Test func badLinesAreCountedAndGoodOnesKept() {
        var metrics: [StatsdMetric] = []
        let bad = StatsdParser.parse("nokey\nx:abc|c\nx:1|zz\nx:1|c|@abc\nt:-1|ms\ng:NaN|g\nok:1|c\nmy key/a:2|c", into: &metrics)
        #expect(bad == 6)
        #expect(metrics.map(\.key) == ["ok", "my_key-a"])
    }
}

/// Hostile datagrams: random bytes and mutated lines never trap the statsd parser or aggregator.
@Suite struct StatsdParserFuzzTests {
    @Test(arguments: 0..<4)
    func randomAndMutatedPacketsNeverTrap(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let seeds = ["a.b:1|c|@0.5", "g:-3|g", "t:12.5|ms|#env:prod,x", "s:u1|s", "k:1|c:2|ms"]
        var aggregator = StatsdAggregator(percentThresholds: [90, -10, 99.9])
        for _ in 0..<500 {
            var bytes = Array(seeds[Int(rng.next() % UInt64(seeds.count))].utf8)
            for _ in 0..<Int(rng.next() % 5) {
                let at = Int(rng.next() % UInt64(bytes.count + 1))
                if rng.next() % 2 == 0 {
                    bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                } else if at < bytes.count {
                    bytes.remove(at: at)
                }
            }
            var metrics: [StatsdMetric] = []
            _ = StatsdParser.parse(String(decoding: bytes, as: UTF8.self), into: &metrics)
            for metric in metrics { aggregator.add(metric) }
        }
        let flushed = aggregator.flush(intervalMillis: 10_000)
        #expect(flushed.allSatisfy { !$0.name.isEmpty && !$0.name.contains(" ") })
    }
}

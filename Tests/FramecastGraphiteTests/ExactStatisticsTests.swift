import FramecastCore
import FramecastGraphite
import Testing

/// Framecast keeps count, sum, min, max, first and last per bucket, so where graphite-web can
/// only re-aggregate what whisper kept (one value per slot: the last one written, and averages of
/// those in the coarser archives), `consolidateBy('max')` and `summarize(…, 'max')` here read the
/// maxima of the raw points, from any tier. These tests check the answer is that exact one.
@Suite struct ExactStatisticsTests {
    /// Ten points per 10 s bucket (values 0…9 plus the bucket's index), for 3 hours, into a store
    /// keeping 10 s buckets for an hour and 1 min buckets for a day.
    let store: GraphiteStore = {
        var lines: [String] = []
        for bucket in 0..<1080 {
            let t = testNow - 3 * 3600 + Int64(bucket) * 10
            for k in 0..<10 { lines.append("raw.points \(Double(k + bucket % 7)) \(t + Int64(k))") }
        }
        return graphiteStore(lines, policy: "10s:1h,1m:1d")
    }()

    @Test func consolidateByMaxReadsTheRawMaximum() throws {
        // The last 30 minutes, 10 s buckets, 18 of them per point with maxDataPoints=10.
        let series = try evaluate(["consolidateBy(raw.points,'max')"], store: store, seconds: 1800)
        let prepared = GraphiteOutput.prepare(series, store: store, maxDataPoints: 10)
        let points = prepared[0].allPoints.filter { !$0.isNaN }
        #expect(!points.isEmpty)
        // Each bucket's raw maximum is 9 + bucket % 7; 18 buckets always include a bucket with
        // bucket % 7 == 6, so every point's exact maximum is 15. Averages would give at most 10.5.
        #expect(points.dropLast().allSatisfy { $0 == 15 }, "\(points)")
        // The same with the values read (not deferred) and the statistics carried along.
        let deferred = try evaluate(["consolidateBy(raw.points,'max')"], store: store, seconds: 1800, deferReads: true)
        #expect(
            GraphiteOutput.prepare(deferred, store: store, maxDataPoints: 10)[0].allPoints.same(
                prepared[0].allPoints.map { $0.isNaN ? nil : $0 }))
    }

    @Test func consolidateByMinAndAverageAreExactToo() throws {
        let minimum = try evaluate(["consolidateBy(raw.points,'min')"], store: store, seconds: 1800)
        let points = GraphiteOutput.prepare(minimum, store: store, maxDataPoints: 10)[0].allPoints.filter { !$0.isNaN }
        #expect(points.dropLast().allSatisfy { $0 == 0 }, "the raw minimum, not the smallest average (3)")
    }

    @Test func summarizeMaxFromTheCoarseTier() throws {
        // Three hours back the 10 s tier has expired: the 1 min tier is read. Its buckets hold the
        // exact maximum of their 60 raw points.
        let series = try evaluate(["summarize(raw.points,'10min','max')"], store: store, seconds: 3 * 3600)
        #expect(series[0].step == 600)
        let values = series[0].values.filter { !$0.isNaN }
        #expect(!values.isEmpty)
        #expect(values.allSatisfy { $0 == 15 }, "\(values)")
        let averaged = try evaluate(["summarize(scale(raw.points,1),'10min','max')"], store: store, seconds: 3 * 3600)
        #expect(averaged[0].values.filter { !$0.isNaN }.allSatisfy { $0 < 15 }, "a transformed series has lost the raw points")
    }
}

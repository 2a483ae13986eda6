import FramecastCore
import Testing

@testable import FramecastProtocols

/// The decoder resolves a series once and appends its further valid samples directly; the batch
/// must be exactly what one `appendSample` per sample gives.
@Suite struct RemoteWriteSeriesReuseTests {
    typealias Series = ([(String, String)], [(Double, Int64)])

    /// What the decoder did before: every sample through `appendSample`.
    static func reference(_ series: [Series]) -> ParsedBatch {
        var batch = ParsedBatch()
        var sample = 0
        for (labels, samples) in series {
            let bytes = labels.map { (name: Array($0.0.utf8), value: Array($0.1.utf8)) }
            for (value, time) in samples {
                sample += 1
                batch.linesRead += 1
                if value.isNaN {
                    batch.skippedFields += 1
                    continue
                }
                PrometheusTextParser.appendSample(
                    labels: bytes, time: time, value: value, sample: sample, options: ParseOptions(), into: &batch)
            }
        }
        return batch
    }

    static func expectSame(_ series: [Series]) throws {
        let decoded = try RemoteWriteDecoderTests.decode(try RemoteWriteDecoderTests.body(series))
        let expected = reference(series)
        #expect(decoded.keys.map(\.description) == expected.keys.map(\.description))
        #expect(decoded.series == expected.series)
        #expect(decoded.times == expected.times)
        #expect(decoded.values == expected.values)
        #expect(decoded.rejections == expected.rejections)
        #expect(decoded.rejectedLines == expected.rejectedLines)
        #expect(decoded.linesRead == expected.linesRead)
        #expect(decoded.skippedFields == expected.skippedFields)
    }

    @Test func invalidSamplesBetweenValidOnesOfOneSeries() throws {
        let t: Int64 = 1_700_000_000_000
        try Self.expectSame([
            (
                [("__name__", "up"), ("job", "node")],
                [
                    (.infinity, t), (1, t + 1), (-.infinity, t + 2), (2, -5), (.nan, t + 3), (3, t + 4),
                    (4, 7_258_118_400_000), (5, t + 5)
                ]
            )
        ])
    }

    @Test func theSameLabelsInTwoEntriesAndInAnotherOrder() throws {
        let t: Int64 = 1_700_000_000_000
        try Self.expectSame([
            ([("__name__", "cpu"), ("host", "a"), ("dc", "x")], [(1, t), (2, t + 1)]),
            ([("__name__", "cpu"), ("host", "b")], [(3, t)]),
            ([("dc", "x"), ("host", "a"), ("__name__", "cpu"), ("empty", "")], [(4, t + 2), (5, t + 3)]),
            ([("__name__", "cpu"), ("host", "a"), ("dc", "x")], [(6, t + 4)])
        ])
    }

    @Test func refusedSeriesRefuseEverySample() throws {
        let t: Int64 = 1_700_000_000_000
        try Self.expectSame([
            ([("job", "nameless")], [(1, t), (2, t + 1), (.nan, t + 2)]),
            ([("__name__", "bad name")], [(3, t), (4, t + 1)]),
            ([("__name__", "ok"), ("bad-label", "v")], [(5, t), (6, t + 1)]),
            ([("__name__", "ok"), ("l", "a;b")], [(7, t), (8, t + 1)]),
            ([("__name__", "ok"), ("l", "v"), ("l", "w")], [(9, t)]),
            ([("__name__", "ok")], [(.infinity, t), (10, t + 1), (11, t + 2)])
        ])
    }

    @Test func manySamplesOfManySeries() throws {
        let t: Int64 = 1_700_000_000_000
        let series: [Series] = (0..<50).map { s in
            let labels = [("__name__", "m\(s % 5)"), ("instance", "host-\(s)"), ("job", "node")]
            return (labels, (0..<100).map { k in (k == 37 && s % 7 == 0 ? .infinity : Double(s * 100 + k), t + Int64(k) * 1000) })
        }
        try Self.expectSame(series)
    }
}

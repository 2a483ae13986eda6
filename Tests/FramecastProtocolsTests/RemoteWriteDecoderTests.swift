import FramecastCore
import FramecastTestSupport
import SwiftProtobuf
import Testing

@testable import FramecastProtocols

/// Builds snappy-compressed WriteRequest bodies in the test and checks what the decoder makes of them.
@Suite struct RemoteWriteDecoderTests {
    static func snappy(_ input: [UInt8]) -> [UInt8] { SnappyTestCodec.compress(input) }

    static func body(_ series: [([(String, String)], [(Double, Int64)])]) throws -> [UInt8] {
        var request = Prometheus_WriteRequest()
        request.timeseries = series.map { labels, samples in
            var one = Prometheus_TimeSeries()
            one.labels = labels.map { name, value in
                var label = Prometheus_Label()
                label.name = name
                label.value = value
                return label
            }
            one.samples = samples.map { value, time in
                var sample = Prometheus_Sample()
                sample.value = value
                sample.timestamp = time
                return sample
            }
            return one
        }
        return snappy(try request.serializedBytes())
    }

    static func decode(_ body: [UInt8], limit: Int = 1 << 20) throws(RemoteWriteDecoder.Failure) -> ParsedBatch {
        var batch = ParsedBatch()
        var failure: RemoteWriteDecoder.Failure?
        body.withUnsafeBytes { bytes in
            do throws(RemoteWriteDecoder.Failure) {
                try RemoteWriteDecoder.decode(bytes, limit: limit, options: ParseOptions(), into: &batch)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return batch
    }

    @Test func namesSeriesAsTheTextParserDoes() throws {
        let body = try Self.body([
            ([("__name__", "up"), ("job", "node"), ("instance", "10.0.0.1:9100"), ("empty", "")], [(1, 1_700_000_000_000)])
        ])
        let batch = try Self.decode(body)
        var text = ParsedBatch()
        let line = Array("up{job=\"node\",instance=\"10.0.0.1:9100\",empty=\"\"} 1 1700000000000\n".utf8)
        line.withUnsafeBytes { PrometheusTextParser.parse($0, options: ParseOptions(), into: &text) }
        #expect(batch.keys.map(\.description) == ["up;instance=10.0.0.1:9100;job=node"])
        #expect(batch.keys.map(\.description) == text.keys.map(\.description))
        #expect(batch.times == [1_700_000_000_000])
        #expect(batch.values == [1])
    }

    @Test func refusesInvalidSamplesAndKeepsTheValidOnes() throws {
        let body = try Self.body([
            ([("__name__", "ok")], [(1, 1_700_000_000_000), (.infinity, 1_700_000_001_000), (.nan, 1_700_000_002_000)]),
            ([("job", "nameless")], [(2, 1_700_000_000_000)]),
            ([("__name__", "bad name")], [(3, 1_700_000_000_000)])
        ])
        let batch = try Self.decode(body)
        #expect(batch.values == [1])
        // ±Inf, no name, bad name; the NaN is "no value" in Prometheus and is dropped, not refused.
        #expect(batch.rejections.count == 3)
        #expect(batch.skippedFields == 1)
    }

    @Test func dropsTheStaleMarker() throws {
        let stale = Double(bitPattern: RemoteWriteDecoder.staleMarkerBits)
        let batch = try Self.decode(try Self.body([([("__name__", "up")], [(1, 1_700_000_000_000), (stale, 1_700_000_001_000)])]))
        #expect(batch.values == [1])
        #expect(batch.rejections.isEmpty)
    }

    @Test func refusesAHugeDeclaredLengthBeforeAllocating() {
        // Varint 0xffffffff: a 100-byte body claiming 4 GiB.
        let body: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0x0f] + [UInt8](repeating: 0, count: 95)
        #expect(throws: RemoteWriteDecoder.Failure.snappy(.tooLarge(declared: 0xffff_ffff, limit: 1 << 20))) {
            try Self.decode(body)
        }
    }

    @Test func refusesGarbageBadProtobufAndTruncation() throws {
        #expect(throws: RemoteWriteDecoder.Failure.snappy(.corrupt)) { try Self.decode([UInt8](repeating: 0xff, count: 64)) }
        let good = try Self.body([([("__name__", "up")], [(1, 1_700_000_000_000)])])
        #expect(throws: RemoteWriteDecoder.Failure.snappy(.corrupt)) { try Self.decode(Array(good.dropLast(2))) }
        // Field 1 (timeseries) declaring a length far past the end.
        let lying = Self.snappy([0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x01])
        #expect(throws: RemoteWriteDecoder.Failure.self) { try Self.decode(lying) }
        // Field 1 with a fixed64 wire type where a message belongs.
        let wrongType = Self.snappy([0x09, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(throws: RemoteWriteDecoder.Failure.self) { try Self.decode(wrongType) }
    }

    @Test func refusesAMillionLabelsInOneSeries() throws {
        var labels = [("__name__", "up")]
        labels += (0..<1_000_000).map { ("l\($0)", "v") }
        let batch = try Self.decode(try Self.body([(labels, [(1, 1_700_000_000_000)])]), limit: 64 << 20)
        #expect(batch.values.isEmpty)
        #expect(batch.rejections.count == 1)
    }

    @Test func refusesAMillionSeriesPastTheBodyLimit() throws {
        let series = (0..<1_000_000).map { ([("__name__", "s\($0)")], [(1.0, Int64(1_700_000_000_000))]) }
        let body = try Self.body(series)
        // The decompressed size is what the body limit caps, so the flood is refused before decoding.
        #expect(throws: RemoteWriteDecoder.Failure.self) { try Self.decode(body, limit: 1 << 20) }
    }
}

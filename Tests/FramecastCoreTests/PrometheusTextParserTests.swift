import Foundation
import Testing

@testable import FramecastCore

@Suite struct PrometheusTextParserTests {
    @Test func labelsBecomeSortedTags() {
        let batch = parse(
            """
            # HELP up Whether the target answered.
            # TYPE up gauge
            up{job="node",instance="10.0.0.1:9100"} 1 1700000000123
            up{instance="10.0.0.1:9100",job="node",} 0 1700000001123
            process_open_fds 7
            """, .prometheus, options: ParseOptions(now: 42_000))
        #expect(batch.rejectedLines == 0)
        #expect(batch.keys.map(\.canonical) == ["up;instance=10.0.0.1:9100;job=node", "process_open_fds"])
        #expect(batch.points("up;instance=10.0.0.1:9100;job=node").map(\.0) == [1_700_000_000_123, 1_700_000_001_123])
        #expect(batch.points("up;instance=10.0.0.1:9100;job=node").map(\.1) == [1, 0])
        #expect(batch.points("process_open_fds").map(\.0) == [42_000], "no timestamp means now")
    }

    @Test func histogramIsItsBucketSumAndCountSeries() {
        let batch = parse(
            """
            # TYPE rpc_seconds histogram
            rpc_seconds_bucket{le="0.1"} 3
            rpc_seconds_bucket{le="+Inf"} 5
            rpc_seconds_sum 1.25e+00
            rpc_seconds_count 5
            # TYPE rpc_size summary
            rpc_size{quantile="0.5"} 120
            rpc_size_sum 600
            rpc_size_count 5
            """, .prometheus)
        #expect(batch.rejectedLines == 0)
        #expect(
            batch.keys.map(\.canonical) == [
                "rpc_seconds_bucket;le=0.1", "rpc_seconds_bucket;le=+Inf", "rpc_seconds_sum", "rpc_seconds_count",
                "rpc_size;quantile=0.5", "rpc_size_sum", "rpc_size_count"
            ])
        #expect(batch.points("rpc_seconds_sum").map(\.1) == [1.25])
    }

    @Test func nonFiniteValuesAndBadLinesAreRefusedWithTheirLineNumbers() {
        let batch = parse(
            """
            ok 1
            a NaN
            b +Inf
            c -Inf
            d{x="1" 2
            e{x="1"} abc
            f{x="1"} 1 soon
            g{x="a;b"} 1
            h{x="1",x="2"} 1
            9bad 1
            ok 2
            """, .prometheus)
        #expect(batch.acceptedPoints == 2)
        #expect(batch.rejections.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(batch.rejections[0].reason == .nonFiniteValue)
        #expect(batch.rejections[1].reason == .nonFiniteValue)
        #expect(batch.rejections[2].reason == .nonFiniteValue)
        #expect(batch.rejections[4].reason == .badValue("abc"))
        #expect(batch.rejections[5].reason == .badTimestamp("soon"))
        #expect(batch.rejections[7].reason == .malformed("label 'x' appears twice"))
    }

    @Test func escapesAreDecodedThenJudgedByTheNameRules() {
        // `\\`, `\"` and `\n` decode to a backslash, a quote and a newline: bytes no series name holds.
        let batch = parse(
            #"""
            a{path="C:\\tmp"} 1
            b{msg="say \"hi\""} 1
            c{msg="two\nlines"} 1
            d{msg="a b"} 1
            e{msg=""} 1
            """#, .prometheus)
        #expect(batch.rejections.map(\.line) == [1, 2, 3])
        #expect(batch.rejections[0].reason == .forbiddenCharacter("'\\'"))
        #expect(batch.rejections[1].reason == .forbiddenCharacter("'\"'"))
        #expect(batch.rejections[2].reason == .forbiddenCharacter("control byte 0xa"))
        #expect(batch.keys.map(\.canonical) == ["d;msg=a b", "e"], "an empty label value is no label")
    }

    @Test func rawSpellingsMeetTheCanonicalKey() {
        let batch = parse(
            """
            up{job="node",instance="a"} 1 1700000000000
            up{job="node",instance="a"} 2 1700000001000
            up{instance="a",job="node"} 3 1700000002000
            """, .prometheus)
        #expect(batch.keys.map(\.canonical) == ["up;instance=a;job=node"])
        #expect(batch.points("up;instance=a;job=node").map(\.1) == [1, 2, 3])
    }

    @Test func detectsTheFormatFromALabelledLine() {
        var text = "# HELP x y\nhttp_requests_total{method=\"GET\",code=\"200\"} 3\n"
        let format = text.withUTF8 { InputFormat.detect(UnsafeRawBufferPointer($0)) }
        #expect(format == .prometheus)
        #expect(InputFormat.fromExtension("prom") == .prometheus)
    }

    /// Output of the real `prometheus_client` library: regenerated when Debian's
    /// python3-prometheus-client is installed, otherwise the checked-in copy.
    @Test func prometheusClientOutputParsesWithNoRejectedLine() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var text = try String(contentsOf: root.appendingPathComponent("samples/data/prometheus-client.prom"), encoding: .utf8)
        if let live = Self.runSampleScript(root) { text = live }
        let batch = parse(text, .prometheus)
        #expect(batch.rejectedLines == 0, "\(batch.rejections)")
        let names = Set(batch.keys.map(\.canonical))
        #expect(names.contains("request_latency_seconds_bucket;le=+Inf"))
        #expect(names.contains("request_latency_seconds_bucket;le=0.005"))
        #expect(names.contains("request_latency_seconds_sum"))
        #expect(names.contains("request_latency_seconds_count"))
        #expect(names.contains("http_requests_total;method=POST;path=/status page"))
        #expect(batch.points("request_latency_seconds_count").map(\.1) == [6])
        #expect(batch.points("room_temperature_celsius;room=cellar").map(\.1) == [-3.25])
    }

    static func runSampleScript(_ root: URL) -> String? {
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
        let process = Process()
        process.executableURL = python
        process.arguments = [root.appendingPathComponent("scripts/protocols/prometheus-client-sample.py").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite struct PrometheusSeriesLookupTests {
    @Test func tagGlobFindsALabelledSeries() {
        let key = SeriesKey(canonical: "up;job=node;instance=10.0.0.1:9100")
        #expect(key.canonical == "up;instance=10.0.0.1:9100;job=node")
        #expect(Glob("up;job=node").matches(key))
        #expect(Glob("up").matches(key), "a pattern without tags matches the name alone")
        #expect(!Glob("up;job=web").matches(key))
    }
}

import Testing

@testable import FramecastCore

@Suite struct JSONParserTests {
    @Test func pointsSeriesAndTags() {
        let text = """
            [
              {"name": "cpu.user", "tags": {"host": "a", "dc": "eu"}, "timestamp": 1700000000, "value": 1.5},
              {"metric": "cpu.user", "tags": {"dc": "eu", "host": "a"}, "time": "2023-11-14T22:13:21Z", "value": 2},
              {"series": "mem", "points": [[1700000000000, 10], {"ts": 1700000001, "value": 11}, [1700000002, true]]}
            ]
            """
        let batch = parse(text, .json, options: ParseOptions(now: 5))
        #expect(batch.rejectedLines == 0)
        #expect(batch.points("cpu.user;dc=eu;host=a").map(\.1) == [1.5, 2])
        #expect(batch.points("cpu.user;dc=eu;host=a").map(\.0) == [1_700_000_000_000, 1_700_000_001_000])
        #expect(batch.points("mem").map(\.1) == [10, 11, 1])
        #expect(batch.points("mem").map(\.0) == [1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_000])
    }

    @Test func seriesEnvelopeAndMissingTimestamp() {
        let batch = parse(
            #"{"series": [{"name": "a", "value": 3}, {"name": "b", "points": [[1700000000, 4]]}]}"#, .json,
            options: ParseOptions(now: 42_000))
        #expect(batch.points("a").map(\.0) == [42_000])
        #expect(batch.points("b").map(\.1) == [4])
    }

    @Test func badPointsAreReportedWithTheirLineAndGoodOnesKept() {
        let text = """
            [
              {"name": "ok", "timestamp": 1700000000, "value": 1},
              {"timestamp": 1700000000, "value": 1},
              {"name": "x", "timestamp": 1700000000, "value": "high"},
              {"name": "x", "timestamp": 1700000000, "value": 1e999},
              {"name": "x", "timestamp": "yesterday", "value": 1},
              {"name": "bad name", "timestamp": 1700000000, "value": 1},
              {"name": "x", "tags": {"k": "a;b"}, "value": 1},
              {"name": "ok", "points": [[1700000001, 2], [1700000002], [99999999999999999, 3]]},
              {"name": "ok", "timestamp": 1700000003, "value": 3}
            ]
            """
        let batch = parse(text, .json)
        #expect(batch.points("ok").map(\.1) == [1, 2, 3])
        #expect(batch.rejections.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 9])
        #expect(batch.rejections[0].reason == .malformed("object has no \"name\" (or \"series\", \"metric\", \"path\") string"))
        #expect(batch.rejections[1].reason == .badValue("high"))
        #expect(batch.rejections[2].reason == .nonFiniteValue)
        #expect(batch.rejections[3].reason == .badTimestamp("yesterday"))
        #expect(batch.rejections[4].reason == .forbiddenCharacter("a space"))
    }

    @Test func syntaxErrorsKeepWhatCameBefore() {
        let truncated = parse(#"[{"name": "a", "timestamp": 1700000000, "value": 1}, {"name": "b", "val"#, .json)
        #expect(truncated.points("a").map(\.1) == [1])
        #expect(truncated.rejectedLines == 1)
        #expect(truncated.rejections.first?.reason.description.hasPrefix("JSON syntax") == true)
    }

    @Test func newlineDelimitedJSONResumesAfterABrokenLine() {
        let text = """
            {"name": "a", "timestamp": 1700000000, "value": 1}
            {"name": "a", "timestamp": 1700000001, "value": }
            {"name": "a", "timestamp": 1700000002, "value": 3}
            """
        let batch = parse(text, .json)
        #expect(batch.points("a").map(\.1) == [1, 3])
        #expect(batch.rejections.map(\.line) == [2])
    }

    @Test func detectedFromContent() {
        var text = "  {\"name\": \"a\", \"value\": 1}\n"
        #expect(text.withUTF8 { InputFormat.detect(UnsafeRawBufferPointer($0)) } == .json)
        #expect(InputFormat.fromExtension("ndjson") == .json)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 10_000)
        let batch = parse(text, .json)
        #expect(batch.rejectedLines == 1 && batch.acceptedPoints == 0)
    }
}

import Foundation
import FramecastGraphite
import Testing

@Suite struct GraphiteTimeTests {
    let now: Int64 = 1_700_000_000  // 2023-11-14 22:13:20 UTC

    static let forms: [(String, Int64)] = [
        ("now", 1_700_000_000), ("-6h", 1_699_978_400), ("-5min", 1_699_999_700), ("-1mon", 1_697_408_000),
        ("-1y", 1_668_464_000), ("-1d12h", 1_699_870_400), ("1699990000", 1_699_990_000), ("20231114", 1_699_920_000),
        ("12:30_20231114", 1_699_965_000), ("midnight", 1_699_920_000), ("noon-1d", 1_699_876_800),
        ("now-2h", 1_699_992_800), ("+1w", 1_700_604_800)
    ]

    @Test(arguments: forms)
    func parsesGraphiteWebForms(text: String, expected: Int64) throws {
        #expect(try GraphiteTime.parse(text, now: now) == expected)
    }

    @Test func aBareMIsNotAUnitAndHugeOffsetsAreRefused() {
        #expect(throws: GraphiteTime.ParseError.self) { try GraphiteTime.parse("-5m", now: now) }
        #expect(throws: GraphiteTime.ParseError.self) { try GraphiteTime.parse("-99999999999999999999d", now: now) }
        #expect(throws: GraphiteTime.ParseError.self) { try GraphiteTime.parse("+9223372036854775807s", now: now) }
        #expect(throws: GraphiteTime.ParseError.self) { try GraphiteTime.parse("99999999999999999999", now: now) }
        #expect(throws: GraphiteTime.ParseError.self) { try GraphiteTime.parse("blursday", now: now) }
    }

    @Test func timeZonesShiftLocalReferences() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(try GraphiteTime.parse("midnight", now: now, zone: berlin) == 1_699_916_400)
    }
}

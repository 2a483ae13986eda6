import Testing

@testable import FramecastCore

@Suite struct TimeOverflowTests {
    let now: EpochMillis = 1_700_000_000_000

    @Test(
        "relative offsets that leave the representable range are refused, never trap",
        arguments: [
            "+9223372036854775807ms", "-9223372036854775807ms", "-9223372036854775808ms", "+9223372036854775808ms",
            "now+9223372036854775807ms", "now-9223372036854775807ms", "+99999999999999y", "-106751991167300d",
            "+300y", "-300y", "+9223372036854775807y"
        ])
    func extremes(text: String) {
        #expect(throws: TimeExpression.Failure.self) { try TimeExpression.parse(text, now: now) }
    }

    @Test("the refusal names the text and says what range is allowed")
    func message() {
        #expect(throws: TimeExpression.Failure.outOfRange("+9223372036854775807ms")) {
            try TimeExpression.parse("+9223372036854775807ms", now: now)
        }
        #expect(TimeExpression.Failure.outOfRange("x").description.contains("out of range"))
    }

    @Test("offsets near the ends of the range still work")
    func withinRange() throws {
        #expect(try TimeExpression.parse("+100y", now: now) == now + 100 * 365 * 86_400_000)
        #expect(try TimeExpression.parse("-100y", now: now) == now - 100 * 365 * 86_400_000)
        #expect(throws: TimeExpression.Failure.self) { try TimeExpression.parse("-1ms", now: Int64.min) }
        #expect(throws: TimeExpression.Failure.self) { try TimeExpression.parse("+1ms", now: Int64.max) }
    }

    @Test("durations with huge amounts or units are nil, not a trap")
    func durations() {
        #expect(TimeExpression.parseDuration("9223372036854775807y") == nil)
        #expect(TimeExpression.parseDuration("9223372036854775808ms") == nil)
        #expect(TimeExpression.parseDuration("9223372036854775807ms") == Int64.max)
        #expect(TimeExpression.parseDuration("106751991167301d") == nil)
    }

    @Test("retention tiers with huge numbers are refused with the tier named")
    func retention() {
        #expect(throws: RetentionError.self) { try RetentionTier.parse("9223372036854775807y:1y") }
        #expect(throws: RetentionError.self) { try RetentionTier.parse("1s:9223372036854775807w") }
        #expect(throws: RetentionError.self) { try RetentionTier.parse("99999999999999999999s:1d") }
    }
}

import Foundation
import Testing

@testable import FramecastCore

@Suite struct TimeParsingTests {
    let utc = TimestampParser()

    func millis(_ text: String, _ parser: TimestampParser = TimestampParser()) -> EpochMillis? {
        if case .success(let value) = parser.parse(text) { return value }
        return nil
    }

    @Test func epochUnitsByMagnitude() {
        #expect(millis("1700000000") == 1_700_000_000_000)
        #expect(millis("1700000000123") == 1_700_000_000_123)
        #expect(millis("1700000000123456") == 1_700_000_000_123)
        #expect(millis("1700000000123456789") == 1_700_000_000_123)
        #expect(millis("1700000000.5") == 1_700_000_000_500)
    }

    @Test func isoAndSpaceSeparated() {
        #expect(millis("2014-07-01 00:30:00") == 1_404_174_600_000)
        #expect(millis("2014-07-01T00:30:00Z") == 1_404_174_600_000)
        #expect(millis("2014-07-01T02:30:00+02:00") == 1_404_174_600_000)
        #expect(millis("2014-07-01T02:30:00+0200") == 1_404_174_600_000)
        #expect(millis("2014-07-01T00:30:00.250Z") == 1_404_174_600_250)
        #expect(millis("2014-07-01") == 1_404_172_800_000)
        #expect(millis("2014-07-01T00:30") == 1_404_174_600_000)
    }

    @Test func naiveTimesAreWallClockInTheGivenZone() {
        let newYork = TimestampParser(naiveZone: TimeZone(identifier: "America/New_York"))
        // EDT is UTC-4 in July, EST UTC-5 in January.
        let july = millis("2014-07-01 00:30:00", newYork)
        let january = millis("2015-01-01 00:00:00", newYork)
        #expect(july == EpochMillis(1_404_174_600_000 + 4 * 3_600_000))
        #expect(january == EpochMillis(1_420_070_400_000 + 5 * 3_600_000))
        // Explicit offsets win over the naive zone.
        #expect(millis("2014-07-01T00:30:00Z", newYork) == 1_404_174_600_000)
    }

    @Test func rejectsBadAndOutOfRange() {
        #expect(utc.parse("2014-13-01") == .failure(.unreadable))
        #expect(utc.parse("2014-02-30 00:00:00") == .failure(.unreadable))
        #expect(utc.parse("yesterday") == .failure(.unreadable))
        #expect(utc.parse("2014-07-01 25:00:00") == .failure(.unreadable))
        #expect(utc.parse("-5") == .failure(.outOfRange))
        #expect(utc.parse("2300-01-01") == .failure(.outOfRange))
    }

    @Test func relativeAndAbsoluteExpressions() throws {
        let now: EpochMillis = 1_700_000_000_000
        #expect(try TimeExpression.parse("now", now: now) == now)
        #expect(try TimeExpression.parse("-24h", now: now) == now - 86_400_000)
        #expect(try TimeExpression.parse("-7d", now: now) == now - 7 * 86_400_000)
        #expect(try TimeExpression.parse("now-90min", now: now) == now - 90 * 60_000)
        #expect(try TimeExpression.parse("+1h", now: now) == now + 3_600_000)
        #expect(try TimeExpression.parse("2014-07-01", now: now) == 1_404_172_800_000)
        #expect(throws: TimeExpression.Failure.unreadable("-3x")) { try TimeExpression.parse("-3x", now: now) }
        #expect(throws: TimeExpression.Failure.self) { try TimeExpression.parse("soon", now: now) }
    }

    @Test func civilDayRoundTrip() {
        for days in stride(from: -1000, through: 100_000, by: 37) {
            let (y, m, d) = EpochTime.civilFromDays(days)
            #expect(EpochTime.daysFromCivil(year: y, month: m, day: d) == days)
        }
    }
}

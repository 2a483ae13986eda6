import Foundation
import Testing

@testable import FramecastCore

/// Time axes across daylight-saving changes: hourly ticks stay on local hour boundaries, the
/// hour that does not exist gets no tick, and the repeated hour gets one per occurrence.
@Suite struct TimeTicksDSTTests {
    static let hour: EpochMillis = 3_600_000

    struct Day: Sendable, CustomStringConvertible {
        let zone: String
        /// Local midnight to the next local midnight, in UTC.
        let from: EpochMillis
        let until: EpochMillis
        let realHours: Int
        let date: String
        let nextDate: String
        /// The label that is missing (spring forward) or shown twice (fall back).
        let special: String
        var description: String { "\(zone) \(date)" }
    }

    static let days = [
        Day(
            zone: "Europe/Berlin", from: 1_711_839_600_000, until: 1_711_922_400_000, realHours: 23,
            date: "Mar 31", nextDate: "Apr 1", special: "02:00"),
        Day(
            zone: "Europe/Berlin", from: 1_729_980_000_000, until: 1_730_070_000_000, realHours: 25,
            date: "Oct 27", nextDate: "Oct 28", special: "02:00"),
        Day(
            zone: "America/New_York", from: 1_710_046_800_000, until: 1_710_129_600_000, realHours: 23,
            date: "Mar 10", nextDate: "Mar 11", special: "02:00"),
        Day(
            zone: "America/New_York", from: 1_730_606_400_000, until: 1_730_696_400_000, realHours: 25,
            date: "Nov 3", nextDate: "Nov 4", special: "01:00")
    ]

    @Test(arguments: days)
    func hourlyTicksOnLocalHours(day: Day) throws {
        let zone = try #require(TimeZone(identifier: day.zone))
        #expect(day.until - day.from == EpochMillis(day.realHours) * Self.hour)
        let ticks = TimeTicks.ticks(unit: .hour(1), from: day.from, until: day.until, zone: zone)
        // One tick per real hour, both midnights included, evenly spaced in real time.
        #expect(ticks.count == day.realHours + 1)
        for (a, b) in zip(ticks, ticks.dropFirst()) { #expect(b.time - a.time == Self.hour, "\(a.label) → \(b.label)") }
        for tick in ticks {
            let local = EpochTime.localMillis(tick.time, in: zone)
            #expect(local % Self.hour == 0, "\(tick.label) sits on a local hour")
            let hourOfDay = Int(EpochTime.floorDiv(local, Self.hour) % 24)
            if hourOfDay != 0 {
                #expect(tick.label == (hourOfDay < 10 ? "0\(hourOfDay):00" : "\(hourOfDay):00"), "label is the local hour")
            }
        }
        let labels = ticks.map(\.label)
        #expect(labels.first == day.date && labels.last == day.nextDate)
        let hourly = labels.dropFirst().dropLast()
        if day.realHours == 23 {
            #expect(!hourly.contains(day.special), "the skipped hour has no tick")
            #expect(Set(hourly).count == hourly.count, "no duplicate labels")
        } else {
            #expect(hourly.filter { $0 == day.special }.count == 2, "the repeated hour has a tick per occurrence")
            #expect(Set(hourly).count == hourly.count - 1, "no other duplicate")
        }
    }

    @Test(arguments: days)
    func chosenTicksAcrossTheDay(day: Day) throws {
        // Through the public entry point at a typical width (2-hour or 3-hour ticks).
        let zone = try #require(TimeZone(identifier: day.zone))
        let ticks = TimeTicks.ticks(
            from: day.from - 6 * Self.hour, until: day.until + 6 * Self.hour, zone: zone, plotWidth: 700,
            measurer: ApproximateTextMeasurer(), fontSize: 11)
        #expect(ticks.count >= 6)
        for tick in ticks { #expect(EpochTime.localMillis(tick.time, in: zone) % Self.hour == 0) }
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            #expect(a.time < b.time)
            #expect(a.label != b.label || a.label == day.special, "only the repeated hour repeats its label")
        }
        #expect(ticks.contains { $0.label == day.date }, "local midnight is labelled with the date")
    }

    @Test func dailyTicksAtLocalMidnightAcrossAChange() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let ticks = TimeTicks.ticks(unit: .day(1), from: 1_711_400_000_000, until: 1_712_400_000_000, zone: zone)
        #expect(ticks.count >= 10)
        for tick in ticks { #expect(EpochTime.localMillis(tick.time, in: zone) % 86_400_000 == 0, "\(tick.label)") }
        #expect(ticks.map(\.label).contains("Mar 31") && ticks.map(\.label).contains("Apr 1"))
    }

    @Test func wallClockToUTCInGapsAndOverlaps() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // 02:30 does not exist: no instant; the conversion moves the clock forward (03:30 CEST).
        #expect(EpochTime.utcInstants(fromLocal: 1_711_852_200_000, in: berlin).isEmpty)
        #expect(EpochTime.utcMillis(fromLocal: 1_711_852_200_000, in: berlin) == 1_711_848_600_000)
        // 02:30 happens twice: CEST (00:30Z) then CET (01:30Z); the earlier is taken.
        #expect(EpochTime.utcInstants(fromLocal: 1_729_996_200_000, in: berlin) == [1_729_989_000_000, 1_729_992_600_000])
        #expect(EpochTime.utcMillis(fromLocal: 1_729_996_200_000, in: berlin) == 1_729_989_000_000)
        // The same rules west of UTC, where the old code picked the other occurrence.
        #expect(EpochTime.utcInstants(fromLocal: 1_730_597_400_000, in: newYork) == [1_730_611_800_000, 1_730_615_400_000])
        #expect(EpochTime.utcMillis(fromLocal: 1_730_597_400_000, in: newYork) == 1_730_611_800_000)
        #expect(EpochTime.utcInstants(fromLocal: 1_710_037_800_000, in: newYork).isEmpty)
        #expect(EpochTime.utcMillis(fromLocal: 1_710_037_800_000, in: newYork) == 1_710_055_800_000)
        // Ordinary times round-trip.
        for utc in stride(from: EpochMillis(1_700_000_000_000), to: 1_735_000_000_000, by: 7_654_321_000) {
            for zone in [berlin, newYork] {
                let local = EpochTime.localMillis(utc, in: zone)
                let back = EpochTime.utcMillis(fromLocal: local, in: zone)
                #expect(back <= utc && EpochTime.localMillis(back, in: zone) == local)
            }
        }
    }
}

import Foundation
import Testing
@testable import FramecastCore

@Suite struct NiceScaleTests {
    func isNice(_ step: Double) -> Bool {
        let normalized = step / pow(10, log10(step).rounded(.down))
        return [1, 2, 2.5, 5, 10].contains { abs(normalized - $0) < 1e-9 }
    }

    @Test func ticksAreNiceAndCoverTheData() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let magnitude = pow(10, Double(Int(rng.next() % 16)) - 6)
            let a = (Double(rng.next() % 10_000) / 100 - 50) * magnitude
            let b = a + Double(rng.next() % 10_000 + 1) / 100 * magnitude
            let scale = NiceScale(covering: a, b, targetTicks: 5)
            #expect(isNice(scale.step), "step \(scale.step) for \(a)…\(b)")
            #expect(scale.lower <= a && scale.upper >= b, "\(scale) must cover \(a)…\(b)")
            #expect((2...12).contains(scale.ticks.count), "\(scale.ticks.count) ticks for \(a)…\(b)")
            for tick in scale.ticks {
                let multiple = tick / scale.step
                #expect(abs(multiple - multiple.rounded()) < 1e-6, "tick \(tick) is a multiple of \(scale.step)")
            }
        }
    }

    @Test func knownRanges() {
        #expect(NiceScale(covering: 0, 39197, targetTicks: 5).ticks == [0, 10000, 20000, 30000, 40000])
        #expect(NiceScale(covering: 0.1, 0.93, targetTicks: 4).ticks.map { ($0 * 100).rounded() / 100 } == [0, 0.25, 0.5, 0.75, 1])
        let flat = NiceScale(covering: 5, 5, targetTicks: 4)
        #expect(flat.lower < 5 && flat.upper > 5)
    }

    @Test func siLabels() {
        #expect(ValueFormat.format(1500, step: 500, magnitude: 2000) == "1.5k")
        #expect(ValueFormat.format(2_000_000, step: 500_000, magnitude: 2_000_000) == "2M")
        #expect(ValueFormat.format(1_500_000, step: 500_000, magnitude: 2_000_000) == "1.5M")
        #expect(ValueFormat.format(0, step: 10, magnitude: 40) == "0")
        #expect(ValueFormat.format(25, step: 25, magnitude: 100) == "25")
        #expect(ValueFormat.format(0.25, step: 0.25, magnitude: 1) == "0.25")
        #expect(ValueFormat.format(0.002, step: 0.001, magnitude: 0.005) == "2m")
        #expect(ValueFormat.format(3e9, step: 1e9, magnitude: 4e9) == "3G")
        #expect(ValueFormat.format(-2000, step: 1000, magnitude: 3000) == "-2k")
        #expect(ValueFormat.format(123_456) == "123k")
    }
}

@Suite struct TimeTickTests {
    let measurer = ApproximateTextMeasurer()

    @Test func hourTicksAtLocalBoundaries() {
        let zone = TimeZone(identifier: "Asia/Kolkata")!   // UTC+5:30: local hours are not UTC hours
        let from: EpochMillis = 1_700_000_000_000, until = from + 86_400_000
        let ticks = TimeTicks.ticks(from: from, until: until, zone: zone, plotWidth: 700, measurer: measurer, fontSize: 11)
        #expect(ticks.count >= 4 && ticks.count <= 14)
        for tick in ticks {
            let local = EpochTime.localMillis(tick.time, in: zone)
            #expect(local % 3_600_000 == 0, "\(tick.label) sits on a local hour")
            #expect(tick.time >= from && tick.time <= until)
        }
        #expect(ticks.contains { $0.label == "Nov 16" }, "local midnight is labelled with the date")
    }

    @Test func spacingFollowsTheRange() {
        let zone = TimeZone(identifier: "UTC")!
        let day = TimeTicks.ticks(from: 0, until: 86_400_000, zone: zone, plotWidth: 800, measurer: measurer, fontSize: 11)
        #expect(day.first?.label == "1970", "New Year's midnight shows the year")
        #expect(day.dropFirst().dropLast().allSatisfy { $0.label.contains(":") }, "hours inside the day as HH:MM")
        #expect(day.last?.label == "Jan 2")
        let minute = TimeTicks.ticks(from: 0, until: 60_000, zone: zone, plotWidth: 800, measurer: measurer, fontSize: 11)
        #expect(minute.dropFirst().allSatisfy { $0.label.count == 8 }, "seconds shown as HH:MM:SS")
        let years = TimeTicks.ticks(from: 0, until: 20 * 31_556_952_000, zone: zone, plotWidth: 800, measurer: measurer, fontSize: 11)
        #expect(years.allSatisfy { Int($0.label) != nil }, "a 20-year range is labelled with years")
        let months = TimeTicks.ticks(from: 1_404_172_800_000, until: 1_422_748_800_000, zone: zone, plotWidth: 750, measurer: measurer, fontSize: 11)
        #expect(months.map(\.label) == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "2015", "Feb"])
    }
}

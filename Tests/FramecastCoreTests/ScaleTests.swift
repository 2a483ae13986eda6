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

@Suite struct ValueAxisTests {
    @Test func logTicksArePowersOfTen() {
        let axis = ValueAxis.make(low: 0.5, high: 123_456, minPositive: 0.5, spec: AxisSpec(log: true), targetTicks: 6)
        #expect(axis.lower == 0.1 && axis.upper == 1_000_000)
        #expect(axis.ticks == [0.1, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000])
        #expect(axis.labels == ["0.1", "1", "10", "100", "1k", "10k", "100k", "1M"])
        for tick in axis.ticks {
            let exponent = log10(tick)
            #expect(abs(exponent - exponent.rounded()) < 1e-9, "\(tick) is a power of ten")
        }
        #expect(abs(axis.position(100, length: 70)! - 30) < 1e-9)
        #expect(axis.position(0, length: 70) == nil && axis.position(-3, length: 70) == nil)
        // Many decades: every other power, still powers of ten.
        let wide = ValueAxis.make(low: 1, high: 1e12, minPositive: 1, spec: AxisSpec(log: true), targetTicks: 3)
        #expect(wide.ticks.allSatisfy { abs(log10($0) - log10($0).rounded()) < 1e-9 } && wide.ticks.count <= 7)
        // Within one decade, 2 and 5 fill in.
        let narrow = ValueAxis.make(low: 12, high: 80, minPositive: 12, spec: AxisSpec(log: true), targetTicks: 4)
        #expect(narrow.ticks == [10, 20, 50, 100])
    }

    @Test func fixedEnds() {
        let axis = ValueAxis.make(low: 3, high: 97, minPositive: 3, spec: AxisSpec(min: 0, max: 250), targetTicks: 5)
        #expect(axis.lower == 0 && axis.upper == 250 && axis.ticks == [0, 50, 100, 150, 200, 250])
        let onlyMin = ValueAxis.make(low: 3, high: 97, minPositive: 3, spec: AxisSpec(min: 10), targetTicks: 4)
        #expect(onlyMin.lower == 10 && onlyMin.upper >= 97 && onlyMin.ticks.allSatisfy { $0 >= 10 })
        let outside = ValueAxis.make(low: 3, high: 7, minPositive: 3, spec: AxisSpec(min: 50), targetTicks: 4)
        #expect(outside.lower == 50 && outside.upper > 50)
    }

    @Test func binaryLabels() {
        let axis = ValueAxis.make(low: 0, high: 3.4 * 1_048_576, minPositive: nil, spec: AxisSpec(unit: .binary), targetTicks: 4)
        // 0…3.5 MiB wastes 3% of the axis; 0…4 MiB (the step chosen before the padding) wasted 15%.
        #expect(axis.labels == ["0", "0.5 MiB", "1 MiB", "1.5 MiB", "2 MiB", "2.5 MiB", "3 MiB", "3.5 MiB"])
        let kib = ValueAxis.make(low: 0, high: 2500, minPositive: nil, spec: AxisSpec(unit: .binary), targetTicks: 5)
        #expect(kib.labels == ["0", "0.5 KiB", "1 KiB", "1.5 KiB", "2 KiB", "2.5 KiB"])
        #expect(kib.ticks[2] == 1024)
        #expect(ValueUnit.binary.format(512) == "512 B")
        #expect(ValueUnit.binary.format(1536) == "1.5 KiB")
        #expect(ValueUnit.binary.format(3 * 1_073_741_824) == "3 GiB")
        let log = ValueAxis.make(low: 100, high: 5e9, minPositive: 100, spec: AxisSpec(log: true, unit: .binary), targetTicks: 5)
        #expect(log.labels.contains("1 KiB") && log.labels.contains("1 MiB") && log.labels.contains("1 GiB"))
    }

    @Test func durationTicksFallOnDurationUnits() {
        let hours = ValueAxis.make(low: 0, high: 7000, minPositive: nil, spec: AxisSpec(unit: .duration), targetTicks: 4)
        #expect(hours.ticks == [0, 1800, 3600, 5400, 7200])
        #expect(hours.labels == ["0", "30min", "1h", "1h 30min", "2h"])
        let minutes = ValueAxis.make(low: 0, high: 140, minPositive: nil, spec: AxisSpec(unit: .duration), targetTicks: 5)
        #expect(minutes.labels == ["0", "30s", "1min", "1min 30s", "2min", "2min 30s"])
        let millis = ValueAxis.make(low: 0, high: 0.8, minPositive: nil, spec: AxisSpec(unit: .duration), targetTicks: 4)
        #expect(millis.labels == ["0", "200ms", "400ms", "600ms", "800ms"])
        let seconds = ValueAxis.make(low: 0, high: 2.2, minPositive: nil, spec: AxisSpec(unit: .duration), targetTicks: 5)
        // 0…2.25 s wastes 2% of the axis; 0…2.5 s wasted 12%.
        #expect(seconds.labels == ["0", "0.25s", "0.5s", "0.75s", "1s", "1.25s", "1.5s", "1.75s", "2s", "2.25s"])
        let days = ValueAxis.make(low: 0, high: 3 * 86_400, minPositive: nil, spec: AxisSpec(unit: .duration), targetTicks: 3)
        #expect(days.labels == ["0", "1d", "2d", "3d"])
        #expect(ValueUnit.duration.format(0.2345) == "234ms" || ValueUnit.duration.format(0.2345) == "235ms")
        #expect(ValueUnit.duration.format(12.5) == "12.5s")
        #expect(ValueUnit.duration.format(75) == "1min 15s")
        #expect(ValueUnit.duration.format(5400) == "1h 30min")
    }

    @Test func plainNumbers() {
        #expect(ValueUnit.none.labels(for: [0, 20000, 40000], step: 20000) == ["0", "20000", "40000"])
        #expect(ValueUnit.none.format(123_456) == "123456")
        #expect(ValueUnit.none.format(0.0012345) == "0.00123")
    }
}

@Suite struct TimeTickTests {
    let measurer = ApproximateTextMeasurer()

    @Test func hourTicksAtLocalBoundaries() {
        let zone = TimeZone(identifier: "Asia/Kolkata")!  // UTC+5:30: local hours are not UTC hours
        let from: EpochMillis = 1_700_000_000_000
        let until = from + 86_400_000
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
        let months = TimeTicks.ticks(
            from: 1_404_172_800_000, until: 1_422_748_800_000, zone: zone, plotWidth: 750, measurer: measurer, fontSize: 11)
        #expect(months.map(\.label) == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "2015", "Feb"])
    }
}

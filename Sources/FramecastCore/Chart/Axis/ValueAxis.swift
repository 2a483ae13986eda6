import Foundation

/// A laid-out value axis: its ends, ticks and tick labels, linear or logarithmic.
public struct ValueAxis: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let log: Bool
    public let unit: ValueUnit
    public let ticks: [Double]
    public let labels: [String]

    /// An axis as given; `make(low:high:minPositive:spec:targetTicks:)` computes one from data.
    public init(lower: Double, upper: Double, log: Bool, unit: ValueUnit, ticks: [Double], labels: [String]) {
        self.lower = lower
        self.upper = upper
        self.log = log
        self.unit = unit
        self.ticks = ticks
        self.labels = labels
    }

    /// Position of `value` along `length` (0 at `lower`, `length` at `upper`); nil for a value a
    /// log axis cannot place (at or below zero).
    public func position(_ value: Double, length: Double) -> Double? {
        guard log else { return (value - lower) / (upper - lower) * length }
        guard value > 0 else { return nil }
        return (Foundation.log(value) - Foundation.log(lower)) / (Foundation.log(upper) - Foundation.log(lower)) * length
    }

    /// An axis for data in `low...high` (nil when there is none; `minPositive` is the smallest
    /// value above zero, for log axes), honouring the spec's fixed ends, scale and unit.
    public static func make(low: Double?, high: Double?, minPositive: Double?, spec: AxisSpec, targetTicks: Int) -> ValueAxis {
        spec.log
            ? logarithmic(minPositive: minPositive, high: high, spec: spec, targetTicks: targetTicks)
            : linear(low: low, high: high, spec: spec, targetTicks: targetTicks)
    }

    static func linear(low: Double?, high: Double?, spec: AxisSpec, targetTicks: Int) -> ValueAxis {
        var low = low ?? 0
        var high = high ?? 1
        if let min = spec.min {
            low = min
            high = Swift.max(high, min)
        }
        if let max = spec.max {
            high = max
            low = Swift.min(low, max)
        }
        let nice = spec.unit.niceScale(covering: low, high, targetTicks: targetTicks)
        let lower = spec.min ?? nice.lower
        let upper = spec.max ?? nice.upper
        let epsilon = nice.step * 1e-9
        var ticks: [Double] = []
        var k = (lower / nice.step - 1e-9).rounded(.up)
        while ticks.count < 100 {
            let tick = NiceScale.snap(k * nice.step, nice.step)
            if tick > upper + epsilon { break }
            if tick >= lower - epsilon { ticks.append(tick) }
            k += 1
        }
        return ValueAxis(
            lower: lower, upper: upper, log: false, unit: spec.unit, ticks: ticks,
            labels: spec.unit.labels(for: ticks, step: nice.step))
    }

    static func logarithmic(minPositive: Double?, high: Double?, spec: AxisSpec, targetTicks: Int) -> ValueAxis {
        let base: Double = spec.unit == .binary ? 2 : 10
        func exponent(_ value: Double) -> Double { Foundation.log(value) / Foundation.log(base) }
        let low = spec.min ?? minPositive ?? 1
        var top = spec.max ?? high ?? low * base
        if top <= low { top = low * base }
        // Auto ends fall on tick exponents (multiples of the stride), as linear axes end on ticks.
        let lowExponent = exponent(low).rounded(.down)
        let highExponent = (exponent(top) - 1e-9).rounded(.up)
        let strides = base == 2 ? [1, 2, 5, 10, 20, 30] : [1, 2, 3, 5, 10, 20, 50]
        let decades = Swift.max(1, Int(highExponent - lowExponent))
        // Decade labels are short: allow twice the linear tick count before thinning them.
        let stride = strides.first { (decades + $0 - 1) / $0 <= 2 * Swift.max(2, targetTicks) } ?? strides[strides.count - 1]
        let step = Double(stride)
        var lower = spec.min ?? pow(base, (lowExponent / step).rounded(.down) * step)
        var upper = spec.max ?? pow(base, (highExponent / step).rounded(.up) * step)
        if upper <= lower {
            if spec.max != nil { lower = upper / base } else { upper = lower * base }
        }
        let first = Int((exponent(lower) - 1e-9).rounded(.up))
        let last = Int((exponent(upper) + 1e-9).rounded(.down))
        var ticks = (first...Swift.max(first, last)).filter { $0 % stride == 0 }.map { pow(base, Double($0)) }
            .filter { $0 >= lower * (1 - 1e-9) && $0 <= upper * (1 + 1e-9) }
        if ticks.count < 3 && base == 10 && stride == 1 {
            for power in (first - 1)...(last + 1) {
                for multiple in [2.0, 5.0] {
                    let tick = multiple * pow(10, Double(power))
                    if tick >= lower * (1 - 1e-9) && tick <= upper * (1 + 1e-9) { ticks.append(tick) }
                }
            }
            ticks.sort()
        }
        return ValueAxis(lower: lower, upper: upper, log: true, unit: spec.unit, ticks: ticks, labels: ticks.map(spec.unit.format))
    }
}

import Foundation

/// A linear axis with "nice" ticks: the step is 1, 2, 2.5 or 5 times a power of ten, and the
/// axis ends on whole steps, so the ticks cover the data range.
public struct NiceScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double

    /// Ticks from `lower` to `upper` inclusive.
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...max(0, count)).map { lower + Double($0) * step }
    }

    public init(lower: Double, upper: Double, step: Double) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    /// Scale covering `low...high` with about `targetTicks` intervals.
    public init(covering low: Double, _ high: Double, targetTicks: Int) {
        var low = low
        var high = high
        if !(low.isFinite && high.isFinite) {
            low = 0
            high = 1
        }
        if low == high {
            // A flat series: centre it with a margin of 10% of its magnitude (or ±1 at zero).
            let margin = low == 0 ? 1 : abs(low) * 0.1
            low -= margin
            high += margin
        }
        let step = Self.niceStep((high - low) / Double(max(1, targetTicks)))
        var lower = (low / step).rounded(.down) * step
        var upper = (high / step).rounded(.up) * step
        // Snap values like 0.30000000000000004 so labels and tests see the decimal numbers.
        lower = Self.snap(lower, step)
        upper = Self.snap(upper, step)
        if upper <= lower { upper = lower + step }
        self.init(lower: lower, upper: upper, step: step)
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalized = raw / magnitude
        let nice: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10
        return nice * magnitude
    }

    static func snap(_ value: Double, _ step: Double) -> Double {
        let decimals = max(0, min(15, Int((-log10(step)).rounded(.up)) + 2))
        let factor = pow(10, Double(decimals))
        return (value * factor).rounded() / factor
    }

    /// Maps a value to a position along `length` (0 at `lower`, `length` at `upper`).
    public func position(_ value: Double, length: Double) -> Double {
        (value - lower) / (upper - lower) * length
    }
}

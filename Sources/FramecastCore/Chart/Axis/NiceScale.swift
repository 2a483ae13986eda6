import Foundation

/// A linear axis with "nice" ticks: the step is 1, 2, 2.5 or 5 times a power of ten, and the
/// axis ends on whole steps, so the ticks cover the data range.
///
/// The step is the one whose axis wastes least room beyond the data (see `choose`), not the
/// first nice step above range / targetTicks: the latter is picked before the padding it costs,
/// and drew −0.2…92.5 on −50…100 (a third of the plot empty) where −20…100 fits.
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
        self = Self.choose(covering: low, high, targetTicks: targetTicks, niceStep: Self.niceStep)
    }

    /// The axis on whole steps covering `low...high` (finite, `low < high`) that wastes the
    /// smallest fraction of its length beyond the data, among the steps `niceStep` gives whose
    /// axis has between t − 1 (at least 2) and 2t intervals (t = `targetTicks`, at least 2: the
    /// layout asks one per 45 px, so labels stay 22–60 px apart); ties go to the fewer ticks.
    ///
    /// Bound: with range R and step s the axis is shorter than R + 2s, so it wastes less than
    /// 2s / (R + 2s). Let s be the smallest candidate step whose axis has at most 2t intervals;
    /// the nice step below it (at least s/2: nice steps grow by at most 2×) needed more than 2t,
    /// so R/(s/2) + 2 > 2t, R/s > t − 1, and s's axis has at least t intervals (so it is allowed)
    /// and wastes less than 2/(t + 1). The chosen axis wastes no more: under 1/3 from t = 5
    /// (plots ≥ 225 px high), under 2/3 at the smallest t = 2.
    static func choose(covering low: Double, _ high: Double, targetTicks: Int, niceStep: (Double) -> Double) -> NiceScale {
        let ticks = max(2, targetTicks)
        let fewest = max(2, ticks - 1)
        let most = 2 * ticks
        let range = high - low
        func axis(_ step: Double) -> NiceScale {
            // Snap values like 0.30000000000000004 so labels and tests see the decimal numbers.
            let lower = snap((low / step).rounded(.down) * step, step)
            var upper = snap((high / step).rounded(.up) * step, step)
            if upper <= lower { upper = lower + step }
            return NiceScale(lower: lower, upper: upper, step: step)
        }
        // A range too wide for a Double (±1e308 data) or too narrow to divide: one step, as before.
        guard range.isFinite, range / Double(most) > 0 else { return axis(niceStep(range / Double(ticks))) }
        func intervals(_ scale: NiceScale) -> Double { ((scale.upper - scale.lower) / scale.step).rounded() }
        func waste(_ scale: NiceScale) -> Double { 1 - range / (scale.upper - scale.lower) }
        // The smallest step with at most `most` intervals: start where R/s = most and go up
        // (the axis has at most R/s + 2 intervals, so a few steps up at most).
        var step = niceStep(range / Double(most))
        var best = axis(step)
        for _ in 0..<8 where intervals(best) > Double(most) {
            step = niceStep(step * (1 + 1e-6))
            best = axis(step)
        }
        // Larger steps, while they keep at least `fewest` intervals; a smaller waste wins, an
        // equal one (to rounding) only with fewer intervals, which a larger step always has.
        for _ in 0..<16 {
            step = niceStep(step * (1 + 1e-6))
            let next = axis(step)
            guard intervals(next) >= Double(fewest), next.step > best.step else { break }
            if waste(next) <= waste(best) + 1e-9 { best = next }
        }
        return best
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

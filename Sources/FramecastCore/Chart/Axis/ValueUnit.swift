import Foundation

/// How axis, legend and hover values are written, and which steps count as "nice" ticks.
public enum ValueUnit: String, Sendable, Hashable, CaseIterable {
    /// Plain numbers: 40000, 0.25.
    case none
    /// SI prefixes: 1.5k, 2M, 250m (the default).
    case si
    /// Bytes with binary prefixes: 512 B, 1.5 KiB, 2 MiB; ticks are nice in the prefix's unit.
    case binary
    /// Seconds written as durations: 250ms, 30s, 5min, 1h 30min; ticks fall on 15 s, 1 min, 1 h, ….
    case duration

    /// Parses `none`, `si`, `binary` or `duration`.
    public init(parsing text: String) throws(ChartSpecError) {
        guard let unit = ValueUnit(rawValue: text.lowercased()) else {
            throw .unknownValue(option: "unit", value: text, allowed: Self.allCases.map(\.rawValue))
        }
        self = unit
    }

    /// A linear scale covering `low...high` with about `targetTicks` intervals, nice in this unit.
    public func niceScale(covering low: Double, _ high: Double, targetTicks: Int) -> NiceScale {
        switch self {
        case .none, .si:
            return NiceScale(covering: low, high, targetTicks: targetTicks)
        case .binary:
            let divisor = Self.binaryDivisor(forMagnitude: Swift.max(abs(low), abs(high)))
            let scaled = NiceScale(covering: low / divisor, high / divisor, targetTicks: targetTicks)
            return NiceScale(lower: scaled.lower * divisor, upper: scaled.upper * divisor, step: scaled.step * divisor)
        case .duration:
            var low = low.isFinite ? low : 0
            var high = high.isFinite ? high : 1
            if low == high {
                let margin = low == 0 ? 1 : abs(low) * 0.1
                low -= margin
                high += margin
            }
            // Same choice among the duration steps. They grow by up to 3.5× (2 d → 1 week), not
            // 2×, so the waste bound stated at `NiceScale.choose` is weaker here.
            return NiceScale.choose(covering: low, high, targetTicks: targetTicks, niceStep: Self.durationStep)
        }
    }

    static let binarySymbols = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]

    static func binaryExponent(forMagnitude magnitude: Double) -> Int {
        guard magnitude >= 1024, magnitude.isFinite else { return 0 }
        return Swift.min(binarySymbols.count - 1, Int((log2(magnitude) / 10).rounded(.down)))
    }

    static func binaryDivisor(forMagnitude magnitude: Double) -> Double {
        pow(1024, Double(binaryExponent(forMagnitude: magnitude)))
    }

    /// Nice duration steps in seconds: 1-2-5 below a second, then 1, 2, 5, 10, 15, 30 s; 1, 2, 5,
    /// 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1, 2 days, a week; beyond, 1-2-5 multiples of days.
    static let durationSteps: [Double] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800
    ]

    static func durationStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        if raw < 1 { return NiceScale.niceStep(raw) }
        if let step = durationSteps.first(where: { $0 >= raw * (1 - 1e-9) }) { return step }
        return NiceScale.niceStep(raw / 86_400) * 86_400
    }
}

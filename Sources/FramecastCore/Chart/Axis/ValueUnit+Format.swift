import Foundation

extension ValueUnit {
    /// Labels for ticks `step` apart: one prefix or duration unit chosen for the whole axis, and
    /// as many decimals as the step needs.
    public func labels(for ticks: [Double], step: Double) -> [String] {
        let magnitude = ticks.map(abs).max() ?? 0
        switch self {
        case .none:
            return ticks.map { Self.plain($0, decimals: Self.decimals(forStep: step)) }
        case .si:
            return ticks.map { ValueFormat.format($0, step: step, magnitude: magnitude) }
        case .binary:
            let exponent = Self.binaryExponent(forMagnitude: magnitude)
            let divisor = pow(1024, Double(exponent))
            let decimals = Self.decimals(forStep: step / divisor)
            return ticks.map { $0 == 0 ? "0" : Self.plain($0 / divisor, decimals: decimals) + " " + Self.binarySymbols[exponent] }
        case .duration:
            return ticks.map { Self.durationLabel($0, step: step, magnitude: magnitude) }
        }
    }

    /// One value with about three significant digits (legend figures, hover titles).
    public func format(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        if value == 0 { return "0" }
        switch self {
        case .none:
            let magnitude = abs(value)
            if magnitude >= 1e15 || magnitude < 1e-6 { return String(format: "%.3g", value) }
            return Self.plain(value, decimals: Swift.max(0, 2 - Int(log10(magnitude).rounded(.down))))
        case .si:
            return ValueFormat.format(value)
        case .binary:
            let exponent = Self.binaryExponent(forMagnitude: abs(value))
            let scaled = value / pow(1024, Double(exponent))
            let decimals = Swift.max(0, Swift.min(2, 2 - Int(log10(abs(scaled)).rounded(.down))))
            return Self.plain(scaled, decimals: decimals) + " " + Self.binarySymbols[exponent]
        case .duration:
            return Self.durationValue(value)
        }
    }

    /// Decimals needed to tell ticks `step` apart (2.5-style steps need one more).
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return Swift.max(0, Swift.min(9, Int((-log10(step)).rounded(.up)) + (ValueFormat.isQuarter(step) ? 1 : 0)))
    }

    /// Fixed decimals with trailing zeros dropped; never "-0".
    static func plain(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    static let durationUnits: [(seconds: Double, symbol: String)] = [(86_400, "d"), (3600, "h"), (60, "min"), (1, "s")]

    /// A duration tick: milliseconds on sub-second axes, decimal seconds for sub-second steps,
    /// else the largest unit the axis reaches plus, where needed, the step's unit ("1h 30min").
    static func durationLabel(_ value: Double, step: Double, magnitude: Double) -> String {
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let amount = abs(value)
        if magnitude < 1 { return sign + plain(amount * 1000, decimals: decimals(forStep: step * 1000)) + "ms" }
        if step < 1 { return sign + plain(amount, decimals: decimals(forStep: step)) + "s" }
        let major = durationUnits.first { $0.seconds <= magnitude } ?? durationUnits[durationUnits.count - 1]
        let minor = durationUnits.first { $0.seconds <= step && isMultiple(step, of: $0.seconds) } ?? (1, "s")
        return sign + compound(amount, major: major, minor: minor)
    }

    /// A single duration: "250ms", "12.5s", "1min 15s", "2h 5min", "3d 4h".
    static func durationValue(_ value: Double) -> String {
        let sign = value < 0 ? "-" : ""
        let amount = abs(value)
        if amount < 1 { return sign + plain(amount * 1000, decimals: Swift.max(0, 2 - Int(log10(amount * 1000).rounded(.down)))) + "ms" }
        if amount < 60 { return sign + plain(amount, decimals: Swift.max(0, 2 - Int(log10(amount).rounded(.down)))) + "s" }
        let index = durationUnits.firstIndex { $0.seconds <= amount } ?? durationUnits.count - 1
        let minor = durationUnits[Swift.min(index + 1, durationUnits.count - 1)]
        let rounded = (amount / minor.seconds).rounded() * minor.seconds
        return sign + compound(rounded, major: durationUnits[index], minor: minor)
    }

    static func compound(_ amount: Double, major: (seconds: Double, symbol: String), minor: (seconds: Double, symbol: String)) -> String {
        let whole = (amount / major.seconds + 1e-9).rounded(.down)
        let rest = amount - whole * major.seconds
        let restText = rest / minor.seconds < 1e-6 ? "" : plain(rest / minor.seconds, decimals: 2) + minor.symbol
        if whole == 0 { return restText.isEmpty ? "0" : restText }
        let wholeText = plain(whole, decimals: 0) + major.symbol
        return restText.isEmpty || minor.seconds >= major.seconds ? wholeText : wholeText + " " + restText
    }

    static func isMultiple(_ value: Double, of unit: Double) -> Bool {
        let ratio = value / unit
        return abs(ratio - ratio.rounded()) < 1e-9
    }
}

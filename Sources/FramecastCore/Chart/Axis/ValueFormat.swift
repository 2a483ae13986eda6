import Foundation

/// Formats axis values with SI prefixes (1.5k, 2M, 250m), with as many decimals as the tick
/// step needs and trailing zeros dropped.
public enum ValueFormat {
    static let prefixes: [(exponent: Int, symbol: String)] = [
        (-12, "p"), (-9, "n"), (-6, "µ"), (-3, "m"), (0, ""), (3, "k"), (6, "M"), (9, "G"), (12, "T"), (15, "P"), (18, "E")
    ]

    /// The prefix exponent for an axis whose largest magnitude is `magnitude`.
    public static func exponent(forMagnitude magnitude: Double) -> Int {
        guard magnitude > 0, magnitude.isFinite else { return 0 }
        let exponent = Int((log10(magnitude) / 3).rounded(.down)) * 3
        // Values in 0.001…1 read better as decimals than as "m" unless they are really small.
        let adjusted = exponent == -3 && magnitude >= 0.01 ? 0 : exponent
        return max(-12, min(18, adjusted))
    }

    /// Formats `value` for an axis with ticks `step` apart and largest magnitude `magnitude`.
    public static func format(_ value: Double, step: Double, magnitude: Double) -> String {
        if value == 0 { return "0" }
        let exponent = exponent(forMagnitude: magnitude)
        let divisor = pow(10, Double(exponent))
        let scaledStep = step / divisor
        let decimals = max(0, min(9, Int((-log10(scaledStep)).rounded(.up) + (isQuarter(scaledStep) ? 1 : 0))))
        var text = String(format: "%.\(decimals)f", value / divisor)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        let symbol = prefixes.first { $0.exponent == exponent }?.symbol ?? ""
        return text + symbol
    }

    /// True for steps like 2.5 or 0.25 that need one more decimal than their magnitude says.
    static func isQuarter(_ step: Double) -> Bool {
        let normalized = step / pow(10, log10(step).rounded(.down))
        return abs(normalized - 2.5) < 1e-9
    }

    /// Formats a single value (legend, tooltips) with 3 significant digits and an SI prefix.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        let exponent = exponent(forMagnitude: magnitude)
        let scaled = value / pow(10, Double(exponent))
        let digits = max(0, 2 - Int(log10(abs(scaled)).rounded(.down)))
        return format(value, step: pow(10, Double(exponent - digits)), magnitude: magnitude)
    }
}

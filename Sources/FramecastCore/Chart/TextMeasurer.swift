/// Measures text for layout. Render supplies one backed by the real font; Core's default uses
/// DejaVu Sans advance widths so layout can be computed (and tested) without a font engine.
public protocol TextMeasurer: Sendable {
    func width(of text: String, size: Double, bold: Bool) -> Double
}

public struct ApproximateTextMeasurer: TextMeasurer {
    public init() {}

    public func width(of text: String, size: Double, bold: Bool) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": em += 0.636
            case " ", ".", ",", ":", ";", "|", "i", "j", "l", "'": em += 0.3
            case "-", "(", ")", "[", "]", "f", "t", "r": em += 0.39
            case "m", "w", "M", "W": em += 0.92
            case "A"..."Z": em += 0.7
            default: em += 0.58
            }
        }
        return em * size * (bold ? 1.08 : 1)
    }
}

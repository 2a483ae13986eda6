import Foundation
import Testing

@testable import FramecastCore

@Suite struct FastNumberTests {
    func parsed(_ text: String) -> FastNumber.Value? {
        var copy = text
        return copy.withUTF8 { FastNumber.parseDouble($0.baseAddress!, $0.count) }
    }

    @Test(arguments: [
        "0", "1", "-1", "3.14159", "1e10", "1.5E-7", "-0.000123", "123456789012345678901234", "0.1", "2.2250738585072014e-308",
        "9007199254740993", "1.7976931348623157e308", "+42", "5.", ".5", "74.93588199999998"
    ])
    func matchesStrtod(_ text: String) {
        #expect(parsed(text) == .number(strtod(text, nil)))
    }

    @Test(arguments: ["nan", "NaN", "inf", "-Infinity", "1e400"])
    func nonFinite(_ text: String) {
        #expect(parsed(text) == .nonFinite)
    }

    @Test(arguments: ["", "-", "abc", "1.2.3", "1e", "12abc", "0x10", " 1"])
    func junk(_ text: String) {
        #expect(parsed(text) == nil)
    }

    @Test func randomDecimalsMatchStrtod() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let text = String(value)
            #expect(parsed(text) == .number(value), "\(text)")
        }
    }
}

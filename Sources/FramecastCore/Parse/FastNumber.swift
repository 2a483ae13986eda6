#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Number parsing straight from bytes.
///
/// Written by hand because `Double(Substring)` needs a String per field, which costs more than
/// the rest of a Graphite line's parse. The fast path is Clinger's: a decimal mantissa below 2^53
/// with a power of ten up to 22 is converted exactly by one multiplication or division, which is
/// correctly rounded. Anything else falls back to `strtod`, so results always match it.
public enum FastNumber {
    /// Result of parsing a numeric field.
    public enum Value: Equatable, Sendable {
        case number(Double)
        /// The field spells NaN or an infinity (rejected by callers, never stored).
        case nonFinite
    }

    @usableFromInline static let exactPowers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses `count` bytes at `start` as a decimal floating-point number. Returns nil when the
    /// bytes are not a number; the whole range must be consumed.
    @inlinable
    public static func parseDouble(_ start: UnsafePointer<UInt8>, _ count: Int) -> Value? {
        if count <= 0 { return nil }
        var index = 0
        var negative = false
        if start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            negative = start[0] == UInt8(ascii: "-")
            index = 1
        }
        if index < count, start[index] | 0x20 == UInt8(ascii: "n") || start[index] | 0x20 == UInt8(ascii: "i") {
            return parseSpecial(start + index, count - index)
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while index < count {
            let digit = start[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
            }
            index += 1
        }
        if index < count, start[index] == UInt8(ascii: ".") {
            index += 1
            while index < count {
                let digit = start[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                }
                index += 1
            }
        }
        if !sawDigit { return nil }
        if index < count, start[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, start[index] == UInt8(ascii: "-") || start[index] == UInt8(ascii: "+") {
                exponentNegative = start[index] == UInt8(ascii: "-")
                index += 1
            }
            var explicit = 0
            var sawExponentDigit = false
            while index < count {
                let digit = start[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                sawExponentDigit = true
                if explicit < 100_000 { explicit = explicit * 10 + Int(digit) }
                index += 1
            }
            if !sawExponentDigit { return nil }
            exponent += exponentNegative ? -explicit : explicit
        }
        if index != count { return nil }
        if mantissa == 0 { return .number(negative ? -0.0 : 0.0) }
        if mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / exactPowers[-exponent] : value * exactPowers[exponent]
            return .number(negative ? -value : value)
        }
        return slowParse(start, count)
    }

    @usableFromInline
    static func slowParse(_ start: UnsafePointer<UInt8>, _ count: Int) -> Value? {
        if count > 255 { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for i in 0..<count { buffer[i] = CChar(bitPattern: start[i]) }
            buffer[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == count else { return nil }
            return value.isFinite ? .number(value) : .nonFinite
        }
    }

    @usableFromInline
    static func parseSpecial(_ start: UnsafePointer<UInt8>, _ count: Int) -> Value? {
        var lowered = [UInt8]()
        lowered.reserveCapacity(count)
        for i in 0..<count { lowered.append(start[i] | 0x20) }
        switch String(decoding: lowered, as: UTF8.self) {
        case "nan", "inf", "infinity": return .nonFinite
        default: return nil
        }
    }

    /// Parses a run of ASCII digits with an optional sign as Int64; nil on overflow or junk.
    @inlinable
    public static func parseInt(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        if count <= 0 { return nil }
        var index = 0
        var negative = false
        if start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            negative = start[0] == UInt8(ascii: "-")
            index = 1
            if count == 1 { return nil }
        }
        var value: Int64 = 0
        while index < count {
            let digit = start[index] &- UInt8(ascii: "0")
            if digit > 9 { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }
}

import Foundation

/// Reads a timestamp field from bytes: epoch seconds, milliseconds, microseconds or nanoseconds
/// (told apart by magnitude, fractions allowed), or ISO-8601 / `YYYY-MM-DD HH:MM:SS` text with an
/// optional `Z` or `±HH:MM` offset. Text without an offset is wall-clock time in `naiveZone`.
public struct TimestampParser: Sendable {
    /// Zone for timestamps written without an offset; nil means UTC.
    public let naiveZone: TimeZone?

    public init(naiveZone: TimeZone? = nil) {
        self.naiveZone = naiveZone.flatMap { $0.identifier == "UTC" || $0.identifier == "GMT" ? nil : $0 }
    }

    /// Why a timestamp field was not accepted.
    public enum Failure: Error, Equatable, Sendable {
        /// The bytes are neither an epoch number nor a date-time.
        case unreadable
        /// Readable, but outside `EpochTime.validRange`.
        case outOfRange
    }

    public func parse(_ start: UnsafePointer<UInt8>, _ count: Int) -> Result<EpochMillis, Failure> {
        if count == 0 { return .failure(.unreadable) }
        if count >= 10, start[4] == UInt8(ascii: "-"), start[7] == UInt8(ascii: "-") {
            guard let millis = parseDateTime(start, count) else { return .failure(.unreadable) }
            return EpochTime.validRange.contains(millis) ? .success(millis) : .failure(.outOfRange)
        }
        return parseEpoch(start, count)
    }

    public func parse(_ text: String) -> Result<EpochMillis, Failure> {
        var copy = text
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return .failure(.unreadable) }
            return parse(base, buffer.count)
        }
    }

    /// Epoch numbers: below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds,
    /// else nanoseconds. (1e11 s is the year 5138, so real seconds are never taken for millis.)
    func parseEpoch(_ start: UnsafePointer<UInt8>, _ count: Int) -> Result<EpochMillis, Failure> {
        if let integer = FastNumber.parseInt(start, count) {
            return Self.scaleEpoch(integer)
        }
        guard case .number(let value)? = FastNumber.parseDouble(start, count) else { return .failure(.unreadable) }
        let magnitude = abs(value)
        let millis: Double
        if magnitude < 1e11 {
            millis = value * 1000
        } else if magnitude < 1e14 {
            millis = value
        } else if magnitude < 1e17 {
            millis = value / 1000
        } else {
            millis = value / 1_000_000
        }
        guard millis.isFinite, millis >= Double(EpochTime.validRange.lowerBound),
            millis < Double(EpochTime.validRange.upperBound)
        else { return .failure(.outOfRange) }
        return .success(EpochMillis(millis.rounded(.down)))
    }

    static func scaleEpoch(_ integer: Int64) -> Result<EpochMillis, Failure> {
        let magnitude = integer.magnitude
        let millis: Int64
        if magnitude < 100_000_000_000 {
            millis = integer * 1000
        } else if magnitude < 100_000_000_000_000 {
            millis = integer
        } else if magnitude < 100_000_000_000_000_000 {
            millis = integer / 1000
        } else {
            millis = integer / 1_000_000
        }
        return EpochTime.validRange.contains(millis) ? .success(millis) : .failure(.outOfRange)
    }

    @inline(__always)
    private func digits(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var value = 0
        for i in 0..<n {
            let d = p[i] &- UInt8(ascii: "0")
            if d > 9 { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    private func parseDateTime(_ p: UnsafePointer<UInt8>, _ count: Int) -> EpochMillis? {
        guard let year = digits(p, 4), let month = digits(p + 5, 2), let day = digits(p + 8, 2),
            (1...12).contains(month), day >= 1, day <= EpochTime.daysInMonth(year: year, month: month)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fractionMillis = 0
        var index = 10
        if index < count, p[index] == UInt8(ascii: "T") || p[index] == UInt8(ascii: " ") || p[index] == UInt8(ascii: "t") {
            guard index + 6 <= count, let h = digits(p + index + 1, 2), p[index + 3] == UInt8(ascii: ":"),
                let m = digits(p + index + 4, 2)
            else { return nil }
            hour = h
            minute = m
            index += 6
            if index < count, p[index] == UInt8(ascii: ":") {
                guard index + 3 <= count, let s = digits(p + index + 1, 2) else { return nil }
                second = s
                index += 3
                if index < count, p[index] == UInt8(ascii: ".") || p[index] == UInt8(ascii: ",") {
                    index += 1
                    var scale = 100
                    var sawDigit = false
                    while index < count, p[index] &- UInt8(ascii: "0") <= 9 {
                        fractionMillis += Int(p[index] - UInt8(ascii: "0")) * scale
                        scale /= 10
                        sawDigit = true
                        index += 1
                    }
                    if !sawDigit { return nil }
                }
            }
            guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        }
        let days = EpochTime.daysFromCivil(year: year, month: month, day: day)
        let local = (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000 + Int64(fractionMillis)
        if index == count {
            guard let zone = naiveZone else { return local }
            return EpochTime.utcMillis(fromLocal: local, in: zone)
        }
        if p[index] == UInt8(ascii: "Z") || p[index] == UInt8(ascii: "z") {
            return index + 1 == count ? local : nil
        }
        guard p[index] == UInt8(ascii: "+") || p[index] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = p[index] == UInt8(ascii: "-") ? -1 : 1
        let rest = count - index - 1
        let offsetHours: Int
        let offsetMinutes: Int
        if rest == 5, p[index + 3] == UInt8(ascii: ":"), let h = digits(p + index + 1, 2), let m = digits(p + index + 4, 2) {
            offsetHours = h
            offsetMinutes = m
        } else if rest == 4, let h = digits(p + index + 1, 2), let m = digits(p + index + 3, 2) {
            offsetHours = h
            offsetMinutes = m
        } else if rest == 2, let h = digits(p + index + 1, 2) {
            offsetHours = h
            offsetMinutes = 0
        } else {
            return nil
        }
        return local - sign * Int64(offsetHours * 3600 + offsetMinutes * 60) * 1000
    }
}

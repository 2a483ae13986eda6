import Foundation

/// Graphite's time expressions (graphite-web `attime.parseATTime`), hand-written because the
/// grammar is graphite-web's own: epoch seconds (`1700000000`, unless it reads as `YYYYMMDD`),
/// `now`, offsets (`-6h`, `-5min`, `-1mon`, `+2d`, `-1h30min`), references (`HH:MM_YYYYMMDD`,
/// `YYYYMMDD`, `MM/DD/YY`, `noon`, `midnight`, `teatime`, `yesterday`, `today`, `tomorrow`,
/// `3pm`, month names, weekdays) optionally followed by an offset (`midnight-1d`). Units as
/// graphite-web reads them: `s…` seconds, `min…` minutes, `h…` hours, `d…` days, `w…` weeks,
/// `mon…` 30 days, `y…` 365 days; a bare `m` is not a unit there and is not here.
public enum GraphiteTime {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "'\(text)': \(reason)" }
    }

    /// Seconds since the epoch of `text` at `now` (epoch seconds), local times in `zone`.
    public static func parse(_ text: String, now: Int64, zone: TimeZone = TimeZone(identifier: "UTC")!) throws(ParseError) -> Int64 {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased().filter { $0 != "_" && $0 != "," && $0 != " " }
        guard !s.isEmpty, s.utf8.count <= 64 else { throw ParseError(text: text, reason: "empty or longer than 64 characters") }
        if s.allSatisfy(\.isASCIIDigit), !looksLikeDate(s) {
            guard let value = Int64(s), value <= 253_402_300_799 else {
                throw ParseError(text: text, reason: "epoch seconds out of range (at most 253402300799, the year 9999)")
            }
            return value
        }
        let reference: Substring
        let offset: Substring
        if let plus = s.firstIndex(of: "+") {
            (reference, offset) = (s[..<plus], s[plus...])
        } else if let minus = s.firstIndex(of: "-") {
            (reference, offset) = (s[..<minus], s[minus...])
        } else {
            (reference, offset) = (s[...], "")
        }
        let base = try parseReference(String(reference), text: text, now: now, zone: zone)
        let (sum, overflow) = base.addingReportingOverflow(try parseOffset(offset, text: text))
        guard !overflow, abs(sum) <= 253_402_300_799 else { throw ParseError(text: text, reason: "the time is out of range") }
        return sum
    }

    /// Seconds of an offset such as `-1h`, `5min`, `+1d12h` (sign optional, `+` by default).
    public static func offsetSeconds(_ text: String) throws(ParseError) -> Int64 {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased().filter { $0 != "_" && $0 != "," && $0 != " " }
        guard s.utf8.count <= 64 else { throw ParseError(text: text, reason: "longer than 64 characters") }
        return try parseOffset(s[...], text: text)
    }

    static func looksLikeDate(_ s: String) -> Bool {
        guard s.count == 8, let year = Int(s.prefix(4)), let month = Int(s.dropFirst(4).prefix(2)), let day = Int(s.suffix(2)) else {
            return false
        }
        return year > 1900 && month < 13 && day < 32
    }

    private static let maxOffsetSeconds: Int64 = 400 * 365 * 86_400

    static func parseOffset(_ raw: Substring, text: String) throws(ParseError) -> Int64 {
        guard !raw.isEmpty else { return 0 }
        var rest = raw
        var sign: Int64 = 1
        if let c = rest.first, !c.isASCIIDigit {
            guard c == "+" || c == "-" else { throw ParseError(text: text, reason: "invalid offset '\(raw)'") }
            sign = c == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits) else {
                throw ParseError(text: text, reason: "invalid offset '\(raw)': expected a number before a unit")
            }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let seconds: Int64
            if unit.hasPrefix("s") {
                seconds = 1
            } else if unit.hasPrefix("min") {
                seconds = 60
            } else if unit.hasPrefix("h") {
                seconds = 3600
            } else if unit.hasPrefix("d") {
                seconds = 86_400
            } else if unit.hasPrefix("w") {
                seconds = 7 * 86_400
            } else if unit.hasPrefix("mon") {
                seconds = 30 * 86_400
            } else if unit.hasPrefix("y") {
                seconds = 365 * 86_400
            } else {
                throw ParseError(
                    text: text, reason: "invalid offset unit '\(unit)' (use s, min, h, d, w, mon or y; 'm' alone is not a unit)")
            }
            let (part, overflow) = number.multipliedReportingOverflow(by: seconds)
            guard !overflow, part <= maxOffsetSeconds else { throw ParseError(text: text, reason: "offset out of range") }
            total += part
            guard total <= maxOffsetSeconds else { throw ParseError(text: text, reason: "offset out of range") }
        }
        return sign * total
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    static func parseReference(_ raw: String, text: String, now: Int64, zone: TimeZone) throws(ParseError) -> Int64 {
        if raw.isEmpty || raw == "now" { return now }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: TimeInterval(now)))
        var ref = Substring(raw)
        var hour = 0
        var minute = 0
        func int(_ s: Substring) throws(ParseError) -> Int {
            guard let v = Int(s) else { throw ParseError(text: text, reason: "unknown time reference '\(raw)'") }
            return v
        }
        if let colon = ref.firstIndex(of: ":"), case let i = ref.distance(from: ref.startIndex, to: colon), i > 0, i < 3 {
            hour = try int(ref.prefix(i))
            minute = try int(ref.dropFirst(i + 1).prefix(2))
            ref = ref.dropFirst(i + 3)
            if ref.hasPrefix("am") {
                ref = ref.dropFirst(2)
            } else if ref.hasPrefix("pm") {
                hour = (hour + 12) % 24
                ref = ref.dropFirst(2)
            }
        }
        if let range = ref.range(of: "am"), case let i = ref.distance(from: ref.startIndex, to: range.lowerBound), i > 0, i < 3 {
            hour = try int(ref.prefix(i))
            ref = ref.dropFirst(i + 2)
        }
        if let range = ref.range(of: "pm"), case let i = ref.distance(from: ref.startIndex, to: range.lowerBound), i > 0, i < 3 {
            hour = (try int(ref.prefix(i)) + 12) % 24
            ref = ref.dropFirst(i + 2)
        }
        if ref.hasPrefix("noon") {
            (hour, minute) = (12, 0)
            ref = ref.dropFirst(4)
        } else if ref.hasPrefix("midnight") {
            (hour, minute) = (0, 0)
            ref = ref.dropFirst(8)
        } else if ref.hasPrefix("teatime") {
            (hour, minute) = (16, 0)
            ref = ref.dropFirst(7)
        }
        guard (0..<24).contains(hour), (0..<60).contains(minute) else {
            throw ParseError(text: text, reason: "hour or minute out of range")
        }
        var components = DateComponents(year: today.year, month: today.month, day: today.day, hour: hour, minute: minute)
        var dayShift = 0
        if ref == "yesterday" || ref == "today" || ref == "tomorrow" {
            dayShift = ref == "yesterday" ? -1 : ref == "tomorrow" ? 1 : 0
        } else if ref.filter({ $0 == "/" }).count == 2 {
            let parts = ref.split(separator: "/", omittingEmptySubsequences: false)
            var year = try int(parts[2])
            if year < 1900 { year += 1900 }
            if year < 1970 { year += 100 }
            components.year = year
            components.month = try int(parts[0])
            components.day = try int(parts[1])
        } else if ref.count == 8, ref.allSatisfy(\.isASCIIDigit) {
            components.year = try int(ref.prefix(4))
            components.month = try int(ref.dropFirst(4).prefix(2))
            components.day = try int(ref.suffix(2))
        } else if months.contains(String(ref.prefix(3))) {
            guard let last = ref.last, last.isASCIIDigit else {
                throw ParseError(text: text, reason: "day of month required after month name")
            }
            let twoDigits = ref.suffix(2)
            components.day = twoDigits.allSatisfy(\.isASCIIDigit) ? try int(twoDigits) : try int(ref.suffix(1))
            components.month = months.firstIndex(of: String(ref.prefix(3)))! + 1
        } else if let target = weekdays.firstIndex(of: String(ref.prefix(3))) {
            var offset = (today.weekday ?? 1) - 1 - target
            if offset < 0 { offset += 7 }
            dayShift = -offset
        } else if !ref.isEmpty {
            throw ParseError(text: text, reason: "unknown day reference '\(raw)'")
        }
        guard let month = components.month, (1...12).contains(month), let day = components.day, (1...31).contains(day),
            let year = components.year, (1...9999).contains(year),
            let date = calendar.date(from: components)
        else {
            throw ParseError(text: text, reason: "not a valid date")
        }
        return Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(dayShift) * 86_400
    }
}

extension Character {
    /// `0`…`9` alone (`isNumber` also takes other scripts' digits and fractions; a digit with a
    /// combining mark, `0͐`, is one Character that compares between "0" and "9" but is no digit).
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}

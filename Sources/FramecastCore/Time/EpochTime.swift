import Foundation

/// Time in Framecast is an `Int64` count of milliseconds since the Unix epoch (UTC).
/// Every parser, tier and query speaks it; seconds exist only at the edges (flags, Graphite).
public typealias EpochMillis = Int64

public enum EpochTime {
    /// Accepted range of timestamps: 1970-01-01 up to (not including) 2200-01-01 UTC.
    /// Points outside are rejected as out of range rather than wrapping or poisoning a bucket.
    public static let validRange: Range<EpochMillis> = 0..<7_258_118_400_000

    public static let millisPerSecond: Int64 = 1000
    public static let millisPerMinute: Int64 = 60_000
    public static let millisPerHour: Int64 = 3_600_000
    public static let millisPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days in a month of the proleptic Gregorian calendar.
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC instant of the wall-clock time `localMillis` (a naive time read as if UTC) in `zone`.
    /// In a fall-back overlap (the repeated hour) the earlier occurrence is taken; in a
    /// spring-forward gap (an hour that does not exist) the clock is moved forward by the gap's
    /// length, as java.time and most databases do: 02:30 on a day that skips 02:00–03:00 → 03:30.
    public static func utcMillis(fromLocal localMillis: EpochMillis, in zone: TimeZone) -> EpochMillis {
        let instants = utcInstants(fromLocal: localMillis, in: zone)
        if let first = instants.first { return first }
        return localMillis - offsetMillis(at: localMillis - millisPerDay, in: zone)
    }

    /// Every UTC instant whose wall-clock time in `zone` is `localMillis`, earliest first: one on an
    /// ordinary day, none inside a spring-forward gap, two inside a fall-back overlap.
    public static func utcInstants(fromLocal localMillis: EpochMillis, in zone: TimeZone) -> [EpochMillis] {
        // The instant lies within ±14 h of the naive time; the offsets in force a day either side
        // are the candidates (no zone changes its offset twice within two days).
        let before = offsetMillis(at: localMillis - millisPerDay, in: zone)
        let after = offsetMillis(at: localMillis + millisPerDay, in: zone)
        var result: [EpochMillis] = []
        for offset in before == after ? [before] : [before, after] {
            let candidate = localMillis - offset
            if offsetMillis(at: candidate, in: zone) == offset { result.append(candidate) }
        }
        if result.isEmpty && before == after {
            // A change and its reversal within two days (very rare): try the offset at the naive time.
            let offset = offsetMillis(at: localMillis, in: zone)
            if offsetMillis(at: localMillis - offset, in: zone) == offset { result.append(localMillis - offset) }
        }
        return result.count == 2 && result[0] > result[1] ? [result[1], result[0]] : result
    }

    /// The zone's offset from UTC at a UTC instant, in milliseconds.
    public static func offsetMillis(at utc: EpochMillis, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc) / 1000))) * 1000
    }
}

extension EpochTime {
    /// Civil date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Wall-clock milliseconds (epoch-like, but in `zone`) of a UTC instant.
    public static func localMillis(_ utc: EpochMillis, in zone: TimeZone) -> EpochMillis {
        utc + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc) / 1000))) * 1000
    }

    /// Floor division that rounds toward negative infinity.
    @inlinable
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

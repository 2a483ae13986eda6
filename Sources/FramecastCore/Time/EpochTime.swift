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

    /// Offset of `zone` at the wall-clock time `localMillis` (a naive time read as if UTC).
    /// In a DST gap the later offset is used; in an overlap, the earlier (first) occurrence.
    public static func utcMillis(fromLocal localMillis: EpochMillis, in zone: TimeZone) -> EpochMillis {
        let guess = Double(localMillis) / 1000
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        let candidate = localMillis - Int64(first) * 1000
        let second = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate) / 1000))
        if second == first { return candidate }
        let other = localMillis - Int64(second) * 1000
        let check = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(other) / 1000))
        return check == second ? min(candidate, other) : max(candidate, other)
    }
}

import Foundation

/// Time-axis ticks aligned to local calendar boundaries in a time zone: the interval (1 s … 100
/// years) is the smallest whose labels fit side by side in the plot width, and labels switch to
/// a date at midnight and to the year at New Year, as an operator reads them.
public struct TimeTick: Sendable, Equatable {
    public let time: EpochMillis
    public let label: String
}

public enum TimeTicks {
    enum Unit: Equatable {
        case second(Int)
        case minute(Int)
        case hour(Int)
        case day(Int)
        case week
        case month(Int)
        case year(Int)

        var approximateMillis: Int64 {
            switch self {
            case .second(let n): return Int64(n) * 1000
            case .minute(let n): return Int64(n) * 60_000
            case .hour(let n): return Int64(n) * 3_600_000
            case .day(let n): return Int64(n) * 86_400_000
            case .week: return 7 * 86_400_000
            case .month(let n): return Int64(n) * 2_629_746_000
            case .year(let n): return Int64(n) * 31_556_952_000
            }
        }

        /// The widest label this unit writes, to decide whether the ticks fit.
        var sampleLabel: String {
            switch self {
            case .second: return "00:00:00"
            case .minute, .hour: return "00:00"
            case .day, .week: return "Sep 30"
            case .month: return "2024"
            case .year: return "2024"
            }
        }
    }

    static let units: [Unit] = [
        .second(1), .second(2), .second(5), .second(10), .second(15), .second(30),
        .minute(1), .minute(2), .minute(5), .minute(10), .minute(15), .minute(30),
        .hour(1), .hour(2), .hour(3), .hour(6), .hour(12),
        .day(1), .day(2), .week, .month(1), .month(2), .month(3), .month(6),
        .year(1), .year(2), .year(5), .year(10), .year(20), .year(50), .year(100)
    ]

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Ticks for [from, until] across `plotWidth` pixels.
    public static func ticks(
        from: EpochMillis, until: EpochMillis, zone: TimeZone, plotWidth: Double,
        measurer: TextMeasurer, fontSize: Double
    ) -> [TimeTick] {
        let span = Double(until - from)
        let unit =
            units.first { unit in
                let spacing = plotWidth * Double(unit.approximateMillis) / span
                return spacing >= measurer.width(of: unit.sampleLabel, size: fontSize, bold: false) + 22
            } ?? .year(100)
        return ticks(unit: unit, from: from, until: until, zone: zone)
    }

    /// Walks local wall-clock boundaries and maps each to its UTC instants, so ticks sit on local
    /// boundaries across DST changes: an hour that does not exist (spring forward) gets no tick,
    /// a repeated hour (fall back) gets one tick per occurrence, both labelled as the clock shows
    /// them. A day, month or year whose midnight is skipped starts when the clock resumes.
    static func ticks(unit: Unit, from: EpochMillis, until: EpochMillis, zone: TimeZone) -> [TimeTick] {
        var result: [TimeTick] = []
        let subDay = unit.approximateMillis < EpochTime.millisPerDay
        // Start a few hours early: the first boundary after `from` may be the second occurrence
        // of a repeated hour, whose wall-clock time is earlier than `from`'s.
        var local = firstLocal(unit: unit, atOrAfter: EpochTime.localMillis(from, in: zone) - 3 * EpochTime.millisPerHour)
        let end = EpochTime.localMillis(until, in: zone) + 3 * EpochTime.millisPerHour
        for _ in 0..<20_000 where local <= end {
            var instants = EpochTime.utcInstants(fromLocal: local, in: zone)
            if instants.isEmpty && !subDay { instants = [EpochTime.utcMillis(fromLocal: local, in: zone)] }
            for time in instants where time >= from && time <= until {
                result.append(TimeTick(time: time, label: label(local: local, unit: unit)))
            }
            local = nextLocal(unit: unit, after: local)
        }
        result.sort { $0.time < $1.time }
        return result.enumerated().filter { $0.offset == 0 || result[$0.offset - 1].time < $0.element.time }.map(\.element)
    }

    static func firstLocal(unit: Unit, atOrAfter local: EpochMillis) -> EpochMillis {
        let day = EpochTime.millisPerDay
        switch unit {
        case .second, .minute, .hour:
            let step = unit.approximateMillis
            return EpochTime.floorDiv(local + step - 1, step) * step
        case .day(let n):
            var days = EpochTime.floorDiv(local + day - 1, day)
            while days % Int64(n) != 0 { days += 1 }
            return days * day
        case .week:
            var days = EpochTime.floorDiv(local + day - 1, day)
            while (days + 3) % 7 != 0 { days += 1 }  // 1970-01-01 was a Thursday; +3 → Monday = 0
            return days * day
        case .month(let n), .year(let n):
            let months = unit == .year(n) ? 12 * n : n
            let days = Int(EpochTime.floorDiv(local, day))
            var (year, month, dayOfMonth) = EpochTime.civilFromDays(days)
            if dayOfMonth != 1 || local % day != 0 { month += 1 }
            var index = year * 12 + month - 1
            while index % months != 0 { index += 1 }
            year = index / 12
            month = index % 12 + 1
            return Int64(EpochTime.daysFromCivil(year: year, month: month, day: 1)) * day
        }
    }

    static func nextLocal(unit: Unit, after local: EpochMillis) -> EpochMillis {
        switch unit {
        case .second, .minute, .hour, .day, .week:
            return local + unit.approximateMillis
        case .month(let n), .year(let n):
            let months = unit == .year(n) ? 12 * n : n
            let (year, month, _) = EpochTime.civilFromDays(Int(local / EpochTime.millisPerDay))
            let index = year * 12 + month - 1 + months
            return Int64(EpochTime.daysFromCivil(year: index / 12, month: index % 12 + 1, day: 1)) * EpochTime.millisPerDay
        }
    }

    static func label(local: EpochMillis, unit: Unit) -> String {
        let days = Int(EpochTime.floorDiv(local, EpochTime.millisPerDay))
        let (year, month, day) = EpochTime.civilFromDays(days)
        let secondsOfDay = Int(local - Int64(days) * EpochTime.millisPerDay) / 1000
        let atMidnight = secondsOfDay == 0
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(monthNames[month - 1]) \(day)"
        switch unit {
        case .second:
            if atMidnight { return date }
            return "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))"
        case .minute, .hour:
            if atMidnight { return month == 1 && day == 1 ? "\(year)" : date }
            return "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60))"
        case .day, .week:
            return month == 1 && day == 1 ? "\(year)" : date
        case .month:
            return month == 1 ? "\(year)" : monthNames[month - 1]
        case .year:
            return "\(year)"
        }
    }
}

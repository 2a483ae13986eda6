import Foundation

/// Full wall-clock times for hover titles: `2014-11-02 01:30 EST` (seconds when not zero), in
/// the chart's zone with its abbreviation, so the repeated hour of a DST change reads unambiguously.
public enum TimeFormat {
    public static func full(_ time: EpochMillis, zone: TimeZone) -> String {
        let local = EpochTime.localMillis(time, in: zone)
        let days = Int(EpochTime.floorDiv(local, EpochTime.millisPerDay))
        let (year, month, day) = EpochTime.civilFromDays(days)
        let seconds = Int(local - Int64(days) * EpochTime.millisPerDay) / 1000
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(year)-\(two(month))-\(two(day)) \(two(seconds / 3600)):\(two(seconds / 60 % 60))"
        if seconds % 60 != 0 { text += ":\(two(seconds % 60))" }
        let abbreviation = zone.abbreviation(for: Date(timeIntervalSince1970: Double(time) / 1000)) ?? zone.identifier
        return text + " " + abbreviation
    }
}

/// Names shown for series in a legend: the series name plus only the tags that tell the chart's
/// series apart (`cpu.usage_user{host=web-1}`), so shared tags do not crowd the legend.
public enum SeriesLabels {
    public static func labels(for keys: [SeriesKey]) -> [String] {
        guard keys.count > 1 else { return keys.map { $0.name } }
        let tagKeys = Set(keys.flatMap { $0.tags.map(\.key) })
        let distinguishing = tagKeys.filter { tag in Set(keys.map { $0.tag(tag) ?? "" }).count > 1 }.sorted()
        let names = keys.map { key in
            let shown = distinguishing.compactMap { tag in key.tag(tag).map { "\(tag)=\($0)" } }
            return shown.isEmpty ? key.name : key.name + "{" + shown.joined(separator: ",") + "}"
        }
        // Fall back to the full canonical form if two labels would collide.
        return Set(names).count == names.count ? names : keys.map(\.description)
    }
}

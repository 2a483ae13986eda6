/// A series is identified by its name plus its tags sorted by tag name.
///
/// The canonical text form is Graphite's tagged form, `name;tag1=value1;tag2=value2`, so a
/// Graphite line carrying tags and an Influx line naming the same series meet in one key.
public struct SeriesKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let name: String
    /// Tags sorted by key; keys are unique.
    public let tags: [Tag]

    public struct Tag: Hashable, Comparable, Sendable {
        public let key: String
        public let value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }

        public static func < (lhs: Tag, rhs: Tag) -> Bool {
            (lhs.key, lhs.value) < (rhs.key, rhs.value)
        }
    }

    public init(name: String, tags: [Tag] = []) {
        self.name = name
        // Sort by key; a repeated key keeps its last value, as carbon does.
        var byKey: [String: String] = [:]
        for tag in tags { byKey[tag.key] = tag.value }
        self.tags = byKey.map { Tag($0.key, $0.value) }.sorted()
    }

    /// Parses the canonical form `name;k=v;k2=v2` (tags in any order).
    public init(canonical: String) {
        let parts = canonical.split(separator: ";", omittingEmptySubsequences: false)
        var tags: [Tag] = []
        for part in parts.dropFirst() {
            if let equals = part.firstIndex(of: "=") {
                tags.append(Tag(String(part[..<equals]), String(part[part.index(after: equals)...])))
            }
        }
        self.init(name: String(parts.first ?? ""), tags: tags)
    }

    /// `name;k=v;...` with tags sorted: the form stored and matched.
    public var canonical: String {
        tags.isEmpty ? name : name + tags.map { ";\($0.key)=\($0.value)" }.joined()
    }

    public var description: String { canonical }

    public func tag(_ key: String) -> String? { tags.first { $0.key == key }?.value }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        lhs.canonical < rhs.canonical
    }
}

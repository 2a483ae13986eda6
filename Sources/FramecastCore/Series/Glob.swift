/// Graphite-style glob over series names: `*` matches within one dot-separated node, `**` across
/// nodes, `?` one character, `[abc]` / `[a-z]` a set, `{cpu,mem}` alternatives. A pattern without
/// `;` matches the name alone; with `;tag=value` parts it also requires those tags (values may
/// themselves be globs).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let namePattern: [Character]
    private let tagPatterns: [(key: String, value: [Character])]

    public static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    public init(_ pattern: String) {
        self.pattern = pattern
        let parts = pattern.split(separator: ";", omittingEmptySubsequences: false)
        namePattern = Array(parts.first ?? "")
        tagPatterns = parts.dropFirst().compactMap { part in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            return (String(part[..<equals]), Array(part[part.index(after: equals)...]))
        }
    }

    public var description: String { pattern }

    public func matches(_ key: SeriesKey) -> Bool {
        guard Self.match(namePattern[...], Array(key.name)[...]) else { return false }
        for tag in tagPatterns {
            guard let value = key.tag(tag.key), Self.match(tag.value[...], Array(value)[...]) else { return false }
        }
        return true
    }

    public func matches(name: String) -> Bool { Self.match(namePattern[...], Array(name)[...]) }

    static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        let rest = pattern.dropFirst()
        switch head {
        case "*":
            let crossesDots = rest.first == "*"
            let tail = crossesDots ? rest.dropFirst() : rest
            var index = text.startIndex
            while true {
                if match(tail, text[index...]) { return true }
                if index == text.endIndex || (!crossesDots && text[index] == ".") { return false }
                index += 1
            }
        case "?":
            guard let first = text.first, first != "." else { return false }
            return match(rest, text.dropFirst())
        case "[":
            guard let close = rest.firstIndex(of: "]"), let first = text.first else { return false }
            let set = rest[rest.startIndex..<close]
            var matched = false
            var i = set.startIndex
            while i < set.endIndex {
                if i + 2 < set.endIndex, set[i + 1] == "-" {
                    if set[i] <= first && first <= set[i + 2] { matched = true }
                    i += 3
                } else {
                    if set[i] == first { matched = true }
                    i += 1
                }
            }
            return matched && match(rest[(close + 1)...], text.dropFirst())
        case "{":
            guard let close = rest.firstIndex(of: "}") else { return false }
            let after = rest[(close + 1)...]
            for option in rest[rest.startIndex..<close].split(separator: ",", omittingEmptySubsequences: false) {
                if match(ArraySlice(Array(option) + after), text) { return true }
            }
            return false
        default:
            guard let first = text.first, first == head else { return false }
            return match(rest, text.dropFirst())
        }
    }
}

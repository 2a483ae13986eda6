/// The series names as a tree of dot-separated nodes, as Graphite's metric browser shows them:
/// the children of `a.b` are the distinct next nodes of the names under `a.b.`. A node is a
/// leaf when a series has exactly its path as name (with or without tags) and a branch when
/// names continue below it; it can be both. Hand-written because it is a single pass over the
/// names with a dictionary, which no library offers in this shape.
public enum SeriesTree {
    public struct Node: Sendable, Equatable {
        /// The node's own part (`cpu`), and its full path (`app.web.cpu`).
        public let name: String
        public let path: String
        /// Series at or below this node.
        public var series = 0
        public var isLeaf = false
        public var isBranch = false
        /// Canonical keys of the series named exactly `path` (`path;tag=value…` for tagged
        /// ones), sorted, at most `SeriesTree.maxTagged`.
        public var keys: [String] = []
    }

    /// Series keys listed per leaf: enough to pick from, bounded for a name with thousands of tag
    /// combinations.
    public static let maxTagged = 50

    /// The children of `prefix` (`""` for the root), sorted by name, the first `limit` of them,
    /// and how many there are. Cost: one pass over `keys`.
    public static func children(of prefix: String, in keys: some Sequence<SeriesKey>, limit: Int) -> (nodes: [Node], total: Int) {
        let start = prefix.isEmpty ? "" : prefix + "."
        var nodes: [Substring: Node] = [:]
        for key in keys {
            let name = key.name
            guard name.hasPrefix(start), name.count > start.count else { continue }
            let rest = name.dropFirst(start.count)
            let part = rest.prefix { $0 != "." }
            guard !part.isEmpty else { continue }
            var node = nodes[part] ?? Node(name: String(part), path: start + part)
            node.series += 1
            if part.endIndex == rest.endIndex {
                node.isLeaf = true
                if node.keys.count < maxTagged { node.keys.append(key.canonical) }
            } else {
                node.isBranch = true
            }
            nodes[part] = node
        }
        let sorted = nodes.values.sorted { $0.name < $1.name }
        return (
            sorted.prefix(limit).map { node in
                var node = node
                node.keys.sort()
                return node
            }, sorted.count
        )
    }
}

import FramecastCore

/// graphite-web's metric browser over the untagged series: `/metrics/find` (the nodes one path
/// pattern matches, branches and leaves), `/metrics/expand` and `/metrics/index.json`; and the tag
/// database's `/tags` answers over every series.
public enum GraphiteFind {
    /// A node a find pattern matches: `servers.web1` (a branch) or `servers.web1.cpu` (a leaf);
    /// a path that is both is listed once as each.
    public struct Node: Sendable, Equatable {
        public let path: String
        public let name: String
        public let isLeaf: Bool
    }

    public static let maxNodes = 100_000

    /// The nodes the pattern's dot-separated parts match, node by node, sorted by path.
    public static func find(_ pattern: String, in store: GraphiteStore) throws(GraphiteError) -> [Node] {
        let parts = pattern.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var globs: [Glob] = []
        for part in parts {
            do { globs.append(try Glob.validated(part)) } catch { throw GraphiteError("query '\(pattern)': \(error)") }
        }
        var found: Set<String> = []
        var leaves: Set<String> = []
        for name in store.untaggedNames() {
            let nodes = name.split(separator: ".", omittingEmptySubsequences: false)
            guard nodes.count >= globs.count else { continue }
            var matches = true
            for (glob, node) in zip(globs, nodes) where !glob.matches(SeriesKey(name: String(node))) {
                matches = false
                break
            }
            guard matches else { continue }
            let path = nodes.prefix(globs.count).joined(separator: ".")
            if nodes.count == globs.count { leaves.insert(path) } else { found.insert(path) }
            if found.count + leaves.count > maxNodes {
                throw GraphiteError("query '\(pattern)' matches more than \(maxNodes) nodes: narrow it", isLimit: true)
            }
        }
        let branches = found.map { Node(path: $0, name: lastPart($0), isLeaf: false) }
        let leafNodes = leaves.map { Node(path: $0, name: lastPart($0), isLeaf: true) }
        return (branches + leafNodes).sorted { ($0.path, $0.isLeaf ? 1 : 0) < ($1.path, $1.isLeaf ? 1 : 0) }
    }

    static func lastPart(_ path: String) -> String {
        path.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// `/metrics/find` treejson: branches first, then leaves, each node once (by name), with the
    /// query's parent path as the id prefix; a `*` node first when `wildcards` and more than one.
    public static func treeJSON(_ nodes: [Node], query: String, wildcards: Bool) -> [[String: JSONValue]] {
        let base = query.contains(".") ? String(query[..<query.lastIndex(of: ".")!]) + "." : ""
        var out: [[String: JSONValue]] = []
        func entry(_ text: String, _ id: String, leaf: Bool) -> [String: JSONValue] {
            [
                "text": .string(text), "id": .string(id), "allowChildren": .int(leaf ? 0 : 1), "expandable": .int(leaf ? 0 : 1),
                "leaf": .int(leaf ? 1 : 0)
            ]
        }
        if nodes.count > 1 && wildcards { out.append(entry("*", base + "*", leaf: !nodes.contains { !$0.isLeaf })) }
        var seen: Set<String> = []
        var branches: [[String: JSONValue]] = []
        var leaves: [[String: JSONValue]] = []
        for node in nodes.sorted(by: { $0.name < $1.name }) where seen.insert(node.name).inserted {
            let e = entry(node.name, base + node.name, leaf: node.isLeaf)
            if node.isLeaf { leaves.append(e) } else { branches.append(e) }
        }
        return out + branches + leaves
    }

    /// `/metrics/find?format=completer`: the query with `..` as `*.` and a trailing `*`.
    public static func completerQuery(_ query: String) -> String {
        var q = query.replacingOccurrences(of: "..", with: "*.")
        if !q.hasSuffix("*") { q += "*" }
        return q
    }

    /// Distinct values of every tag (the `name` tag is the series name), sorted.
    public static func tagValues(in store: GraphiteStore, matching expressions: [TagExpression]) throws(GraphiteError) -> [String: Set<
        String
    >] {
        let series = expressions.isEmpty ? store.allSeries() : try TagExpression.series(matching: expressions, in: store)
        var values: [String: Set<String>] = [:]
        for (key, _) in series {
            values["name", default: []].insert(key.name)
            for tag in key.tags { values[tag.key, default: []].insert(tag.value) }
        }
        return values
    }
}

/// A small JSON value for the answers these endpoints build.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null
    /// Text written as it is (`1e9999`, graphite-web's infinity).
    case raw(String)

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    /// The value as JSON text (object keys in the order given).
    public var text: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let s): GraphiteOutput.appendString(s, to: &out)
        case .int(let v): out += Array(String(v).utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .raw(let text): out += Array(text.utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out += Array(", ".utf8) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += Array(", ".utf8) }
                GraphiteOutput.appendString(key, to: &out)
                out += Array(": ".utf8)
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object from a dictionary, keys sorted.
    public static func sortedObject(_ dict: [String: JSONValue]) -> JSONValue {
        .object(dict.keys.sorted().map { ($0, dict[$0]!) })
    }
}

import FramecastCore

/// One `seriesByTag` argument: `tag=value`, `tag!=value`, `tag=~regex`, `tag!=~regex`. As in
/// graphite-web: a regex is anchored at the start of the value only (`re.match`), a series
/// without the tag has the empty value for it, and at least one expression must require a
/// non-empty value (else every series would match).
public struct TagExpression: Sendable {
    public enum Operator: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case notMatches = "!=~"
    }

    public let tag: String
    public let op: Operator
    public let value: String
    let regex: GraphiteRegex?

    public init(parsing text: String) throws(GraphiteError) {
        guard let opStart = text.firstIndex(where: { $0 == "=" || $0 == "!" }), opStart != text.startIndex else {
            throw GraphiteError("invalid tag expression '\(text)': write tag=value, tag!=value, tag=~regex or tag!=~regex")
        }
        let tag = String(text[..<opStart])
        var rest = text[opStart...]
        let op: Operator
        if rest.hasPrefix("!=~") {
            op = .notMatches
        } else if rest.hasPrefix("!=") {
            op = .notEqual
        } else if rest.hasPrefix("=~") {
            op = .matches
        } else if rest.hasPrefix("=") {
            op = .equal
        } else {
            throw GraphiteError("invalid tag expression '\(text)': write tag=value, tag!=value, tag=~regex or tag!=~regex")
        }
        rest = rest.dropFirst(op.rawValue.count)
        guard !tag.contains(";"), !rest.contains(";") else {
            throw GraphiteError("invalid tag expression '\(text)': ';' is not allowed")
        }
        self.tag = tag
        self.op = op
        value = String(rest)
        do {
            regex = op == .matches || op == .notMatches ? try GraphiteRegex(value) : nil
        } catch {
            throw GraphiteError("tag expression '\(text)': \(error)")
        }
    }

    /// Whether a series whose tag has `candidate` ("" when it lacks the tag) satisfies this.
    public func accepts(_ candidate: String) -> Bool {
        switch op {
        case .equal: return candidate == value
        case .notEqual: return candidate != value
        case .matches: return regex!.matchesPrefix(candidate)
        case .notMatches: return !regex!.matchesPrefix(candidate)
        }
    }

    /// The tag's value in `key`: `name` is the series name.
    static func value(of tag: String, in key: SeriesKey) -> String {
        tag == "name" ? key.name : key.tag(tag) ?? ""
    }

    /// Every visible series satisfying all `expressions`, sorted by canonical name.
    public static func series(matching expressions: [TagExpression], in store: GraphiteStore) throws(GraphiteError) -> [(
        key: SeriesKey, id: SeriesID
    )] {
        guard expressions.contains(where: { !$0.accepts("") }) else {
            throw GraphiteError("seriesByTag() needs at least one expression that requires a non-empty value (such as name=… or tag=~.+)")
        }
        return store.allSeries().filter { entry in
            expressions.allSatisfy { $0.accepts(value(of: $0.tag, in: entry.key)) }
        }.sorted { $0.key.canonical < $1.key.canonical }
    }
}

/// A parsed Graphite target: `sumSeries(app.*.requests)`, `aliasSub(a.b, "(^.*$)", "\1 A")`,
/// `a.b.c|scale(2)`. Positions are 1-based columns into the target text, for error messages.
public indirect enum TargetExpression: Sendable, Hashable {
    /// A metric path, possibly with globs (`servers.web*.cpu.{user,system}`).
    case path(String)
    /// A function call with positional then keyword arguments.
    case call(TargetCall)
    case string(String)
    case number(Double, isInteger: Bool)
    case boolean(Bool)
    case none

    /// The number, when this is one.
    public var number: Double? {
        if case .number(let value, _) = self { return value }
        return nil
    }
}

/// `name(args…, key=value…)`.
public struct TargetCall: Sendable, Hashable {
    public let name: String
    public var arguments: [TargetExpression]
    public var keywords: [(String, TargetExpression)]
    /// Column of the function name.
    public let column: Int
    /// The call as written (graphite-web names `seriesByTag`'s series after it).
    public let raw: String

    public init(name: String, arguments: [TargetExpression], keywords: [(String, TargetExpression)], column: Int, raw: String = "") {
        self.name = name
        self.arguments = arguments
        self.keywords = keywords
        self.column = column
        self.raw = raw
    }

    /// The keyword argument `name`, if given.
    public func keyword(_ name: String) -> TargetExpression? { keywords.first { $0.0 == name }?.1 }

    public static func == (lhs: TargetCall, rhs: TargetCall) -> Bool {
        lhs.name == rhs.name && lhs.arguments == rhs.arguments && lhs.column == rhs.column
            && lhs.keywords.map(\.0) == rhs.keywords.map(\.0) && lhs.keywords.map(\.1) == rhs.keywords.map(\.1)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(arguments)
        for (key, value) in keywords {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}

/// Why a target could not be parsed: what was expected and the column where it went wrong.
public struct TargetSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// 1-based column in the target text.
    public let column: Int
    public let target: String

    public var description: String { "target '\(target)': \(message) at column \(column)" }
}

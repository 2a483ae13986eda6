/// Graphite-style glob over series names: `*` matches within one dot-separated node, `**` across
/// nodes, `?` one character, `[abc]` / `[a-z]` a set, `{cpu,mem}` alternatives. A pattern without
/// `;` matches the name alone; with `;tag=value` parts it also requires those tags (values may
/// themselves be globs).
///
/// The pattern compiles once to an NFA (`GlobProgram`); matching never backtracks, so it costs
/// O(name length × pattern length). `Glob(_:)` takes any text (a malformed `[` or `{` matches
/// nothing on its path); `Glob.validated(_:)` refuses what `GlobError` describes, for patterns from
/// outside.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// Longest pattern `Glob.validated(_:)` accepts, in UTF-8 bytes.
    public static let maxPatternBytes = 512
    /// Most `{…}` options, counted over the whole pattern, `Glob.validated(_:)` accepts.
    public static let maxAlternatives = 256

    public let pattern: String
    private let nameProgram: GlobProgram
    private let tagPrograms: [(key: String, value: GlobProgram)]
    /// What `Glob.validated(_:)` would refuse, the first problem found.
    let problem: GlobError?

    public static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    public init(_ pattern: String) {
        self.pattern = pattern
        var problems: [GlobError] = []
        var alternatives = 0
        let parts = pattern.split(separator: ";", omittingEmptySubsequences: false)
        nameProgram = GlobProgram(Array(parts.first ?? ""), alternatives: &alternatives, problems: &problems)
        tagPrograms = parts.dropFirst().compactMap { part in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let value = GlobProgram(
                Array(part[part.index(after: equals)...]), alternatives: &alternatives, problems: &problems)
            return (String(part[..<equals]), value)
        }
        if pattern.utf8.count > Self.maxPatternBytes {
            problem = .tooLong(bytes: pattern.utf8.count)
        } else if alternatives > Self.maxAlternatives {
            problem = .tooManyAlternatives(alternatives)
        } else {
            problem = problems.first
        }
    }

    /// A glob from outside: refuses over-long patterns, too many alternatives and malformed brackets.
    public static func validated(_ pattern: String) throws(GlobError) -> Glob {
        let glob = Glob(pattern)
        if let problem = glob.problem { throw problem }
        return glob
    }

    public var description: String { pattern }

    public func matches(_ key: SeriesKey) -> Bool {
        var steps = 0
        guard nameProgram.matches(key.name, steps: &steps) else { return false }
        for tag in tagPrograms {
            guard let value = key.tag(tag.key), tag.value.matches(value, steps: &steps) else { return false }
        }
        return true
    }

    public func matches(name: String) -> Bool {
        var steps = 0
        return nameProgram.matches(name, steps: &steps)
    }

    /// Matches `name`, adding the NFA node visits made to `steps` (tests bound the work with it).
    func matches(name: String, steps: inout Int) -> Bool { nameProgram.matches(name, steps: &steps) }
}

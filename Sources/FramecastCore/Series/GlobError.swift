/// A glob pattern that cannot be used; `description` says what to change.
public enum GlobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Longer than `Glob.maxPatternBytes` UTF-8 bytes.
    case tooLong(bytes: Int)
    /// More `{…}` alternatives in all than `Glob.maxAlternatives`.
    case tooManyAlternatives(Int)
    /// A `[` with no `]` after it (inside `{…}`, before the option's end).
    case unterminatedSet(String)
    /// A `{` with no `}` after it.
    case unterminatedAlternatives(String)
    /// A `{` inside `{…}`; Graphite globs do not nest alternatives.
    case nestedAlternatives(String)
    /// An option ending in `*` right before a `*` (`{a*,b}*`), which would read as `**` in one option only.
    case starBesideAlternatives(String)

    public var description: String {
        switch self {
        case .tooLong(let bytes):
            return "glob is \(bytes) bytes long; keep it to \(Glob.maxPatternBytes) bytes"
        case .tooManyAlternatives(let count):
            return "glob has \(count) {…} alternatives; use at most \(Glob.maxAlternatives)"
        case .unterminatedSet(let pattern):
            return "glob '\(pattern)' has a '[' without a closing ']'"
        case .unterminatedAlternatives(let pattern):
            return "glob '\(pattern)' has a '{' without a closing '}'"
        case .nestedAlternatives(let pattern):
            return "glob '\(pattern)' nests '{' inside '{…}'; list every alternative in one {a,b,c}"
        case .starBesideAlternatives(let pattern):
            return "glob '\(pattern)' has an option ending in '*' right before '*'; write ** inside the option instead"
        }
    }
}

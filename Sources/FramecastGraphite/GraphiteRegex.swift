import Foundation

/// A regular expression from a target (`aliasSub`, `grep`, `exclude`, `seriesByTag('k=~re')`),
/// in Python's `re` syntax as graphite-web takes it. Swift's `Regex` backtracks, so a pattern from
/// outside is refused when it could take exponential time: a quantified group that itself holds
/// a quantifier or an alternation (`(a+)+`, `(a|aa)*`), or a back-reference in the pattern; and
/// patterns are at most `maxLength` bytes. What is left backtracks at most polynomially in the
/// length of a series name, which is bounded too.
public struct GraphiteRegex: @unchecked Sendable {
    public static let maxLength = 256

    public let pattern: String
    let regex: Regex<AnyRegexOutput>

    public struct InvalidPattern: Error, Sendable, CustomStringConvertible {
        public let pattern: String
        public let reason: String
        public var description: String { "regular expression '\(pattern)': \(reason)" }
    }

    public init(_ pattern: String) throws(InvalidPattern) {
        guard pattern.utf8.count <= Self.maxLength else {
            throw InvalidPattern(pattern: pattern, reason: "longer than \(Self.maxLength) bytes")
        }
        if let reason = Self.backtrackingRisk(pattern) { throw InvalidPattern(pattern: pattern, reason: reason) }
        do {
            regex = try Regex(Self.translated(pattern))
        } catch {
            throw InvalidPattern(pattern: pattern, reason: "not a valid regular expression (\(error))")
        }
        self.pattern = pattern
    }

    /// Python's `(?P<name>…)` and `(?P=name)` in Swift's spelling.
    static func translated(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "(?P<", with: "(?<")
    }

    /// Why the pattern could backtrack exponentially, nil when it cannot.
    static func backtrackingRisk(_ pattern: String) -> String? {
        let chars = Array(pattern)
        // Per open group: does it hold a quantifier or an alternation?
        var stack: [Bool] = []
        var lastGroupRisky = false
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                if i + 1 < chars.count, chars[i + 1].isNumber, !inClass {
                    return "back-references in the pattern are not accepted"
                }
                i += 2
                lastGroupRisky = false
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                if i + 1 < chars.count, chars[i + 1] == "]" { i += 1 }
                lastGroupRisky = false
            case "(":
                stack.append(false)
                lastGroupRisky = false
            case ")":
                let risky = stack.popLast() ?? false
                if risky, !stack.isEmpty { stack[stack.count - 1] = true }
                lastGroupRisky = risky
                i += 1
                continue
            case "|":
                if !stack.isEmpty { stack[stack.count - 1] = true }
                lastGroupRisky = false
            case "*", "+", "?", "{":
                let isQuantifier = c != "{" || (i + 1 < chars.count && chars[i + 1].isNumber)
                if isQuantifier {
                    if lastGroupRisky && c != "?" {
                        return "a repeated group that itself repeats or alternates (such as (a+)+) can take exponential time"
                    }
                    if !stack.isEmpty { stack[stack.count - 1] = true }
                }
                lastGroupRisky = false
            default:
                lastGroupRisky = false
            }
            i += 1
        }
        return nil
    }

    /// True when the pattern matches anywhere in `text` (`re.search`).
    public func search(_ text: String) -> Bool { (try? regex.firstMatch(in: text)) != nil }

    /// True when the pattern matches at the start of `text` (`re.match`).
    public func matchesPrefix(_ text: String) -> Bool { (try? regex.prefixMatch(in: text)) != nil }

    /// `re.sub(pattern, replacement, text)`: every match replaced, with `\1`, `\g<1>` and
    /// `\g<name>` in the replacement standing for groups (an unmatched group is empty).
    public func substitute(_ replacement: String, in text: String) throws(InvalidPattern) -> String {
        let template = try Self.parseReplacement(replacement, pattern: pattern)
        var out = ""
        var position = text.startIndex
        let matches = text.matches(of: regex)
        for match in matches {
            out += text[position..<match.range.lowerBound]
            for piece in template {
                switch piece {
                case .text(let literal): out += literal
                case .group(let index):
                    guard index < match.output.count else {
                        throw InvalidPattern(
                            pattern: pattern, reason: "the replacement refers to group \(index), which the pattern does not have")
                    }
                    if let sub = match.output[index].substring { out += sub }
                case .named(let name):
                    guard let group = match.output[name] else {
                        throw InvalidPattern(
                            pattern: pattern, reason: "the replacement refers to group '\(name)', which the pattern does not have")
                    }
                    if let sub = group.substring { out += sub }
                }
            }
            position = match.range.upperBound
        }
        out += text[position...]
        return out
    }

    enum Piece: Equatable {
        case text(String)
        case group(Int)
        case named(String)
    }

    /// Python's replacement syntax: `\1`…`\99`, `\g<n>`, `\g<name>`, `\\`, `\n`, `\t`; any other
    /// `\x` stays as written.
    static func parseReplacement(_ replacement: String, pattern: String) throws(InvalidPattern) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        let chars = Array(replacement)
        var i = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "\\", i + 1 < chars.count else {
                literal.append(c)
                i += 1
                continue
            }
            let next = chars[i + 1]
            if next.isASCIIDigit {
                var digits = String(next)
                if i + 2 < chars.count, chars[i + 2].isASCIIDigit {
                    digits.append(chars[i + 2])
                }
                flush()
                pieces.append(.group(Int(digits)!))
                i += 1 + digits.count
            } else if next == "g", i + 2 < chars.count, chars[i + 2] == "<", let close = chars[(i + 3)...].firstIndex(of: ">") {
                let name = String(chars[(i + 3)..<close])
                flush()
                if let index = Int(name) { pieces.append(.group(index)) } else { pieces.append(.named(name)) }
                i = close + 1
            } else {
                switch next {
                case "\\": literal.append("\\")
                case "n": literal.append("\n")
                case "t": literal.append("\t")
                default:
                    literal.append("\\")
                    literal.append(next)
                }
                i += 2
            }
        }
        flush()
        return pieces
    }
}

/// Parses Graphite target expressions as graphite-web's grammar (`render/grammar.py`) reads them:
/// nested calls, positional then keyword arguments, strings in either quote (kept as written,
/// backslashes included, as graphite-web keeps them), integers, floats, scientific numbers,
/// `true`/`false`, `None`, `inf`, path expressions with `*`, `?`, `[…]`, `{a,b}` and `\`-escapes,
/// and piped calls (`a.b|scale(2)` is `scale(a.b,2)`).
///
/// Hand-written (no parser library is in the offline set, and graphite-web's pyparsing grammar
/// has rules of its own: a number only when followed by `,`, `)` or the end, so `1.2.3` is a
/// path). Unlike graphite-web it refuses trailing text instead of ignoring it, and every error
/// names the column.
public struct TargetParser {
    /// Longest target accepted, in bytes; nesting deeper than `maxDepth` is refused.
    public static let maxLength = 8192
    public static let maxDepth = 64

    private let bytes: [UInt8]
    private let text: String
    private var i = 0
    private var depth = 0

    public static func parse(_ target: String) throws(TargetSyntaxError) -> TargetExpression {
        var parser = TargetParser(target)
        guard target.utf8.count <= maxLength else {
            throw parser.error("the target is \(target.utf8.count) bytes long; at most \(maxLength) are accepted", at: 0)
        }
        parser.skipSpaces()
        guard parser.i < parser.bytes.count else { throw parser.error("empty target", at: 0) }
        let expression = try parser.expression()
        parser.skipSpaces()
        guard parser.i == parser.bytes.count else {
            throw parser.error("unexpected '\(parser.character(parser.i))' after a complete expression", at: parser.i)
        }
        return expression
    }

    private init(_ target: String) {
        text = target
        bytes = Array(target.utf8)
    }

    // MARK: Expressions

    /// (call | path) ('|' call)*
    private mutating func expression() throws(TargetSyntaxError) -> TargetExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("calls nested deeper than \(Self.maxDepth)", at: i) }
        var result: TargetExpression
        if let name = functionName() {
            result = .call(try call(name: name))
        } else {
            result = .path(try path())
        }
        while true {
            let save = i
            skipSpaces()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "|") else {
                i = save
                break
            }
            i += 1
            skipSpaces()
            guard let name = functionName() else { throw error("expected a function call after '|'", at: i) }
            var piped = try call(name: name)
            piped.arguments.insert(result, at: 0)
            result = .call(piped)
        }
        return result
    }

    /// An identifier directly followed by `(` (spaces allowed before it), without consuming.
    private func functionName() -> (String, Int)? {
        var j = i
        guard j < bytes.count, Self.isIdentifierStart(bytes[j]) else { return nil }
        while j < bytes.count, Self.isIdentifier(bytes[j]) { j += 1 }
        let end = j
        while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "(") else { return nil }
        return (String(decoding: bytes[i..<end], as: UTF8.self), i)
    }

    private mutating func call(name: (String, Int)) throws(TargetSyntaxError) -> TargetCall {
        let column = name.1 + 1
        i = name.1 + name.0.utf8.count
        skipSpaces()
        i += 1  // "("
        var arguments: [TargetExpression] = []
        var keywords: [(String, TargetExpression)] = []
        skipSpaces()
        if i < bytes.count, bytes[i] == UInt8(ascii: ")") {
            i += 1
            return TargetCall(name: name.0, arguments: [], keywords: [], column: column, raw: text(from: name.1))
        }
        while true {
            skipSpaces()
            if let keyword = keywordName() {
                keywords.append((keyword, try argument()))
            } else {
                guard keywords.isEmpty else {
                    throw error("a positional argument cannot follow keyword arguments in \(name.0)()", at: i)
                }
                arguments.append(try argument())
            }
            skipSpaces()
            guard i < bytes.count else { throw error("missing ')' to close \(name.0)( opened at column \(column)", at: i) }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: ")") {
                i += 1
                return TargetCall(
                    name: name.0, arguments: arguments, keywords: keywords, column: column, raw: text(from: name.1))
            }
            throw error("expected ',' or ')' in the arguments of \(name.0)(, found '\(character(i))'", at: i)
        }
    }

    /// `name=` (not `==`), consumed with the `=`.
    private mutating func keywordName() -> String? {
        var j = i
        guard j < bytes.count, Self.isIdentifierStart(bytes[j]) else { return nil }
        while j < bytes.count, Self.isIdentifier(bytes[j]) { j += 1 }
        let end = j
        while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "=") else { return nil }
        let name = String(decoding: bytes[i..<end], as: UTF8.self)
        i = j + 1
        skipSpaces()
        return name
    }

    /// boolean | number | None | string | inf | expression
    private mutating func argument() throws(TargetSyntaxError) -> TargetExpression {
        guard i < bytes.count else { throw error("expected an argument", at: i) }
        let c = bytes[i]
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { return .string(try string()) }
        if let word = keyword(["true", "false", "none", "inf"]) {
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "none": return .none
            default: return .number(.infinity, isInteger: false)
            }
        }
        if let number = number() { return number }
        if c == UInt8(ascii: ",") || c == UInt8(ascii: ")") { throw error("expected an argument", at: i) }
        return try expression()
    }

    /// A case-insensitive keyword that ends the argument (followed by `,`, `)`, space or end).
    private mutating func keyword(_ words: [String]) -> String? {
        for word in words {
            let n = word.utf8.count
            guard i + n <= bytes.count else { continue }
            let candidate = String(decoding: bytes[i..<i + n], as: UTF8.self).lowercased()
            guard candidate == word, endsArgument(at: i + n) else { continue }
            i += n
            return word
        }
        return nil
    }

    private func endsArgument(at j: Int) -> Bool {
        var k = j
        while k < bytes.count, bytes[k] == UInt8(ascii: " ") { k += 1 }
        return k == bytes.count || bytes[k] == UInt8(ascii: ",") || bytes[k] == UInt8(ascii: ")")
    }

    /// -?\d+(\.\d+)?([eE]-?\d+)? followed by `,`, `)` or the end; otherwise not a number.
    private mutating func number() -> TargetExpression? {
        var j = i
        if j < bytes.count, bytes[j] == UInt8(ascii: "-") { j += 1 }
        let digitsStart = j
        while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
        guard j > digitsStart else { return nil }
        var isInteger = true
        if j + 1 < bytes.count, bytes[j] == UInt8(ascii: "."), Self.isDigit(bytes[j + 1]) {
            isInteger = false
            j += 1
            while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
        }
        if j < bytes.count, bytes[j] | 0x20 == UInt8(ascii: "e") {
            var k = j + 1
            if k < bytes.count, bytes[k] == UInt8(ascii: "-") { k += 1 }
            let exponentStart = k
            while k < bytes.count, Self.isDigit(bytes[k]) { k += 1 }
            if k > exponentStart {
                isInteger = false
                j = k
            }
        }
        guard endsArgument(at: j), let value = Double(String(decoding: bytes[i..<j], as: UTF8.self)) else { return nil }
        i = j
        return .number(value, isInteger: isInteger)
    }

    /// A quoted string; the text between the quotes as written (a backslash escapes the quote).
    private mutating func string() throws(TargetSyntaxError) -> String {
        let quote = bytes[i]
        let start = i
        i += 1
        while i < bytes.count, bytes[i] != quote {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        guard i < bytes.count else { throw error("unterminated string", at: start) }
        let value = String(decoding: bytes[start + 1..<i], as: UTF8.self)
        i += 1
        return value
    }

    /// pathElement ('.' pathElement)*, where an element mixes metric characters, `\`-escapes
    /// and `{a,b}` alternatives. Kept as written: the glob compiler reads it.
    private mutating func path() throws(TargetSyntaxError) -> String {
        let start = i
        var braces = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\"), i + 1 < bytes.count {
                i += 2
                continue
            }
            if c == UInt8(ascii: "{") {
                braces += 1
            } else if c == UInt8(ascii: "}") {
                guard braces > 0 else { break }
                braces -= 1
            } else if c == UInt8(ascii: ",") {
                guard braces > 0 else { break }
            } else if c == UInt8(ascii: ".") {
                guard i > start, i + 1 < bytes.count,
                    Self.isMetric(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: "{") || bytes[i + 1] == UInt8(ascii: "\\")
                else {
                    throw error("a path element is missing around '.'", at: i)
                }
            } else if !Self.isMetric(c) {
                break
            }
            i += 1
        }
        guard braces == 0 else { throw error("missing '}' in the path", at: i) }
        guard i > start else {
            throw error(i < bytes.count ? "unexpected '\(character(i))'" : "expected a path or a function call", at: i)
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    // MARK: Characters

    /// The target text from byte `start` to the current position.
    private func text(from start: Int) -> String { String(decoding: bytes[start..<i], as: UTF8.self) }

    private mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
    }

    private func character(_ j: Int) -> String {
        guard j < bytes.count else { return "end" }
        return String(decoding: bytes[j..<Swift.min(j + 1, bytes.count)], as: UTF8.self)
    }

    private func error(_ message: String, at offset: Int) -> TargetSyntaxError {
        // Columns count characters, not bytes.
        let column = String(decoding: bytes[0..<Swift.min(offset, bytes.count)], as: UTF8.self).count + 1
        return TargetSyntaxError(message: message, column: column, target: text)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_")
    }
    static func isIdentifier(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }

    /// Printable characters but Graphite's symbols `(){},.'"\|`; UTF-8 bytes above ASCII too.
    static func isMetric(_ c: UInt8) -> Bool {
        if c >= 0x80 { return true }
        guard c > 0x20, c < 0x7F else { return false }
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ","),
            UInt8(ascii: "."), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "|"):
            return false
        default: return true
        }
    }
}

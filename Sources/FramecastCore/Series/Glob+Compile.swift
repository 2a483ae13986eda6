extension GlobProgram {
    private indirect enum Token {
        case literal(Character)
        case one
        case set([GlobSetItem])
        case star(crossesDots: Bool)
        case alternatives([[Token]])
        case fail
    }

    /// Compiles `pattern` (one name or tag-value glob). Problems a validating caller refuses are
    /// collected in `problems`; the program still compiles, with such paths matching nothing, as
    /// the backtracking matcher it replaces did.
    init(_ pattern: [Character], alternatives: inout Int, problems: inout [GlobError]) {
        let source = String(pattern)
        let tokens = Self.tokens(pattern[...], inOption: false, source: source, alternatives: &alternatives, problems: &problems)
        nodes = [.accept]
        start = build(tokens, then: 0)
    }

    private mutating func build(_ tokens: [Token], then continuation: Int) -> Int {
        var next = continuation
        for token in tokens.reversed() {
            let node: Node
            switch token {
            case .literal(let character): node = .literal(character, next: next)
            case .one: node = .one(next: next)
            case .set(let items): node = .set(items, next: next)
            case .star(let crossesDots): node = .star(crossesDots: crossesDots, next: next)
            case .fail: node = .fail
            case .alternatives(let options):
                let join = next
                node = .split(options.map { build($0, then: join) })
            }
            nodes.append(node)
            next = nodes.count - 1
        }
        return next
    }

    private static func tokens(
        _ text: ArraySlice<Character>, inOption: Bool, source: String, alternatives: inout Int,
        problems: inout [GlobError]
    ) -> [Token] {
        var tokens: [Token] = []
        var i = text.startIndex
        while i < text.endIndex {
            let head = text[i]
            switch head {
            case "*":
                let crossesDots = i + 1 < text.endIndex && text[i + 1] == "*"
                tokens.append(.star(crossesDots: crossesDots))
                i += crossesDots ? 2 : 1
            case "?":
                tokens.append(.one)
                i += 1
            case "[":
                guard let close = text[(i + 1)...].firstIndex(of: "]") else {
                    problems.append(.unterminatedSet(source))
                    tokens.append(.fail)
                    return tokens
                }
                tokens.append(.set(setItems(text[(i + 1)..<close])))
                i = close + 1
            case "{":
                guard !inOption else {
                    problems.append(.nestedAlternatives(source))
                    tokens.append(.fail)
                    return tokens
                }
                guard let close = text[(i + 1)...].firstIndex(of: "}") else {
                    problems.append(.unterminatedAlternatives(source))
                    tokens.append(.fail)
                    return tokens
                }
                let options = text[(i + 1)..<close].split(separator: ",", omittingEmptySubsequences: false)
                alternatives += options.count
                let starFollows = close + 1 < text.endIndex && text[close + 1] == "*"
                var optionTokens: [[Token]] = []
                for option in options {
                    if starFollows, endsInLoneStar(option) {
                        problems.append(.starBesideAlternatives(source))
                    }
                    optionTokens.append(
                        Self.tokens(option, inOption: true, source: source, alternatives: &alternatives, problems: &problems))
                }
                tokens.append(.alternatives(optionTokens))
                i = close + 1
            default:
                tokens.append(.literal(head))
                i += 1
            }
        }
        return tokens
    }

    /// Whether the option's last token is a lone `*` (an odd run of trailing stars).
    private static func endsInLoneStar(_ option: ArraySlice<Character>) -> Bool {
        option.reversed().prefix { $0 == "*" }.count % 2 == 1
    }

    private static func setItems(_ set: ArraySlice<Character>) -> [GlobSetItem] {
        var items: [GlobSetItem] = []
        var i = set.startIndex
        while i < set.endIndex {
            if i + 2 < set.endIndex, set[i + 1] == "-" {
                items.append(.range(set[i], set[i + 2]))
                i += 3
            } else {
                items.append(.character(set[i]))
                i += 1
            }
        }
        return items
    }
}

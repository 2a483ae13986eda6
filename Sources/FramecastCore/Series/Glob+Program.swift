/// A compiled glob: a Thompson NFA over the pattern's tokens, run as a state-set simulation, so a
/// match costs O(name length × pattern length) whatever the pattern (no backtracking).
struct GlobProgram: Sendable {
    enum Node: Sendable {
        /// Consumes this character.
        case literal(Character, next: Int)
        /// `?`: consumes one character other than `.`.
        case one(next: Int)
        /// `[…]`: consumes one character in the set.
        case set([GlobSetItem], next: Int)
        /// `*` (within a node) or `**` (across nodes): loops on itself, or goes on to `next`.
        case star(crossesDots: Bool, next: Int)
        /// `{a,b}`: goes on to every option.
        case split([Int])
        /// The end of the pattern.
        case accept
        /// A path that can never match (a `[` or `{` without its closing bracket).
        case fail
    }

    var nodes: [Node] = []
    var start = 0

    /// Whether `text` matches; `steps` grows by the node visits made, a measure of the work done.
    func matches(_ text: some Collection<Character>, steps: inout Int) -> Bool {
        var current: [Int] = []
        var inCurrent = [Bool](repeating: false, count: nodes.count)
        add(start, to: &current, marks: &inCurrent, steps: &steps)
        for character in text {
            if current.isEmpty { return false }
            var next: [Int] = []
            var inNext = [Bool](repeating: false, count: nodes.count)
            for index in current {
                steps += 1
                switch nodes[index] {
                case .literal(let wanted, let following):
                    if wanted == character { add(following, to: &next, marks: &inNext, steps: &steps) }
                case .one(let following):
                    if character != "." { add(following, to: &next, marks: &inNext, steps: &steps) }
                case .set(let items, let following):
                    if items.contains(where: { $0.contains(character) }) {
                        add(following, to: &next, marks: &inNext, steps: &steps)
                    }
                case .star(let crossesDots, _):
                    if crossesDots || character != "." { add(index, to: &next, marks: &inNext, steps: &steps) }
                case .split, .accept, .fail:
                    break
                }
            }
            current = next
            inCurrent = inNext
        }
        return current.contains { if case .accept = nodes[$0] { true } else { false } }
    }

    /// Adds `index` and every node reachable from it without consuming a character.
    private func add(_ index: Int, to list: inout [Int], marks: inout [Bool], steps: inout Int) {
        var stack = [index]
        while let top = stack.popLast() {
            steps += 1
            guard !marks[top] else { continue }
            marks[top] = true
            list.append(top)
            switch nodes[top] {
            case .star(_, let following): stack.append(following)
            case .split(let options): stack.append(contentsOf: options.reversed())
            default: break
            }
        }
    }
}

/// One member of a `[…]` set: a character or an inclusive range `a-z`.
enum GlobSetItem: Sendable {
    case character(Character)
    case range(Character, Character)

    func contains(_ character: Character) -> Bool {
        switch self {
        case .character(let member): return member == character
        case .range(let low, let high): return low <= character && character <= high
        }
    }
}

import Testing

@testable import FramecastCore

/// The NFA matcher against the backtracking matcher it replaced (kept here, memoised, as the
/// reference), and bounds on its work.
@Suite struct GlobMatcherTests {
    /// The old recursive matcher, memoised on (pattern text, position in the name).
    final class Reference {
        var memo: [String: Bool] = [:]
        let text: [Character]

        init(_ name: String) { text = Array(name) }

        func match(_ pattern: ArraySlice<Character>, _ at: Int) -> Bool {
            let key = "\(at)|" + String(pattern)
            if let known = memo[key] { return known }
            let result = compute(pattern, at)
            memo[key] = result
            return result
        }

        private func compute(_ pattern: ArraySlice<Character>, _ at: Int) -> Bool {
            guard let head = pattern.first else { return at == text.count }
            let rest = pattern.dropFirst()
            switch head {
            case "*":
                let crossesDots = rest.first == "*"
                let tail = crossesDots ? rest.dropFirst() : rest
                var index = at
                while true {
                    if match(tail, index) { return true }
                    if index == text.count || (!crossesDots && text[index] == ".") { return false }
                    index += 1
                }
            case "?":
                guard at < text.count, text[at] != "." else { return false }
                return match(rest, at + 1)
            case "[":
                guard let close = rest.firstIndex(of: "]"), at < text.count else { return false }
                let first = text[at]
                let set = rest[rest.startIndex..<close]
                var matched = false
                var i = set.startIndex
                while i < set.endIndex {
                    if i + 2 < set.endIndex, set[i + 1] == "-" {
                        if set[i] <= first && first <= set[i + 2] { matched = true }
                        i += 3
                    } else {
                        if set[i] == first { matched = true }
                        i += 1
                    }
                }
                return matched && match(rest[(close + 1)...], at + 1)
            case "{":
                guard let close = rest.firstIndex(of: "}") else { return false }
                let after = rest[(close + 1)...]
                for option in rest[rest.startIndex..<close].split(separator: ",", omittingEmptySubsequences: false) {
                    if match(ArraySlice(Array(option) + after), at) { return true }
                }
                return false
            default:
                guard at < text.count, text[at] == head else { return false }
                return match(rest, at + 1)
            }
        }
    }

    static func random(_ alphabet: [Character], length: Int, _ rng: inout SplitMix64) -> String {
        String((0..<Int.random(in: 0...length, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    @Test("agrees with the reference matcher on random patterns and names")
    func differential() {
        var rng = SplitMix64(seed: 12)
        let patternAlphabet: [Character] = ["a", "b", ".", "*", "*", "?", "[", "]", "-", "{", "}", ","]
        let nameAlphabet: [Character] = ["a", "b", ".", "-", "]", "}", ","]
        var compared = 0
        var refused = 0
        for _ in 0..<3000 {
            let pattern = Self.random(patternAlphabet, length: 10, &rng)
            let glob = Glob(pattern)
            if glob.problem != nil {
                refused += 1
                continue
            }
            for _ in 0..<8 {
                let name = Self.random(nameAlphabet, length: 10, &rng)
                let expected = Reference(name).match(Array(pattern)[...], 0)
                #expect(glob.matches(name: name) == expected, "pattern '\(pattern)' name '\(name)'")
                compared += 1
            }
        }
        #expect(compared > 10_000)
        #expect(refused > 0)
    }

    @Test("refused patterns match nothing the reference would not also refuse on that path")
    func refusedPatterns() {
        #expect(throws: GlobError.unterminatedSet("a[b")) { try Glob.validated("a[b") }
        #expect(throws: GlobError.unterminatedAlternatives("a{b")) { try Glob.validated("a{b") }
        #expect(throws: GlobError.nestedAlternatives("{a{b,c}}")) { try Glob.validated("{a{b,c}}") }
        #expect(throws: GlobError.starBesideAlternatives("{a*,b}*x")) { try Glob.validated("{a*,b}*x") }
        #expect(!Glob("a[b").matches(name: "a[b"))
        #expect(!Glob("a{b").matches(name: "ab"))
        #expect((try? Glob.validated("{a**,b}*x")) != nil)
    }

    @Test("patterns longer than the limit, or with too many alternatives, are refused")
    func bounds() {
        let long = String(repeating: "a", count: Glob.maxPatternBytes + 1)
        #expect(throws: GlobError.tooLong(bytes: Glob.maxPatternBytes + 1)) { try Glob.validated(long) }
        #expect((try? Glob.validated(String(repeating: "a", count: Glob.maxPatternBytes))) != nil)
        let many = "{" + String(repeating: ",", count: Glob.maxAlternatives) + "}"
        #expect(throws: GlobError.tooManyAlternatives(Glob.maxAlternatives + 1)) { try Glob.validated(many) }
        #expect(GlobError.tooLong(bytes: 600).description.contains("512"))
    }

    @Test("forty stars then zz over a 200-character name takes work linear in name × pattern")
    func fortyStars() {
        let glob = Glob(String(repeating: "*", count: 40) + "zz")
        let name = String(repeating: "a", count: 200)
        var steps = 0
        #expect(!glob.matches(name: name, steps: &steps))
        // Each character visits each of the ~42 nodes a bounded number of times.
        #expect(steps > 0 && steps <= 4 * 201 * 43, "steps \(steps)")
        var starred = 0
        #expect(Glob(String(repeating: "*", count: 40) + "a").matches(name: name, steps: &starred))
        #expect(starred <= 4 * 201 * 43)
    }

    @Test("doubling the name roughly doubles the work (no blow-up)")
    func linearInName() {
        let glob = Glob(String(repeating: "*.", count: 20) + "**zz")
        var short = 0
        var long = 0
        _ = glob.matches(name: String(repeating: "a.", count: 100), steps: &short)
        _ = glob.matches(name: String(repeating: "a.", count: 200), steps: &long)
        #expect(long <= 2 * short + 200, "short \(short) long \(long)")
    }
}

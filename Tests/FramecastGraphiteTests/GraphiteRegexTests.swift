import FramecastGraphite
import Testing

@Suite struct GraphiteRegexTests {
    @Test func pythonReplacementSyntax() throws {
        #expect(try GraphiteRegex("(^.*$)").substitute(#"\1 A"#, in: "a.b.c") == "a.b.c A")
        #expect(try GraphiteRegex(#"^(\w+)\.(\w+)"#).substitute(#"\g<2>-\1"#, in: "app.web.cpu") == "web-app.cpu")
        #expect(try GraphiteRegex(#"(?P<host>web\d)"#).substitute(#"[\g<host>]"#, in: "srv.web1.cpu") == "srv.[web1].cpu")
        #expect(try GraphiteRegex(#"\."#).substitute("_", in: "a.b.c") == "a_b_c", "every match is replaced")
    }

    @Test func searchAndPrefixMatch() throws {
        #expect(try GraphiteRegex("cpu").search("servers.web1.cpu.user"))
        #expect(try !GraphiteRegex("cpu").matchesPrefix("servers.web1.cpu.user"))
        #expect(try GraphiteRegex("serv").matchesPrefix("servers.web1.cpu.user"))
    }

    @Test(arguments: ["(a+)+$", "(a|aa)*b", "(.*a){20}", #"(\w+\s?)*$"#, #"(a)\1"#, String(repeating: "a", count: 300)])
    func refusesPatternsThatCanBacktrackExponentially(pattern: String) {
        #expect(throws: GraphiteRegex.InvalidPattern.self) { try GraphiteRegex(pattern) }
    }

    /// Found by the graphitetarget fuzzer: `\0` followed by a combining mark is one Character that
    /// compared between "0" and "9", and the replacement parser trapped reading it as a number.
    @Test func aDigitWithACombiningMarkIsNotAGroupNumber() throws {
        let replacement = "\\0\u{0350}\u{00EF}"
        #expect(try GraphiteRegex("(^.*$)").substitute(replacement, in: "a.b") == "\\0\u{0350}\u{00EF}")
        _ = try? GraphiteRegex("(^.*$)").substitute("\\g<0\u{0301}>", in: "a.b")
    }

    @Test func missingGroupIsAnError() throws {
        #expect(throws: GraphiteRegex.InvalidPattern.self) { try GraphiteRegex("(a)").substitute(#"\2"#, in: "a") }
    }
}

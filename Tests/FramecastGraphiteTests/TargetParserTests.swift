import FramecastGraphite
import Testing

@Suite struct TargetParserTests {
    @Test func nestedCallsStringsNumbersKeywords() throws {
        let parsed = try TargetParser.parse(#"aliasSub(sumSeries(a.*.b, c.{x,y}), "(^.*$)", '\1 A', x=1.5, flag=true)"#)
        guard case .call(let call) = parsed else {
            Issue.record("not a call")
            return
        }
        #expect(call.name == "aliasSub")
        #expect(call.arguments.count == 3)
        #expect(call.arguments[1] == .string("(^.*$)"))
        #expect(call.arguments[2] == .string(#"\1 A"#), "strings keep their backslashes, as graphite-web's grammar does")
        #expect(call.keywords.map(\.0) == ["x", "flag"])
        #expect(call.keyword("x") == .number(1.5, isInteger: false))
        #expect(call.keyword("flag") == .boolean(true))
        guard case .call(let inner) = call.arguments[0] else {
            Issue.record("no inner call")
            return
        }
        #expect(inner.arguments == [.path("a.*.b"), .path("c.{x,y}")])
    }

    @Test func pipesBecomeNestedCalls() throws {
        #expect(
            try TargetParser.parse("a.b|scale(2)|alias('x')").withoutColumns == TargetParser.parse("alias(scale(a.b,2),'x')").withoutColumns
        )
    }

    @Test func seriesByTagKeepsItsText() throws {
        guard case .call(let call) = try TargetParser.parse("sumSeries(seriesByTag('dc=east', 'name=~disk.*'))"),
            case .call(let tagged) = call.arguments[0]
        else {
            Issue.record("not parsed")
            return
        }
        #expect(tagged.raw == "seriesByTag('dc=east', 'name=~disk.*')")
    }

    @Test(arguments: [
        ("sumSeries(a.b", "missing ')'"), ("a.b)", "column 4"), ("scale(a.b, 2", "missing ')'"), ("", "empty target"),
        ("alias(a.b, 'x)", "column")
    ])
    func errorsPointAtTheColumn(target: String, expected: String) {
        do {
            _ = try TargetParser.parse(target)
            Issue.record("accepted \(target)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func boundedLengthAndDepth() {
        #expect(throws: TargetSyntaxError.self) { try TargetParser.parse(String(repeating: "a", count: 10_000)) }
        let deep = String(repeating: "scale(", count: 100) + "a" + String(repeating: ",1)", count: 100)
        #expect(throws: TargetSyntaxError.self) { try TargetParser.parse(deep) }
    }
}

extension TargetExpression {
    /// The same expression (columns differ between the piped and the nested spelling).
    var withoutColumns: TargetExpression {
        guard case .call(let call) = self else { return self }
        return .call(
            TargetCall(
                name: call.name, arguments: call.arguments.map(\.withoutColumns), keywords: call.keywords, column: 0, raw: ""))
    }
}

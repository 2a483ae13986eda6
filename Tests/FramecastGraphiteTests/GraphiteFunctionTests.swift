import FramecastCore
import FramecastGraphite
import Testing

/// The functions against values worked out by hand from graphite-web 1.1.8's `functions.py`.
@Suite struct GraphiteFunctionTests {
    /// a.x: 1…6 with a gap at i=2; a.y: 10, 20, …; c.n: a counter with a reset.
    let store = graphiteStore(
        carbonLines("a.x", count: 6) { $0 == 2 ? nil : Double($0 + 1) } + carbonLines("a.y", count: 6) { Double(($0 + 1) * 10) }
            + carbonLines("c.n", count: 6) { [0, 10, 30, 5, 15, 25][$0] } + carbonLines("disk.used;host=a;dc=east", count: 6) { _ in 1 }
            + carbonLines("disk.used;host=b;dc=west", count: 6) { _ in 2 })

    func one(_ target: String, seconds: Int64 = 60) throws -> GraphiteSeries {
        let out = try evaluate([target], store: store, seconds: seconds)
        try #require(out.count == 1, "\(target) gave \(out.count) series")
        return out[0]
    }

    @Test func fetchAlignsAsWhisperDoes() throws {
        // from = now − 60: the first value is at from + step (graphite-web's fromInterval).
        let s = try one("a.x")
        #expect(s.start == testNow - 50)
        #expect(s.end == testNow + 10)
        #expect(s.step == 10)
        #expect(s.values.same([2, nil, 4, 5, 6, nil]))
    }

    @Test func aggregatesAreNamedAfterThePathExpressions() throws {
        let sum = try one("sumSeries(a.*)")
        #expect(sum.name == "sumSeries(a.*)")
        #expect(sum.values.same([22, 30, 44, 55, 66, nil]))
        #expect(sum.tags == ["name": "sumSeries(a.*)", "aggregatedBy": "sum"])
        #expect(try one("sumSeries(a.x,a.y)").name == "sumSeries(a.x,a.y)")
        #expect(try one("averageSeries(a.*)").values.same([11, 30, 22, 27.5, 33, nil]))
        #expect(try one("diffSeries(a.y,a.x)").values.same([18, 30, 36, 45, 54, nil]))
        #expect(try one("maxSeries(a.*)").values.same([20, 30, 40, 50, 60, nil]))
        #expect(try one("countSeries(a.*)").values.same([2, 2, 2, 2, 2, 2]))
        #expect(try one("multiplySeries(a.x,a.y)").values.same([40, nil, 160, 250, 360, nil]))
        #expect(try one("divideSeries(a.y,a.x)").values.same([10, nil, 10, 10, 10, nil]))
        #expect(try one("multiplySeries(a.x)").name == "a.x", "one series comes back unchanged")
    }

    @Test func transformsNameAndTagAsGraphiteWebDoes() throws {
        let scaled = try one("scale(a.x,2)")
        #expect(scaled.name == "scale(a.x,2)")
        #expect(scaled.tags["scale"] == "2.0", "a float parameter is converted before str()")
        #expect(scaled.values.same([4, nil, 8, 10, 12, nil]))
        #expect(try one("offset(a.x,-1.5)").name == "offset(a.x,-1.5)")
        #expect(try one("derivative(a.x)").values.same([nil, nil, nil, 1, 1, nil]))
        #expect(try one("nonNegativeDerivative(c.n)", seconds: 70).values.same([nil, 10, 20, nil, 10, 10, nil]))
        #expect(try one("nonNegativeDerivative(c.n,100)", seconds: 70).values.same([nil, 10, 20, 76, 10, 10, nil]))
        #expect(try one("perSecond(c.n)", seconds: 70).values.same([nil, 1, 2, nil, 1, 1, nil]))
        #expect(try one("integral(a.x)").values.same([2, nil, 6, 11, 17, nil]))
        let filled = try one("transformNull(a.x)")
        #expect(filled.name == "transformNull(a.x,0)")
        #expect(filled.tags["transformNull"] == "0")
        #expect(filled.values.same([2, 0, 4, 5, 6, 0]))
        #expect(try one("transformNull(a.x,-1)").tags["transformNull"] == "-1.0")
        #expect(try one("keepLastValue(a.x)").values.same([2, 2, 4, 5, 6, 6]))
        #expect(try one("removeBelowValue(a.y,35)").name == "removeBelowValue(a.y, 35)")
        #expect(try one("removeBelowValue(a.y,35)").values.same([nil, nil, 40, 50, 60, nil]))
        #expect(try one("removeAboveValue(a.y,35)").values.same([20, 30, nil, nil, nil, nil]))
        #expect(try one("absolute(offset(a.x,-5))").values.same([3, nil, 1, 0, 1, nil]))
    }

    @Test func windowsReEvaluateWithAnEarlierStart() throws {
        // movingAverage over 2 points reads one step before the window.
        let moving = try one("movingAverage(a.y,2)")
        #expect(moving.name == "movingAverage(a.y,2)")
        #expect(moving.start == testNow - 50)
        #expect(moving.values.same([10, 15, 25, 35, 45, 55]), "each value averages the two before it")
        #expect(try one("movingAverage(a.y,'20s')").name == #"movingAverage(a.y,"20s")"#)
        let shifted = try one("timeShift(a.y,'10s')")
        #expect(shifted.name == #"timeShift(a.y, "-10s")"#)
        #expect(shifted.start == testNow - 50)
        #expect(shifted.values.same([10, 20, 30, 40, 50, 60]))
    }

    @Test func summarizeAndHitcount() throws {
        let s = try one("summarize(a.y,'30s','max')")
        #expect(s.name == #"summarize(a.y, "30s", "max")"#)
        #expect(s.step == 30)
        #expect(s.start == (testNow - 50) - (testNow - 50) % 30)
        let sum = try one("summarize(a.y,'30s')")
        #expect(sum.values.reduce(0) { $0 + ($1.isNaN ? 0 : $1) } == 200)
        let hits = try one("hitcount(a.y,'30s')")
        #expect(hits.name == #"hitcount(a.y, "30s")"#)
        #expect(hits.values.reduce(0) { $0 + ($1.isNaN ? 0 : $1) } == 2000, "each value counts for its 10 s")
    }

    @Test func aliasesAndFilters() throws {
        #expect(try one("alias(a.x,'X')").name == "X")
        #expect(try evaluate(["aliasByNode(a.*,1)"], store: store, seconds: 60).map(\.name) == ["x", "y"])
        #expect(try evaluate(["aliasByNode(a.*,-1,0)"], store: store, seconds: 60).map(\.name) == ["x.a", "y.a"])
        #expect(try one(#"aliasSub(a.x,"(^.*$)","\1 A")"#).name == "a.x A")
        #expect(try one("aliasByNode(sumSeries(a.*),0)").name == "a", "a function name reads the first path expression")
        #expect(try evaluate(["highestMax(a.*,1)"], store: store, seconds: 60).map(\.name) == ["a.y"])
        #expect(try evaluate(["lowestAverage(a.*,1)"], store: store, seconds: 60).map(\.name) == ["a.x"])
        #expect(try evaluate(["sortByMaxima(a.*)"], store: store, seconds: 60).map(\.name) == ["a.y", "a.x"])
        #expect(try evaluate(["sortByName(a.*,reverse=true)"], store: store, seconds: 60).map(\.name) == ["a.y", "a.x"])
        #expect(try evaluate(["exclude(a.*,'x$')"], store: store, seconds: 60).map(\.name) == ["a.y"])
        #expect(try evaluate(["grep(a.*,'x$')"], store: store, seconds: 60).map(\.name) == ["a.x"])
        #expect(try evaluate(["limit(a.*,1)"], store: store, seconds: 60).map(\.name) == ["a.x"])
        #expect(try one("dashed(a.x)").name == "dashed(a.x, 5)")
        #expect(try one("secondYAxis(a.x)").options.secondYAxis)
        #expect(try one("color(a.x,'red')").name == "a.x")
        #expect(try one("consolidateBy(a.x,'max')").name == #"consolidateBy(a.x,"max")"#)
    }

    @Test func groupingFunctions() throws {
        let grouped = try evaluate(["groupByNode(a.*,0,'sum')"], store: store, seconds: 60)
        #expect(grouped.map(\.name) == ["a"])
        #expect(grouped[0].values.same([22, 30, 44, 55, 66, nil]))
        #expect(try evaluate(["sumSeriesWithWildcards(a.*,1)"], store: store, seconds: 60).map(\.name) == ["a"])
        let percent = try evaluate(["asPercent(a.*)"], store: store, seconds: 60)
        #expect(percent.map(\.name) == ["asPercent(a.x,sumSeries(a.*))", "asPercent(a.y,sumSeries(a.*))"])
        #expect(percent[1].values[1] == 100)
        let byTags = try evaluate(["groupByTags(seriesByTag('name=disk.used'),'sum','dc')"], store: store, seconds: 60)
        #expect(byTags.map(\.name) == ["disk.used;dc=east", "disk.used;dc=west"])
    }

    @Test func seriesByTag() throws {
        #expect(try evaluate(["seriesByTag('dc=east')"], store: store, seconds: 60).map(\.name) == ["disk.used;dc=east;host=a"])
        #expect(
            try evaluate(["seriesByTag('name=disk.used','host=~b')"], store: store, seconds: 60).map(\.name) == ["disk.used;dc=west;host=b"]
        )
        #expect(try evaluate(["seriesByTag('name=disk.used','dc!=east')"], store: store, seconds: 60).count == 1)
        let summed = try one("sumSeries(seriesByTag('name=disk.used'))")
        #expect(summed.name == "sumSeries(seriesByTag('name=disk.used'))")
        #expect(throws: GraphiteError.self) { try evaluate(["seriesByTag('dc!=x')"], store: store) }
    }

    @Test func constantLineHasThreePoints() throws {
        let line = try one("constantLine(100)")
        #expect(line.name == "100.0")
        #expect(line.values == [100, 100, 100])
        #expect(line.start == testNow - 60 && line.end == testNow && line.step == 30)
    }

    @Test func badArgumentsAreNamed() {
        func message(_ target: String) -> String {
            do {
                _ = try evaluate([target], store: store)
                return ""
            } catch { return "\(error)" }
        }
        #expect(message("scale(a.x)").contains("missing required parameter 'factor'"))
        #expect(message("scale(a.x,'two')").contains("parameter 'factor' of scale()"))
        #expect(message("nope(a.x)").contains("unknown function nope()"))
        #expect(message("summarize(a.x,'1h','bogus')").contains("parameter 'func'"))
        #expect(message("aliasSub(a.x,'(a+)+','')").contains("exponential"))
        #expect(message("movingAverage(a.x,'5m')").contains("parameter 'windowSize'"))
    }

    @Test func evaluationIsBounded() {
        var limits = GraphiteLimits()
        limits.maxSeriesPerTarget = 1
        let evaluator = GraphiteEvaluator(store: store, limits: limits)
        #expect(throws: GraphiteError.self) {
            try evaluator.evaluate(["a.*"], window: GraphiteWindow(from: testNow - 60, until: testNow, now: testNow))
        }
        limits = GraphiteLimits()
        limits.maxPoints = 10
        #expect(throws: GraphiteError.self) {
            try GraphiteEvaluator(store: store, limits: limits).evaluate(
                ["a.*"], window: GraphiteWindow(from: testNow - 600, until: testNow, now: testNow))
        }
    }
}

/// What the `graphitetarget` fuzzer found, kept so it stays fixed.
@Suite struct GraphiteFuzzFindingsTests {
    let store = graphiteStore(carbonLines("a.b.c", count: 30) { Double($0) })

    /// `delay(a.b.^c, 0088…8)` (53 digits): converting the integer to Int64 trapped.
    @Test func hugeIntegerArgumentsAreClamped() throws {
        _ = try? evaluate(["delay(a.b.c,0088888888888888888888888888888888888888888888888888888)"], store: store)
        _ = try? evaluate(
            ["aliasByNode(a.b.c,-99999999999999999999999)", "limit(a.b.c,1e300)", "highestMax(a.b.*,99999999999999999999)"], store: store)
        _ = try? evaluate(
            ["nPercentile(a.b.c,1e30)", "percentileOfSeries(a.b.*,1e300,true)", "removeAbovePercentile(a.b.c,1e300)"], store: store)
        #expect(try evaluate(["delay(a.b.c,99999999999999999999)"], store: store)[0].values.allSatisfy(\.isNaN))
    }

    @Test func intervalsFinerThanTheLimitAreRefused() {
        var limits = GraphiteLimits()
        limits.maxPoints = 1000
        let evaluator = GraphiteEvaluator(store: store, limits: limits)
        #expect(throws: GraphiteError.self) {
            try evaluator.evaluate(["summarize(a.b.c,'1s')"], window: GraphiteWindow(from: testNow - 86_400, until: testNow, now: testNow))
        }
    }
}

import FramecastCore
import Testing

/// The one table of chart parameters: defaults, bounds and errors that name their parameter.
@Suite struct ChartParametersTests {
    static let now: EpochMillis = 1_700_000_000_000

    func parse(_ values: [ChartParameterName: [String]]) throws(ChartParameterError) -> ChartParameters {
        try ChartParameters.parse(values, now: Self.now)
    }

    /// The problem's parameters, or nil when the values parse.
    func failing(_ values: [ChartParameterName: [String]]) -> [ChartParameterName]? {
        do {
            _ = try parse(values)
            return nil
        } catch {
            return error.parameters
        }
    }

    @Test func defaultsComeFromTheTable() throws {
        let parsed = try parse([:])
        let table = ChartParameter.table
        #expect(String(parsed.options.width) == table[.width]?.defaultValue)
        #expect(String(parsed.options.height) == table[.height]?.defaultValue)
        #expect(parsed.options.scale == Double(table[.scale]?.defaultValue ?? ""))
        #expect(parsed.timeZone == table[.tz]?.defaultValue)
        #expect(parsed.options.kind.rawValue == table[.kind]?.defaultValue)
        #expect(parsed.options.theme.name == table[.theme]?.defaultValue)
        #expect(parsed.options.missing.rawValue == table[.missing]?.defaultValue)
        #expect(parsed.refreshMillis == 1000 && parsed.format == .png && !parsed.formatGiven)
        #expect(parsed.options.legend.show && !parsed.options.leftAxis.log && !parsed.options.sparkline)
        #expect(ChartParameterName.allCases.allSatisfy { ChartParameter.table[$0] != nil }, "every name has an entry")
    }

    @Test("every example in the table parses on its own")
    func examplesParse() throws {
        for parameter in ChartParameterName.allCases.map(\.parameter) {
            #expect(failing([parameter.name: [parameter.example]]) == nil, "\(parameter.name): \(parameter.example)")
        }
    }

    @Test(
        "each problem names its parameters structurally",
        arguments: [
            ([.yMin: ["10"], .yMax: ["5"]], [.yMin, .yMax]),
            ([.log: ["1"], .yMin: ["0"]], [.yMin, .yMax]),
            ([.kind: ["stacked"], .log: ["1"]], [.kind, .log]),
            ([.log: ["1"], .threshold: ["-1"]], [.threshold]),
            ([.yLabel: [String(repeating: "y", count: 101)]], [.yLabel]),
            ([.rightYLabel: [String(repeating: "r", count: 101)]], [.rightYLabel]),
            ([.title: [String(repeating: "t", count: 201)]], [.title]),
            ([.threshold: Array(repeating: "1", count: 21)], [.threshold]),
            ([.annotation: Array(repeating: "1700000000000", count: 51)], [.annotation]),
            ([.color: Array(repeating: "a=#ffffff", count: 101)], [.color]),
            ([.rightAxis: Array(repeating: "a", count: 21)], [.rightAxis]),
            ([.series: ["a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u"]], [.series]),
            ([.width: ["8000"], .height: ["8000"], .scale: ["2"]], [.width, .height, .scale]),
            ([.from: ["-1h"], .until: ["-2h"]], [.from, .until]),
            ([.annotation: ["2014-11-02/2014-11-01"]], [.annotation]),
            ([.tz: ["Mars/Olympus"]], [.tz]),
            ([.refresh: ["1ms"]], [.refresh]),
            ([.format: ["gif"]], [.format])
        ] as [([ChartParameterName: [String]], [ChartParameterName])])
    func problemsNameTheirParameters(values: [ChartParameterName: [String]], expected: [ChartParameterName]) {
        #expect(failing(values) == expected)
    }

    @Test(
        "every number is bound-checked with checked conversions: out of range is an error, never a trap",
        arguments: [
            (ChartParameterName.width, "99999999999999999999"), (.width, "-99999999999999999999"), (.width, "9223372036854775807"),
            (.width, "15"), (.height, "8193"), (.scale, "4.01"), (.scale, "nan"), (.scale, "inf"), (.yMin, "1e301"),
            (.yMax, "-1e308"), (.yMin, "inf"), (.threshold, "1e308"), (.threshold, "1:1e305"), (.refresh, "99999999999999999999h")
        ])
    func numbersAreBounded(name: ChartParameterName, value: String) {
        #expect(failing([name: [value]]) == [name], "\(name)=\(value)")
    }

    @Test func outOfBoundsMessagesSayWhatToUse() throws {
        let error = try #require(throws: ChartParameterError.self) { try parse([.width: ["99999999999999999999"]]) }
        #expect(error.message == "width 99999999999999999999 is out of bounds: use 16…8192")
        let axis = try #require(throws: ChartParameterError.self) { try parse([.yMin: ["1e301"]]) }
        #expect(axis.description == "y-min: y-min 1e301 is out of bounds: use -1e300…1e300")
    }

    @Test("a front end maps its own names onto the table (a Graphite-style render URL)")
    func frontEndsMapTheirNames() throws {
        let graphite: [String: ChartParameterName] = ["target": .series, "yMin": .yMin, "width": .width, "bgcolor": .theme]
        let values = try ChartParameters.collect(
            [("target", "cpu.*"), ("target", "mem.*"), ("yMin", "5"), ("width", "640")], naming: { graphite[$0] },
            known: graphite.keys.sorted())
        let parsed = try parse(values)
        #expect(parsed.series == ["cpu.*", "mem.*"] && parsed.options.leftAxis.min == 5 && parsed.options.width == 640)
        let unknown = try #require(throws: ChartParameterError.self) {
            _ = try ChartParameters.collect([("yMni", "5")], naming: { graphite[$0] }, known: ["target", "yMin"])
        }
        #expect(unknown.names(\.rawValue) == "yMni" && unknown.message == "unknown parameter; known: target, yMin")
        let twice = try #require(throws: ChartParameterError.self) {
            _ = try ChartParameters.collect([("width", "1"), ("width", "2")], naming: { graphite[$0] }, known: [])
        }
        #expect(twice.parameters == [.width] && twice.problem == .givenTwice)
    }

    @Test func specBuildsWhatChartSpecWouldFromTheSameValues() throws {
        let parsed = try parse([
            .width: ["640"], .height: ["200"], .scale: ["2"], .title: ["CPU"], .kind: ["line"], .yMin: ["0"], .yMax: ["100"],
            .threshold: ["90:SLO"], .annotation: ["1700000000000:deploy"], .theme: ["dark"], .tz: ["Europe/Berlin"]
        ])
        let spec = try parsed.spec(from: Self.now - 3_600_000, until: Self.now, now: Self.now)
        let direct = try ChartSpec(
            width: 640, height: 200, scale: 2, from: Self.now - 3_600_000, until: Self.now, title: "CPU", theme: .dark,
            timeZone: "Europe/Berlin", kind: .line, leftAxis: AxisSpec(min: 0, max: 100), thresholds: [Threshold(value: 90, label: "SLO")],
            annotations: [Annotation(time: 1_700_000_000_000, label: "deploy")])
        #expect(spec == direct)
        let backwards = try #require(throws: ChartParameterError.self) { try parsed.spec(from: Self.now, until: Self.now, now: Self.now) }
        #expect(backwards.parameters == [.from, .until])
    }
}

import Foundation
import FramecastCore
import FramecastRender
import Testing

/// Every chart option of `framecast export` works from the command line, and a bad value names
/// its flag and says what to write.
@Suite(.serialized) struct ExportChartOptionsTests {
    /// Two series over a day, one point a minute, the second one in seconds (for the right axis).
    static let csv: String = {
        var lines = ["series,timestamp,value"]
        for minute in 0..<1440 {
            let time = 1_414_800_000 + minute * 60
            lines.append("rate,\(time),\(1000 + 500 * sin(Double(minute) / 200))")
            lines.append("latency,\(time),\(0.2 + 0.1 * cos(Double(minute) / 90))")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func input() throws -> (dir: URL, path: String) {
        let dir = try CLIRunner.temporaryDirectory()
        let url = dir.appendingPathComponent("two.csv")
        try Self.csv.write(to: url, atomically: true, encoding: .utf8)
        return (dir, url.path)
    }

    @Test(arguments: [
        ["--kind", "line"], ["--kind", "step"], ["--kind", "area"], ["--kind", "stacked"], ["--kind", "band"], ["--kind", "auto"],
        ["--color", "rate=#d62728", "--color", "lat*=#009e73"], ["--legend-stats"], ["--legend-stat", "max", "--legend-stat", "last"],
        ["--no-legend"], ["--y-label", "requests/s", "--y-min", "0", "--y-max", "2000"], ["--log"], ["--unit", "binary"],
        ["--unit", "duration"], ["--unit", "none"], ["--right-axis", "latency", "--right-unit", "duration", "--right-y-label", "p99"],
        ["--threshold", "1200:#d62728:SLO", "--threshold", "600:800:warning band"],
        ["--annotation", "2014-11-01T06:00:00:deploy", "--annotation", "2014-11-01T12:00/2014-11-01T14:00:outage"],
        ["--missing", "connect"], ["--missing", "zero"], ["--theme", "dark"], ["--theme", "transparent"],
        ["--sparkline", "--width", "200", "--height", "40"],
        ["--scale", "2", "--tz", "America/New_York"]
    ])
    func optionWorks(arguments: [String]) throws {
        let (dir, path) = try input()
        let png = dir.appendingPathComponent("out.png").path
        let result = try CLIRunner.run(["export", "--input", path, "--output", png] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let image = try PNGCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: png))))
        #expect(image.width >= 200)
        if arguments.contains("transparent") { #expect(image.pixel(x: 0, y: 0).a == 0) }
    }

    @Test func overlayFormatFromFlagOrName() throws {
        let (dir, path) = try input()
        let named = dir.appendingPathComponent("chart.overlay.svg").path
        let byName = try CLIRunner.run(["export", "--input", path, "--output", named, "--threshold", "900:limit"])
        #expect(byName.status == 0, "\(byName.stderr)")
        let text = try String(contentsOfFile: named, encoding: .utf8)
        #expect(text.contains("class=\"framecast-overlay\"") && text.contains("class=\"hover\"") && text.contains("data-label=\"limit\""))
        let byFlag = try CLIRunner.run(["export", "--input", path, "--output", "-", "--format", "overlay"])
        #expect(byFlag.status == 0 && String(decoding: byFlag.stdout, as: UTF8.self).contains("framecast-overlay"))
    }

    @Test(arguments: [
        (["--kind", "pie"], "--kind: unknown chart kind 'pie': use auto, line, step, area, stacked or band"),
        (["--unit", "furlongs"], "--unit: unknown unit 'furlongs': use none, si, binary or duration"),
        (["--right-unit", "x"], "--right-unit: unknown unit 'x'"),
        (["--missing", "skip"], "--missing: unknown missing-data mode 'skip': use gap, connect or zero"),
        (["--theme", "neon"], "--theme: unknown theme 'neon': use light, dark or transparent"),
        (["--legend-stat", "median"], "--legend-stat: unknown legend stat 'median': use last, min, max or avg"),
        (["--color", "rate"], "--color: colour override 'rate' is not GLOB=#rrggbb"),
        (["--color", "rate=#12"], "--color: colour '#12' is not a hex colour"),
        (["--threshold", "high"], "--threshold: threshold 'high': 'high' is not a number"),
        (["--threshold", "5:#zz0000"], "--threshold: threshold '5:#zz0000': '#zz0000' is not a colour"),
        (["--annotation", "soon:x"], "--annotation: annotation 'soon:x': cannot read a time"),
        (["--annotation", "2014-11-02/2014-11-01"], "--annotation: annotation span ends"),
        (["--y-min", "10", "--y-max", "5"], "--y-min/--y-max: left y-axis min (10) must be below its max (5)"),
        (["--y-min", "abc"], "--y-min"),
        (["--log", "--y-min", "0"], "--y-min/--y-max: left y-axis min 0 cannot be shown on a log scale"),
        (["--log", "--kind", "stacked"], "--kind/--log: stacked areas need a linear y axis"),
        (["--log", "--threshold=-1"], "--threshold: threshold -1 cannot be shown on a log scale"),
        (["--format", "gif"], "--format")
    ])
    func badValuesNameTheirFlag(arguments: [String], message: String) throws {
        let (dir, path) = try input()
        let output = dir.appendingPathComponent("x.png").path
        let result = try CLIRunner.run(["export", "--input", path, "--output", output] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}

/// The CLI's chart flags are the table's parameters, with the table's words.
@Suite struct ExportHelpTableTests {
    @Test("every table parameter the CLI offers appears in export --help with its table help")
    func helpComesFromTheTable() throws {
        let result = try CLIRunner.run(["export", "--help"])
        #expect(result.status == 0)
        // ArgumentParser wraps help at the terminal width: compare with whitespace collapsed.
        func collapsed(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let help = collapsed(String(decoding: result.stdout, as: UTF8.self))
        let offered = ChartParameter.offered(by: .cli)
        #expect(!offered.isEmpty)
        for parameter in offered {
            #expect(help.contains("--\(parameter.name.rawValue)"), "\(parameter.name) is in --help")
            #expect(help.contains(collapsed(parameter.help)), "\(parameter.name): its table help is in --help")
            if let value = parameter.defaultValue, case .integer = parameter.type {
                #expect(help.contains(collapsed(parameter.help) + " (default: \(value))"), "\(parameter.name): default from the table")
            }
        }
    }
}

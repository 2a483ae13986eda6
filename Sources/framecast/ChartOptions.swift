import ArgumentParser
import Foundation
import FramecastCore

/// The chart flags of `framecast export`. ArgumentParser needs each flag declared, but its name,
/// help and default come from Core's table of chart parameters (`ChartParameter.table`), and
/// every value goes through `ChartParameters.parse`, the function the HTTP API calls too. Values
/// stay text here so that Core reads and bound-checks every number.
struct ChartOptions: ParsableArguments {
    @Option(name: .table(.kind), help: .table(.kind))
    var kind: String = ChartParameterName.kind.defaultText

    @Option(name: .table(.color), help: .table(.color))
    var colors: [String] = []

    @Flag(name: .table(.legend), inversion: .prefixedNo, help: .table(.legend))
    var legend = ChartParameterName.legend.defaultText == "true"

    @Flag(name: .table(.legendStats), help: .table(.legendStats))
    var legendStats = false

    @Option(name: .table(.legendStat), help: .table(.legendStat))
    var legendStatList: [String] = []

    @Option(name: .table(.yLabel), help: .table(.yLabel))
    var yLabel: String?

    @Option(name: .table(.yMin), help: .table(.yMin))
    var yMin: String?

    @Option(name: .table(.yMax), help: .table(.yMax))
    var yMax: String?

    @Flag(name: .table(.log), help: .table(.log))
    var log = false

    @Option(name: .table(.unit), help: .table(.unit))
    var unit: String = ChartParameterName.unit.defaultText

    @Option(name: .table(.rightAxis), help: .table(.rightAxis))
    var rightAxis: [String] = []

    @Option(name: .table(.rightUnit), help: .table(.rightUnit))
    var rightUnit: String?

    @Option(name: .table(.rightYLabel), help: .table(.rightYLabel))
    var rightYLabel: String?

    @Option(name: .table(.threshold), help: .table(.threshold))
    var thresholds: [String] = []

    @Option(name: .table(.annotation), help: .table(.annotation))
    var annotations: [String] = []

    @Option(name: .table(.missing), help: .table(.missing))
    var missing: String = ChartParameterName.missing.defaultText

    @Option(name: .table(.theme), help: .table(.theme))
    var theme: String = ChartParameterName.theme.defaultText

    @Flag(name: .table(.sparkline), help: .table(.sparkline))
    var sparkline = false

    /// The flags' values by table name, with the chart flags `ExportCommand` declares itself.
    func values(_ command: [ChartParameterName: String?]) -> [ChartParameterName: [String]] {
        var values: [ChartParameterName: [String]] = [
            .kind: [kind], .color: colors, .legend: [String(legend)], .legendStats: [String(legendStats)], .legendStat: legendStatList,
            .log: [String(log)], .unit: [unit], .rightAxis: rightAxis, .threshold: thresholds, .annotation: annotations,
            .missing: [missing], .theme: [theme], .sparkline: [String(sparkline)]
        ]
        let optional: [ChartParameterName: String?] = [
            .yLabel: yLabel, .yMin: yMin, .yMax: yMax, .rightUnit: rightUnit, .rightYLabel: rightYLabel
        ]
        for (name, value) in optional.merging(command, uniquingKeysWith: { $1 }) {
            if let value { values[name] = [value] }
        }
        return values.filter { !$0.value.isEmpty }
    }

    /// Reads and checks every chart flag through Core; a bad one names its flag.
    func parameters(_ command: [ChartParameterName: String?], now: EpochMillis) throws(CLIError) -> ChartParameters {
        do throws(ChartParameterError) {
            let parameters = try ChartParameters.parse(values(command), now: now)
            if parameters.format == .json {
                throw ChartParameterError(
                    .format,
                    .notOffered(
                        "json (M4 columns) is served by `framecast serve` at /render?format=json; export writes png, svg or overlay"))
            }
            return parameters
        } catch {
            throw CLIError(Self.flagged(error))
        }
    }

    /// `--y-min/--y-max: message`: the error's table parameters written as flags.
    static func flagged(_ error: ChartParameterError) -> String {
        let flag = { (name: ChartParameterName) in "--\(name.rawValue)" }
        return "\(error.names(flag)): \(error.message(spelling: flag))"
    }
}

extension NameSpecification {
    /// The long flag of a table parameter (`--y-min`).
    static func table(_ name: ChartParameterName) -> NameSpecification { .customLong(name.rawValue) }
}

extension ArgumentHelp {
    /// A table parameter's help text and value placeholder.
    static func table(_ name: ChartParameterName) -> ArgumentHelp {
        let parameter = name.parameter
        return ArgumentHelp(parameter.help, valueName: parameter.valueName)
    }
}

extension ChartParameterName {
    /// The table's default, for flag declarations.
    var defaultText: String { parameter.defaultValue ?? "" }
}

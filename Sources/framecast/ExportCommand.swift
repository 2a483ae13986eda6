import ArgumentParser
import Foundation
import FramecastCore
import FramecastRender
import FramecastStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Draw series from data files as a PNG or SVG chart, or the SVG overlay for a PNG.",
        discussion: """
            Inputs: CSV (timestamp,value with a header; series,timestamp,value; or one column per \
            series), Graphite plaintext (path value epoch) and InfluxDB line protocol. The format is \
            detected from the extension or the content; --input-format overrides.

            Examples:
              framecast export --input nyc_taxi.csv --output taxi.png
              framecast export --data-dir data --series 'nyc_*' --from -30d --output taxi.png
              framecast export --input cpu.influx --series 'cpu.usage_*' --from -24h --tz Europe/Berlin --output - > cpu.svg
              framecast export --input latency.csv --kind band --unit duration --threshold '0.5:#d62728:SLO' \\
                --annotation '2014-04-10T14:00:00/2014-04-10T16:00:00:incident' --output latency.png
              framecast export --input net.csv --unit binary --log --legend-stats --theme dark --scale 2 --output net.png
              framecast export --input net.csv --format overlay --output net.overlay.svg   # hover layer for net.png
            """
    )

    @Option(name: .customLong("input"), help: ArgumentHelp("Data file to read (repeatable).", valueName: "file"))
    var inputs: [String] = []

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Input format: csv, graphite, influx or json (default: from extension or content).", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("Series to draw, as a Graphite glob (* within a node, ** across nodes).", valueName: "glob"))
    var series: String = "**"

    @Option(
        help: ArgumentHelp(
            "Start: absolute (2014-07-01, 2014-07-01T12:00:00Z, epoch) or relative (-24h, -7d, now). Default: first point.",
            valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("End, in the same forms. Default: just after the last point.", valueName: "time"))
    var until: String?

    @Option(help: "Width in logical pixels (\(ChartSpec.sideRange.lowerBound)…\(ChartSpec.sideRange.upperBound)).")
    var width: Int = 800

    @Option(help: "Height in logical pixels (\(ChartSpec.sideRange.lowerBound)…\(ChartSpec.sideRange.upperBound)).")
    var height: Int = 300

    @Option(help: "Pixel scale for HiDPI output (1…4); everything is drawn larger, not upscaled.")
    var scale: Double = 1

    @Option(
        help: ArgumentHelp(
            "Output format: png, svg (the whole chart as vector) or overlay (the SVG hover layer that sits on the PNG). Default: from the output name (.overlay.svg, .svg), else png.",
            valueName: "format"))
    var format: FrameFormat?

    @Option(help: "Chart title.")
    var title: String?

    @Option(help: ArgumentHelp("IANA time zone for the time axis and for timestamps written without an offset.", valueName: "Area/City"))
    var tz: String = "UTC"

    @OptionGroup(title: "Chart options") var chart: ChartOptions

    @Flag(help: "Fail on any malformed input line instead of skipping it.")
    var strict = false

    @Option(help: .hidden)
    var chunkBytes: Int = 4 << 20

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output file, or - for standard output.", valueName: "path"))
    var output: String

    func validate() throws {
        if inputs.isEmpty && store.dataDir == nil { throw ValidationError("give at least one --input FILE, or --data-dir DIR") }
        if !inputs.isEmpty && store.dataDir != nil { throw ValidationError("give --input files or --data-dir, not both") }
        // Check size, scale, zone and every chart option before any file is read.
        let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
        let parser = TimestampParser(naiveZone: TimeZone(identifier: tz) ?? TimeZone(identifier: "UTC"))
        do {
            _ = try chart.spec(
                width: width, height: height, scale: scale, from: 0, until: 1, title: title, timeZone: tz,
                now: now, parser: parser)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let zone = TimeZone(identifier: tz)!
        let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
        let parser = TimestampParser(naiveZone: zone)
        let fromTime = try from.map { try parseTime($0, flag: "--from", now: now, parser: parser) }
        let untilTime = try until.map { try parseTime($0, flag: "--until", now: now, parser: parser) }
        if let fromTime, let untilTime, fromTime >= untilTime {
            throw CLIError(ChartSpecError.emptyTimeRange(from: fromTime, until: untilTime).description)
        }

        let glob = Glob(series)
        let matched: [any ChartSource]
        let range: ClosedRange<EpochMillis>?
        var pointsRead = 0
        var streamed: StreamedInputs? = nil
        if store.dataDir != nil {
            let engine = try await store.openEngine()
            let snapshot = await engine.snapshot()
            try await engine.close()
            let stored = snapshot.seriesIDs(matching: glob).map { StoredSeries(snapshot: snapshot, id: $0) }
            if stored.isEmpty {
                throw noMatch(snapshot.allSeriesIDs.prefix(11).map { snapshot.key(of: $0).description }, total: snapshot.seriesCount)
            }
            matched = stored
            range = stored.compactMap(\.span).reduce(nil) { partial, span in
                partial.map { min($0.lowerBound, span.lowerBound)...max($0.upperBound, span.upperBound) } ?? span
            }
        } else {
            let read = try readInputs(from: fromTime, until: untilTime, glob: glob, options: ParseOptions(timestamps: parser, now: now))
            (matched, range, pointsRead, streamed) = (read.sources, read.range, read.pointsRead, read.streamed)
        }
        let start = fromTime ?? range?.lowerBound ?? (untilTime ?? now) - 86_400_000
        let end = untilTime ?? max((range?.upperBound ?? now) + 1, start + 1)
        let spec = try chart.spec(
            width: width, height: height, scale: scale, from: start, until: end, title: title, timeZone: tz,
            now: now, parser: parser)
        do {
            try ChartSpec.validate(seriesCount: matched.count)
        } catch {
            throw CLIError(error.description)
        }
        let name = output.lowercased()
        let outputFormat = format ?? (name.hasSuffix(".overlay.svg") ? .overlay : name.hasSuffix(".svg") ? .svg : .png)
        let frame = try FrameRenderer.render(spec: spec, series: matched, format: outputFormat)
        if let failure = streamed?.failure { throw failure }
        try write(frame.bytes)
        if output != "-" {
            warning(
                "wrote \(output): \(frame.pixelWidth)×\(frame.pixelHeight) \(outputFormat.rawValue), \(matched.count) series"
                    + (pointsRead > 0 ? ", \(pointsRead) points read" : ""))
        }
    }

    func noMatch(_ available: [String], total: Int) -> CLIError {
        let list = available.prefix(10).joined(separator: ", ")
        return CLIError(
            "no series matched '\(series)'"
                + (available.isEmpty ? "; the inputs hold no valid points" : "; available: \(list)\(total > 10 ? ", …" : "")"))
    }

    func parseTime(_ text: String, flag: String, now: EpochMillis, parser: TimestampParser) throws -> EpochMillis {
        do {
            return try TimeExpression.parse(text, now: now, parser: parser)
        } catch {
            throw CLIError("\(flag): \(error.description)")
        }
    }

    func write(_ bytes: [UInt8]) throws {
        if output == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError("cannot write '\(output)': \(InputLoader.reason(error))")
        }
    }
}

func warning(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension InputFormat: ExpressibleByArgument {}
extension FrameFormat: ExpressibleByArgument {}

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
              framecast export --server http://127.0.0.1:8080 --series 'app.*.cpu' --from -6h --kind band --output cpu.png
              framecast export --server https://charts.example.com --series 'billing.*' --key-file embed.key --output - > b.png
            """
    )

    @Option(name: .customLong("input"), help: ArgumentHelp("Data file to read (repeatable).", valueName: "file"))
    var inputs: [String] = []

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Input format: csv, graphite, influx or json (default: from extension or content).", valueName: "format"))
    var inputFormat: InputFormat?

    /// One glob, read here (not by the table's parser, which splits HTTP's comma lists).
    @Option(name: .table(.series), help: .table(.series))
    var series: String = "**"

    // `.unconditional`: a relative time (`--from -5min`) starts with '-' and is still the value.
    @Option(name: .table(.from), parsing: .unconditional, help: .table(.from))
    var from: String?

    @Option(name: .table(.until), parsing: .unconditional, help: .table(.until))
    var until: String?

    @Option(name: .table(.width), help: .table(.width))
    var width: String = ChartParameterName.width.defaultText

    @Option(name: .table(.height), help: .table(.height))
    var height: String = ChartParameterName.height.defaultText

    @Option(name: .table(.scale), help: .table(.scale))
    var scale: String = ChartParameterName.scale.defaultText

    @Option(name: .table(.format), help: .table(.format))
    var format: String?

    @Option(name: .table(.title), help: .table(.title))
    var title: String?

    @Option(name: .table(.tz), help: .table(.tz))
    var tz: String = ChartParameterName.tz.defaultText

    @OptionGroup(title: "Chart options") var chart: ChartOptions

    @Flag(help: "Fail on any malformed input line instead of skipping it.")
    var strict = false

    @Option(help: .hidden)
    var chunkBytes: Int = 4 << 20

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output file, or - for standard output.", valueName: "path"))
    var output: String

    @Option(
        help: ArgumentHelp(
            "A running server to draw the chart (e.g. http://127.0.0.1:8080): the flags become its /render parameters.",
            valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("With --server: sign the URL with this key (for private series).", valueName: "file"))
    var keyFile: String?

    @Option(help: ArgumentHelp("With --server and --key-file: how long the signed URL is valid.", valueName: "duration"))
    var expires = "10min"

    @Option(help: ArgumentHelp("With --server: how long to wait for the chart.", valueName: "duration"))
    var timeout = "30s"

    func validate() throws {
        let sources = [!inputs.isEmpty, store.dataDir != nil, server != nil].filter { $0 }.count
        if sources == 0 { throw ValidationError("give at least one --input FILE, or --data-dir DIR, or --server URL") }
        if sources > 1 { throw ValidationError("give one of --input files, --data-dir or --server") }
        if keyFile != nil && server == nil { throw ValidationError("--key-file signs the --server URL: give --server too") }
        if let server {
            do { _ = try serverURL(server) } catch { throw ValidationError("\(error)") }
            // The server checks the chart flags itself, json included; its message is shown.
            return
        }
        // Check size, scale, zone, times and every chart option before any file is read.
        do {
            _ = try chartParameters(now: EpochMillis(Date().timeIntervalSince1970 * 1000))
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Every chart flag, read and checked by Core's table parser.
    func chartParameters(now: EpochMillis) throws(CLIError) -> ChartParameters {
        try chart.parameters(
            [.from: from, .until: until, .width: width, .height: height, .scale: scale, .format: format, .title: title, .tz: tz], now: now)
    }

    func run() async throws {
        if let server { return try await exportFromServer(server) }
        let now = EpochMillis(Date().timeIntervalSince1970 * 1000)
        let parameters = try chartParameters(now: now)
        let parser = parameters.timestampParser
        let fromTime = try from.map { try time($0, .from, now: now, parser: parser) }
        let untilTime = try until.map { try time($0, .until, now: now, parser: parser) }

        let glob: Glob
        do {
            glob = try Glob.validated(series)
        } catch {
            throw CLIError("--series: \(error)")
        }
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
        let spec: ChartSpec
        do throws(ChartParameterError) {
            spec = try parameters.spec(from: start, until: end, now: now)
        } catch {
            throw CLIError(ChartOptions.flagged(error))
        }
        do {
            try ChartSpec.validate(seriesCount: matched.count)
        } catch {
            throw CLIError(error.description)
        }
        let name = output.lowercased()
        let given = parameters.formatGiven ? FrameFormat(rawValue: parameters.format.rawValue) : nil
        let outputFormat = given ?? (name.hasSuffix(".overlay.svg") ? .overlay : name.hasSuffix(".svg") ? .svg : .png)
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

    func time(_ text: String, _ name: ChartParameterName, now: EpochMillis, parser: TimestampParser) throws -> EpochMillis {
        do throws(ChartParameterError) {
            return try ChartParameters.time(text, name, now: now, parser: parser)
        } catch {
            throw CLIError(ChartOptions.flagged(error))
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

import ArgumentParser
import FramecastServer

struct SnippetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snippets",
        abstract: "Print ready-to-copy HTML that embeds a live chart or badge from a running server.",
        discussion: "Every /render option (kind, theme, unit, threshold, …) can be added to these URLs as a query parameter."
    )

    @Option(help: ArgumentHelp("The server's address as readers' browsers reach it.", valueName: "url"))
    var base = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp("Series (Graphite glob) to chart.", valueName: "glob"))
    var series = "demo.sine.*"

    @Option(help: ArgumentHelp("The one series a badge shows.", valueName: "name"))
    var badgeSeries = "demo.sine.a"

    @Option(help: ArgumentHelp("Time window.", valueName: "time"))
    var from = "-1h"

    func run() {
        print(Self.snippets(base: base.hasSuffix("/") ? String(base.dropLast()) : base, series: series, badge: badgeSeries, from: from))
    }

    static func snippets(base: String, series: String, badge: String, from: String) -> String {
        let q = "series=\(series)&amp;from=\(from)&amp;width=600&amp;height=200"
        let plain = "series=\(series)&from=\(from)"
        return """
            <!-- 1. Polled image: re-request it to update (the server answers 304 / max-age until the data can change) -->
            <img src="\(base)/render?\(q)" srcset="\(base)/render?\(q) 1x, \(base)/render?\(q)&amp;scale=2 2x" width="600" height="200" alt="chart">

            <!-- 2. Live image: the server pushes a new PNG when the chart changes (multipart/x-mixed-replace) -->
            <img src="\(base)/stream?\(q)&amp;refresh=1s" width="600" height="200" alt="live chart">

            <!-- 3. Interactive: PNG + SVG overlay with hover values, live over SSE, HiDPI, light/dark -->
            <iframe src="\(base)/embed?\(q)" width="600" height="200" style="border:0" scrolling="no" title="chart"></iframe>

            <!-- 4. Badge: label, value coloured by warn/crit, sparkline (format=png for bitmaps) -->
            <img src="\(base)/badge?series=\(badge)&amp;stat=last&amp;label=value&amp;warn=80&amp;crit=95" alt="badge">

            <!-- shields.io endpoint badge (needs a public server) -->
            https://img.shields.io/endpoint?url=\(URLSigner.encode(base + "/badge?series=\(badge)&format=json"))

            <!-- Private series (serve --embed-key-file KEY --private GLOB): sign each URL -->
            framecast sign '\(base)/embed?\(plain)&width=600&height=200' --key-file embed.key --expires 30d
            """
    }
}

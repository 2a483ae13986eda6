import Foundation
import Testing

/// `export --input` reads its files in chunks, twice (a scan, then one reduction), and never
/// holds the points; out-of-order series fall back to loading the files whole. Every way must
/// draw the same chart.
@Suite(.serialized) struct ExportStreamingTests {
    /// Epoch-second lines of a noisy walk with integer values (sums exact in any order), with
    /// a malformed line at `badLine` (1-based, counting the header) when given.
    static func lines(count: Int, badLine: Int? = nil) -> [String] {
        var level = 0
        var lines: [String] = []
        for i in 0..<count {
            level += (i * 7_919) % 13 - 6
            lines.append("\(1_600_000_000 + i * 10),\(level + (i % 997 == 0 ? 300 : 0))")
        }
        if let badLine { lines.insert("1599999999,oops", at: badLine - 2) }
        return lines
    }

    func export(_ files: [String: [String]], order: [String], extra: [String] = [], in dir: URL) throws -> (png: Data, stderr: String) {
        for (name, lines) in files {
            let header = name.hasSuffix(".csv") ? "timestamp,value\n" : ""
            try (header + lines.joined(separator: "\n") + "\n").write(
                to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let png = dir.appendingPathComponent("out-\(UUID().uuidString).png").path
        let inputs = order.flatMap { ["--input", dir.appendingPathComponent($0).path] }
        let result = try CLIRunner.run(["export"] + inputs + ["--output", png, "--series", "walk"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return (try Data(contentsOf: URL(fileURLWithPath: png)), result.stderr)
    }

    @Test(arguments: [["--kind", "band"], ["--kind", "line"], ["--kind", "auto", "--width", "200"]])
    func chunkedShuffledAndSplitInputsDrawTheSameChart(kind: [String]) throws {
        let dir = try CLIRunner.temporaryDirectory()
        let lines = Self.lines(count: 40_000)
        let whole = try export(["walk.csv": lines], order: ["walk.csv"], extra: kind, in: dir)
        // Small chunks: each pass reads the file in ~170 pieces.
        let chunked = try export(["walk.csv": lines], order: ["walk.csv"], extra: kind + ["--chunk-bytes", "4096"], in: dir)
        #expect(chunked.png == whole.png)
        // Out of time order: loaded whole and sorted.
        var shuffled = lines
        var rng = SystemRandomNumberGenerator()
        shuffled.shuffle(using: &rng)
        let sorted = try export(["walk.csv": shuffled], order: ["walk.csv"], extra: kind, in: dir)
        #expect(sorted.png == whole.png)
        // One series across two Graphite files, named in time order.
        let graphite = lines.map { line in
            let fields = line.split(separator: ",")
            return "walk \(fields[1]) \(fields[0])"
        }
        let split = try export(
            ["a.graphite": Array(graphite[..<15_000]), "b.graphite": Array(graphite[15_000...])],
            order: ["a.graphite", "b.graphite"], extra: kind + ["--chunk-bytes", "8192"], in: dir)
        #expect(split.png == whole.png)
        #expect(split.stderr.contains("40000 points read"))
    }

    @Test func rejectedLinesKeepTheirFileLineNumbersAcrossChunks() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let result = try export(
            ["walk.csv": Self.lines(count: 20_000, badLine: 12_345)], order: ["walk.csv"],
            extra: ["--chunk-bytes", "4096"], in: dir)
        #expect(result.stderr.contains("walk.csv:12345: value 'oops' is not a number"), "\(result.stderr)")
        #expect(result.stderr.contains("20000 points read"))
    }
}

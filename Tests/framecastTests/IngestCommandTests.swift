import Foundation
import FramecastRender
import Testing

@Suite(.serialized) struct IngestCommandTests {
    /// A file read in many chunks (small chunk size, no trailing newline) must land in the log in
    /// file order: history is never judged "too late" against a later chunk.
    @Test func chunksKeepFileOrderAndCSVHeaders() throws {
        let dir = try CLIRunner.temporaryDirectory()
        var lines = ["timestamp,value"]
        for hour in 0..<500 { lines.append(String(format: "2014-07-%02d %02d:00:00,%d", 1 + hour / 24, hour % 24, hour)) }
        let input = dir.appendingPathComponent("hours.csv")
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let data = dir.appendingPathComponent("data").path
        let result = try CLIRunner.run([
            "ingest", input.path, "--data-dir", data, "--chunk-bytes", "512",
            "--retention", "1h:1y"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ingested 500 points"), "\(result.stderr)")
        #expect(!result.stderr.contains("rejected"), "\(result.stderr)")
        let csv = try CLIRunner.run(["export", "--data-dir", data, "--output", dir.appendingPathComponent("h.png").path])
        #expect(csv.status == 0, "\(csv.stderr)")
        let image = try PNGCodec.decode(Array(try Data(contentsOf: dir.appendingPathComponent("h.png"))))
        #expect(image.width == 800)
    }

    @Test func badLinesAreReportedWithTheirFileLineAcrossChunks() throws {
        let dir = try CLIRunner.temporaryDirectory()
        var lines: [String] = []
        for i in 0..<300 { lines.append("a.b \(i == 250 ? "oops" : String(i)) \(1_700_000_000 + i)") }
        let input = dir.appendingPathComponent("points.graphite")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run([
            "ingest", input.path, "--data-dir", dir.appendingPathComponent("d").path,
            "--chunk-bytes", "700", "--retention", "1s:1h"
        ])
        #expect(result.status == 0)
        #expect(result.stderr.contains("points.graphite:251: value 'oops' is not a number"), "\(result.stderr)")
        #expect(result.stderr.contains("ingested 299 points"), "\(result.stderr)")
    }

    @Test func badRetentionAndMissingDataDirGetMessages() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let input = dir.appendingPathComponent("x.graphite")
        try "a 1 1700000000\n".write(to: input, atomically: true, encoding: .utf8)
        let noDir = try CLIRunner.run(["ingest", input.path])
        #expect(noDir.status != 0 && noDir.stderr.contains("--data-dir is required"))
        let bad = try CLIRunner.run(["ingest", input.path, "--data-dir", dir.appendingPathComponent("d").path, "--retention", "a.*=1s:1x"])
        #expect(bad.status != 0 && bad.stderr.contains("retention"), "\(bad.stderr)")
    }
}

@Suite(.serialized) struct IngestJSONTests {
    /// A JSON document spanning many lines is read whole even with tiny chunks; newline-delimited
    /// JSON is chunked like any line format.
    @Test func jsonDocumentsAndNDJSON() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let points = (0..<200).map { "  {\"name\": \"j.a\", \"timestamp\": \(1_700_000_000 + $0), \"value\": \($0)}" }
        let document = dir.appendingPathComponent("doc.json")
        try ("[\n" + points.joined(separator: ",\n") + "\n]\n").write(to: document, atomically: true, encoding: .utf8)
        let ndjson = dir.appendingPathComponent("lines.ndjson")
        try (points.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + "\n")
            .write(to: ndjson, atomically: true, encoding: .utf8)
        for file in [document, ndjson] {
            let result = try CLIRunner.run([
                "ingest", file.path, "--data-dir", dir.appendingPathComponent("d-" + file.lastPathComponent).path,
                "--chunk-bytes", "512", "--retention", "1s:1h"
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("ingested 200 points"), "\(file.lastPathComponent): \(result.stderr)")
            #expect(!result.stderr.contains("malformed"), "\(result.stderr)")
        }
    }
}

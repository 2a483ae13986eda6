import Foundation
import Testing

/// `--data-dir` takes any directory name: `ingest` used to crash (illegal instruction in
/// Foundation's `deletingLastPathComponent`) on a one-character relative name.
@Suite(.serialized) struct DataDirectoryNameTests {
    @Test func oddDataDirectoryNamesIngestAndExport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("points.graphite")
        try (0..<30).map { "odd.name \($0) \(1_700_000_000 + $0 * 60)" }.joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let work = dir.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        // Run inside `work`, so relative names are relative to it.
        let names = [
            "d", "e/", "f//", ".", "../up", "./g", "n1/n2/n3", "n4/n5/", dir.appendingPathComponent("abs").path,
            dir.appendingPathComponent("abs2/deeper/x").path + "/"
        ]
        for name in names {
            let ingest = try CLIRunner.run(["ingest", input.path, "--data-dir", name, "--retention", "1m:30d"], in: work)
            #expect(ingest.status == 0 && ingest.stderr.contains("ingested 30 points"), "--data-dir \(name): \(ingest.stderr)")
            let png = dir.appendingPathComponent("out.png").path
            let export = try CLIRunner.run(["export", "--data-dir", name, "--output", png], in: work)
            #expect(export.status == 0, "--data-dir \(name): \(export.stderr)")
        }
        let expected = ["work/d", "work/e", "work/f", "up", "work/g", "work/n1/n2/n3", "work/n4/n5", "abs", "abs2/deeper/x"]
        for path in expected {
            var isDirectory: ObjCBool = false
            #expect(
                FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path, isDirectory: &isDirectory)
                    && isDirectory.boolValue,
                "\(path) must be a directory")
        }
    }
}

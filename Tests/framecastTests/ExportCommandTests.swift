import Foundation
import FramecastRender
import Testing

@Suite(.serialized) struct ExportCommandTests {
    let csv = "timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00,5\n2014-07-01 01:00:00,3\n"

    func write(_ text: String, name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func exportsPNGAndSVG() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let input = try write(csv, name: "small.csv", in: dir)
        let png = dir.appendingPathComponent("out.png").path
        let result = try CLIRunner.run(["export", "--input", input, "--output", png, "--scale", "2", "--width", "400", "--height", "200"])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try PNGCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: png))))
        #expect(image.width == 800 && image.height == 400)
        let svg = try CLIRunner.run(["export", "--input", input, "--output", "-", "--format", "svg"])
        #expect(svg.status == 0)
        #expect(String(decoding: svg.stdout, as: UTF8.self).contains("data-series=\"small\""))
    }

    @Test func malformedLinesAreNamedAndGoodLinesKept() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let input = try write(csv + "2014-07-01 01:30:00,oops\n2014-07-01 02:00:00,4\n", name: "bad.csv", in: dir)
        let result = try CLIRunner.run(["export", "--input", input, "--output", dir.appendingPathComponent("o.png").path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("bad.csv:5: value 'oops' is not a number"))
        let strict = try CLIRunner.run(["export", "--input", input, "--strict", "--output", dir.appendingPathComponent("s.png").path])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("--strict"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.png").path))
    }

    @Test(arguments: [
        (["--input", "/nonexistent/file.csv"], "cannot read input '/nonexistent/file.csv': no such file"),
        (["--series", "nothing.*"], "no series matched 'nothing.*'; available: small"),
        (["--width", "9000"], "width 9000 is out of bounds: use 16…8192 pixels"),
        (["--height", "4"], "height 4 is out of bounds: use 16…8192 pixels"),
        (["--scale", "8"], "scale 8.0 is out of bounds: use 1…4"),
        (["--width", "4096", "--height", "4096", "--scale", "2"], "the limit is 16777216 (16 Mpx)"),
        (["--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--from", "2014-07-02", "--until", "2014-07-01"], "must be before --until"),
        (["--from", "yesterday-ish"], "--from: cannot read time 'yesterday-ish'"),
        (["--theme", "neon"], "--theme: unknown theme 'neon': use light, dark or transparent")
    ])
    func badInputGetsAClearMessage(arguments: [String], message: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        let input = try write(csv, name: "small.csv", in: dir)
        var full = ["export", "--output", dir.appendingPathComponent("x.png").path]
        if !arguments.contains("--input") { full += ["--input", input] }
        let result = try CLIRunner.run(full + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
    }

    @Test func everyNABFileExports() throws {
        let data = try #require(CLIRunner.nabData, "the NAB data folder is expected beside the repository")
        let dir = try CLIRunner.temporaryDirectory()
        let files = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".csv") }
        #expect(files.count >= 8)
        for file in files {
            let png = dir.appendingPathComponent(file + ".png").path
            let result = try CLIRunner.run(["export", "--input", data.appendingPathComponent(file).path, "--output", png])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            #expect(!result.stderr.contains("rejected"), "\(file) parses without rejections")
            let image = try PNGCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: png))))
            #expect(image.width == 800 && image.height == 300)
        }
    }
}

@Suite struct ExportOverflowTests {
    @Test("an --until past the representable times exits with a message naming --until, not a trap")
    func untilOverflow() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let input = dir.appendingPathComponent("small.csv")
        try "timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00,5\n".write(to: input, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run([
            "export", "--input", input.path, "--output", dir.appendingPathComponent("o.png").path,
            "--until", "+9223372036854775807ms"
        ])
        #expect(result.status != 0 && result.status < 128, "status \(result.status)")
        #expect(result.stderr.contains("--until"), "\(result.stderr)")
        #expect(result.stderr.contains("out of range"), "\(result.stderr)")
    }

    @Test("a --series glob over the length limit exits with a message naming --series")
    func longGlob() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let input = dir.appendingPathComponent("small.csv")
        try "timestamp,value\n2014-07-01 00:00:00,1\n".write(to: input, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run([
            "export", "--input", input.path, "--output", dir.appendingPathComponent("o.png").path,
            "--series", String(repeating: "*", count: 600)
        ])
        #expect(result.status != 0 && result.status < 128, "status \(result.status)")
        #expect(result.stderr.contains("--series"), "\(result.stderr)")
    }
}

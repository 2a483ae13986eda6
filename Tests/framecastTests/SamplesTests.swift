import Foundation
import FramecastRender
import Testing

/// Every chart spec in `samples/` exports, as PNG, full SVG and overlay (STYLE.md: `samples/` runs).
@Suite(.serialized) struct SamplesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let samples: [String] = {
        let folder = repository.appendingPathComponent("samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".args") }.sorted()
    }()

    /// The arguments of a sample, `$DATA` replaced and comments dropped, as scripts/export-samples.sh reads them.
    static func arguments(_ name: String, data: URL) throws -> [String] {
        let text = try String(contentsOf: repository.appendingPathComponent("samples/\(name)"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.replacingOccurrences(of: "$DATA", with: data.path) }
    }

    @Test func thereIsASamplePerKindAndFeature() {
        for expected in [
            "kind-line", "kind-step", "kind-area", "kind-stacked", "kind-band", "log-scale", "unit-binary", "unit-duration",
            "right-axis", "thresholds-annotations", "theme-dark", "theme-transparent", "scale-2x", "sparkline",
            "dst-fall-back", "dst-spring-forward"
        ] {
            #expect(Self.samples.contains(expected + ".args"), "samples/\(expected).args")
        }
    }

    @Test(arguments: samples)
    func sampleExports(name: String) throws {
        let data = try #require(CLIRunner.nabData, "the NAB data folder is expected beside the repository")
        let arguments = try Self.arguments(name, data: data)
        let dir = try CLIRunner.temporaryDirectory()
        for output in ["chart.png", "chart.svg", "chart.overlay.svg"] {
            let path = dir.appendingPathComponent(output).path
            let result = try CLIRunner.run(["export"] + arguments + ["--output", path], in: Self.repository)
            #expect(result.status == 0, "\(name) → \(output): \(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: path))
            if output.hasSuffix(".png") {
                let image = try PNGCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
                #expect(image.width >= 200 && image.height >= 40)
            }
        }
    }
}

import Foundation
import FramecastCore
import Testing

/// The same points in any arrival order draw the same chart: series are drawn and coloured in
/// canonical key order, through the store (`ingest` then `export --data-dir`) and from files
/// (`export --input`).
@Suite(.serialized) struct SeriesOrderTests {
    static let keys = ["zeta.cpu", "alpha.cpu;host=b", "alpha.cpu;host=a", "mid.mem;dc=x;rack=2"]

    /// Graphite lines of four series, 120 points each one minute apart; values in quarters, so
    /// every bucket sum is exact whatever the order.
    static func lines() -> [String] {
        var lines: [String] = []
        for (index, key) in keys.enumerated() {
            for minute in 0..<120 {
                let value = Double((minute * (index + 3) * 7) % 97) / 4 + Double(index * 10)
                lines.append("\(key) \(value) \(1_700_000_000 + minute * 60)")
            }
        }
        return lines
    }

    /// Time order, series by series; reversed; and seeded shuffles: each has another first series.
    static func arrivalOrders() -> [[String]] {
        let base = lines()
        var rng = SplitMix64(seed: 17)
        var orders = [base, base.reversed()]
        for _ in 0..<3 { orders.append(base.shuffled(using: &rng)) }
        orders.append(base.sorted { $0.split(separator: " ")[2] < $1.split(separator: " ")[2] })
        return orders
    }

    static let window = ["--from", "1700000000", "--until", "1700007200"]

    @Test func exportFromFilesIsTheSameInEveryOrder() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var frames: [Data] = []
        for (index, order) in Self.arrivalOrders().enumerated() {
            let input = dir.appendingPathComponent("order\(index).graphite")
            try (order.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            let png = dir.appendingPathComponent("order\(index).png")
            let result = try CLIRunner.run(["export", "--input", input.path, "--output", png.path] + Self.window)
            #expect(result.status == 0, "\(result.stderr)")
            frames.append(try Data(contentsOf: png))
        }
        #expect(frames.count == 6 && frames.allSatisfy { $0 == frames[0] && !$0.isEmpty })
    }

    /// Ingested with `--lateness 1d`, exported with the default hour: replay keeps each batch's
    /// window, so the late points of a shuffled order are in the export too.
    @Test func exportFromTheStoreIsTheSameInEveryOrder() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var frames: [Data] = []
        for (index, order) in Self.arrivalOrders().enumerated() {
            let input = dir.appendingPathComponent("order\(index).graphite")
            try (order.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            let data = dir.appendingPathComponent("data\(index)").path
            // Small chunks: several batches, so series arrive across batches too.
            let ingest = try CLIRunner.run([
                "ingest", input.path, "--data-dir", data, "--retention", "1m:30d", "--lateness", "1d", "--chunk-bytes", "2048"
            ])
            #expect(ingest.status == 0 && ingest.stderr.contains("ingested 480 points"), "\(ingest.stderr)")
            let png = dir.appendingPathComponent("order\(index).png")
            let export = try CLIRunner.run(["export", "--data-dir", data, "--output", png.path] + Self.window)
            #expect(export.status == 0, "\(export.stderr)")
            frames.append(try Data(contentsOf: png))
        }
        #expect(frames.count == 6 && frames.allSatisfy { $0 == frames[0] && !$0.isEmpty })
    }
}

import ArgumentParser
import Foundation
import FramecastCore

/// Times parsing (and optionally aggregation) of generated lines in process, for profiling and
/// for the figures in BENCHMARKS.md next to the ordo-one benchmarks.
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Time parse (+ aggregate) of generated lines.")

    @Option var format: InputFormat = .graphite
    @Option var lines: Int = 1_000_000
    @Option var series: Int = 10_000
    @Option var batch: Int = 100_000
    @Option var runs: Int = 5
    @Option var policy: String = "1s:10m,1m:1d"
    @Option(help: "Warm-up passes before timing (each advances time by lines/series seconds).") var warmup: Int = 7
    @Flag var aggregate = false

    func run() throws {
        // One pass of generated batches per run (+1 warm-up), each later in time than the last,
        // so aggregation sees a stream moving forward, as in steady state.
        let passes = (0..<(warmup + runs)).map { generate(pass: $0) }
        var aggregator = Aggregator(policy: try RetentionPolicy(policy))
        func pass(_ batches: [[UInt8]]) {
            for bytes in batches {
                var parsed = aggregator.makeBatch()
                bytes.withUnsafeBytes { format.parse($0, options: ParseOptions(), into: &parsed) }
                if aggregate {
                    _ = aggregator.apply(parsed, now: 1_800_000_000_000)
                } else if parsed.values.count != bytes.count / 1000 {
                    _ = parsed.values.last
                }
            }
        }
        // Warm-up: series created and rings grown to full size (steady state).
        for warm in 0..<warmup { pass(passes[warm]) }
        var samples: [Double] = []
        for run in warmup..<(warmup + runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            pass(passes[run])
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print(
            "\(format) \(aggregate ? "parse+aggregate" : "parse") \(lines) lines, \(series) series: median \(String(format: "%.1f", median * 1000)) ms = \(String(format: "%.2f", Double(lines) / median / 1e6)) M points/s"
        )
    }

    func generate(pass: Int) -> [[UInt8]] {
        var batches: [[UInt8]] = []
        var text = ""
        var state = UInt64(pass + 1)
        let base = 1_700_000_000 + pass * (lines / series)
        for i in 0..<lines {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(state >> 50) / 100
            switch format {
            case .influx: text += "cpu,host=host\(i % series),region=eu usage_user=\(value) \(base + i / series)000000000\n"
            default: text += "servers.host\(i % series).cpu.user \(value) \(base + i / series)\n"
            }
            if (i + 1) % batch == 0 || i == lines - 1 {
                batches.append(Array(text.utf8))
                text = ""
            }
        }
        return batches
    }
}

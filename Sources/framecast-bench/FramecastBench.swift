import ArgumentParser
import FramecastCore

/// `framecast-bench`: the timing commands behind BENCHMARKS.md and scripts/compare, kept out of
/// the shipped `framecast` CLI. Build with `make bench-tools` (release).
@main
struct FramecastBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framecast-bench",
        abstract: "Time Framecast's parse, M4 and render paths in process (for BENCHMARKS.md).",
        subcommands: [BenchM4Command.self, BenchParseCommand.self, BenchRenderCommand.self, BenchJSONCommand.self]
    )
}

// The `framecast` CLI declares the same conformance for its own options; an executable cannot
// import another, and a conformance is a declaration, not shared code.
extension InputFormat: ExpressibleByArgument {}

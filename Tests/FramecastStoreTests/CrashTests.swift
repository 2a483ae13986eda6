import Foundation
import FramecastCore
import FramecastStore
import FramecastTestSupport
import Testing

/// SIGKILL crash test: a child process appends with four concurrent writers while this test
/// kills it at a random moment, again and again on the same data directory: on even cycles
/// 5–150 ms after spawning it (so kills also land while it opens and recovers), on odd cycles
/// 5–150 ms after it reported the log open (so they land among appends however slowly the
/// machine starts processes). After every kill
/// the log is reopened (running recovery) and every batch the child acknowledged — from this
/// cycle and all earlier ones — must be present, byte-identical and decodable. Zero lost is
/// the only pass. `scripts/crash-test.sh` runs the same thing for 100 cycles.
@Suite("Crash safety", .serialized)
struct CrashTests {
    static let cycles = 24
    static let delays = 5...150  // milliseconds from spawn to SIGKILL

    @Test("SIGKILL at random moments loses no acknowledged batch", .timeLimit(.minutes(8)))
    func sigkillLosesNothing() async throws {
        guard let child = Self.childExecutable() else {
            Issue.record(
                """
                framecast-crash-child is not built: add its executable target to Package.swift \
                (Sources/framecast-crash-child) or set FRAMECAST_CRASH_CHILD to its path
                """)
            return
        }
        let seed =
            ProcessInfo.processInfo.environment["FRAMECAST_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        var random = SplitMix64(seed: seed)
        let root = makeTemporaryDirectory("framecast-crash")
        defer { removeDirectory(root) }
        let data = root + "/data"

        var acks: [CrashTestChild.Ack] = []
        var cyclesWithAcks = 0
        for cycle in 0..<Self.cycles {
            let delay = Self.delays.lowerBound + Int(random.next() % UInt64(Self.delays.count))
            let (output, exit) = try await Self.runAndKill(
                child, data: data, root: root, cycle: cycle,
                afterMilliseconds: delay, fromOpen: cycle % 2 == 1)
            guard exit.reason == .uncaughtSignal, exit.status == SIGKILL else {
                Issue.record("cycle \(cycle): the child stopped by itself (\(exit)) before the kill: \(output.errors)")
                return
            }
            let new = CrashTestChild.parseAcks(output.acks)
            if !new.isEmpty { cyclesWithAcks += 1 }
            acks += new
            let verification = try await CrashTestChild.verify(dataDirectory: data, acks: acks)
            guard verification.passed else {
                Issue.record("cycle \(cycle) (seed \(seed), kill after \(delay) ms): \(verification)\n\(output.acks.prefix(300))")
                return
            }
        }
        print(
            "crash test: \(Self.cycles) SIGKILL cycles, \(acks.count) acknowledged batches all intact, "
                + "\(cyclesWithAcks) cycles acknowledged something (seed \(seed))")
        // Guard against a vacuous pass: most kills must land while batches are being acknowledged.
        #expect(cyclesWithAcks >= Self.cycles / 4, "only \(cyclesWithAcks) of \(Self.cycles) cycles acknowledged anything")
        #expect(acks.count > 100)
    }

    /// Starts `child run data`, SIGKILLs it `delay` ms after the start (or after it reported
    /// the log open), and returns what it wrote.
    static func runAndKill(
        _ child: URL, data: String, root: String, cycle: Int,
        afterMilliseconds delay: Int, fromOpen: Bool
    ) async throws
        -> (output: (acks: String, errors: String), exit: (reason: Process.TerminationReason, status: Int32))
    {
        let ackPath = root + "/acks-\(cycle).txt"
        let errorPath = root + "/stderr-\(cycle).txt"
        _ = FileManager.default.createFile(atPath: ackPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let ackFile = try FileHandle(forWritingTo: URL(fileURLWithPath: ackPath))
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer {
            try? ackFile.close()
            try? errorFile.close()
        }
        let process = Process()
        process.executableURL = child
        process.arguments = ["run", data]
        process.standardOutput = ackFile
        process.standardError = errorFile
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        try process.run()
        if fromOpen {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, process.isRunning,
                !((try? String(contentsOfFile: ackPath, encoding: .utf8))?.hasPrefix("# opened") ?? false)
            {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        try await Task.sleep(for: .milliseconds(delay))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let acks = try String(contentsOfFile: ackPath, encoding: .utf8)
        let errors = try String(contentsOfFile: errorPath, encoding: .utf8)
        return ((acks, errors), (process.terminationReason, process.terminationStatus))
    }

    /// The crash child: `$FRAMECAST_CRASH_CHILD`, else next to this test binary in the build
    /// products directory (SwiftPM builds every executable target before running tests).
    static func childExecutable() -> URL? {
        let name = "framecast-crash-child"
        if let path = ProcessInfo.processInfo.environment["FRAMECAST_CRASH_CHILD"] {
            return URL(fileURLWithPath: path)
        }
        var places = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(), Bundle.main.bundleURL]
        places += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        for place in places {
            var directory = place
            for _ in 0..<3 {  // the products directory, or up from inside a macOS .xctest bundle
                let candidate = directory.appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }
}

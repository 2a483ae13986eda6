import Foundation
import Testing

/// `framecast export --server URL`: the same flags against a running `framecast serve` give the
/// same bytes as the local export of the same store, and a server's refusal is shown as it said it.
@Suite(.serialized) struct ExportServerTests {
    /// A TCP socket bound to a free loopback port, and the port.
    static func boundSocket() -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A loopback port nothing listens on now (bind to 0, read it back, close).
    static func freePort() throws -> Int {
        let (fd, port) = boundSocket()
        close(fd)
        return port
    }

    @Test(.enabled(if: CLIRunner.nabData != nil)) func theServerDrawsTheSameBytesAsTheLocalExport() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data").path
        let input = CLIRunner.nabData!.appendingPathComponent("nyc_taxi.csv").path
        let ingest = try CLIRunner.run(["ingest", input, "--data-dir", data])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let chart = ["--series", "nyc_taxi", "--from", "2014-12-01", "--until", "2014-12-15", "--kind", "band", "--theme", "dark"]
        let local = try CLIRunner.run(["export", "--data-dir", data] + chart + ["--output", "-"])
        #expect(local.status == 0, "\(local.stderr)")

        let port = try Self.freePort()
        let server = Process()
        server.executableURL = CLIRunner.binary
        // History from 2014: kept, not expired against today's clock.
        server.arguments = ["serve", "--data-dir", data, "--http", "127.0.0.1:\(port)", "--keep-expired-series"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.interrupt()
            server.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        // Polls (no timed assertion) until the server answers.
        var remote = try CLIRunner.run(["export", "--server", base] + chart + ["--output", "-"])
        for _ in 0..<300 where remote.status != 0 && remote.stderr.contains("cannot reach") {
            try await Task.sleep(for: .milliseconds(100))
            remote = try CLIRunner.run(["export", "--server", base] + chart + ["--output", "-"])
        }
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remote.stdout.count > 1000)
        #expect(remote.stdout == local.stdout, "the server's PNG differs from the local export's")

        let missing = try CLIRunner.run([
            "export", "--server", base, "--series", "nothing.*", "--output", dir.appendingPathComponent("x.png").path
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("answered 404 Not Found: no series matched 'nothing.*'"), "\(missing.stderr)")
        let tooWide = try CLIRunner.run(["export", "--server", base, "--series", "nyc_taxi", "--width", "99999", "--output", "-"])
        #expect(tooWide.stderr.contains("answered 400") && tooWide.stderr.contains("'width'"), "\(tooWide.stderr)")
        let file = dir.appendingPathComponent("chart.svg")
        let svg = try CLIRunner.run(["export", "--server", base] + chart + ["--output", file.path])
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(
            try String(contentsOf: file, encoding: .utf8).hasPrefix("<svg")
                || (try String(contentsOf: file, encoding: .utf8)).contains("<svg"))
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        // A listening socket nobody accepts on: the connection is made, no answer ever comes.
        let (fd, port) = Self.boundSocket()
        defer { close(fd) }
        #expect(listen(fd, 8) == 0)
        let result = try CLIRunner.run([
            "export", "--server", "http://127.0.0.1:\(port)", "--series", "a", "--timeout", "1s", "--output", "-"
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no answer from http://127.0.0.1:\(port) within 1s (--timeout)"), "\(result.stderr)")
    }

    @Test func anUnreachableServerIsSaidPlainly() throws {
        let port = try Self.freePort()
        let result = try CLIRunner.run(["export", "--server", "http://127.0.0.1:\(port)", "--series", "a", "--output", "-"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot reach http://127.0.0.1:\(port): Connection refused"), "\(result.stderr)")
        let bad = try CLIRunner.run(["export", "--server", "ftp://host", "--series", "a", "--output", "-"])
        #expect(bad.stderr.contains("is not an http:// or https:// URL"), "\(bad.stderr)")
        let both = try CLIRunner.run(["export", "--server", "http://h", "--data-dir", "d", "--output", "-"])
        #expect(both.stderr.contains("give one of --input files, --data-dir or --server"), "\(both.stderr)")
    }
}

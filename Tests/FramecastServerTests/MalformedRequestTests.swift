import FramecastServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A request head the HTTP decoder cannot parse is answered 400 and the connection closed.
/// Found by the API contract test (scripts/api/schemathesis_run.sh): Schemathesis' probe sends a
/// header value holding a NUL byte, and the server answered nothing and kept the connection open
/// for good (the head's blank line had arrived, so the head deadline no longer applied).
@Suite struct MalformedRequestTests {
    /// Sends `request` and reads until the server closes (or, if it never does, until the read
    /// is cancelled after `wait`): what it answered, and whether it closed.
    static func exchange(port: Int, _ request: [UInt8], wait: Duration = .seconds(20)) async throws -> (text: String, closed: Bool) {
        try await RawTCP.session(port: port) { inbound, outbound in
            try? await outbound.write(ByteBuffer(bytes: request))
            return try await withThrowingTaskGroup(of: (String, Bool)?.self) { group in
                group.addTask { (try await RawTCP.read(inbound) { _ in false }, true) }
                group.addTask {
                    try await Task.sleep(for: wait)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? ("", false)
            }
        }
    }

    @Test(arguments: [
        Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Probe: a".utf8) + [0] + Array("b\r\n\r\n".utf8),
        Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX Probe: b\r\n\r\n".utf8),
        Array("\u{1}\u{2}NOT HTTP AT ALL\r\n\r\n".utf8)
    ])
    func anUnparsableFirstRequestIsAnswered400AndClosed(request: [UInt8]) async throws {
        // A header timeout far beyond the wait below: only the fix can close the connection in time.
        let fixture = try await HTTPEdgeLimitsTests.fixture { $0.headerTimeoutMillis = 120_000 }
        defer { Task { await fixture.close() } }
        try await HTTPEdgeLimitsTests.live(fixture).test(.live) { client in
            let (text, closed) = try await Self.exchange(port: client.port!, request)
            #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"), "\(text)")
            #expect(text.contains("not valid HTTP/1.1"))
            #expect(closed)
            // The server goes on answering.
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }

    @Test func anUnparsableSecondRequestOnAKeptAliveConnectionIsAnswered400() async throws {
        let fixture = try await HTTPEdgeLimitsTests.fixture { $0.headerTimeoutMillis = 120_000 }
        defer { Task { await fixture.close() } }
        try await HTTPEdgeLimitsTests.live(fixture).test(.live) { client in
            let request =
                Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nX-Probe: a".utf8) + [0]
                + Array("b\r\n\r\n".utf8)
            let (text, closed) = try await Self.exchange(port: client.port!, request)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"), "\(text)")
            #expect(text.contains("HTTP/1.1 400 Bad Request"), "\(text)")
            #expect(closed)
        }
    }
}

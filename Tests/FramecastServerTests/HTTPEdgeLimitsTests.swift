import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The HTTP layer's own limits, over real sockets against the real server pipeline
/// (`FramecastApplication.server`): slow heads, slow bodies, long request lines, large heads,
/// too many connections. Times here are bounds on closing, not speed targets:
/// `scripts/load/drip_sockets.py` measures how promptly (figures in BENCHMARKS.md).
@Suite struct HTTPEdgeLimitsTests {
    static func fixture(_ configure: (inout HTTPEdgeLimits) -> Void) async throws -> RenderFixture {
        var options = ServerOptions()
        options.http.headerTimeoutMillis = 1500
        configure(&options.http)
        return try await RenderFixture.make(options: options)
    }

    static func live(_ fixture: RenderFixture) -> some ApplicationProtocol {
        let router = FramecastApplication.router(state: fixture.state)
        return Application(
            router: router, server: FramecastApplication.server(router: router, state: fixture.state),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Sends `prefix` at once, then `dripped` a byte every `every`, until the server closes;
    /// what it answered ("" if it closed without answering).
    static func drip(port: Int, prefix: String = "", _ dripped: String, every: Duration) async throws -> String {
        try await RawTCP.session(port: port) { inbound, outbound in
            try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    // A write may meet the server's close: that is the expected end, not a failure.
                    do {
                        if !prefix.isEmpty { try await outbound.write(ByteBuffer(string: prefix)) }
                        for byte in dripped.utf8 {
                            try await outbound.write(ByteBuffer(bytes: [byte]))
                            try await Task.sleep(for: every)
                        }
                        try await Task.sleep(for: .seconds(60))
                    } catch {}
                    return nil
                }
                group.addTask { try await RawTCP.read(inbound) { _ in false } }
                while let result = try await group.next() {
                    if let text = result {
                        group.cancelAll()
                        return text
                    }
                }
                return "not closed"
            }
        }
    }

    @Test func threeHundredDrippingSocketsAreAllAnswered408AndClosed() async throws {
        let fixture = try await Self.fixture { _ in }
        defer { Task { await fixture.close() } }
        try await Self.live(fixture).test(.live) { client in
            let port = client.port!
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<300 {
                    group.addTask { try await Self.drip(port: port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", every: .milliseconds(700)) }
                }
                // The server keeps answering others meanwhile.
                let health = try await client.execute(uri: "/healthz", method: .get)
                #expect(health.status == .ok)
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == 300)
            // A socket the server left open would have finished its head after 24 s and got a 200:
            // every one got the 408 instead (or, if a loaded machine delayed its first byte past
            // the deadline, was closed silently as a connection that sent nothing).
            #expect(
                answers.allSatisfy { $0.hasPrefix("HTTP/1.1 408 Request Timeout") || $0.isEmpty },
                "\(answers.first { !$0.hasPrefix("HTTP/1.1 408") && !$0.isEmpty } ?? "")")
            #expect(answers.filter { $0.hasPrefix("HTTP/1.1 408") }.count >= 150)
            // The server's side closes once the client's has (lingering close): poll for it.
            for _ in 0..<250 where fixture.state.connections.current > 1 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(fixture.state.connections.current <= 1)
        }
    }

    @Test func aKeptAliveConnectionMustSendItsNextHeadInTime() async throws {
        let fixture = try await Self.fixture { _ in }
        defer { Task { await fixture.close() } }
        try await Self.live(fixture).test(.live) { client in
            let text = try await RawTCP.session(port: client.port!) { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
                // Then nothing: the deadline runs again from the end of the response, and the
                // read below only ends when the server closes.
                return try await RawTCP.read(inbound) { _ in false }
            }
            // Closed after the deadline, without an answer nobody asked for.
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(!text.contains("408"))
            for _ in 0..<250 where fixture.state.connections.current > 1 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(fixture.state.connections.current <= 1)
        }
    }

    @Test func longRequestLinesAndLargeHeadsAreRefusedWithTheirStatus() async throws {
        // A long header timeout: the test client's own connection must outlive a loaded machine.
        let fixture = try await Self.fixture {
            $0.maxRequestLineBytes = 1024
            $0.maxHeaderBytes = 4096
            $0.headerTimeoutMillis = 60_000
        }
        defer { Task { await fixture.close() } }
        try await Self.live(fixture).test(.live) { client in
            let long = try await RawTCP.session(port: client.port!) { inbound, outbound in
                // The server may answer and close before the client has sent it all: not a failure.
                try? await outbound.write(ByteBuffer(string: "GET /render?series=\(String(repeating: "a", count: 2000)) HTTP/1.1\r\n\r\n"))
                return try await RawTCP.read(inbound) { _ in false }
            }
            #expect(long.hasPrefix("HTTP/1.1 414 URI Too Long"))
            #expect(long.contains("longer than 1024 bytes"))
            let large = try await RawTCP.session(port: client.port!) { inbound, outbound in
                try? await outbound.write(ByteBuffer(string: "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "b", count: 5000))\r\n\r\n"))
                return try await RawTCP.read(inbound) { _ in false }
            }
            #expect(large.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large"))
            // A normal request right at the limits still works, body included.
            let body = String(repeating: "x.y 1 1700000000\n", count: 2000)
            let write = try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: body))
            #expect(write.status != .requestHeaderFieldsTooLarge && write.status != .uriTooLong)
        }
    }

    @Test func aBodyThatTricklesIsCut() async throws {
        let fixture = try await Self.fixture { $0.minBodyBytesPerSecond = 1000 }
        defer { Task { await fixture.close() } }
        try await Self.live(fixture).test(.live) { client in
            let head = "POST /api/v1/write?format=graphite HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
            let text = try await Self.drip(port: client.port!, prefix: head, String(repeating: "a", count: 600), every: .milliseconds(100))
            // Closed (no answer can be framed mid-body), well before the 60 s the trickle would take.
            #expect(text == "")
        }
    }

    @Test func connectionsOverTheCapGet503() async throws {
        // Held connections must stay open (not time out) while the fifth is tried.
        let fixture = try await Self.fixture {
            $0.maxConnections = 4
            $0.headerTimeoutMillis = 60_000
        }
        defer { Task { await fixture.close() } }
        try await Self.live(fixture).test(.live) { client in
            let port = client.port!
            var held: [any Channel] = []
            for _ in 0..<4 { held.append(try await RawTCP.connect(port: port)) }
            // The server counts a connection once it is active; give it that moment, by polling.
            for _ in 0..<100 where fixture.state.connections.current < 4 { try await Task.sleep(for: .milliseconds(20)) }
            let refused = try await RawTCP.session(port: port) { inbound, _ in try await RawTCP.read(inbound) { _ in false } }
            #expect(refused.hasPrefix("HTTP/1.1 503 Service Unavailable"))
            #expect(refused.contains("Retry-After: 1"))
            #expect(refused.contains("--max-connections"))
            // Held past the header timeout, the server may have closed them already.
            for channel in held { try? await channel.close() }
            for _ in 0..<100 where fixture.state.connections.current > 0 { try await Task.sleep(for: .milliseconds(20)) }
            let health = try await RawTCP.session(port: port) { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                return try await RawTCP.read(inbound) { _ in false }
            }
            #expect(health.hasPrefix("HTTP/1.1 200 OK"))
        }
    }
}

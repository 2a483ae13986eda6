import Foundation
import FramecastServer
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@Suite struct CarbonAllowTests {
    @Test func blocksMatchTheirPrefixOnly() throws {
        let net = try CIDRBlock("10.0.0.0/8")
        #expect(net.contains([10, 200, 3, 4]) && !net.contains([11, 0, 0, 1]))
        let host = try CIDRBlock("192.168.1.7")
        #expect(host.prefix == 32 && host.contains([192, 168, 1, 7]) && !host.contains([192, 168, 1, 8]))
        let odd = try CIDRBlock("172.16.0.0/12")
        #expect(odd.contains([172, 31, 255, 255]) && !odd.contains([172, 32, 0, 0]))
        let v6 = try CIDRBlock("fd00::/8")
        #expect(v6.contains([0xFD] + [UInt8](repeating: 0, count: 15)) && !v6.contains([0xFE] + [UInt8](repeating: 0, count: 15)))
        // An IPv4-mapped IPv6 peer matches IPv4 blocks; a v4 block never matches a plain v6 peer.
        let mapped: [UInt8] = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 10, 1, 2, 3]
        #expect(net.contains(mapped) && !net.contains([UInt8](repeating: 0, count: 16)))
        #expect(try CIDRBlock("0.0.0.0/0").contains([8, 8, 8, 8]))
        #expect(try CIDRBlock("127.0.0.0/8").contains(try SocketAddress(ipAddress: "127.0.0.1", port: 1)))
        #expect(try CIDRBlock("::1/128").contains(try SocketAddress(ipAddress: "::1", port: 1)))
        for bad in ["", "10.0.0.0/33", "10.0.0/8", "::1/129", "host.example", "10.0.0.0/-1", "10.0.0.0/8/8", "1.2.3.4/"] {
            #expect(throws: CIDRBlock.ParseError.self, "\(bad)") { try CIDRBlock(bad) }
        }
    }

    /// Runs a listener with `allow` and sends one line from loopback; returns what was stored.
    func storedAfterOneLine(allow: [CIDRBlock]) async throws -> Int {
        let fixture = try await IngestFixture { $0.carbonAllow = allow }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let listener = CarbonListener(
            state: fixture.state, host: "127.0.0.1", port: 0, onListening: { portSink.yield($0.port ?? 0) })
        let group = ServiceGroup(services: [listener], logger: Logger(label: "test"))
        var stored = 0
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let channel = try await RawTCP.connect(port: port)
            try? await channel.writeAndFlush(ByteBuffer(string: "allow.a 1 \(recentSeconds)\n")).get()
            // A refused peer sees its connection closed by the server: wait for that, or for the point.
            _ = await fixture.eventually {
                await fixture.stored("allow.a") == 1 || !channel.isActive
            }
            stored = await fixture.stored("allow.a")
            try? await channel.close().get()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await fixture.close()
        return stored
    }

    @Test func aPeerOutsideTheAllowListIsClosedAndNothingIsStored() async throws {
        #expect(try await storedAfterOneLine(allow: [try CIDRBlock("10.0.0.0/8")]) == 0)
        #expect(try await storedAfterOneLine(allow: CIDRBlock.loopback) == 1)
        #expect(try await storedAfterOneLine(allow: []) == 1)
    }
}

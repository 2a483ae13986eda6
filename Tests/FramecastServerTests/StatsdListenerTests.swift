import Foundation
import FramecastCore
import FramecastServer
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

/// The statsd UDP listener fed by a real client (Debian's python3-statsd); flushed values are
/// Etsy statsd's.
@Suite struct StatsdListenerTests {
    @Test(.enabled(if: StatsdListenerTests.hasPythonStatsd))
    func realClientPacketsAreAggregatedAsEtsyDoes() async throws {
        let fixture = try await IngestFixture()
        // No clock flush (a loaded machine once split the packets across two): the test flushes by
        // hand once every packet is in; the 10 s interval only sets the rates.
        let aggregation = StatsdAggregation(state: fixture.state, flushMillis: 10_000)
        let received = Mutex(0)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let (packets, packetSink) = AsyncStream.makeStream(of: Int.self)
        let listener = StatsdListener(
            aggregation: aggregation, host: "127.0.0.1", port: 0,
            onListening: { portSink.yield($0.port ?? 0) },
            onPacket: {
                packetSink.yield(
                    received.withLock {
                        $0 += 1
                        return $0
                    })
            }, flushesOnClock: false)
        let task = Task { try await listener.run() }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())
        // One packet per call, the three set members in one pipelined packet, the sampled counter
        // sent raw (the client drops sampled metrics at random): 14 packets.
        let script = """
            import socket, statsd
            c = statsd.StatsClient('127.0.0.1', \(port))
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            c.incr('hits'); c.incr('hits', 2); c.decr('hits'); s.sendto(b'hits:3|c|@0.5', ('127.0.0.1', \(port)))
            c.gauge('temp', 20); c.gauge('temp', 5, delta=True); c.gauge('temp', -2, delta=True)
            for ms in (10, 20, 30, 40, 50): c.timing('rt', ms)
            with c.pipeline() as p:
                p.set('users', 'a'); p.set('users', 'b'); p.set('users', 'a')
            s.sendto(b'broken:abc|c', ('127.0.0.1', \(port)))
            """
        try Self.python(script)
        var packetIterator = packets.makeAsyncIterator()
        while let count = await packetIterator.next(), count < 14 {}
        let flushed = try await aggregation.flush()
        let values = Dictionary(flushed.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        // 1 + 2 + 3/0.5 - 1 = 8 in a 10 s interval.
        #expect(values["stats.counters.hits.count"] == 8)
        #expect(values["stats.counters.hits.rate"] == 0.8)
        #expect(values["stats.gauges.temp"] == 23)
        #expect(values["stats.timers.rt.count"] == 5)
        #expect(values["stats.timers.rt.mean"] == 30)
        #expect(values["stats.timers.rt.median"] == 30)
        #expect(values["stats.timers.rt.std"] == 200.0.squareRoot())
        #expect(values["stats.timers.rt.count_90"] == 5, "round(0.9 × 5) = 5")
        #expect(values["stats.timers.rt.upper_90"] == 50)
        #expect(values["stats.sets.users.count"] == 2)
        #expect(await fixture.stored("stats.counters.hits.count") == 1, "the flush was written to the store")
        #expect(await fixture.stored("stats.timers.rt.std") == 1)
        task.cancel()
        _ = try? await task.value
        await fixture.close()
    }

    static var hasPythonStatsd: Bool {
        (try? python("import statsd")) != nil
    }

    static func python(_ script: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }
}

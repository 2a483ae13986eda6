import Foundation
import FramecastServer
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

/// Graphite plaintext over a real TCP socket: lines split across writes, bad lines counted and
/// good ones kept, graceful shutdown, and no reading while the backlog is full.
@Suite struct CarbonListenerTests {
    /// Runs a listener on a free port under a service group; `body` gets the port, `pauses` the
    /// listener's reports of connections that stopped reading.
    func withListener(
        _ fixture: IngestFixture, pauses: AsyncStream<CarbonPause>.Continuation? = nil, _ body: (Int) async throws -> Void
    ) async throws {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let listener = CarbonListener(
            state: fixture.state, host: "127.0.0.1", port: 0, onListening: { address in portSink.yield(address.port ?? 0) },
            onPaused: { pause in pauses?.yield(pause) })
        let group = ServiceGroup(services: [listener], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func linesSplitAcrossWritesAreStoredAndBadOnesSkipped() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        let (pauses, pauseSink) = AsyncStream.makeStream(of: CarbonPause.self)
        try await withListener(fixture, pauses: pauseSink) { port in
            let channel = try await RawTCP.connect(port: port)
            for piece in ["tcp.a 1 \(t)\ntcp.", "a 2 \(t + 1)\nnot a line at all\ntcp.b 3", " \(t)\nbad.v x \(t)\r\n", "tcp.a 4 \(t + 2)"] {
                try await channel.writeAndFlush(ByteBuffer(string: piece)).get()
            }
            try await channel.close().get()
            // The last line had no newline: it counts once the sender closes.
            #expect(await fixture.eventually { await fixture.stored("tcp.a") == 3 })
        }
        #expect(await fixture.stored("tcp.a") == 3)
        #expect(await fixture.stored("tcp.b") == 1)
        await fixture.close()
    }

    /// Many runs of lines over one connection, several of them in flight at once: every point of
    /// every series is stored, none twice.
    @Test func manyRunsInFlightOverOneConnectionLoseNothing() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        try await withListener(fixture) { port in
            let channel = try await RawTCP.connect(port: port)
            for write in 0..<200 {
                let lines = (0..<50).map { k in "flight.s\(k % 5) \(write * 50 + k) \(t - 999 + Int64((write * 50 + k) / 10))\n" }
                try await channel.writeAndFlush(ByteBuffer(string: lines.joined())).get()
            }
            try await channel.close().get()
            #expect(await fixture.eventually { await fixture.stored("flight.s4") == 2_000 })
        }
        for s in 0..<5 { #expect(await fixture.stored("flight.s\(s)") == 2_000) }
        await fixture.close()
    }

    @Test func gracefulShutdownKeepsWhatWasRead() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        let (pauses, pauseSink) = AsyncStream.makeStream(of: CarbonPause.self)
        try await withListener(fixture, pauses: pauseSink) { port in
            try await RawTCP.session(port: port) { _, outbound in
                try await outbound.write(ByteBuffer(string: (0..<500).map { "shut.down \($0) \(t - 499 + Int64($0))\n" }.joined()))
                #expect(await fixture.eventually { await fixture.stored("shut.down") == 500 })
            }
        }
        #expect(await fixture.stored("shut.down") == 500)
        await fixture.close()
    }

    /// While the backlog is full the listener must not read: the connection reports that it
    /// paused (waiting for the backlog) with nothing stored and the sender of far more than every
    /// buffer on the way can hold (socket buffers, the channel's two reads) not finished; once
    /// the backlog frees up, every point arrives.
    @Test func stopsReadingWhileTheBacklogIsFull() async throws {
        let fixture = try await IngestFixture { $0.ingest.maxBacklogBytes = 1 << 20 }
        let backlog = fixture.state.ingestBacklog
        #expect(backlog.tryReserve(backlog.limit))
        let t = recentSeconds
        let line = "back.pressure 1 \(t)\n"
        // 24 MiB: more than the socket buffers (the sender's 4 MiB at most, the listener's fixed
        // 1 MiB, which the kernel doubles) and the listener's own (two reads of 1 MiB, one batch).
        let perChunk = (64 << 10) / line.utf8.count
        let chunks = (24 << 20) / (perChunk * line.utf8.count)
        let lines = perChunk * chunks
        let chunk = ByteBuffer(string: String(repeating: line, count: perChunk))
        let (pauses, pauseSink) = AsyncStream.makeStream(of: CarbonPause.self)
        try await withListener(fixture, pauses: pauseSink) { port in
            let channel = try await RawTCP.connect(port: port)
            let sent = Flag()
            let sender = Task {
                // Each write completes once the kernel took its bytes.
                for _ in 0..<chunks { try await channel.writeAndFlush(chunk).get() }
                sent.set()
            }
            // The event, not a sleep: the connection read one run of lines and stopped reading.
            var pausesSeen = pauses.makeAsyncIterator()
            let pause = try #require(await pausesSeen.next())
            #expect(pause.waitingBytes > 0 && pause.waitingBytes <= fixture.state.options.ingest.carbonBatchBytes + line.utf8.count)
            #expect(await fixture.stored("back.pressure") == 0)
            #expect(!sent.value, "24 MiB went through while nothing was consumed")
            backlog.release(backlog.limit)
            try await sender.value
            try await channel.close().get()
            #expect(await fixture.eventually { await fixture.stored("back.pressure") == lines })
        }
        await fixture.close()
    }
}

/// Set once, read from another task.
final class Flag: Sendable {
    private let state = Mutex(false)
    var value: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}

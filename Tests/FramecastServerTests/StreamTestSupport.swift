import Foundation
import FramecastCore
import FramecastStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import FramecastServer

#if canImport(Glibc)
    import Glibc
#endif

/// A live server on a fresh engine whose hub ticks only when a test calls `tick`, so tests
/// assert counts and contents, never durations.
struct StreamHarness: Sendable {
    let state: ServerState
    let port: Int
    let client: any TestClientProtocol

    var hub: StreamHub { state.hub }
    var engine: IngestEngine { state.engine }

    /// Epoch seconds of a fixed window's start, ten minutes back (inside the lateness bound).
    static let base = ServerClock.now() / 1000 - 600

    /// A change to the harness's stream limits, applied after its defaults.
    struct LimitsChange {
        let apply: (inout StreamLimits) -> Void
        init(_ apply: @escaping (inout StreamLimits) -> Void) { self.apply = apply }
    }

    static func run(
        limits change: LimitsChange = LimitsChange { _ in },
        server configure: (inout ServerOptions) -> Void = { _ in },
        _ body: @Sendable (StreamHarness) async throws -> Void
    ) async throws {
        let directory = NSTemporaryDirectory() + "framecast-server-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let engine = try await IngestEngine(
            directory: directory, options: IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h,1m:1d"))))
        var options = ServerOptions()
        options.httpPort = 0
        options.streams.automaticTicks = false
        change.apply(&options.streams)
        configure(&options)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let state = ServerState(engine: engine, options: options, logger: logger)
        let app = FramecastApplication.build(state: state)
        do {
            try await app.test(.live) { client in
                try await body(StreamHarness(state: state, port: client.port!, client: client))
            }
        } catch {
            try? await engine.close()
            throw error
        }
        try await engine.close()
    }

    /// Ingests Graphite lines `(series, value, epoch seconds)`.
    func ingest(_ points: [(String, Double, Int64)]) async throws {
        let text = points.map { "\($0.0) \($0.1) \($0.2)\n" }.joined()
        var batch = await engine.makeBatch()
        var copy = text
        copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: ServerClock.now()), into: &batch) }
        let result = try await engine.ingest(batch, now: ServerClock.now())
        precondition(result.apply.accepted == points.count, "test points rejected: \(result.apply)")
    }

    /// A fixed window (not live) over the test data: frames change only when data does.
    static func fixedWindow(_ series: String, extra: String = "") -> String {
        "series=\(series)&from=\(base)&until=\(base + 300)&width=400&height=200\(extra)"
    }

    func tick() async { await hub.tick(now: ServerClock.now(), force: true) }

    /// Waits (without asserting a duration) until `condition` holds; false after many tries.
    @discardableResult
    func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<3000 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// A raw HTTP client for endpoints that never end: sends a GET and collects the bytes as they come.
struct RawStream {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private(set) var data: [UInt8] = []

    /// Connects, sends `GET path`, runs `body`, closes. With `reading: false` the socket is never
    /// read (a stalled client): its receive buffer is small and fills, so the server's writes block.
    static func open<T: Sendable>(
        port: Int, _ path: String, headers: [String: String] = [:], reading: Bool = true,
        _ body: (inout RawStream) async throws -> T
    ) async throws -> T {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if !reading {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: 2048).channelOption(.autoRead, value: false)
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await channel.executeThenClose { inbound, outbound in
            var request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\n"
            for (name, value) in headers { request += "\(name): \(value)\r\n" }
            try await outbound.write(ByteBuffer(string: request + "\r\n"))
            var stream = RawStream(iterator: inbound.makeAsyncIterator())
            return try await body(&stream)
        }
    }

    /// Reads until `condition` holds on everything received; false at end of stream.
    mutating func read(until condition: ([UInt8]) -> Bool) async throws -> Bool {
        while !condition(data) {
            guard let buffer = try await iterator.next() else { return false }
            data += buffer.readableBytesView
        }
        return true
    }

    /// `read(until:)`, recording a test issue when the stream ends first.
    mutating func expectRead(sourceLocation: SourceLocation = #_sourceLocation, until condition: ([UInt8]) -> Bool) async throws {
        if try await !read(until: condition) { Issue.record("the stream ended first", sourceLocation: sourceLocation) }
    }

    var text: String { String(decoding: data, as: UTF8.self) }
}

extension Array where Element == UInt8 {
    /// Non-overlapping occurrences of `needle`.
    func occurrences(of needle: String) -> Int { ranges(of: needle).count }

    func ranges(of needle: String) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        while let range = firstRange(of: needle, from: start) {
            found.append(range)
            start = range.upperBound
        }
        return found
    }

    /// The first occurrence of `needle` at or after `start`. Byte loops over the megabytes a stream
    /// test receives are slow enough in a debug build to starve the server's tasks of the 2-thread
    /// cooperative pool, which once made a stream test look like a server hang.
    func firstRange(of needle: String, from start: Int) -> Range<Int>? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, start >= 0, count - start >= pattern.count else { return nil }
        return withUnsafeBytes { haystack in
            pattern.withUnsafeBytes { pattern in
                var at = start
                let last = count - pattern.count
                while at <= last {
                    // memchr for the first byte, then memcmp: fast even in a debug build.
                    guard let hit = memchr(haystack.baseAddress! + at, Int32(pattern[0]), last - at + 1) else { return nil }
                    let index = haystack.baseAddress!.distance(to: UnsafeRawPointer(hit))
                    if memcmp(hit, pattern.baseAddress!, pattern.count) == 0 { return index..<index + pattern.count }
                    at = index + 1
                }
                return nil
            }
        }
    }
}

/// The body of a raw HTTP/1.1 response received so far, chunked transfer coding undone
/// (an incomplete last chunk is left out).
func responseBody(_ data: [UInt8]) -> [UInt8] {
    guard let head = data.ranges(of: "\r\n\r\n").first else { return [] }
    let headText = String(decoding: data[..<head.lowerBound], as: UTF8.self).lowercased()
    guard headText.contains("transfer-encoding: chunked") else { return Array(data[head.upperBound...]) }
    var body: [UInt8] = []
    var i = head.upperBound
    while i < data.count {
        guard let lineEnd = Array(data[i...]).ranges(of: "\r\n").first.map({ $0.lowerBound + i }),
            let size = Int(String(decoding: data[i..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16),
            size > 0, lineEnd + 2 + size + 2 <= data.count
        else { break }
        body += data[(lineEnd + 2)..<(lineEnd + 2 + size)]
        i = lineEnd + 2 + size + 2
    }
    return body
}

import Foundation
import FramecastCore
import FramecastRender
import Testing

@testable import FramecastServer

/// The parts of a `multipart/x-mixed-replace` body: each part's headers and bytes.
func multipartParts(_ data: [UInt8]) -> [(headers: String, body: [UInt8])] {
    var reader = MultipartReader()
    return reader.advance(data)
}

/// Reads complete parts incrementally: each call scans only what arrived since the last complete
/// part, so following a stream of many megabytes stays linear.
struct MultipartReader {
    private(set) var offset = 0
    private(set) var count = 0

    /// The parts completed since the last call.
    mutating func advance(_ data: [UInt8]) -> [(headers: String, body: [UInt8])] {
        var parts: [(String, [UInt8])] = []
        let marker = "--\(StreamFrame.boundary)\r\n"
        while let start = data.firstRange(of: marker, from: offset), let end = data.firstRange(of: "\r\n\r\n", from: start.upperBound) {
            let headers = String(decoding: data[start.upperBound..<end.lowerBound], as: UTF8.self)
            guard
                let line = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
            else {
                offset = end.upperBound
                continue
            }
            guard data.count >= end.upperBound + length else { break }
            parts.append((headers, Array(data[end.upperBound..<end.upperBound + length])))
            offset = end.upperBound + length
        }
        count += parts.count
        return parts
    }
}

@Suite struct MultipartStreamTests {
    @Test func eachPartIsAPNGAndAFrameIsSentOnlyWhenItDiffers() async throws {
        try await StreamHarness.run { harness in
            let base = StreamHarness.base
            try await harness.ingest((0..<60).map { ("cpu.a", Double($0 % 7), base + Int64($0)) })
            let path = "/stream?" + StreamHarness.fixedWindow("cpu.a")
            try await RawStream.open(port: harness.port, path) { stream in
                try await stream.expectRead { $0.ranges(of: "\r\n\r\n").count >= 1 }
                #expect(stream.text.hasPrefix("HTTP/1.1 200"))
                #expect(stream.text.contains("multipart/x-mixed-replace; boundary=\(StreamFrame.boundary)"))
                #expect(await harness.eventually { harness.hub.stats.subscribers == 1 })
                await harness.tick()
                try await stream.expectRead { multipartParts($0).count >= 1 }
                // Nothing changed: the chart is not drawn again and nothing is sent.
                await harness.tick()
                await harness.tick()
                #expect(harness.hub.stats.renders == 1)
                try await harness.ingest([("cpu.a", 42, base + 100)])
                await harness.tick()
                try await stream.expectRead { multipartParts($0).count >= 2 }
                let parts = multipartParts(stream.data)
                #expect(parts.count == 2)
                #expect(parts[0].headers.contains("X-Frame-Sequence: 1") && parts[1].headers.contains("X-Frame-Sequence: 2"))
                for part in parts {
                    #expect(part.headers.contains("Content-Type: image/png"))
                    // X-Frame-Due is the refresh boundary the frame was drawn for (a multiple of the
                    // refresh, 1 s by default), not the moment the tick ran.
                    let due = part.headers.split(separator: "\r\n").first { $0.hasPrefix("X-Frame-Due: ") }
                    let millis = try #require(due.flatMap { Int64($0.dropFirst("X-Frame-Due: ".count)) })
                    #expect(millis % 1_000 == 0, "X-Frame-Due \(millis) is not on a refresh boundary")
                    let image = try PNGCodec.decode(part.body)
                    #expect(image.width == 400 && image.height == 200)
                }
                #expect(parts[0].body != parts[1].body)
            }
        }
    }

    @Test func manySubscribersOfOneChartCauseOneRenderPerTick() async throws {
        try await StreamHarness.run { harness in
            let base = StreamHarness.base
            let points: [(String, Double, Int64)] =
                (0..<30).map { ("m.a", Double($0), base + Int64($0)) } + (0..<30).map { ("m.b", Double(-$0), base + Int64($0)) }
            try await harness.ingest(points)
            let shared = "/stream?" + StreamHarness.fixedWindow("m.a")
            let other = "/stream?" + StreamHarness.fixedWindow("m.b")
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await RawStream.open(port: harness.port, index < 5 ? shared : other) { stream in
                            _ = try await stream.read { multipartParts($0).count >= 2 }
                            return multipartParts(stream.data).count
                        }
                    }
                }
                #expect(await harness.eventually { harness.hub.stats.subscribers == 6 })
                await harness.tick()
                #expect(harness.hub.stats.lastTickRenders == 2)
                try await harness.ingest([("m.a", 99, base + 200), ("m.b", -99, base + 200)])
                await harness.tick()
                #expect(harness.hub.stats.lastTickRenders == 2)
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == [2, 2, 2, 2, 2, 2])
            // Six clients, two charts, two ticks: four renders, not twelve.
            #expect(harness.hub.stats.renders == 4)
        }
    }

    // A hang guard, not a timing check: 40 frames of 1600×900 in a debug build took ~60 s on a
    // loaded 2-core machine beside other suites, so the bound is far above that.
    @Test(.timeLimit(.minutes(5)))
    func aStalledSubscriberDoesNotSlowTheOthersAndHoldsAtMostOneFrame() async throws {
        try await StreamHarness.run { harness in
            let base = StreamHarness.base
            // Big noisy frames fill the stalled client's socket quickly.
            let path = "/stream?series=s.*&from=\(base)&until=\(base + 300)&width=1600&height=900"
            try await harness.ingest((0..<300).map { ("s.a", Double(($0 * 7919) % 1000), base + Int64($0)) })
            try await RawStream.open(port: harness.port, path, reading: false) { _ in
                try await RawStream.open(port: harness.port, path) { reader in
                    #expect(await harness.eventually { harness.hub.stats.subscribers == 2 })
                    let ticks = 40
                    var parts = MultipartReader()
                    for tick in 1...ticks {
                        try await harness.ingest([("s.b\(tick % 3)", Double(tick), base + Int64(tick))])
                        await harness.tick()
                        // The reader is waited for, so it can never be the slow one.
                        try await reader.expectRead { data in
                            _ = parts.advance(data)
                            return parts.count >= tick
                        }
                        let held = harness.hub.liveCharts.flatMap(\.allSubscribers).filter { $0.mailbox.holdsFrame }.count
                        #expect(held <= 1)
                    }
                    #expect(parts.count == ticks)
                    // The stalled one stopped taking frames: newer ones replaced unsent ones.
                    #expect(harness.hub.stats.dropped > 0)
                }
            }
        }
    }

    @Test func aSubscriberThatTakesNoFrameIsDisconnected() async throws {
        try await StreamHarness.run(limits: .init { $0.idleTimeoutSeconds = 0.05 }) { harness in
            let base = StreamHarness.base
            let path = "/stream?series=i.*&from=\(base)&until=\(base + 300)&width=1600&height=900"
            try await harness.ingest((0..<300).map { ("i.a", Double(($0 * 7919) % 1000), base + Int64($0)) })
            try await RawStream.open(port: harness.port, path, reading: false) { _ in
                #expect(await harness.eventually { harness.hub.stats.subscribers == 1 })
                var cut = false
                for tick in 1...2000 where !cut {
                    try await harness.ingest([("i.b", Double(tick), base + Int64(tick % 300))])
                    await harness.tick()
                    cut = harness.hub.stats.idleDisconnects == 1
                    if !cut { try await Task.sleep(for: .milliseconds(10)) }
                }
                #expect(cut)
                #expect(await harness.eventually { harness.hub.stats.subscribers == 0 })
            }
        }
    }
}

import Foundation
import FramecastCore
import Testing

@testable import FramecastServer

/// One Server-Sent Event as received.
struct ReceivedEvent: Equatable {
    let id: UInt64
    let kind: String
    let data: String
}

/// The complete events in a raw SSE response (comments and `retry` skipped).
func sseEvents(_ data: [UInt8]) -> [ReceivedEvent] {
    let text = String(decoding: responseBody(data), as: UTF8.self)
    var events: [ReceivedEvent] = []
    for block in text.components(separatedBy: "\n\n").dropLast() {
        var id: UInt64?
        var kind = "message"
        var payload = ""
        for line in block.components(separatedBy: "\n") {
            if line.hasPrefix("id: ") { id = UInt64(line.dropFirst(4)) }
            if line.hasPrefix("event: ") { kind = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { payload = String(line.dropFirst(6)) }
        }
        if let id { events.append(ReceivedEvent(id: id, kind: kind, data: payload)) }
    }
    return events
}

/// The first integer value of `"name":` in a JSON text.
func number(_ name: String, in json: String) -> Int64? {
    guard let range = json.range(of: "\"\(name)\":") else { return nil }
    return Int64(json[range.upperBound...].prefix { $0.isNumber || $0 == "-" })
}

func heartbeatCount(_ data: [UInt8]) -> Int { data.occurrences(of: ": heartbeat\n\n") }

@Suite struct EventStreamTests {
    @Test func snapshotThenDiffsWithIncreasingIDs() async throws {
        try await StreamHarness.run { harness in
            let base = StreamHarness.base
            try await harness.ingest((0..<100).map { ("e.a", Double($0), base + Int64($0)) })
            try await RawStream.open(port: harness.port, "/events?" + StreamHarness.fixedWindow("e.a")) { stream in
                try await stream.expectRead { sseEvents($0).count >= 1 }
                #expect(stream.text.contains("text/event-stream"))
                let snapshot = try #require(sseEvents(stream.data).first)
                #expect(snapshot.kind == "snapshot")
                #expect(snapshot.data.contains("\"window\":{\"from\":\(base * 1000),"))
                #expect(snapshot.data.contains("\"scales\":{\"left\":{\"min\":0,\"max\":99}"))
                // A late point in the window: one update with that column only.
                try await harness.ingest([("e.a", 500, base + 150)])
                await harness.tick()
                try await stream.expectRead { sseEvents($0).count >= 2 }
                let update = sseEvents(stream.data)[1]
                #expect(update.kind == "update" && update.id > snapshot.id)
                #expect(update.data.contains("[\((base + 150) * 1000),500,500,500,500,1,500]"))
                #expect(update.data.contains("\"max\":500"))
                // Nothing changed: no event.
                await harness.tick()
                try await harness.ingest([("e.a", 7, base + 151)])
                await harness.tick()
                try await stream.expectRead { sseEvents($0).count >= 3 }
                let events = sseEvents(stream.data)
                #expect(events.count == 3 && events[2].id > events[1].id && events[2].kind == "update")
            }
        }
    }

    @Test func liveWindowMovesAsAppendOfWholeColumns() async throws {
        try await StreamHarness.run { harness in
            let now = ServerClock.now()
            try await harness.ingest((0..<60).map { ("w.a", Double($0), now / 1000 - 60 + Int64($0)) })
            try await RawStream.open(port: harness.port, "/events?series=w.a&from=-2min&width=120") { stream in
                try await stream.expectRead { sseEvents($0).count >= 1 }
                // Ten seconds on, the window has moved by whole one-second columns: as many as its end moved.
                await harness.hub.tick(now: ServerClock.now() + 10_000, force: true)
                try await stream.expectRead { sseEvents($0).count >= 2 }
                let events = sseEvents(stream.data)
                let append = events[1]
                #expect(append.kind == "append")
                let before = try #require(number("until", in: events[0].data))
                let after = try #require(number("until", in: append.data))
                let drop = try #require(number("drop", in: append.data))
                #expect(drop >= 10 && after - before == drop * 1000)
            }
        }
    }

    @Test func lastEventIDResumesWithExactlyTheMissedEventsOrASnapshot() async throws {
        try await StreamHarness.run(limits: .init { $0.eventHistory = 3 }) { harness in
            let base = StreamHarness.base
            try await harness.ingest((0..<50).map { ("r.a", Double($0), base + Int64($0)) })
            let path = "/events?" + StreamHarness.fixedWindow("r.a")
            // An always-connected client sees every event; the other leaves after its snapshot.
            try await RawStream.open(port: harness.port, path) { watcher in
                try await watcher.expectRead { sseEvents($0).count >= 1 }
                let first = try await RawStream.open(port: harness.port, path) { stream in
                    try await stream.expectRead { sseEvents($0).count >= 1 }
                    return sseEvents(stream.data)[0]
                }
                for step in 1...2 {
                    try await harness.ingest([("r.a", Double(1000 + step), base + 100 + Int64(step))])
                    await harness.tick()
                }
                try await watcher.expectRead { sseEvents($0).count >= 3 }
                let seen = sseEvents(watcher.data)
                #expect(seen[0].id == first.id)
                let resumed = try await RawStream.open(port: harness.port, path, headers: ["Last-Event-ID": "\(first.id)"]) { stream in
                    try await stream.expectRead { sseEvents($0).count >= 2 }
                    return sseEvents(stream.data)
                }
                #expect(resumed == Array(seen[1...2]))
                // Two more events: the first client's id has left the three-event history.
                for step in 3...4 {
                    try await harness.ingest([("r.a", Double(1000 + step), base + 100 + Int64(step))])
                    await harness.tick()
                }
                try await watcher.expectRead { sseEvents($0).count >= 5 }
                let all = sseEvents(watcher.data)
                let tooOld = try await RawStream.open(port: harness.port, path, headers: ["Last-Event-ID": "\(first.id)"]) { stream in
                    try await stream.expectRead { sseEvents($0).count >= 1 }
                    return sseEvents(stream.data)[0]
                }
                #expect(tooOld.kind == "snapshot" && tooOld.id == all[4].id)
                let recent = try await RawStream.open(port: harness.port, path, headers: ["Last-Event-ID": "\(all[2].id)"]) { stream in
                    try await stream.expectRead { sseEvents($0).count >= 2 }
                    return sseEvents(stream.data)
                }
                #expect(recent == Array(all[3...4]))
            }
        }
    }

    @Test func heartbeatsAreCommentLines() async throws {
        try await StreamHarness.run(limits: .init { $0.heartbeatSeconds = 0.001 }) { harness in
            let base = StreamHarness.base
            try await harness.ingest([("h.a", 1, base)])
            try await RawStream.open(port: harness.port, "/events?" + StreamHarness.fixedWindow("h.a")) { stream in
                try await stream.expectRead { sseEvents($0).count >= 1 }
                // The period (1 ms) has passed since the hub started: this tick sends one.
                await harness.tick()
                try await stream.expectRead { heartbeatCount($0) >= 1 }
                #expect(heartbeatCount(stream.data) >= 1)
            }
        }
    }
}

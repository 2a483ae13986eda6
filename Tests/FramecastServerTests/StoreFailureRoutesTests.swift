import Foundation
import FramecastCore
import FramecastServer
import FramecastStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// Defects 5 and 6 at the HTTP edge: a write too large for one log entry is a 413 naming the
/// limit (never a 500), and a store that cannot make writes durable shows in `/healthz` (503)
/// and tells the writer how to retry without double-counting.
@Suite struct StoreFailureRoutesTests {
    @Test func writeOverThePointLimitIs413NamingIt() async throws {
        let fixture = try await IngestFixture(engine: { $0.maxBatchPoints = 1000 })
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            let body = String(repeating: "a.b 1\n", count: 1001)
            try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .contentTooLarge)
                let text = String(buffer: response.body)
                #expect(text.contains("1001 points"))
                #expect(text.contains("1000"))
            }
            let fits = String(repeating: "a.b 1\n", count: 1000)
            try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: fits)) {
                response in
                #expect(response.status == .ok)
            }
        }
        await fixture.close()
    }

    @Test func writeOverTheLogEntryLimitIs413NotA500() async throws {
        let fixture = try await IngestFixture(engine: { $0.log.maxBatchBytes = 1000 })
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            let body = (0..<500).map { "a.b\($0) 1\n" }.joined()
            try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("1000 one log entry holds"))
            }
        }
        await fixture.close()
    }

    @Test func defaultPointLimitFitsOneLogEntry() {
        let options = IngestEngine.Options(rules: RetentionRules(default: try! RetentionPolicy("1s:1h")))
        // 23 bytes is the most one point encodes to (varint series, varint time delta, value).
        #expect(options.maxBatchPoints * 23 < options.log.maxBatchBytes)
    }

    @Test func failingStoreIs503InHealthzAndWritesSayHowToRetry() async throws {
        let failing = FaultSwitch()
        let fixture = try await IngestFixture(engine: { options in
            options.log.commitFault = { _ in
                // Every commit and every reopen fails while the switch is on.
                if failing.on.withLock({ $0 }) { throw CocoaError(.fileWriteUnknown) }
            }
        })
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            failing.on.withLock { $0 = true }
            let body = ByteBuffer(string: "a.b 1 \(recentSeconds)\n")
            try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, body: body) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("Idempotency-Key"))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("\"status\":\"unavailable\""))
            }
            failing.on.withLock { $0 = false }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post, headers: [HTTPField.Name("Idempotency-Key")!: "k1"],
                body: body
            ) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(await fixture.stored("a.b") == 1)
        await fixture.close()
    }
}

final class FaultSwitch: Sendable {
    let on = Mutex(false)
}

/// Defect 4 (part): one write cannot create more than `maxNewSeriesPerWrite` series.
@Suite struct NewSeriesCapTests {
    @Test func writeOverTheNewSeriesCapStoresKnownSeriesOnlyAndSaysWhichWereRefused() async throws {
        let fixture = try await IngestFixture(engine: { $0.maxNewSeriesPerWrite = 5 })
        let app = FramecastApplication.build(state: fixture.state)
        let t = recentSeconds
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: "known.a 1 \(t)\n")
            ) { response in #expect(response.status == .ok) }
            // Five new series is the cap: accepted.
            let five = (0..<5).map { "five.s\($0) 1 \(t)\n" }.joined()
            try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: five)) {
                response in #expect(response.status == .ok)
            }
            let six = "known.a 2 \(t + 1)\n" + (0..<6).map { "six.s\($0) 1 \(t)\n" }.joined()
            try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: six)) {
                response in
                #expect(response.status == .badRequest)
                let reply = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let refused = reply?["newSeriesRefused"] as? [String: Any]
                #expect(refused?["count"] as? Int == 6)
                #expect(refused?["limit"] as? Int == 5)
                #expect(refused?["points"] as? Int == 6)
                #expect((refused?["series"] as? [String])?.first == "six.s0")
                #expect(reply?["accepted"] as? Int == 1)
            }
        }
        #expect(await fixture.stored("known.a") == 2, "the known series' point was stored")
        #expect(await fixture.stored("five.s4") == 1)
        let snapshot = await fixture.engine.snapshot()
        #expect(snapshot.seriesCount == 6, "none of the six new series was created")
        await fixture.close()
    }
}

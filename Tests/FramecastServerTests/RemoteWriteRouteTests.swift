import Foundation
import FramecastCore
import FramecastServer
import FramecastTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A remote_write body written by hand from the protobuf wire format (independent of the
/// swift-protobuf code the server decodes with), snappy-compressed with libsnappy.
enum RemoteWriteBody {
    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func field(_ number: UInt64, bytes: [UInt8], into out: inout [UInt8]) {
        varint(number << 3 | 2, into: &out)
        varint(UInt64(bytes.count), into: &out)
        out += bytes
    }

    static func request(_ series: [(labels: [(String, String)], samples: [(Double, Int64)])]) -> [UInt8] {
        var out: [UInt8] = []
        for one in series {
            var ts: [UInt8] = []
            for (name, value) in one.labels {
                var label: [UInt8] = []
                field(1, bytes: Array(name.utf8), into: &label)
                field(2, bytes: Array(value.utf8), into: &label)
                field(1, bytes: label, into: &ts)
            }
            for (value, time) in one.samples {
                var sample: [UInt8] = [0x09]  // field 1, fixed64
                withUnsafeBytes(of: value.bitPattern.littleEndian) { sample += $0 }
                varint(2 << 3, into: &sample)
                varint(UInt64(bitPattern: time), into: &sample)
                field(2, bytes: sample, into: &ts)
            }
            field(1, bytes: ts, into: &out)
        }
        return out
    }

    static func snappy(_ input: [UInt8]) -> [UInt8] { SnappyTestCodec.compress(input) }
}

@Suite struct RemoteWriteRouteTests {
    static var headers: HTTPFields {
        var fields: HTTPFields = [.contentEncoding: "snappy", .contentType: "application/x-protobuf"]
        fields.append(.init(name: .init("X-Prometheus-Remote-Write-Version")!, value: "0.1.0"))
        return fields
    }

    func post(_ client: some TestClientProtocol, _ body: [UInt8], headers: HTTPFields = headers) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/prom/write", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    @Test func storesSamplesDurablyUnderTheTaggedNameAndAnswers204() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        let now = ServerClock.now() / 1000 * 1000
        let body = RemoteWriteBody.snappy(
            RemoteWriteBody.request([
                ([("__name__", "up"), ("job", "node"), ("instance", "10.0.0.1:9100")], [(1, now - 2000), (0, now - 1000)]),
                ([("__name__", "go_goroutines"), ("job", "node")], [(42, now - 1000)])
            ]))
        try await fixture.application.test(.router) { client in
            let response = try await post(client, body)
            #expect(response.status == .noContent, "\(response.text)")
        }
        let snapshot = await fixture.engine.snapshot()
        let up = try #require(snapshot.id(of: SeriesKey(canonical: "up;instance=10.0.0.1:9100;job=node")))
        let buckets = snapshot.buckets(up, tier: 0, from: 0, until: .max)
        #expect(buckets.map(\.count).reduce(0, +) == 2 && buckets.last?.last == 0)
        #expect(snapshot.id(of: SeriesKey(canonical: "go_goroutines;job=node")) != nil)
    }

    @Test func refusedSamplesGet400NamingThemWhileValidOnesAreKept() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        let now = ServerClock.now()
        let body = RemoteWriteBody.snappy(
            RemoteWriteBody.request([
                ([("__name__", "ok_metric")], [(5, now - 1000)]),
                ([("job", "no-name")], [(1, now - 1000)]),
                ([("__name__", "inf_metric")], [(.infinity, now - 1000)])
            ]))
        try await fixture.application.test(.router) { client in
            let response = try await post(client, body)
            #expect(response.status == .badRequest)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(object["accepted"] as? Int == 1 && object["rejected"] as? Int == 2, "\(response.text)")
        }
        #expect(await fixture.engine.snapshot().id(of: SeriesKey(name: "ok_metric")) != nil)
    }

    @Test(
        "malformed bodies and wrong headers are 400 with a reason",
        arguments: [
            ("garbage", Array("this is not snappy".utf8), true),
            ("truncated snappy", Array(RemoteWriteBody.snappy(Array(repeating: 7, count: 500)).prefix(20)), true),
            ("no content-encoding", RemoteWriteBody.snappy(RemoteWriteBody.request([([("__name__", "a")], [(1, 1)])])), false)
        ])
    func malformed(name: String, body: [UInt8], snappyHeader: Bool) async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.router) { client in
            let response = try await post(client, body, headers: snappyHeader ? Self.headers : [.contentType: "application/x-protobuf"])
            #expect(response.status == .badRequest, "\(name): \(response.status)")
            #expect(!response.errorMessage.isEmpty, "\(name): \(response.text)")
        }
    }

    @Test func writeTokenAndBackpressureAnswerAsPrometheusExpects() async throws {
        var options = ServerOptions()
        options.writeToken = "s3cret"
        options.ingest.maxBacklogBytes = 16
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        let body = RemoteWriteBody.snappy(RemoteWriteBody.request([([("__name__", "a")], [(1, ServerClock.now())])]))
        try await fixture.application.test(.router) { client in
            let anonymous = try await post(client, body)
            #expect(anonymous.status == .unauthorized)
            var headers = Self.headers
            headers[.authorization] = "Bearer s3cret"
            // The body is larger than the whole backlog budget: a retryable 503, never a 429.
            let full = try await post(client, body, headers: headers)
            #expect(full.status == .serviceUnavailable && full.headers[.retryAfter] != nil, "\(full.status) \(full.text)")
        }
    }
}

import Foundation
import FramecastServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The InfluxDB-compatible endpoints that Telegraf's `outputs.influxdb` and `influxdb_v2` use.
@Suite struct InfluxEndpointTests {
    @Test func v1WriteWithEveryPrecision() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        let precisions: [(String, Int64)] = [("n", 1_000_000_000), ("u", 1_000_000), ("ms", 1000), ("s", 1), ("m", -60), ("h", -3600)]
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            for (name, perSecond) in precisions {
                let stamp = perSecond > 0 ? t * perSecond : t / -perSecond
                let line = "p\(name),host=a value=1 \(stamp)\n"
                try await client.execute(
                    uri: "/write?db=telegraf&rp=autogen&precision=\(name)", method: .post, body: ByteBuffer(string: line)
                ) { response in
                    #expect(response.status == .noContent, "precision \(name): \(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/write?db=x&precision=fortnight", method: .post, body: ByteBuffer(string: "a v=1\n")) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).hasPrefix("{\"error\":"))
            }
            try await client.execute(uri: "/ping", method: .get) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/query?q=CREATE+DATABASE+%22telegraf%22", method: .post) { #expect($0.status == .ok) }
        }
        #expect(await fixture.bucketStarts("ps.value;host=a") == [t * 1000])
        #expect(await fixture.bucketStarts("pn.value;host=a") == [t * 1000])
        #expect(await fixture.bucketStarts("pm.value;host=a") == [t / 60 * 60_000])
        #expect(await fixture.bucketStarts("ph.value;host=a", tier: 1) == [t / 3600 * 3_600_000], "up to an hour old: in the minute tier")
        await fixture.close()
    }

    @Test func v2WriteAndPartialWrites() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v2/write?org=o&bucket=b&precision=s", method: .post,
                body: ByteBuffer(string: "mem,host=a used=5i,free=3 \(t)\n")
            ) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(
                uri: "/api/v2/write?org=o&bucket=b&precision=ms", method: .post,
                body: ByteBuffer(string: "mem,host=b used=1 \(t * 1000)\nmem,host=b used=\n")
            ) { response in
                #expect(response.status == .badRequest)
                let text = String(buffer: response.body)
                #expect(text.contains("\"code\":\"invalid\""))
                #expect(text.contains("partial write: 1 points stored"))
                #expect(text.contains("line 2"))
            }
            try await client.execute(uri: "/api/v2/write?bucket=b&precision=h", method: .post, body: ByteBuffer(string: "a v=1\n")) {
                response in
                #expect(response.status == .badRequest, "Influx 2 has no hour precision")
            }
        }
        #expect(await fixture.stored("mem.used;host=a") == 1)
        #expect(await fixture.stored("mem.free;host=a") == 1)
        #expect(await fixture.stored("mem.used;host=b") == 1)
        await fixture.close()
    }
}

import CompressNIO
import Foundation
import FramecastCore
import FramecastServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /api/v1/write` through the router: every format, gzip, rejected lines, idempotency.
@Suite struct IngestRoutesTests {
    func write(
        _ fixture: IngestFixture, _ uri: String, _ body: String, headers: HTTPFields = [:],
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { try await check($0) }
        }
    }

    /// The JSON reply as a dictionary; empty when it is not a JSON object.
    func reply(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any] ?? [:]
    }

    @Test func graphiteByFormatParameter() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        try await write(fixture, "/api/v1/write?format=graphite", "a.b 1 \(t)\na.b 2 \(t + 1)\nc.d 3 \(t)\n") { response in
            #expect(response.status == .ok)
            let body = reply(response)
            #expect(body["accepted"] as? Int == 3)
            #expect(body["rejected"] as? Int == 0)
        }
        #expect(await fixture.stored("a.b") == 2)
        #expect(await fixture.stored("c.d") == 1)
        await fixture.close()
    }

    @Test func influxDetectedFromPlainTextWithPrecision() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        try await write(fixture, "/api/v1/write?precision=s", "cpu,host=a user=1,system=2i \(t)\n", headers: headers) { response in
            #expect(response.status == .ok)
            #expect(reply(response)["accepted"] as? Int == 2)
        }
        #expect(await fixture.bucketStarts("cpu.user;host=a") == [t * 1000])
        #expect(await fixture.stored("cpu.system;host=a") == 1)
        await fixture.close()
    }

    @Test func csvByContentTypeWithDefaultSeries() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        try await write(fixture, "/api/v1/write?series=room.temp", "timestamp,value\n\(t),20.5\n\(t + 1),21\n", headers: headers) {
            response in
            #expect(response.status == .ok)
            #expect(reply(response)["accepted"] as? Int == 2)
        }
        #expect(await fixture.stored("room.temp") == 2)
        await fixture.close()
    }

    @Test func jsonByContentType() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body =
            #"[{"name":"j.one","tags":{"host":"a"},"timestamp":\#(t),"value":1.5},{"name":"j.two","points":[[\#(t),1],[\#(t + 1),2]]}]"#
        try await write(fixture, "/api/v1/write", body, headers: headers) { response in
            #expect(response.status == .ok)
            #expect(reply(response)["accepted"] as? Int == 3)
        }
        #expect(await fixture.stored("j.one;host=a") == 1)
        #expect(await fixture.stored("j.two") == 2)
        await fixture.close()
    }

    @Test func gzipBody() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        var plain = ByteBuffer(string: (0..<1000).map { "z.gz \($0) \(t - 999 + Int64($0))\n" }.joined())
        let compressed = try plain.compress(with: .gzip())
        let headers: HTTPFields = [.contentEncoding: "gzip"]
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/write", method: .post, headers: headers, body: compressed) { response in
                #expect(response.status == .ok)
                #expect(reply(response)["accepted"] as? Int == 1000)
            }
            // Not gzip although it says so.
            try await client.execute(uri: "/api/v1/write", method: .post, headers: headers, body: ByteBuffer(string: "x 1 1\n")) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("not valid gzip"))
            }
        }
        #expect(await fixture.stored("z.gz") == 1000)
        await fixture.close()
    }

    @Test func badLinesListedWithNumbersAndGoodOnesKept() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        let body = "ok.one 1 \(t)\nmissing.value\n\nbad.value abc \(t)\nok.two 2 \(t)\nbad.time 1 yesterday\n"
        try await write(fixture, "/api/v1/write?format=graphite", body) { response in
            #expect(response.status == .ok)
            let reply = reply(response)
            #expect(reply["accepted"] as? Int == 2)
            #expect(reply["rejected"] as? Int == 3)
            #expect((reply["rejectedByReason"] as? [String: Int])?["invalidLine"] == 3)
            let lines = reply["rejectedLines"] as? [[String: Any]] ?? []
            #expect(lines.map { $0["line"] as? Int } == [2, 4, 6])
            #expect((lines.first?["reason"] as? String)?.contains("expected 'path value [timestamp]'") == true)
            #expect((lines[1]["reason"] as? String)?.contains("'abc' is not a number") == true)
        }
        #expect(await fixture.stored("ok.one") == 1)
        #expect(await fixture.stored("ok.two") == 1)
        await fixture.close()
    }

    @Test func onlyTheFirstHundredRejectedLinesAreListed() async throws {
        let fixture = try await IngestFixture()
        let body = (0..<250).map { "bad\($0)\n" }.joined() + "good 1 \(recentSeconds)\n"
        try await write(fixture, "/api/v1/write?format=graphite", body) { response in
            let reply = reply(response)
            #expect(reply["rejected"] as? Int == 250)
            #expect((reply["rejectedLines"] as? [Any])?.count == 100)
            #expect(reply["accepted"] as? Int == 1)
        }
        await fixture.close()
    }

    @Test func everythingRefusedIsA400ThatSaysWhy() async throws {
        let fixture = try await IngestFixture()
        try await write(fixture, "/api/v1/write?format=graphite", "no.value\n") { response in
            #expect(response.status == .badRequest)
            #expect(reply(response)["rejected"] as? Int == 1)
        }
        await fixture.close()
    }

    @Test func idempotentRetryReturnsTheFirstResultAndAppliesOnce() async throws {
        let fixture = try await IngestFixture()
        let t = recentSeconds
        let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "batch-42"]
        let body = "i.d 1 \(t)\ni.d 2 \(t + 1)\nbroken\n"
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            var replies: [[String: Any]] = []
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/api/v1/write?format=graphite", method: .post, headers: headers, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .ok)
                    replies.append(reply(response))
                }
            }
            #expect(replies.map { $0["accepted"] as? Int } == [2, 2])
            #expect(replies.map { $0["rejected"] as? Int } == [1, 1])
            #expect(replies.map { $0["duplicate"] as? Bool } == [false, true])
        }
        #expect(await fixture.stored("i.d") == 2)
        await fixture.close()
    }

    @Test func parametersAndHeadersAreChecked() async throws {
        let fixture = try await IngestFixture()
        let cases: [(String, HTTPFields, HTTPResponse.Status, String)] = [
            ("/api/v1/write?format=xml", [:], .badRequest, "'xml' is not a format"),
            ("/api/v1/write?colour=red", [:], .badRequest, "colour"),
            ("/api/v1/write?format=influx&precision=fortnight", [:], .badRequest, "not a precision"),
            ("/api/v1/write?format=graphite&precision=s", [:], .badRequest, "Influx line protocol only"),
            ("/api/v1/write?tz=Mars/Olympus", [:], .badRequest, "IANA time zone"),
            ("/api/v1/write", [.contentEncoding: "br"], .unsupportedMediaType, "gzip"),
            ("/api/v1/write", [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 300)], .badRequest, "Idempotency-Key")
        ]
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            for (uri, headers, status, message) in cases {
                try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: "a 1 1\n")) { response in
                    #expect(response.status == status, "\(uri)")
                    #expect(String(buffer: response.body).contains(message), "\(uri): \(String(buffer: response.body))")
                }
            }
            // Content that is no known format, without a hint.
            try await client.execute(uri: "/api/v1/write", method: .post, body: ByteBuffer(string: "hello\n")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("?format="))
            }
        }
        await fixture.close()
    }

    @Test func metricsCountPointsAndRequests() async throws {
        let fixture = try await IngestFixture()
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post, body: ByteBuffer(string: "m.x 1 \(recentSeconds)\nbad\n")
            ) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("framecast_ingest_points_total"))
                #expect(text.contains("framecast_ingest_points_rejected_total{reason=\"invalidLine\"}"))
                #expect(text.contains("framecast_write_requests_total{endpoint=\"api_v1\",status=\"200\"}"))
                #expect(text.contains("framecast_ingest_append_seconds"))
                #expect(text.contains("framecast_ingest_backlog_bytes"))
            }
        }
        await fixture.close()
    }
}

import CompressNIO
import Foundation
import FramecastServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// 413 for bodies over the limit (declared, streamed or decompressed), 429 with Retry-After
/// when the bytes in flight fill the backlog, 401 without the write token.
@Suite struct IngestLimitsTests {
    @Test func bodiesOverTheLimitGet413() async throws {
        let fixture = try await IngestFixture { $0.ingest.maxBodyBytes = 4096 }
        let app = FramecastApplication.build(state: fixture.state)
        var zeros = ByteBuffer(repeating: UInt8(ascii: "0"), count: 1 << 20)
        let bomb = try zeros.compress(with: .gzip())
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post,
                body: ByteBuffer(string: String(repeating: "a.b 1 1\n", count: 1000))
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("larger than 4096 bytes"))
            }
            try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post,
                headers: [.contentEncoding: "gzip"], body: bomb
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("once decompressed"))
            }
        }
        #expect(fixture.state.ingestBacklog.bytes == 0, "refused bodies give their bytes back")
        await fixture.close()
    }

    @Test func declaredLengthOverTheLimitIsRefusedBeforeReading() async throws {
        let fixture = try await IngestFixture { $0.ingest.maxBodyBytes = 4096 }
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // Only the head is sent: the answer must come without the body.
            let answer = try await RawTCP.session(port: port) { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"))
                return try await RawTCP.read(inbound) { $0.contains("\r\n\r\n") }
            }
            #expect(answer.hasPrefix("HTTP/1.1 413"))
        }
        await fixture.close()
    }

    @Test func fullBacklogGets429WithRetryAfterAndFreesUp() async throws {
        let fixture = try await IngestFixture {
            $0.ingest.maxBodyBytes = 4096
            $0.ingest.maxBacklogBytes = 4096
        }
        let t = recentSeconds
        let held = String(repeating: "held.one 1 \(t)\n", count: 3000 / "held.one 1 \(t)\n".utf8.count)
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await RawTCP.session(port: port) { inbound, outbound in
                // A write whose body is only half sent holds its declared bytes in the backlog.
                let head = "POST /api/v1/write?format=graphite HTTP/1.1\r\nHost: x\r\nContent-Length: \(held.utf8.count)\r\n\r\n"
                try await outbound.write(ByteBuffer(string: head + held.prefix(100)))
                #expect(await fixture.eventually { fixture.state.ingestBacklog.bytes == held.utf8.count })

                try await client.execute(
                    uri: "/api/v1/write?format=graphite", method: .post,
                    body: ByteBuffer(string: String(repeating: "x.y 1 \(t)\n", count: 150))
                ) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.retryAfter] == "1")
                    #expect(String(buffer: response.body).contains("retry"))
                }
                try await outbound.write(ByteBuffer(string: String(held.dropFirst(100))))
                let answer = try await RawTCP.read(inbound) { $0.contains("duplicate") }
                #expect(answer.hasPrefix("HTTP/1.1 200"))
            }
            #expect(await fixture.eventually { fixture.state.ingestBacklog.bytes == 0 })
            try await client.execute(
                uri: "/api/v1/write?format=graphite", method: .post,
                body: ByteBuffer(string: String(repeating: "x.y 1 \(t)\n", count: 150))
            ) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(await fixture.stored("held.one") == held.utf8.count / "held.one 1 \(t)\n".utf8.count)
        #expect(await fixture.stored("x.y") == 150)
        await fixture.close()
    }

    @Test func writeTokenIsRequiredWhenConfigured() async throws {
        let fixture = try await IngestFixture { $0.writeToken = "s3cret" }
        let app = FramecastApplication.build(state: fixture.state)
        let line = ByteBuffer(string: "tok.en 1 \(recentSeconds)\n")
        try await app.test(.router) { client in
            for (authorization, status) in [
                (nil, HTTPResponse.Status.unauthorized), ("Bearer wrong", .unauthorized),
                ("Bearer s3cret-and-more", .unauthorized), ("Bearer s3cret", .ok)
            ] {
                var headers = HTTPFields()
                if let authorization { headers[.authorization] = authorization }
                try await client.execute(uri: "/api/v1/write?format=graphite", method: .post, headers: headers, body: line) { response in
                    #expect(response.status == status, "\(authorization ?? "none")")
                    if status == .unauthorized {
                        #expect(String(buffer: response.body).contains("Authorization: Bearer"))
                        #expect(response.headers[.wwwAuthenticate] != nil)
                    }
                }
            }
            try await client.execute(
                uri: "/api/v2/write?org=o&bucket=b&precision=s", method: .post,
                headers: [.authorization: "Token s3cret"], body: line
            ) { response in
                #expect(response.status == .badRequest, "Influx v2 with its Token scheme is let in (the Graphite line is not Influx)")
            }
            try await client.execute(uri: "/write?db=x&u=me&p=s3cret", method: .post, body: ByteBuffer(string: "tok,k=v f=1\n")) {
                response in
                #expect(response.status == .noContent, "Influx v1 password parameter")
            }
        }
        #expect(await fixture.stored("tok.en") == 1)
        await fixture.close()
    }
}

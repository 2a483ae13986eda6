import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FramecastServer

@Suite struct StreamRouteErrorTests {
    func check(_ harness: StreamHarness, _ path: String, _ status: HTTPResponse.Status, mentions: String) async throws {
        try await harness.client.execute(uri: path, method: .get) { response in
            #expect(response.status == status, "\(path)")
            #expect(String(buffer: response.body).contains(mentions), "\(path): \(String(buffer: response.body))")
        }
    }

    @Test func badStreamRequestsAreRefusedBeforeStreaming() async throws {
        try await StreamHarness.run(limits: .init { $0.maxSubscribers = 1 }) { harness in
            try await harness.ingest([("q.a", 1, StreamHarness.base)])
            try await check(harness, "/stream?series=q.a&widht=3", .badRequest, mentions: "parameter 'widht'")
            try await check(harness, "/stream?series=q.a&format=json", .badRequest, mentions: "parameter 'format'")
            try await check(harness, "/stream?series=q.a&refresh=10ms", .badRequest, mentions: "parameter 'refresh'")
            try await check(harness, "/events?series=nothing.*", .notFound, mentions: "no series matched")
            try await check(harness, "/events?series=q.a&width=0", .badRequest, mentions: "width")
            try await check(harness, "/ws?series=q.a&png=maybe", .badRequest, mentions: "parameter 'png'")
            try await check(harness, "/ws?series=nothing", .notFound, mentions: "no series matched")
            try await RawStream.open(port: harness.port, "/events?" + StreamHarness.fixedWindow("q.a")) { stream in
                try await stream.expectRead { sseEvents($0).count >= 1 }
                try await check(
                    harness, "/stream?" + StreamHarness.fixedWindow("q.a"), .serviceUnavailable, mentions: "1 stream subscribers")
            }
        }
    }
}

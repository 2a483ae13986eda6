import Foundation
import FramecastCore
import FramecastServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /api/v1/write` with the Prometheus text exposition format.
@Suite struct PrometheusTextWriteTests {
    func write(
        _ fixture: IngestFixture, _ uri: String, _ body: String, headers: HTTPFields = [:],
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        let app = FramecastApplication.build(state: fixture.state)
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { try await check($0) }
        }
    }

    func reply(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any] ?? [:]
    }

    @Test func formatParameterStoresLabelledSeriesAndRefusesNaNByLine() async throws {
        let fixture = try await IngestFixture()
        let ms = recentSeconds * 1000
        let body = """
            # TYPE up gauge
            up{job="node",instance="10.0.0.1:9100"} 1 \(ms)
            up{job="node",instance="10.0.0.1:9100"} NaN \(ms + 1000)
            rpc_seconds_bucket{le="+Inf"} 5 \(ms)
            """
        try await write(fixture, "/api/v1/write?format=prometheus", body) { response in
            #expect(response.status == .ok)
            let body = reply(response)
            #expect(body["accepted"] as? Int == 2)
            #expect(body["rejected"] as? Int == 1)
            #expect(String(buffer: response.body).contains(#""line":3"#), "the NaN line is named by its number")
        }
        #expect(await fixture.stored("up;instance=10.0.0.1:9100;job=node") == 1)
        #expect(await fixture.bucketStarts("up;instance=10.0.0.1:9100;job=node") == [ms])
        #expect(await fixture.stored("rpc_seconds_bucket;le=+Inf") == 1)
        await fixture.close()
    }

    @Test func expositionContentTypeSelectsTheFormat() async throws {
        let fixture = try await IngestFixture()
        let ms = recentSeconds * 1000
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        // Without labels this line would read as Graphite (seconds); the content type says ms.
        try await write(fixture, "/api/v1/write", "process_open_fds 7 \(ms)\n", headers: headers) { response in
            #expect(response.status == .ok)
            #expect(reply(response)["accepted"] as? Int == 1)
        }
        #expect(await fixture.bucketStarts("process_open_fds") == [ms])
        await fixture.close()
    }
}

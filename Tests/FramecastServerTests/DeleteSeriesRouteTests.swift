import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `DELETE /api/v1/series?match=GLOB`: the write token, a required glob, a durable removal.
@Suite struct DeleteSeriesRouteTests {
    @Test func deletesTheMatchingSeriesWithTheToken() async throws {
        var options = ServerOptions()
        options.writeToken = "secret"
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["keep.a", "junk.a", "junk.b"], seconds: 10)
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/series?match=junk.*", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
            let auth: HTTPFields = [.authorization: "Bearer secret"]
            try await client.execute(uri: "/api/v1/series", method: .delete, headers: auth) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorMessage.contains("match"))
            }
            try await client.execute(uri: "/api/v1/series?match=%5B", method: .delete, headers: auth) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/series?match=junk.*", method: .delete, headers: auth) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                #expect(object?["deleted"] as? Int == 2)
                #expect(object?["series"] as? [String] == ["junk.a", "junk.b"])
            }
            try await client.execute(uri: "/api/v1/series?match=**", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                let names = (object?["series"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(names == ["keep.a"])
            }
            // Deleting again finds nothing: still a 200, nothing removed.
            try await client.execute(uri: "/api/v1/series?match=junk.*", method: .delete, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"deleted\":0"))
            }
        }
    }
}

import Foundation
import FramecastCore
import FramecastStore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import FramecastServer

/// graphite-web's events API: posted events are durable (they survive a restart of the engine),
/// filtered by time and tags as graphite-web filters them, deletable, and drawn on charts.
@Suite struct GraphiteEventRoutesTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    func events(_ client: some TestClientProtocol, _ query: String) async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/events/get_data?" + query, method: .get)
        #expect(response.status == .ok)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]])
    }

    @Test func postFilterDeleteAndSurviveARestart() async throws {
        let fixture = try await RenderFixture.make(retention: "10s:1d")
        let now = ServerClock.now() / 1000
        try await fixture.application.test(.live) { client in
            for body in [
                #"{"what": "deploy v2", "tags": ["deploy", "web"], "when": \#(now - 600), "data": "sha 1234; ok"}"#,
                #"{"what": "incident", "tags": "ops db", "when": \#(now - 300)}"#,
                #"{"what": "old", "tags": ["deploy"], "when": \#(now - 7200)}"#
            ] {
                let response = try await client.execute(uri: "/events/", method: .post, headers: Self.json, body: ByteBuffer(string: body))
                #expect(response.status == .ok, "\(response.text)")
            }
            let bad = try await client.execute(
                uri: "/events/", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"tags": 5}"#))
            #expect(bad.status == .badRequest && bad.errorMessage.contains("tags"))

            let recent = try await events(client, "from=-1h")
            #expect(recent.map { $0["what"] as? String } == ["deploy v2", "incident"], "oldest first, within the window")
            #expect(recent[0]["tags"] as? [String] == ["deploy", "web"] && recent[0]["data"] as? String == "sha 1234; ok")
            #expect(recent[0]["when"] as? Int == Int(now - 600))
            #expect(try await events(client, "tags=deploy").map { $0["what"] as? String } == ["old", "deploy v2"])
            #expect(try await events(client, "tags=deploy%20web").count == 1, "all tags by default")
            #expect(try await events(client, "tags=web%20ops&set=union").count == 2)

            let id = try #require(recent[1]["id"] as? Int)
            let deleted = try await client.execute(uri: "/events/\(id)", method: .delete)
            #expect(deleted.status == .ok)
            #expect(try await events(client, "from=-1h").count == 1)

            // The event series never shows in the Graphite tree, nor in Framecast's own lists.
            let find = try await client.execute(uri: "/metrics/find?query=*", method: .get)
            #expect(!find.text.contains("_framecast_events"))
            let listed = try await client.execute(uri: "/api/v1/series?match=**", method: .get)
            #expect(listed.status == .ok && !listed.text.contains("_framecast_events"), "\(listed.text)")
            let tree = try await client.execute(uri: "/api/v1/series/tree", method: .get)
            #expect(!tree.text.contains("_framecast_events"))
        }
        // Reopen the engine on the same directory: what was acknowledged is still there.
        try await fixture.engine.close()
        let rules = try RetentionRules(parsing: [], default: RetentionPolicy("10s:1d"))
        let reopened = try await IngestEngine(directory: fixture.directory.path, options: IngestEngine.Options(rules: rules))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let state = ServerState(engine: reopened, options: ServerOptions(), logger: logger)
        try await Application(router: FramecastApplication.router(state: state)).test(.live) { client in
            #expect(try await events(client, "").map { $0["what"] as? String } == ["old", "deploy v2"])
            let chart = try await client.execute(uri: "/render?target=constantLine(1)&from=-1h&events=deploy&format=svg", method: .get)
            #expect(chart.status == .ok && chart.text.contains("deploy v2"), "the event is drawn as an annotation")
        }
        try? await reopened.close()
        try? FileManager.default.removeItem(at: fixture.directory)
    }

    @Test func writesNeedTheTokenWhenTheServerHasOne() async throws {
        var options = ServerOptions()
        options.writeToken = "secret"
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let refused = try await client.execute(uri: "/events/", method: .post, body: ByteBuffer(string: #"{"what": "x"}"#))
            #expect(refused.status == .unauthorized)
            let accepted = try await client.execute(
                uri: "/events/", method: .post, headers: [.authorization: "Bearer secret"], body: ByteBuffer(string: #"{"what": "x"}"#))
            #expect(accepted.status == .ok)
        }
    }
}

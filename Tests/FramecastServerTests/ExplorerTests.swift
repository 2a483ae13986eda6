import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /` (the explorer page) and the tree it reads; the page's behaviour is tested in
/// headless Chromium (`scripts/browser/status_page_test.py`).
@Suite struct ExplorerTests {
    @Test func thePageIsSelfContainedAndOffersTheTablesChoices() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let page = response.text
                for kind in ChartKind.allCases { #expect(page.contains("<option value=\"\(kind.rawValue)\"")) }
                #expect(!page.contains("{{"), "a placeholder was left in the page")
                // No external script, style or font.
                #expect(!page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("@import"))
            }
        }
    }

    @Test func theTreeHidesPrivateSeriesFromUnsignedRequests() async throws {
        var options = ServerOptions()
        options.privateSeries = [Glob("billing.**")]
        options.signer = try URLSigner(key: Array(repeating: 7, count: 32))
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["billing.eu.revenue", "web.eu.cpu", "web.us.cpu"], seconds: 5)
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/series/tree", method: .get) { response in
                #expect(response.status == .ok)
                #expect(!response.text.contains("billing"))
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                #expect(object?["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/series/tree?prefix=web", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                let nodes = object?["nodes"] as? [[String: Any]] ?? []
                #expect(nodes.compactMap { $0["path"] as? String } == ["web.eu", "web.us"])
            }
            try await client.execute(uri: "/api/v1/series/tree?prefix=web.", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

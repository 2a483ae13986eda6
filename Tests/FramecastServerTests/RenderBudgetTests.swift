import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Cost-based admission: a chart's bucket reads are known before it renders; over the budget it
/// reads coarser tiers, or is refused with 503 before it takes a worker; and a polling request
/// waits at most the render deadline.
@Suite struct RenderBudgetTests {
    static func fixture(budget: Int, deadline: Double = 15) async throws -> RenderFixture {
        var options = ServerOptions()
        options.render.maxBucketsPerRender = budget
        options.render.deadlineSeconds = deadline
        options.render.workers = 1
        let fixture = try await RenderFixture.make(options: options, retention: "1s:10m,1m:1d")
        try await fixture.ingestRecent(["cost.a"], seconds: 120)
        return fixture
    }

    /// Non-empty M4 columns of the one series in a `format=json` reply.
    static func columns(_ response: TestResponse) throws -> Int {
        let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
        let series = (object?["series"] as? [[String: Any]])?.first
        return (series?["columns"] as? [Any])?.count ?? -1
    }

    @Test func overTheBudgetAChartReadsACoarserTierOrIsRefused() async throws {
        for (budget, expected) in [(100_000, "fine"), (50, "coarse"), (1, "refused")] {
            let fixture = try await Self.fixture(budget: budget)
            defer { Task { await fixture.close() } }
            try await fixture.application.test(.router) { client in
                try await client.execute(uri: "/render?series=cost.a&from=-10min&format=json", method: .get) { response in
                    switch expected {
                    case "fine":
                        // The 1 s tier: one column per point.
                        #expect(response.status == .ok)
                        let columns = try Self.columns(response)
                        #expect(columns >= 100)
                    case "coarse":
                        // 120 buckets of 1 s are over 50: the 1 m tier, a few columns.
                        #expect(response.status == .ok)
                        let columns = try Self.columns(response)
                        #expect((1...4).contains(columns), "\(columns) columns")
                    default:
                        #expect(response.status == .serviceUnavailable)
                        #expect(response.headers[.retryAfter] != nil)
                        #expect(response.errorMessage.contains("render budget of 1"), "\(response.errorMessage)")
                    }
                }
            }
        }
    }

    @Test func aPollingRequestWaitsAtMostTheRenderDeadline() async throws {
        let fixture = try await Self.fixture(budget: 1_000_000, deadline: 0.3)
        defer { Task { await fixture.close() } }
        // The only worker is held: the request's render can only wait in the queue.
        let gate = Gate()
        let holder = Task { try await fixture.state.renderPool.run { gate.wait() } }
        for _ in 0..<6000 where fixture.state.renderPool.load.running == 0 { try await Task.sleep(for: .milliseconds(10)) }
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/render?series=cost.a&from=-10min", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorMessage.contains("render deadline"), "\(response.errorMessage)")
            }
        }
        // The abandoned render left the queue.
        for _ in 0..<6000 where fixture.state.renderPool.load.waiting > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(fixture.state.renderPool.load.waiting == 0)
        gate.open()
        _ = try await holder.value
    }
}

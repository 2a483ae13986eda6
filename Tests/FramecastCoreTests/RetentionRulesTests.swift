import FramecastCore
import Testing

@Suite struct RetentionRulesTests {
    let fallback = policy("1m:1d")

    @Test func firstMatchWinsThenDefault() throws {
        let rules = try RetentionRules(
            parsing: [
                "servers.*.cpu=1s:1h,1m:1d",
                "servers.**=10s:1d",
                "app.*;env=prod=1s:6h"
            ], default: fallback)
        #expect(rules.rules.map(\.glob.pattern) == ["servers.*.cpu", "servers.**", "app.*;env=prod"])
        #expect(rules.policy(for: SeriesKey(canonical: "servers.a.cpu")).description == "1s:1h,1m:1d")
        #expect(rules.policy(for: SeriesKey(canonical: "servers.a.mem.used")).description == "10s:1d")
        #expect(rules.policy(for: SeriesKey(canonical: "app.latency;env=prod;host=a")).description == "1s:6h")
        #expect(rules.policy(for: SeriesKey(canonical: "app.latency;env=dev")) == fallback)
        #expect(rules.policy(for: SeriesKey(canonical: "other")) == fallback)
    }

    @Test func rejectsBadRules() {
        #expect(throws: RetentionError.ruleWithoutEquals("servers.*")) {
            try RetentionRules(parsing: ["servers.*"], default: fallback)
        }
        #expect(throws: RetentionError.emptyGlob(" =1s:1h")) {
            try RetentionRules(parsing: [" =1s:1h"], default: fallback)
        }
        let bad = "cpu.*=2s:1h,3s:1d"
        #expect(throws: RetentionError.badRule(bad, .precisionNotMultiple(finer: "2s:1h", coarser: "3s:1d"))) {
            try RetentionRules(parsing: [bad], default: fallback)
        }
        do {
            _ = try RetentionRules(parsing: [bad], default: fallback)
        } catch {
            #expect(error.description.hasPrefix("retention rule 'cpu.*=2s:1h,3s:1d': "))
        }
    }

    @Test func newSeriesGetTheirRulePolicy() throws {
        let rules = try RetentionRules(parsing: ["fast.*=1s:1m,1m:1h"], default: fallback)
        var agg = Aggregator(rules: rules, config: AggregatorConfig(maxFuture: 86_400_000))
        let result = agg.apply(rawBatch([RawPoint("fast.a", 5000, 1), RawPoint("slow.b", 5000, 1)]), now: 10_000)
        #expect(result.newSeries == 2)
        #expect(agg.policy(of: agg.id("fast.a")).description == "1s:1m,1m:1h")
        #expect(agg.policy(of: agg.id("slow.b")) == fallback)
        #expect(agg.allBuckets("fast.a").map(\.count) == [1, 1])
        #expect(agg.allBuckets("slow.b").map(\.count) == [1])
    }
}

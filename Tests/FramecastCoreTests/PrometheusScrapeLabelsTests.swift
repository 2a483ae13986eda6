import FramecastCore
import Testing

/// Target labels on a scraped exposition, as Prometheus applies them with honor_labels: false.
@Suite struct PrometheusScrapeLabelsTests {
    static func scrape(_ text: String, labels: [(name: String, value: String)], into batch: inout ParsedBatch) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes {
            PrometheusTextParser.parseScrape($0, labels: .init(labels), options: ParseOptions(now: 5000), into: &batch)
        }
    }

    @Test func clashingLabelsAreExported() {
        var batch = ParsedBatch()
        Self.scrape(
            "m{job=\"a\",instance=\"b\",exported_job=\"c\"} 1\nplain 2\n", labels: [("job", "node"), ("instance", "h:9100")], into: &batch)
        #expect(batch.rejectedLines == 0)
        #expect(
            batch.seriesData().map(\.key.canonical).sorted() == [
                "m;exported_exported_job=a;exported_instance=b;exported_job=c;instance=h:9100;job=node",
                "plain;instance=h:9100;job=node"
            ])
        #expect(batch.seriesData().allSatisfy { $0.times == [5000] })
    }

    @Test func aPushedSpellingIsNotReusedForAScrapedSeries() {
        // The same raw spelling pushed first (and so known as an alias) must not swallow the scrape.
        var batch = ParsedBatch()
        let pushed = Array("m{a=\"1\"} 1\n".utf8)
        pushed.withUnsafeBytes { PrometheusTextParser.parse($0, options: ParseOptions(now: 1000), into: &batch) }
        Self.scrape("m{a=\"1\"} 2\nm{a=\"1\"} 3\n", labels: [("job", "j")], into: &batch)
        let keys = batch.seriesData().map(\.key.canonical).sorted()
        #expect(keys == ["m;a=1", "m;a=1;job=j"])
    }

    @Test func nonFiniteValuesAreDroppedNotRefused() {
        var batch = ParsedBatch()
        Self.scrape("a NaN\nb +Inf\nc -Inf\nd 1\n", labels: [("job", "j")], into: &batch)
        #expect(batch.rejectedLines == 0)
        #expect(batch.skippedFields == 3)
        #expect(batch.seriesData().map(\.key.canonical) == ["d;job=j"])
        // Pushed, the same lines are refused with their line numbers.
        var pushed = ParsedBatch()
        let bytes = Array("a NaN\nd 1\n".utf8)
        bytes.withUnsafeBytes { PrometheusTextParser.parse($0, options: ParseOptions(now: 1000), into: &pushed) }
        #expect(pushed.rejectedLines == 1)
    }

    @Test func reportSamplesCarryTheTargetLabels() {
        var batch = ParsedBatch()
        PrometheusTextParser.appendScrapeReport(
            name: "up", value: 0, labels: .init([("job", "j"), ("instance", "h:1"), ("empty", "")]), time: 7000,
            options: ParseOptions(), into: &batch)
        #expect(batch.seriesData().map(\.key.canonical) == ["up;instance=h:1;job=j"])
        #expect(batch.values == [0])
    }
}

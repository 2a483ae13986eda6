import FramecastCore
import Testing

@Suite struct RetentionPolicyTests {
    @Test func parsesGraphiteForm() throws {
        let parsed = try RetentionPolicy("1s:6h,10s:7d,1m:1y")
        #expect(parsed.tiers.map(\.precision) == [1000, 10_000, 60_000])
        let retentions: [Int64] = [21_600_000, 604_800_000, 31_536_000_000]
        #expect(parsed.tiers.map(\.retention) == retentions)
        #expect(parsed.tiers.map(\.bucketCount) == [21_600, 60_480, 525_600])
        #expect(parsed.description == "1s:6h,10s:1w,1m:1y")
        #expect(try RetentionPolicy(parsed.description) == parsed)
    }

    @Test func plainNumbersAreCarbonSecondsAndPoints() throws {
        let parsed = try RetentionPolicy("60:1440")
        #expect(parsed.tiers == [RetentionTier(precision: 60_000, retention: 86_400_000)])
        #expect(parsed.description == "1m:1d")
        #expect(try RetentionPolicy("10:6h").finest == RetentionTier(precision: 10_000, retention: 21_600_000))
    }

    @Test func unitsAndOrderAndBlanks() throws {
        #expect(try RetentionPolicy("1min:1w") == RetentionPolicy("1m:7d"))
        let twoYears: Int64 = 2 * 365 * 86_400_000
        #expect(try RetentionPolicy("1h:2y").coarsest.retention == twoYears)
        #expect(try RetentionPolicy(" 1m:1y , 1s:6h ").description == "1s:6h,1m:1y")
        #expect(try RetentionPolicy("500ms:10m").finest.precision == 500)
    }

    @Test(arguments: [
        ("", RetentionError.empty),
        (" , ", .empty),
        ("1s", .malformedTier("1s")),
        ("1s:1h:2h", .malformedTier("1s:1h:2h")),
        ("1s:1h,,1m:1d", .malformedTier("")),
        ("1x:1h", .badDuration("1x", tier: "1x:1h")),
        ("1.5s:1h", .badDuration("1.5s", tier: "1.5s:1h")),
        ("s:1h", .badDuration("s", tier: "s:1h")),
        ("0s:1h", .zeroDuration(tier: "0s:1h")),
        ("1s:0", .zeroDuration(tier: "1s:0")),
        ("7s:1m", .retentionNotMultipleOfPrecision(tier: "7s:1m")),
        ("2s:1h,3s:1d", .precisionNotMultiple(finer: "2s:1h", coarser: "3s:1d")),
        ("1s:1d,10s:1h", .retentionNotIncreasing(finer: "1s:1d", coarser: "10s:1h")),
        ("1s:1d,10s:1d", .retentionNotIncreasing(finer: "1s:1d", coarser: "10s:1d")),
        ("1s:1h,1s:1d", .duplicatePrecision("1s")),
        ("1s:1y", .tooManyBuckets(tier: "1s:1y", buckets: 31_536_000)),
        ("60:20000000", .tooManyBuckets(tier: "60:20000000", buckets: 20_000_000)),
        ("5w:10y", .precisionOutOfRange(tier: "5w:10y")),
        ("1d:200y", .retentionTooLong(tier: "1d:200y")),
        ("1s:99999999999999999999y", .badDuration("99999999999999999999y", tier: "1s:99999999999999999999y"))
    ])
    func rejectsBadPolicies(text: String, expected: RetentionError) {
        #expect(throws: expected) { try RetentionPolicy(text) }
    }

    @Test func tooManyTiers() {
        let nine = (0..<9).map { "\(1 << $0)s:\(1 << ($0 + 4))s" }.joined(separator: ",")
        #expect(throws: RetentionError.tooManyTiers(count: 9)) { try RetentionPolicy(nine) }
        let eight = (0..<8).map { "\(1 << $0)s:\(1 << ($0 + 4))s" }.joined(separator: ",")
        #expect(throws: Never.self) { try RetentionPolicy(eight) }
    }

    @Test func messagesSayWhatToFix() {
        let cases: [(String, String)] = [
            ("", "1s:6h,10s:7d,1m:1y"),
            ("7s:1m", "whole multiple of the precision"),
            ("2s:1h,3s:1d", "whole multiple of the finer tier"),
            ("1s:1d,10s:1h", "keep data longer"),
            ("1s:1y", "coarser precision or a shorter retention"),
            ("1q:1h", "ms, s, m/min, h, d, w or y"),
            ("5w:1y", "between 1ms and 4w")
        ]
        for (text, advice) in cases {
            do {
                _ = try RetentionPolicy(text)
                Issue.record("'\(text)' was accepted")
            } catch {
                #expect(error.description.contains(advice), "\(error.description)")
            }
        }
    }

    @Test func bytesPerBucketFollowsOffsetWidth() throws {
        let layout = MemoryLayout<UInt32>.size + 5 * MemoryLayout<Double>.size
        let parsed = try RetentionPolicy("1s:6h,10s:7d,1m:1y,1h:5y")
        #expect(parsed.tiers.map(\.bytesPerBucket) == [48, 48, 48, 52])
        #expect(parsed.tiers[0].bytesPerBucket == layout + 2 * MemoryLayout<UInt16>.size)
        #expect(parsed.tiers[3].bytesPerBucket == layout + 2 * MemoryLayout<UInt32>.size)
        #expect(try RetentionPolicy("65536ms:65536000ms").finest.bytesPerBucket == 48)
        #expect(try RetentionPolicy("65537ms:655370ms").finest.bytesPerBucket == 52)
        let expectedBytes = (21_600 + 60_480 + 525_600) * 48 + 43_800 * 52
        #expect(parsed.maxBytesPerSeries == expectedBytes)
    }
}

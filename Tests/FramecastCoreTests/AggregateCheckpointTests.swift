import FramecastCore
import Testing

@Suite struct AggregateCheckpointTests {
    static let rules: RetentionRules = {
        do {
            return try RetentionRules(parsing: ["fast.*=1s:1m,1m:1h,1h:1d"], default: policy("10s:10m,1m:1d"))
        } catch { fatalError("\(error)") }
    }()
    static let config = AggregatorConfig(lateness: 600_000, maxFuture: 86_400_000, idempotencyWindow: 10)

    /// A state with two policies, late data, wide-offset tiers, an empty-looking gap, keys.
    static func populated() -> Aggregator {
        var agg = Aggregator(rules: rules, config: config)
        var rng = SeededGenerator(seed: 11)
        for batch in 0..<30 {
            let points = (0..<50).map { _ in
                RawPoint(
                    ["fast.a", "fast.b;dc=eu", "slow.c"].randomElement(using: &rng)!,
                    Int64(batch) * 20_000 + Int64.random(in: -300_000...5_000, using: &rng) + 400_000,
                    Double(Int.random(in: -1000...1000, using: &rng)) / 8)
            }
            _ = agg.apply(rawBatch(points), now: 10_000_000, idempotencyKey: "key-\(batch)")
        }
        return agg
    }

    static func state(_ agg: Aggregator) -> [String] {
        agg.allSeriesIDs.map { id in
            let buckets = agg.tiers(of: id).indices.map { agg.buckets(id, tier: $0, from: 0, until: 1 << 40) }
            return "\(agg.key(of: id)) v\(agg.version(of: id)) n\(String(describing: agg.newestTime(of: id))) "
                + "\(agg.policy(of: id)) \(buckets)"
        }
    }

    @Test func roundTripRestoresEverything() throws {
        let original = Self.populated()
        let bytes = original.checkpoint()
        var restored = try Aggregator(restoring: bytes, rules: Self.rules, config: Self.config)
        #expect(restored.checkpoint() == bytes)
        #expect(Self.state(restored) == Self.state(original))
        #expect(restored.generation == original.generation && restored.idempotencyKeyCount == 10)
        #expect(restored.apply(rawBatch([]), now: 0, idempotencyKey: "key-29").isDuplicate)
        #expect(!restored.apply(rawBatch([]), now: 0, idempotencyKey: "key-19").isDuplicate)  // evicted before
        // Both continue identically.
        var copy = original
        let next = rawBatch([RawPoint("fast.a", 990_000, 1), RawPoint("new.d", 990_000, 2), RawPoint("slow.c", 1000, 3)])
        #expect(copy.apply(next, now: 10_000_000) == restored.apply(next, now: 10_000_000))
        #expect(Self.state(copy) == Self.state(restored))
    }

    /// Restored series keep the policy they were created with; new rules apply to new series.
    @Test func restoredSeriesKeepTheirPolicy() throws {
        let bytes = Self.populated().checkpoint()
        let newRules = RetentionRules(default: policy("1s:1h"))
        var restored = try Aggregator(restoring: bytes, rules: newRules, config: Self.config)
        #expect(restored.policy(of: restored.id("slow.c")).description == "10s:10m,1m:1d")
        #expect(restored.policy(of: restored.id("fast.a")).description == "1s:1m,1m:1h,1h:1d")
        restored.apply([RawPoint("fresh", 900_000, 1)])
        #expect(restored.policy(of: restored.id("fresh")).description == "1s:1h")
    }

    @Test func emptyAggregatorRoundTrips() throws {
        let empty = Aggregator(rules: Self.rules)
        let bytes = empty.checkpoint()
        #expect(bytes.count < 32)
        let restored = try Aggregator(restoring: bytes, rules: Self.rules)
        #expect(restored.seriesCount == 0 && restored.checkpoint() == bytes)
    }

    @Test func smallerWindowKeepsNewestKeys() throws {
        let bytes = Self.populated().checkpoint()
        var restored = try Aggregator(restoring: bytes, rules: Self.rules, config: AggregatorConfig(idempotencyWindow: 3))
        #expect(restored.idempotencyKeyCount == 3)
        #expect(restored.apply(rawBatch([]), now: 0, idempotencyKey: "key-27").isDuplicate)
        #expect(!restored.apply(rawBatch([]), now: 0, idempotencyKey: "key-26").isDuplicate)
    }

    @Test func corruptBlobsAreRefusedWithClearErrors() {
        let bytes = Self.populated().checkpoint()
        func refusal(_ blob: [UInt8]) -> CheckpointError? {
            do {
                _ = try Aggregator(restoring: blob, rules: Self.rules)
                return nil
            } catch { return error }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(refusal(flipped) == .checksumMismatch)
        #expect(refusal(Array(bytes.dropLast(100))) == .checksumMismatch)
        #expect(refusal(Array(bytes.prefix(5))) == .tooShort(5))
        #expect(refusal(Array("PNG!".utf8) + bytes.dropFirst(4)) == .notACheckpoint)
        var future = bytes
        future[4] = 2
        #expect(refusal(future) == .unsupportedVersion(2))
        #expect(CheckpointError.unsupportedVersion(2).description.contains("version 2 is not supported"))
        #expect(CheckpointError.checksumMismatch.description.contains("rebuild from the log"))
        // Many random single-byte corruptions: always a thrown error, never a crash.
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            var blob = bytes
            blob[Int.random(in: 0..<blob.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            #expect(refusal(blob) != nil)
        }
    }
}

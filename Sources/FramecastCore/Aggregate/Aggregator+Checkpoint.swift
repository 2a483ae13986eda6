extension Aggregator {
    /// A compact, versioned, checksummed binary image of the whole state: series keys and
    /// policies, every tier's non-empty buckets, versions, newest times, the generation and the
    /// idempotency window (see `CheckpointFormat` for the layout). The same logical state always
    /// gives the same bytes, whatever the rings' physical capacities. The store persists it;
    /// `Aggregator(restoring:rules:config:)` reads it back.
    public func checkpoint() -> [UInt8] {
        var out = CheckpointWriter(reserving: 64 + seriesCount * 64 + storageBytes)
        out.raw(CheckpointFormat.magic)
        out.fixed16(CheckpointFormat.version)
        out.varint(generation)
        out.varint(policies.count)
        for policy in policies {
            out.varint(policy.tiers.count)
            for tier in policy.tiers {
                out.varint(UInt64(tier.precision))
                out.varint(UInt64(tier.retention))
            }
        }
        out.varint(seriesCount)
        for id in allSeriesIDs {
            out.string(key(of: id).canonical)
            out.varint(Int(policyOf[id.index]))
            out.signed(newest[id.index])
            out.varint(versions[id.index])
            for ring in ringRange(id) { Self.write(rings[ring], to: &out) }
        }
        let entries = idempotency.entries
        out.varint(entries.count)
        for (key, summary) in entries {
            out.string(key)
            out.varint(summary.accepted)
            out.varint(PointRejection.allCases.count)
            for reason in PointRejection.allCases { out.varint(summary.rejected[reason]) }
            out.varint(summary.tierSkips)
            out.varint(summary.newSeries)
            out.varint(summary.generation)
        }
        return out.finish()
    }

    private static func write(_ ring: TierRing, to out: inout CheckpointWriter) {
        out.signed(ring.head)
        guard !ring.isEmpty else { return }
        var nonEmpty = 0
        ring.forEachBucket { _, _ in nonEmpty += 1 }
        out.varint(nonEmpty)
        var previous: Int64?
        ring.forEachBucket { index, cell in
            out.varint(UInt64(previous.map { index - $0 } ?? ring.head - index))
            previous = index
            out.varint(UInt64(cell.count))
            out.varint(UInt64(cell.firstOffset))
            out.varint(UInt64(cell.lastOffset))
            out.double(cell.sum)
            out.double(cell.min)
            out.double(cell.max)
            out.double(cell.first)
            out.double(cell.last)
        }
    }
}

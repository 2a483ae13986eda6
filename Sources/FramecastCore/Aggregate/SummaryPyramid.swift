/// Block aggregates over the buckets of one tier ring, so that a query over any range reads
/// O(width · log n) values instead of every bucket (`TierRing.readRanges`).
///
/// Written by hand: no library keeps a ring of time buckets with dyadic summaries that expire
/// with it. Level `l` holds blocks of `2^(baseShift + l)` buckets; block `j` covers the bucket
/// indices `[j · 2^s, (j + 1) · 2^s)` and lives at slot `j % levels[l].count`. No level below
/// `baseShift`: blocks of 32 buckets cost 72 B per 32 × 48 B of buckets (all levels and the
/// rings' spare slots together: +12% peak RSS in MemoryBenchmarks) and a query reads at most 31
/// single buckets at each end of a range.
///
/// Invariant (kept by `TierRing`): every block whose buckets all lie in `[tail, head)` — the
/// closed buckets the ring holds — equals the merge of those buckets. Other slots are stale
/// and never read. A level's ring has `capacity >> s + 2` slots, so a slot is reused only by a
/// block built after the old block's first bucket left the ring.
struct SummaryPyramid: Sendable {
    static let baseShift = 5

    private(set) var levels: [[SummaryBlock]]

    /// No levels when the ring holds fewer than `2^baseShift` buckets: it is read bucket by bucket.
    init(capacity: Int) {
        var levels: [[SummaryBlock]] = []
        var shift = Self.baseShift
        while shift < 62 && (1 << shift) <= capacity {
            levels.append(Array(repeating: .empty, count: (capacity >> shift) + 2))
            shift += 1
        }
        self.levels = levels
    }

    var isEmpty: Bool { levels.isEmpty }

    /// The largest block shift held (`baseShift − 1` when there is no level).
    var topShift: Int { Self.baseShift + levels.count - 1 }

    @inline(__always)
    func block(level: Int, _ j: Int64) -> SummaryBlock {
        levels[level][Int(j % Int64(levels[level].count))]
    }

    @inline(__always)
    mutating func set(level: Int, _ j: Int64, _ block: SummaryBlock) {
        let count = Int64(levels[level].count)
        levels[level][Int(j % count)] = block
    }

    /// Bytes held by the blocks.
    var storageBytes: Int { levels.reduce(0) { $0 + $1.count * MemoryLayout<SummaryBlock>.stride } }
}

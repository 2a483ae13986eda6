/// The stored buckets of one tier ring: one column per field, indexed by slot, all columns in
/// one allocation (one uniqueness check and one header per write, not seven).
///
/// Per bucket: count (UInt32, 4 B) + sum, min, max, first, last (Double, 40 B) + the first and
/// last time as offsets from the bucket start. When the precision is ≤ 65,536 ms both offsets
/// fit 16 bits and are packed into one UInt32 (4 B): 48 bytes per bucket. Coarser tiers keep two
/// UInt32 offsets (8 B): 52 bytes per bucket. A bucket is empty when its count is 0; its other
/// fields are then meaningless, so clearing a bucket writes one UInt32.
///
/// Byte layout for capacity `c`: sums, mins, maxs, firsts, lasts (`8c` each), then counts
/// (`4c`, padded to 8), then offsets (`4c` narrow, padded to 8, or `8c` wide). Fields are read
/// and written with raw loads/stores, so the `UInt64` backing type never aliases a `Double`.
struct BucketColumns: Sendable {
    let narrow: Bool
    let capacity: Int
    private var words: [UInt64]
    private let countBase: Int
    private let offsetBase: Int

    /// Bytes per bucket for the given offset width, from the element types' layouts.
    static func bytesPerBucket(narrow: Bool) -> Int {
        MemoryLayout<UInt32>.size + 5 * MemoryLayout<Double>.size
            + (narrow ? 2 * MemoryLayout<UInt16>.size : 2 * MemoryLayout<UInt32>.size)
    }

    init(capacity: Int, narrow: Bool) {
        self.narrow = narrow
        self.capacity = capacity
        let halfWords = (capacity + 1) / 2
        countBase = 40 * capacity
        offsetBase = countBase + 8 * halfWords
        words = Array(repeating: 0, count: 5 * capacity + halfWords + (narrow ? halfWords : capacity))
    }

    /// Bytes actually allocated for the columns (element storage, not the array header).
    var storageBytes: Int { words.count * MemoryLayout<UInt64>.size }

    @inline(__always)
    func count(at slot: Int) -> UInt32 {
        let at = countBase + 4 &* slot
        return words.withUnsafeBytes { $0.load(fromByteOffset: at, as: UInt32.self) }
    }

    func cell(at slot: Int) -> BucketCell {
        let (countAt, offsetAt, narrow, c8) = (countBase + 4 &* slot, offsetBase, narrow, 8 &* capacity)
        return words.withUnsafeBytes { raw in
            let firstOffset: UInt32
            let lastOffset: UInt32
            if narrow {
                let packed = raw.load(fromByteOffset: offsetAt + 4 &* slot, as: UInt32.self)
                (firstOffset, lastOffset) = (packed & 0xFFFF, packed >> 16)
            } else {
                firstOffset = raw.load(fromByteOffset: offsetAt + 8 &* slot, as: UInt32.self)
                lastOffset = raw.load(fromByteOffset: offsetAt + 8 &* slot + 4, as: UInt32.self)
            }
            let at = 8 &* slot
            return BucketCell(
                count: raw.load(fromByteOffset: countAt, as: UInt32.self),
                firstOffset: firstOffset, lastOffset: lastOffset,
                sum: raw.load(fromByteOffset: at, as: Double.self),
                min: raw.load(fromByteOffset: at + c8, as: Double.self),
                max: raw.load(fromByteOffset: at + 2 &* c8, as: Double.self),
                first: raw.load(fromByteOffset: at + 3 &* c8, as: Double.self),
                last: raw.load(fromByteOffset: at + 4 &* c8, as: Double.self))
        }
    }

    mutating func store(_ cell: BucketCell, at slot: Int) {
        let (countAt, offsetAt, narrow, c8) = (countBase + 4 &* slot, offsetBase, narrow, 8 &* capacity)
        words.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: cell.count, toByteOffset: countAt, as: UInt32.self)
            if narrow {
                raw.storeBytes(of: cell.firstOffset | cell.lastOffset << 16, toByteOffset: offsetAt + 4 &* slot, as: UInt32.self)
            } else {
                raw.storeBytes(of: cell.firstOffset, toByteOffset: offsetAt + 8 &* slot, as: UInt32.self)
                raw.storeBytes(of: cell.lastOffset, toByteOffset: offsetAt + 8 &* slot + 4, as: UInt32.self)
            }
            let at = 8 &* slot
            raw.storeBytes(of: cell.sum, toByteOffset: at, as: Double.self)
            raw.storeBytes(of: cell.min, toByteOffset: at + c8, as: Double.self)
            raw.storeBytes(of: cell.max, toByteOffset: at + 2 &* c8, as: Double.self)
            raw.storeBytes(of: cell.first, toByteOffset: at + 3 &* c8, as: Double.self)
            raw.storeBytes(of: cell.last, toByteOffset: at + 4 &* c8, as: Double.self)
        }
    }

    /// Empties `count` consecutive slots from `slot`, wrapping at the end.
    mutating func clear(from slot: Int, count: Int) {
        let (base, capacity) = (countBase, capacity)
        words.withUnsafeMutableBytes { raw in
            var s = slot
            for _ in 0..<count {
                raw.storeBytes(of: 0 as UInt32, toByteOffset: base + 4 &* s, as: UInt32.self)
                s += 1
                if s == capacity { s = 0 }
            }
        }
    }

    /// Adds a point to the bucket in `slot` (slow path: late data into a closed bucket).
    mutating func add(offset: UInt32, value: Double, at slot: Int) {
        var cell = count(at: slot) == 0 ? BucketCell.empty : self.cell(at: slot)
        cell.add(offset: offset, value: value)
        store(cell, at: slot)
    }
}

import Testing

@testable import FramecastCore

/// `M4Line`: which raw points a line keeps in a column besides M4's four, for antialiased
/// lines to run where the raw ones do (the pixels are checked in M4IdentityTests).
@Suite struct M4LineTests {
    /// One column over `values` at one point per millisecond.
    static func column(_ values: [Double]) -> M4Column {
        let times = values.indices.map { EpochMillis($0) }
        return M4Reducer.reduce(
            SeriesData(key: SeriesKey(name: "s"), times: times, values: values), from: 0,
            until: EpochMillis(values.count), width: 1, extremeTimes: true
        ).columns[0]
    }

    /// A noisy floor 20…22 of `count` points (seeded).
    static func floor(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in 20 + Double(rng.next() % 2_001) / 1_000 }
    }

    static func kept(_ column: M4Column) -> Set<EpochMillis> { Set(column.line.map(\.time)) }

    @Test(arguments: [1, 2, 3])
    func narrowSpikeKeepsTheFloorPointsAtItsSides(width: Int) {
        var values = Self.floor(1_000, seed: UInt64(width))
        for i in 500..<500 + width { values[i] = 90 - Double(i - 500) }
        let kept = Self.kept(Self.column(values))
        // The strokes up from and down to the floor start where the raw ones do.
        #expect(kept.contains(499) && kept.contains(500))
        #expect(kept.contains(EpochMillis(499 + width)) && kept.contains(EpochMillis(500 + width)))
    }

    @Test func wideSpikeKeepsItsFeetAndBends() {
        var values = Self.floor(2_000, seed: 7)
        // Up in 10 even steps, then down: 5 steep steps, then gently over a fifth of the column.
        for k in 0..<10 { values[1_000 + k] = 22 + Double(k + 1) * 6 }
        for k in 0..<405 { values[1_010 + k] = 82 - (k < 5 ? Double(k + 1) * 10 : 50 + Double(k - 4) * 0.025) }
        let kept = Self.kept(Self.column(values))
        #expect(kept.contains(1_009))  // the top
        #expect(kept.contains(999) || kept.contains(1_000))  // the foot of the rise
        #expect(kept.contains(1_014))  // where the fall turns gentle
        // A straight run keeps only its ends: nothing strictly inside the rise.
        #expect((1_001..<1_008).allSatisfy { !kept.contains(EpochMillis($0)) })
    }

    @Test func burstKeepsBothEdges() {
        var values = Self.floor(3_000, seed: 11)
        for i in 1_200..<1_230 { values[i] += 45 }
        let kept = Self.kept(Self.column(values))
        #expect(kept.isSuperset(of: [1_199, 1_200, 1_229, 1_230]))
    }

    @Test func plainNoiseKeepsLittleBeyondM4() {
        // Dense noise: nothing stands out, the line keeps a handful of points per column however many it holds.
        for count in [1_000, 100_000] {
            let column = Self.column(Self.floor(count, seed: UInt64(count)))
            #expect(column.line.count <= 8, "\(column.line.count) points kept of \(count)")
        }
    }

    @Test func smoothRampKeepsItsEnds() {
        let column = Self.column((0..<10_000).map { Double($0) * 0.5 })
        // first is the min and last the max: the straight line between them needs nothing else.
        #expect(column.line.isEmpty)
    }
}

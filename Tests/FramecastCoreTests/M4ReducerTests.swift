import Testing

@testable import FramecastCore

@Suite struct M4ReducerTests {
    /// Brute force: each point goes to column ⌊(t − from)·width / span⌋.
    func reference(_ times: [EpochMillis], _ values: [Double], from: EpochMillis, until: EpochMillis, width: Int) -> [M4Column] {
        var columns = [M4Column](repeating: .empty, count: width)
        for (t, v) in zip(times, values) where t >= from && t < until {
            let c = Int((t - from) * Int64(width) / (until - from))
            var column = columns[c]
            if column.count == 0 {
                column = M4Column(count: 1, min: v, max: v, first: v, last: v, sum: v, firstTime: t, lastTime: t)
            } else {
                column.count += 1
                column.min = min(column.min, v)
                column.max = max(column.max, v)
                column.last = v
                column.lastTime = t
                column.sum += v
            }
            columns[c] = column
        }
        return columns
    }

    @Test(arguments: [1, 7, 100, 800])
    func matchesBruteForce(width: Int) {
        var rng = SeededGenerator(seed: UInt64(width))
        var t: EpochMillis = 1_000_000
        var times: [EpochMillis] = []
        var values: [Double] = []
        for _ in 0..<20_000 {
            t += EpochMillis(rng.next() % 50)  // duplicates and gaps included
            times.append(t)
            values.append(Double(Int(rng.next() % 2001) - 1000))  // integers: sums are exact
        }
        let from: EpochMillis = 1_050_000
        let until = t - 1234
        let series = SeriesData(key: SeriesKey(name: "s"), times: times, values: values)
        let reduced = M4Reducer.reduce(series, from: from, until: until, width: width)
        #expect(reduced.columns == reference(times, values, from: from, until: until, width: width))
        #expect(reduced.pointCount == times.filter { $0 >= from && $0 < until }.count)
    }

    @Test func emptyColumnsAndSparseData() {
        let series = SeriesData(key: SeriesKey(name: "s"), times: [0, 500, 9_999], values: [1, 2, 3])
        let reduced = M4Reducer.reduce(series, from: 0, until: 10_000, width: 10)
        #expect(reduced.columns.map(\.count) == [2, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(reduced.columns[0].first == 1 && reduced.columns[0].last == 2)
        #expect(reduced.valueRange == 1...3)
    }

    @Test func keepsExtremesWhateverTheWidth() {
        var rng = SeededGenerator(seed: 9)
        let times = (0..<100_000).map { EpochMillis($0) }
        var values = (0..<100_000).map { _ in Double(rng.next() % 100) }
        values[77_777] = 1e6  // a one-point spike
        let series = SeriesData(key: SeriesKey(name: "s"), times: times, values: values)
        for width in [3, 64, 800, 4096] {
            #expect(M4Reducer.reduce(series, from: 0, until: 100_000, width: width).valueRange?.upperBound == 1e6)
        }
    }

    @Test func sliceStatsMatchScalar() {
        var rng = SeededGenerator(seed: 3)
        for count in [0, 1, 7, 8, 15, 16, 17, 100, 1001] {
            let values = (0..<count).map { _ in Double(Int(rng.next() % 1000)) - 500 }
            let stats = values.withUnsafeBufferPointer { SliceStats($0.baseAddress!, count) }
            #expect(stats.sum == values.reduce(0, +))
            #expect(stats.min == (values.min() ?? .infinity))
            #expect(stats.max == (values.max() ?? -.infinity))
        }
    }
}

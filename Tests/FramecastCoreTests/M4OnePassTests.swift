import Testing

@testable import FramecastCore

/// The one-pass reductions a chart uses equal `M4Reducer.reduce` of all the points. Values are
/// integers, so sums are exact whatever order they are added in and columns compare with ==.
@Suite struct M4OnePassTests {
    static func series(count: Int, seed: UInt64) -> SeriesData {
        var rng = SeededGenerator(seed: seed)
        var t: EpochMillis = 1_000_000
        var level = 0
        var times: [EpochMillis] = []
        var values: [Double] = []
        for i in 0..<count {
            t += EpochMillis(rng.next() % 40)  // equal times and gaps included
            if i % 5_000 == 0 { t += 90_000 }  // a few long silences: empty columns
            level += Int(rng.next() % 21) - 10
            times.append(t)
            values.append(Double(level + (rng.next() % 97 == 0 ? 500 : 0)))
        }
        return SeriesData(key: SeriesKey(name: "s"), times: times, values: values)
    }

    @Test(arguments: [1, 73, 100, 101, 163, 300, 999])
    func planColumnsEqualADirectReduction(width: Int) {
        let data = Self.series(count: 60_000, seed: UInt64(width))
        let from = data.times[1_234]
        let until = data.times[58_000] + 3
        let sizingWidth = 100  // 60k points: above the fine threshold (100 × fineFactor × 32)
        #expect(data.indices(from: from, until: until).count >= sizingWidth * SeriesData.fineFactor * SeriesData.finePointsPerColumn)
        let plan = data.plan(from: from, until: until, sizingWidth: sizingWidth)
        let sizing = M4Reducer.reduce(data, from: from, until: until, width: sizingWidth)
        #expect(plan.sizing() == sizing)
        #expect(plan.summary == SeriesSummary(sizing))
        for extremeTimes in [false, true] {
            let direct = M4Reducer.reduce(data, from: from, until: until, width: width, extremeTimes: extremeTimes)
            #expect(plan.columns(width, extremeTimes) == direct, "width \(width), extreme times \(extremeTimes)")
        }
    }

    /// 2,000 pieces are smaller than a column: columns (and their line points) span many pieces.
    @Test(arguments: [1, 2, 7, 50, 2_000])
    func accumulatedPiecesEqualOneReduction(pieces: Int) {
        let data = Self.series(count: 30_000, seed: 99 + UInt64(pieces))
        let from = data.times[2_000]
        let until = data.times[27_000]
        let window = data.indices(from: from, until: until)
        var rng = SeededGenerator(seed: UInt64(pieces))
        // Random cut points, some pieces empty, the first and last partly outside the range.
        let cuts = ([0, data.count] + (0..<pieces - 1).map { _ in Int(rng.next() % UInt64(data.count)) }).sorted()
        for extremeTimes in [false, true] {
            var accumulator = M4Accumulator(from: from, until: until, width: 333, extremeTimes: extremeTimes, windowCount: window.count)
            for (start, end) in zip(cuts, cuts.dropFirst()) {
                data.times.withUnsafeBufferPointer { times in
                    data.values.withUnsafeBufferPointer { values in
                        accumulator.add(
                            times: UnsafeBufferPointer(rebasing: times[start..<end]),
                            values: UnsafeBufferPointer(rebasing: values[start..<end]))
                    }
                }
            }
            let direct = M4Reducer.reduce(data, from: from, until: until, width: 333, extremeTimes: extremeTimes)
            #expect(accumulator.series == direct)
            #expect(direct.step > 0)
        }
    }

    @Test func aColumnBeyondTheCarryLimitKeepsABoundedExactColumn() {
        // One column holding every point, in pieces of 1,000: past `carryLimit` points the
        // column is merged piece by piece. All but the line stays exact; the line still runs
        // through raw points in time order and through both extremes.
        let data = Self.series(count: 3 * M4Accumulator.carryLimit, seed: 5)
        let from = data.times[0]
        let until = data.times[data.count - 1] + 1
        var accumulator = M4Accumulator(from: from, until: until, width: 1, extremeTimes: true, windowCount: data.count)
        data.times.withUnsafeBufferPointer { times in
            data.values.withUnsafeBufferPointer { values in
                for start in stride(from: 0, to: data.count, by: 1_000) {
                    let end = min(data.count, start + 1_000)
                    accumulator.add(
                        times: UnsafeBufferPointer(rebasing: times[start..<end]), values: UnsafeBufferPointer(rebasing: values[start..<end])
                    )
                }
            }
        }
        let direct = M4Reducer.reduce(data, from: from, until: until, width: 1, extremeTimes: true).columns[0]
        var column = accumulator.series.columns[0]
        let raw = Set(zip(data.times, data.values).map { M4Point(time: $0, value: $1) })
        #expect(column.line.allSatisfy(raw.contains))
        #expect(zip(column.line, column.line.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(column.line.contains(M4Point(time: direct.minTime, value: direct.min)))
        #expect(column.line.contains(M4Point(time: direct.maxTime, value: direct.max)))
        column.line = direct.line
        #expect(column == direct)
    }

    @Test func summaryOfPointsMatchesTheColumns() {
        let data = Self.series(count: 5_000, seed: 3)
        var summary = SeriesSummary()
        for value in data.values { summary.add(value) }
        let columns = SeriesSummary(M4Reducer.reduce(data, from: data.times[0], until: data.times[4_999] + 1, width: 50))
        #expect(summary.count == columns.count && summary.sum == columns.sum && summary.last == columns.last)
        #expect(summary.min == columns.min && summary.max == columns.max)
        // Added point by point, the smallest positive value is exact; columns only see their edges.
        #expect(summary.minPositive == data.values.filter { $0 > 0 }.min())
        #expect(summary.minPositive <= columns.minPositive)
    }
}

import Testing

@testable import FramecastCore

/// `extremeTimes`: each column also records when its min and max first occurred; without it,
/// and for rollup buckets, the times stay unknown and the columns are otherwise identical.
@Suite struct M4ExtremeTimesTests {
    @Test(arguments: [1, 13, 400])
    func extremeTimesMatchBruteForce(width: Int) {
        var rng = SeededGenerator(seed: UInt64(width) + 3)
        var t: EpochMillis = 0
        var times: [EpochMillis] = []
        var values: [Double] = []
        for _ in 0..<20_000 {
            t += EpochMillis(rng.next() % 40)
            times.append(t)
            values.append(Double(rng.next() % 200))  // many ties: the first occurrence counts
        }
        let series = SeriesData(key: SeriesKey(name: "s"), times: times, values: values)
        let with = M4Reducer.reduce(series, from: 0, until: t + 1, width: width, extremeTimes: true)
        let without = M4Reducer.reduce(series, from: 0, until: t + 1, width: width)
        for (c, column) in with.columns.enumerated() where column.count > 0 {
            let indices = times.indices.filter { with.column(of: times[$0]) == c }
            #expect(column.minTime == times[indices.first { values[$0] == column.min }!])
            #expect(column.maxTime == times[indices.first { values[$0] == column.max }!])
            var plain = column
            plain.minTime = M4Column.unknownTime
            plain.maxTime = M4Column.unknownTime
            plain.line = []
            #expect(plain == without.columns[c])
            #expect(without.columns[c].minTime == M4Column.unknownTime && without.columns[c].line.isEmpty)
            // The line's points are raw points of the column, strictly between first and last,
            // in time order, through both extremes (unless first or last holds them).
            let raw = Set(indices.map { M4Point(time: times[$0], value: values[$0]) })
            #expect(column.line.allSatisfy(raw.contains))
            #expect(zip(column.line, column.line.dropFirst()).allSatisfy { $0.time <= $1.time })
            #expect(column.line.allSatisfy { $0.time >= column.firstTime && $0.time <= column.lastTime })
            for (time, value) in [(column.minTime, column.min), (column.maxTime, column.max)]
            where time != column.firstTime && time != column.lastTime {
                #expect(column.line.contains(M4Point(time: time, value: value)))
            }
        }
    }
}

/// A raw point that a line through a column passes through.
public struct M4Point: Sendable, Hashable {
    public var time: EpochMillis
    public var value: Double

    public init(time: EpochMillis, value: Double) {
        self.time = time
        self.value = value
    }
}

/// Which raw points of a column a line keeps besides first and last (`M4Column.line`).
///
/// Written by hand: M4 (first, min, max, last) sets exactly the raw pixels without antialiasing,
/// but antialiased a pixel's shade depends on where inside it the raw strokes run, and M4's
/// strokes into and out of a spike start at the column's other extremes instead of at the raw
/// neighbours. So a column also keeps the raw points at both ends of segments that stand out as
/// its steepest (a spike's or a burst's sides; in sparse columns, simply the steepest few), and
/// the monotone edges leading into its min and max when they span most of the column's range (a
/// wide spike's flanks), simplified where they run straight. The figures below were chosen with
/// M4IdentityTests (synthetic shapes at 100k and 1M points, two real NAB series, 1× and 2×):
/// each is the cheapest tried that kept them under 1% of pixels (but for a noisy sine at 1M
/// points, which no rule tried brought there: BENCHMARKS.md).
enum M4Line {
    /// Steepest segments looked at per column.
    static let steepest = 2
    /// In a column of at most `sparseCount` points (tens of points per pixel) more segments
    /// shape the line and keeping them costs little: the `sparseSteepest` steepest are kept,
    /// whether they stand out or not. Real series with many medium excursions per pixel (NAB's
    /// machine temperature at ~100 points per pixel) needed this: 2.9% of pixels off without.
    static let sparseCount = 64
    static let sparseSteepest = 6
    /// A steep segment is kept when it rises more than this many times the next steepest: in
    /// plain noise the steepest segments are alike and keeping them only adds strokes.
    static let standOut = 1.5
    /// An extreme's monotone edge is kept when it descends through this share of the column's range.
    static let edgeShare = 0.7
    /// Edge points within this share of a column's time span of the straight line are dropped.
    static let tolerance = 0.03
    /// Longest edge walked from an extreme, in points (bounds the work on long monotone runs).
    static let walkLimit = 256

    /// Records on `column` (whose min and max are known) when they first occur and the raw points
    /// its line keeps, from its points `range`; `columnSpan` is a column's width in milliseconds.
    static func record(
        _ column: inout M4Column, range: Range<Int>, times: UnsafeBufferPointer<EpochMillis>,
        values: UnsafeBufferPointer<Double>, columnSpan: Double
    ) {
        // The first points holding the extremes, in a scan that stops once both are found (folded
        // into the steepest-segment loop, the extra tests cost ~4 ms per 10M points).
        var minIndex = -1
        var maxIndex = -1
        var i = range.lowerBound
        while i < range.upperBound && (minIndex < 0 || maxIndex < 0) {
            if minIndex < 0 && values[i] == column.min { minIndex = i }
            if maxIndex < 0 && values[i] == column.max { maxIndex = i }
            i += 1
        }
        column.minTime = times[minIndex]
        column.maxTime = times[maxIndex]
        column.line = points(
            range: range, minIndex: minIndex, maxIndex: maxIndex, times: times, values: values,
            columnSpan: columnSpan)
    }

    /// The kept points of the column over `range` (besides its first and last), in time order;
    /// `minIndex` and `maxIndex` are the first points holding its min and max.
    static func points(
        range: Range<Int>, minIndex: Int, maxIndex: Int, times: UnsafeBufferPointer<EpochMillis>,
        values: UnsafeBufferPointer<Double>, columnSpan: Double
    ) -> [M4Point] {
        guard range.count > 2 else { return [] }
        var kept = [minIndex, maxIndex]
        for index in steepSegments(range, values: values) { kept += [index - 1, index] }
        let columnRange = values[maxIndex] - values[minIndex]
        for (extreme, isMax) in [(minIndex, false), (maxIndex, true)] {
            for direction in [-1, 1] {
                // Outward from the extreme while the values keep falling away from it.
                var foot = extreme
                while abs(foot - extreme) < walkLimit, range.contains(foot + direction) {
                    let next = values[foot + direction]
                    if isMax ? next > values[foot] : next < values[foot] { break }
                    foot += direction
                }
                guard foot != extreme, abs(values[foot] - values[extreme]) >= edgeShare * columnRange else { continue }
                kept.append(foot)
                simplify(
                    min(extreme, foot)...max(extreme, foot), times: times, values: values,
                    tolerance: tolerance * columnSpan, into: &kept)
            }
        }
        kept.sort()
        var points: [M4Point] = []
        points.reserveCapacity(kept.count)
        var previous = range.lowerBound
        for i in kept where i > previous && i < range.upperBound - 1 {
            points.append(M4Point(time: times[i], value: values[i]))
            previous = i
        }
        return points
    }

    /// Indices ending the `steepest` steepest segments of `range` that stand out (`standOut`),
    /// or the `sparseSteepest` steepest of a sparse column.
    static func steepSegments(_ range: Range<Int>, values: UnsafeBufferPointer<Double>) -> [Int] {
        let sparse = range.count <= sparseCount
        let steepest = sparse ? sparseSteepest : Self.steepest
        // The steepest + 1 largest rises, largest first; the loop only compares against the
        // smallest of them, so it runs at the speed of reading the values.
        var top: [(rise: Double, index: Int)] = []
        top.reserveCapacity(steepest + 2)
        var smallest = -Double.infinity
        var previous = values[range.lowerBound]
        for i in range.lowerBound + 1..<range.upperBound {
            let value = values[i]
            let rise = abs(value - previous)
            previous = value
            if rise > smallest {
                top.insert((rise, i), at: top.firstIndex { $0.rise < rise } ?? top.count)
                if top.count > steepest + 1 { top.removeLast() }
                if top.count == steepest + 1 { smallest = top[steepest].rise }
            }
        }
        let bar = top.count == steepest + 1 ? top.removeLast().rise * (sparse ? 0 : standOut) : 0
        return top.filter { $0.rise > bar }.map(\.index)
    }

    /// Douglas–Peucker over the monotone edge `edge` (its ends are kept already), measuring how
    /// far each point lies from the chord along time, at the point's value: edges in dense data
    /// are near vertical, and there a point's time is what moves its stroke.
    static func simplify(
        _ edge: ClosedRange<Int>, times: UnsafeBufferPointer<EpochMillis>, values: UnsafeBufferPointer<Double>,
        tolerance: Double, into kept: inout [Int]
    ) {
        let a = edge.lowerBound
        let b = edge.upperBound
        guard b > a + 1 else { return }
        let ta = Double(times[a])
        let tb = Double(times[b])
        let va = values[a]
        let vb = values[b]
        var worst = -1
        var worstDeviation = tolerance
        for j in a + 1..<b {
            let v = values[j]
            let deviation = va == vb ? (v == va ? 0 : .infinity) : abs(Double(times[j]) - (ta + (v - va) / (vb - va) * (tb - ta)))
            if deviation > worstDeviation {
                worst = j
                worstDeviation = deviation
            }
        }
        guard worst >= 0 else { return }
        kept.append(worst)
        simplify(a...worst, times: times, values: values, tolerance: tolerance, into: &kept)
        simplify(worst...b, times: times, values: values, tolerance: tolerance, into: &kept)
    }
}

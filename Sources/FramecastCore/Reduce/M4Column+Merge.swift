extension M4Column {
    /// Adds the points of `next`, which all come after this column's points in time order (ties
    /// in arrival order): counts and sums add, extremes combine (an equal extreme keeps the
    /// earlier time, as a reduction of all the points would), `first` stays, `last` is `next`'s.
    /// Exact, except that a sum is added in a different order (last-bit rounding). With
    /// `keepingLine` the line runs through both columns' line points and the two raw points where
    /// they meet (more raw points than one reduction would keep, never others); without, it is
    /// dropped.
    @inlinable
    public mutating func absorb(_ next: M4Column, keepingLine: Bool = false) {
        guard next.count > 0 else { return }
        guard count > 0 else {
            self = next
            if !keepingLine { line = [] }
            return
        }
        count += next.count
        sum += next.sum
        if next.min < min {
            min = next.min
            minTime = next.minTime
        }
        if next.max > max {
            max = next.max
            maxTime = next.maxTime
        }
        if keepingLine && minTime != M4Column.unknownTime {
            line.append(M4Point(time: lastTime, value: last))
            if next.count > 1 { line.append(M4Point(time: next.firstTime, value: next.first)) }
            line += next.line
        } else {
            line = []
        }
        last = next.last
        lastTime = next.lastTime
    }
}

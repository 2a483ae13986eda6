extension M4Column {
    /// Adds the points of `next`, which all come after this column's points in time order (ties
    /// in arrival order): counts and sums add, extremes combine (an equal extreme keeps the
    /// earlier time, as a reduction of all the points would), `first` stays, `last` is `next`'s.
    /// Exact, except that a sum is added in a different order (last-bit rounding).
    @inlinable
    public mutating func absorb(_ next: M4Column) {
        guard next.count > 0 else { return }
        guard count > 0 else {
            self = next
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
        last = next.last
        lastTime = next.lastTime
    }
}

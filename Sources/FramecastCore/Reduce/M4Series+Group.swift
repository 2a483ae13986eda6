extension M4Series {
    /// The series at `width / factor` columns, each merging `factor` whole columns: exact, as a
    /// column boundary at the coarser width is one at this width too (sums aside: added per column).
    public func grouped(by factor: Int) -> M4Series {
        guard factor > 1 else { return self }
        var grouped = [M4Column](repeating: .empty, count: width / factor)
        for j in 0..<grouped.count * factor { grouped[j / factor].absorb(columns[j]) }
        return M4Series(from: from, until: until, columns: grouped, step: step)
    }
}

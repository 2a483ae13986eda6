extension Glob {
    /// `Glob.validated(_:)` for chart options: the problem as a `ChartSpecError`.
    init(checking pattern: String) throws(ChartSpecError) {
        do {
            self = try Glob.validated(pattern)
        } catch {
            throw .invalidGlob(error)
        }
    }
}

/// The filled part of an area chart: each run of the line closed down to a baseline (y of zero,
/// or the plot's bottom edge when zero is off the axis or the axis is logarithmic).
public enum AreaPath {
    static func fills(lines: [[Point]], baseline: Double) -> [[Point]] {
        lines.compactMap { line in
            guard let first = line.first, let last = line.last else { return nil }
            return line + [Point(last.x, baseline), Point(first.x, baseline)]
        }
    }
}

/// Dense id of a series inside one Aggregator: 0, 1, 2… in order of creation, stable for the
/// Aggregator's life and across checkpoints. Not the numbering of a `ParsedBatch` (whose ids
/// are local to the batch); `Aggregator.apply` maps those once per batch.
public struct SeriesID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Position of the series in creation order.
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    var index: Int { Int(rawValue) }

    public static func < (lhs: SeriesID, rhs: SeriesID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "#\(rawValue)" }
}

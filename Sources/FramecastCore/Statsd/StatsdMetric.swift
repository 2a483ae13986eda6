/// One statsd sample, as read from a line: `key:value|type[|@rate][|#tag:v,...]`.
public struct StatsdMetric: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `c`: added up, scaled by 1/sample rate.
        case counter
        /// `g`: last value wins; a signed value (`+3`, `-2`) is a delta on the current gauge.
        case gauge(delta: Bool)
        /// `ms`, `h`, `d`: every sample kept until the flush (`h`/`d` are DogStatsD's names).
        case timer
        /// `s`: distinct values counted; `value` is unused, `member` holds the raw text.
        case set
    }

    /// Sanitized key with DogStatsD tags appended as `;k=v` (Etsy's spelling).
    public let key: String
    public let kind: Kind
    public let value: Double
    public let sampleRate: Double
    public let member: String

    public init(key: String, kind: Kind, value: Double, sampleRate: Double = 1, member: String = "") {
        self.key = key
        self.kind = kind
        self.value = value
        self.sampleRate = sampleRate
        self.member = member
    }
}

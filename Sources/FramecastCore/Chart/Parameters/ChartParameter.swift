/// One chart parameter: everything a front end needs to offer it (name, type, default, bounds,
/// help, whether it repeats) written once. `ChartParameters.parse` reads values by these
/// entries, the CLI's `--help` and the HTTP API's 400 messages use the same words.
public struct ChartParameter: Sendable {
    /// What a value must look like; bounds are inclusive.
    public enum ValueType: Sendable, Equatable {
        /// A whole number within the bounds.
        case integer(ClosedRange<Int>)
        /// A finite number within the bounds.
        case number(ClosedRange<Double>)
        /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`; an empty value is true).
        case boolean
        /// Free text of at most this many UTF-8 bytes.
        case text(maxBytes: Int)
        /// One of these words (case-insensitive).
        case choice([String])
        /// A duration such as `1s` or `5min`, in milliseconds within the bounds.
        case duration(ClosedRange<Int64>)
        /// A time expression (`now`, `-24h`, an epoch, an ISO-8601 time).
        case time
        /// A Graphite glob over series names.
        case glob
        /// A small structured text its Core type parses (threshold, annotation, colour override).
        case structured
        /// An IANA time zone name.
        case timeZone
    }

    /// Which front ends offer a parameter.
    public enum FrontEnd: Sendable, Hashable, CaseIterable {
        /// `framecast export`'s flags.
        case cli
        /// The query parameters of `/render`, `/stream`, `/events`, `/ws` and `/embed`.
        case http
    }

    public let name: ChartParameterName
    public let type: ValueType
    /// The value used when none is given, as text; nil when absent means "not set" (auto, none,
    /// or a default the front end decides, which the help then says).
    public let defaultValue: String?
    /// One sentence, shared by the CLI's `--help` and the API documentation.
    public let help: String
    /// The placeholder the CLI's help shows for the value (`number`, `glob=#hex`).
    public let valueName: String
    /// Whether the parameter may be given more than once; each value adds one item.
    public let repeatable: Bool
    /// For repeatable parameters: at most this many values, named `noun` in the error.
    public let maxValues: Int?
    public let noun: String
    /// A valid value (tests and examples in messages).
    public let example: String
    public let frontEnds: Set<FrontEnd>

    init(
        _ name: ChartParameterName, _ type: ValueType, default defaultValue: String? = nil, help: String, valueName: String,
        repeatable: Bool = false, maxValues: Int? = nil, noun: String = "", example: String,
        frontEnds: Set<FrontEnd> = [.cli, .http]
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
        self.valueName = valueName
        self.repeatable = repeatable
        self.maxValues = maxValues
        self.noun = noun
        self.example = example
        self.frontEnds = frontEnds
    }

    /// The parameters a front end offers, in table order.
    public static func offered(by frontEnd: FrontEnd) -> [ChartParameter] {
        ChartParameterName.allCases.compactMap { table[$0] }.filter { $0.frontEnds.contains(frontEnd) }
    }

    /// The default as an integer, for `.integer` parameters (CLI property defaults).
    public var defaultInt: Int { defaultValue.flatMap { Int($0) } ?? 0 }
}

/// A chart parameter that cannot be used. The error knows the table parameters it is about
/// (`parameters`; several when the problem lies between them, as `y-min/y-max`), and its
/// `message` says what to give instead; each front end writes the names its own way
/// (`--y-min: …` on the CLI, `parameter 'y-min': …` over HTTP).
public struct ChartParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// A name the front end maps onto no table parameter, as written; `known` lists the names it takes.
        case unknownName(String, known: [String])
        /// A parameter that takes one value was given more than once.
        case givenTwice
        /// A required parameter is missing; the text says what to give.
        case required(String)
        /// Not a whole number (or too large to be one).
        case notWholeNumber(String)
        /// Not a finite number.
        case notFiniteNumber(String)
        /// A number outside the parameter's bounds.
        case outOfBounds(String, bounds: String)
        /// Not a boolean.
        case notBoolean(String)
        /// Not one of the allowed words.
        case notOneOf(String, allowed: [String])
        /// Not a duration within the bounds.
        case notDuration(String, bounds: String)
        /// A time expression that cannot be read.
        case unreadableTime(TimeExpression.Failure)
        /// `from` is not before `until`.
        case emptyTimeRange(from: EpochMillis, until: EpochMillis)
        /// A value this front end does not offer (e.g. `format=json` on the CLI); the text says why.
        case notOffered(String)
        /// A value the chart spec refuses (bounds, a bad threshold, a log axis with a zero min, …).
        case spec(ChartSpecError)
    }

    /// The table parameters concerned; empty only for `.unknownName`.
    public let parameters: [ChartParameterName]
    public let problem: Problem

    public init(_ parameters: [ChartParameterName], _ problem: Problem) {
        self.parameters = parameters
        self.problem = problem
    }

    public init(_ parameter: ChartParameterName, _ problem: Problem) {
        self.init([parameter], problem)
    }

    /// The parameters as a front end spells them, joined by `/` (`--y-min/--y-max`); for an
    /// unknown name, the name as written.
    public func names(_ spell: (ChartParameterName) -> String) -> String {
        if case .unknownName(let name, _) = problem { return name }
        return parameters.map(spell).joined(separator: "/")
    }

    /// What is wrong and what to give instead, without the parameter's name.
    public var message: String { message(spelling: \.rawValue) }

    /// The message, naming other parameters as the front end spells them.
    public func message(spelling spell: (ChartParameterName) -> String) -> String {
        switch problem {
        case .unknownName(_, let known): return "unknown parameter; known: \(known.joined(separator: ", "))"
        case .givenTwice: return "given more than once; it takes one value"
        case .required(let what): return "required: \(what)"
        case .notWholeNumber(let text): return "'\(text)' is not a whole number"
        case .notFiniteNumber(let text): return "'\(text)' is not a finite number"
        case .outOfBounds(let text, let bounds): return "\(text) is out of bounds: use \(bounds)"
        case .notBoolean(let text): return "'\(text)' is not a boolean: use true or false"
        case .notOneOf(let text, let allowed): return "'\(text)' is not one of \(allowed.joined(separator: ", "))"
        case .notDuration(let text, let bounds): return "'\(text)' is not a duration between \(bounds) (e.g. 1s, 5s, 1min)"
        case .unreadableTime(let failure): return failure.description
        case .emptyTimeRange(let from, let until):
            return "\(spell(.from)) (\(ChartSpecError.iso(from))) must be before \(spell(.until)) (\(ChartSpecError.iso(until)))"
        case .notOffered(let why): return why
        case .spec(let error): return error.description
        }
    }

    /// `name: message`, with the table's names.
    public var description: String { "\(names(\.rawValue)): \(message)" }
}

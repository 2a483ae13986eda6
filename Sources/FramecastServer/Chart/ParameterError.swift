import FramecastCore

/// A request parameter that cannot be used; the server answers 400 with `description`, which
/// names the parameter and says what to send instead.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public let parameter: String
    public let message: String

    public init(_ parameter: String, _ message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { "parameter '\(parameter)': \(message)" }
}

extension TimeExpression {
    /// Parses the time parameter `name`, naming it in the error.
    static func parse(_ text: String, parameter name: String, now: EpochMillis, parser: TimestampParser) throws(ParameterError)
        -> EpochMillis
    {
        do {
            return try parse(text, now: now, parser: parser)
        } catch {
            throw ParameterError(name, error.description)
        }
    }
}

extension Glob {
    /// Compiles the glob parameter `name` from a request, naming it in the error.
    static func parameter(_ text: String, _ name: String) throws(ParameterError) -> Glob {
        do {
            return try Glob.validated(text)
        } catch {
            throw ParameterError(name, error.description)
        }
    }
}

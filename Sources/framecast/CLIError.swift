/// Errors the CLI reports to the user; each message says what to fix. ArgumentParser prints
/// them as `Error: …` and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

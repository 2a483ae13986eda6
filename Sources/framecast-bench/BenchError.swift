/// Why a bench command cannot run; each message says what to fix. ArgumentParser prints them
/// as `Error: …` and exits non-zero.
enum BenchError: Error, CustomStringConvertible {
    /// The times and values files do not hold the same number (more than one) of 8-byte items.
    case columnsMismatch
    /// A file's size is not a whole number of 8-byte items.
    case notWholeItems(path: String, size: Int?)
    /// A column file cannot be opened for reading.
    case cannotOpen(String)
    /// A column file ended before its stated size (it changed while being read).
    case shortRead(String)
    /// An option's value is outside what it accepts.
    case badOption(String)

    var description: String {
        switch self {
        case .columnsMismatch: "times and values must hold the same number (>1) of 8-byte items"
        case .notWholeItems(let path, let size):
            "\(path): size\(size.map { " \($0)" } ?? "") is not a multiple of 8: give a file of little-endian 8-byte items"
        case .cannotOpen(let path): "cannot open \(path): give a readable file"
        case .shortRead(let path): "\(path): short read (did the file change while being read?)"
        case .badOption(let message): message
        }
    }
}

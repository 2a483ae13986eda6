/// A parsed JSON value with the byte offset where it starts (for line numbers in errors).
/// Written by hand rather than JSONSerialization: it reads bytes straight into Swift values
/// without NSObject boxing, and knows where each element began so a bad point is reported with
/// its line while the good points of the same batch are kept.
enum JSONValue {
    case null
    case bool(Bool)
    case number(Double)
    /// A number's raw text is kept too: epoch timestamps must not lose digits through Double.
    case integer(Int64)
    case string(String)
    case array([JSONElement])
    case object([JSONMember])

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The first of `keys` present in an object.
    func member(_ keys: [String]) -> JSONValue? {
        for key in keys { if let value = self[key] { return value } }
        return nil
    }

    var doubleValue: Double? {
        switch self {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
}

/// Why a JSON document could not be read at some byte offset.
struct JSONSyntaxError: Error {
    let offset: Int
    let message: String
}

/// An array element and the byte offset where it starts.
struct JSONElement {
    let offset: Int
    let value: JSONValue
}

/// An object member.
struct JSONMember {
    let key: String
    let value: JSONValue
}

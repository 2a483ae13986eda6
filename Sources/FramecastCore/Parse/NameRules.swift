/// Which bytes a series name may hold. Names end up in URLs, SVG text, file names and glob
/// queries, so spaces, control bytes, quotes, backslashes and glob metacharacters are refused at
/// the door rather than escaped everywhere later. `;` and `=` are kept for the tag syntax, and
/// tag values (after the first `;`) may also hold spaces. Because a name never holds a space and
/// a tagged key always holds a `;`, the Influx raw spellings (`measurement,tags field`, no `;`)
/// that the parser registers as aliases can never be mistaken for a canonical key.
public enum NameRules {
    static let forbidden: [Bool] = {
        var table = Array(repeating: false, count: 256)
        for byte in 0..<0x21 { table[byte] = true }
        table[0x7F] = true
        for character in "\"'\\*?[]{}`" { table[Int(character.asciiValue!)] = true }
        return table
    }()

    /// Checks canonical name bytes; nil when acceptable.
    public static func check(_ start: UnsafePointer<UInt8>, _ count: Int, limit: Int) -> LineRejection.Reason? {
        if count == 0 || start[0] == UInt8(ascii: ";") { return .emptyName }
        if count > limit { return .nameTooLong(length: count, limit: limit) }
        var sawHighBit = false
        var inTags = false
        for i in 0..<count {
            let byte = start[i]
            // Tag values may hold spaces (Telegraf sends `model=Samsung\ SSD`); names may not.
            if forbidden[Int(byte)], !(inTags && byte == 0x20) { return .forbiddenCharacter(describe(byte)) }
            inTags = inTags || byte == UInt8(ascii: ";")
            sawHighBit = sawHighBit || byte >= 0x80
        }
        if sawHighBit, String(validating: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) == nil {
            return .invalidUTF8
        }
        return nil
    }

    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20: return "a space"
        case 0x09: return "a tab"
        case 0..<0x20, 0x7F: return "control byte 0x" + String(byte, radix: 16)
        default: return "'\(Character(Unicode.Scalar(byte)))'"
        }
    }

    /// Interns a name after checking it, parsing tags (`name;k=v`) only when the series is new.
    /// Tags are put in canonical (sorted) order so that `a;x=1;y=2` and `a;y=2;x=1` meet.
    static func intern(
        _ start: UnsafePointer<UInt8>, _ count: Int, into batch: inout ParsedBatch,
        limit: Int
    ) -> Result<Int32, LineRejection.Reason> {
        if let id = batch.interner.lookup(start, count) { return .success(id) }
        if let problem = check(start, count, limit: limit) { return .failure(problem) }
        let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        let key = SeriesKey(canonical: text)
        if key.name.isEmpty { return .failure(.emptyName) }
        let canonical = key.canonical
        if canonical != text {
            // Register the canonical form, then the raw spelling as an alias of the same id.
            let id = batch.interner.intern(key)
            batch.interner.alias(start, count, to: id)
            return .success(id)
        }
        return .success(batch.interner.intern(start, count) { key }!)
    }
}

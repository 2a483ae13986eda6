/// Reads statsd packets exactly as Etsy's statsd (stats.js) does: lines split on `\n`, DogStatsD
/// tags after `|#` (`k:v` becomes `k=v`), several `value|type` parts after one key separated by
/// `:`, the key sanitized (blanks → `_`, `/` → `-`, anything outside `[A-Za-z0-9_.;=-]` dropped)
/// and a line refused when its type is missing, its sample rate is not `@<positive number>` (Etsy
/// takes `@0` and counts Infinity: found by the statsd fuzz target)
/// or its value is not a number (`ms` values must also be ≥ 0; a set takes any text).
/// Beyond Etsy: `h` and `d` are timers (DogStatsD), an unknown type is a bad line rather than a
/// counter, and non-finite values are refused, as everywhere in Framecast.
public enum StatsdParser {
    /// Appends each good metric of `packet` to `metrics`; returns the number of bad lines.
    public static func parse(_ packet: String, into metrics: inout [StatsdMetric]) -> Int {
        var bad = 0
        for line in packet.split(separator: "\n", omittingEmptySubsequences: true) {
            let withTags = line.split(separator: "|#", maxSplits: 1, omittingEmptySubsequences: false)
            var parts = withTags[0].split(separator: ":", omittingEmptySubsequences: false)
            var key = String(parts.removeFirst())
            if withTags.count > 1, !withTags[1].isEmpty {
                let tags = withTags[1].split(separator: ",", omittingEmptySubsequences: false).map { tag in
                    // JavaScript's String.replace with a string replaces the first occurrence only.
                    replacingFirst(":", with: "=", in: replacingFirst(";", with: "_", in: String(tag)))
                }
                key += ";" + tags.joined(separator: ";")
            }
            key = sanitize(key)
            if parts.isEmpty { parts = ["1"] }
            for part in parts {
                if let metric = metric(key: key, String(part)) { metrics.append(metric) } else { bad += 1 }
            }
        }
        return bad
    }

    static func metric(key: String, _ part: String) -> StatsdMetric? {
        let fields = part.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 2, !key.isEmpty else { return nil }
        var rate = 1.0
        if fields.count >= 3 {
            let text = fields[2]
            guard text.count > 1, text.first == "@", let parsed = number(String(text.dropFirst())), parsed > 0,
                text.dropFirst().first != "-"
            else { return nil }
            rate = parsed
        }
        let type = fields[1].trimmingBlanks()
        let text = fields[0]
        switch type {
        case "s": return StatsdMetric(key: key, kind: .set, value: 0, member: text.isEmpty ? "0" : text)
        case "g":
            guard let value = number(text) else { return nil }
            return StatsdMetric(key: key, kind: .gauge(delta: text.first == "+" || text.first == "-"), value: value)
        case "ms", "h", "d":
            guard let value = number(text), value >= 0 else { return nil }
            return StatsdMetric(key: key, kind: .timer, value: value, sampleRate: rate)
        case "c":
            guard let value = number(text) else { return nil }
            return StatsdMetric(key: key, kind: .counter, value: value, sampleRate: rate)
        default: return nil
        }
    }

    /// JavaScript's `Number(text)` for the forms statsd clients send; nil for NaN, ±Infinity and text.
    static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingBlanks()
        guard !trimmed.isEmpty, let value = Double(trimmed.first == "+" ? String(trimmed.dropFirst()) : trimmed),
            value.isFinite
        else { return nil }
        return value
    }

    static func sanitize(_ key: String) -> String {
        var out = ""
        var inBlanks = false
        for scalar in key.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\u{0B}" || scalar == "\u{0C}" {
                if !inBlanks { out.append("_") }
                inBlanks = true
                continue
            }
            inBlanks = false
            switch scalar {
            case "/": out.append("-")
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", ";", "=": out.unicodeScalars.append(scalar)
            default: break
            }
        }
        return out
    }

    static func replacingFirst(_ target: Character, with replacement: Character, in text: String) -> String {
        guard let index = text.firstIndex(of: target) else { return text }
        var copy = text
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

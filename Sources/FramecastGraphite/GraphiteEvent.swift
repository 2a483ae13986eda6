import Foundation
import FramecastCore

/// A Graphite event (graphite-web's `/events/`): a time, what happened, tags and free text. It is
/// stored as a point of its own series, so it goes through the log, the checkpoints and the
/// deletion entries exactly as points do (acknowledged only once durable, replayed after a
/// crash): the series `_framecast_events` with tags `id`, `what`, `tags` and `data` (the texts
/// base64url-encoded, since tag values cannot hold every character), value 1 at `when`. The
/// Graphite API, finds and tag queries never show that series; events keep as long as the
/// retention of that name keeps points.
public struct GraphiteEvent: Sendable, Equatable {
    public static let seriesName = "_framecast_events"
    public static let maxWhatBytes = 255
    public static let maxDataBytes = 4096
    public static let maxTags = 50
    public static let maxTagBytes = 100

    public let id: Int64
    /// Epoch milliseconds.
    public let when: EpochMillis
    public let what: String
    public let tags: [String]
    public let data: String

    public init(id: Int64, when: EpochMillis, what: String, tags: [String], data: String) throws(GraphiteError) {
        guard what.utf8.count <= Self.maxWhatBytes else {
            throw GraphiteError("event 'what' is \(what.utf8.count) bytes; at most \(Self.maxWhatBytes)")
        }
        guard data.utf8.count <= Self.maxDataBytes else {
            throw GraphiteError("event 'data' is \(data.utf8.count) bytes; at most \(Self.maxDataBytes)")
        }
        guard tags.count <= Self.maxTags else { throw GraphiteError("an event has at most \(Self.maxTags) tags") }
        for tag in tags where tag.utf8.count > Self.maxTagBytes || tag.isEmpty || tag.contains(where: \.isWhitespace) {
            throw GraphiteError("event tag '\(tag.prefix(40))' must be 1…\(Self.maxTagBytes) bytes without spaces")
        }
        guard EpochTime.validRange.contains(when) else { throw GraphiteError("event 'when' is out of range") }
        self.id = id
        self.when = when
        self.what = what
        self.tags = tags
        self.data = data
    }

    /// The key of the event's series.
    public var key: SeriesKey {
        SeriesKey(
            name: Self.seriesName,
            tags: [
                .init("id", String(id)), .init("what", Self.encode(what)), .init("tags", Self.encode(tags.joined(separator: " "))),
                .init("data", Self.encode(data))
            ])
    }

    /// The event a series key and its point's time stand for, nil for any other series.
    public init?(key: SeriesKey, time: EpochMillis) {
        guard key.name == Self.seriesName, let idText = key.tag("id"), let id = Int64(idText),
            let what = Self.decode(key.tag("what") ?? ""), let tags = Self.decode(key.tag("tags") ?? ""),
            let data = Self.decode(key.tag("data") ?? "")
        else { return nil }
        self.id = id
        when = time
        self.what = what
        self.tags = tags.split(separator: " ").map(String.init)
        self.data = data
    }

    /// Every event in the snapshot, oldest first.
    public static func all(in snapshot: Aggregator) -> [GraphiteEvent] {
        snapshot.seriesIDs { $0.name == seriesName }.compactMap { id -> GraphiteEvent? in
            guard let time = snapshot.newestTime(of: id) else { return nil }
            return GraphiteEvent(key: snapshot.key(of: id), time: time)
        }.sorted { ($0.when, $0.id) < ($1.when, $1.id) }
    }

    /// graphite-web's tag matching: `all` tags (the default), `union` (any), `intersection` (all).
    public func matches(_ wanted: [String], any: Bool) -> Bool {
        wanted.isEmpty || (any ? wanted.contains(where: tags.contains) : wanted.allSatisfy(tags.contains))
    }

    /// The event as graphite-web's `as_dict` writes it.
    public var json: JSONValue {
        .object([
            ("when", .int(Int(when / 1000))), ("what", .string(what)), ("data", .string(data)), ("tags", .array(tags.map { .string($0) })),
            ("id", .int(Int(id)))
        ])
    }

    static func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> String? {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        return Data(base64Encoded: b64).flatMap { String(data: $0, encoding: .utf8) }
    }
}

import FramecastCore
import FramecastGraphite
import Hummingbird

/// Which series one request may see. A request that carries no valid, unexpired signature sees
/// none of the series under a `--private` pattern: they are left out of every chart it draws,
/// every list it gets and every error message it reads, and a live stream re-applies this at
/// each tick, so a private series created after an unsigned stream connected never reaches it.
/// Every route that reads series takes one (there is no default), so a new route cannot forget.
public struct SeriesVisibility: Sendable, Hashable {
    /// Patterns of the series this request may not see.
    public let hidden: [Glob]

    public static let everything = SeriesVisibility(hidden: [])

    public init(hidden: [Glob]) { self.hidden = hidden }

    public var hidesAny: Bool { !hidden.isEmpty }

    /// Whether the request may see the series. The series that holds the Graphite events
    /// (`GraphiteEvent`) is nobody's chart: it is never shown.
    public func shows(_ key: SeriesKey) -> Bool { key.name != GraphiteEvent.seriesName && !hidden.contains { $0.matches(key) } }

    /// The visible series matching `glob`, in canonical key order.
    func seriesIDs(_ snapshot: Aggregator, matching glob: Glob) -> [SeriesID] {
        hidesAny
            ? snapshot.seriesIDs { glob.matches($0) && shows($0) }
            : snapshot.seriesIDs(matching: glob).filter { snapshot.key(of: $0).name != GraphiteEvent.seriesName }
    }

    /// What `request` may see: everything when it is signed (and the signature verifies for
    /// its path and parameters now), the public series otherwise.
    static func of(_ request: Request, options: ServerOptions) -> SeriesVisibility {
        guard !options.privateSeries.isEmpty else { return .everything }
        guard (try? verifySignature(request, options: options)) != nil else {
            return SeriesVisibility(hidden: options.privateSeries)
        }
        return .everything
    }

    /// Throws why `request`'s signature does not let it see private series (403 messages).
    static func verifySignature(_ request: Request, options: ServerOptions) throws {
        guard let signer = options.signer else {
            throw HTTPError(.forbidden, message: "this chart shows private series and the server has no signing key")
        }
        let pairs = request.allQueryPairs.filter { $0.0 != "_" }
        try signer.verify(path: request.uri.path, query: pairs, now: ServerClock.now() / 1000)
    }
}

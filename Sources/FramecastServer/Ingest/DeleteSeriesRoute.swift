import FramecastCore
import Hummingbird

/// `DELETE /api/v1/series?match=GLOB`: removes the matching series durably (a logged deletion,
/// replayed on restart), with the write token when the server has one. `match` is required, so
/// a bare DELETE cannot empty the store by accident; `match=**` does, on purpose.
enum DeleteSeriesRoute {
    static let listed = 100

    static func delete(_ request: Request, state: ServerState) async -> Response {
        do {
            try WriteAuth.check(request, token: state.options.writeToken)
            let reader = QueryParameters(request.queryPairs, allowed: ["match"])
            try reader.check()
            guard let text = reader.one("match"), !text.isEmpty else {
                throw ParameterError("match", "is required: the glob of the series to delete (match=** deletes every series)")
            }
            let glob = try Glob.parameter(text, "match")
            let keys = try await state.engine.deleteSeries(matching: glob)
            if !keys.isEmpty {
                state.logger.notice("series deleted", metadata: ["match": "\(text)", "count": "\(keys.count)"])
            }
            let names = keys.prefix(listed).map(\.canonical)
            return try JSONBody.response(Reply(deleted: keys.count, series: names, more: keys.count - names.count))
        } catch let error as IngestError {
            return WriteReply.response(error, dialect: .framecast)
        } catch let error as ParameterError {
            return WriteReply.response(.badParameter(error), dialect: .framecast)
        } catch {
            let (status, message) = WriteFailure.reply(to: error)
            return WriteReply.error(status, message: message, dialect: .framecast)
        }
    }

    struct Reply: Encodable {
        /// Series removed.
        let deleted: Int
        /// The first `listed` of them, canonical names.
        let series: [String]
        /// How many more were removed than listed.
        let more: Int
    }
}

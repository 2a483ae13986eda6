import AsyncHTTPClient
import Foundation
import FramecastCore
import FramecastServer
import NIOCore
import NIOHTTP1

/// `framecast export --server URL`: the same flags, sent as `/render` parameters to a running
/// server (the names are the table's, so the URL is what the flags say), signed with
/// `--key-file` when given; the answer written where a local export would write it.
extension ExportCommand {
    /// The chart flags as `/render` query parameters, in table order (the server parses them
    /// with the same table; values the user left at the table's default are not sent).
    func serverQuery() -> [(String, String)] {
        var values = chart.values([
            .from: from, .until: until, .width: width, .height: height, .scale: scale, .format: format, .title: title, .tz: tz
        ])
        values[.series] = [series]
        if values[.format] == nil {
            let name = output.lowercased()
            values[.format] = [
                name.hasSuffix(".overlay.svg") ? "overlay" : name.hasSuffix(".svg") ? "svg" : name.hasSuffix(".json") ? "json" : "png"
            ]
        }
        var pairs: [(String, String)] = []
        for name in ChartParameterName.allCases where name.parameter.frontEnds.contains(.http) {
            for value in values[name] ?? [] where !(value == name.parameter.defaultValue && name != .format) {
                pairs.append((name.rawValue, value))
            }
        }
        return pairs
    }

    /// The `/render` URL for these flags on `server`, signed when `--key-file` is given.
    func serverURL(_ server: String) throws(CLIError) -> String {
        guard var base = URLComponents(string: server), let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
            base.host != nil
        else {
            throw CLIError("--server '\(server)' is not an http:// or https:// URL (e.g. http://127.0.0.1:8080)")
        }
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        base.path = prefix + "/render"
        var query = serverQuery()
        if let keyFile {
            let signer: URLSigner
            do { signer = try URLSigner(keyFile: keyFile) } catch { throw CLIError("--key-file: \(error)") }
            guard let duration = TimeExpression.parseDuration(Substring(expires)), duration > 0 else {
                throw CLIError("--expires '\(expires)' is not a duration such as 10min or 30d")
            }
            query = signer.sign(path: base.path, query: query, expires: Int64(Date().timeIntervalSince1970) + duration / 1000)
        }
        base.percentEncodedQuery = nil
        return (base.string ?? server) + "?" + URLSigner.canonical(query)
    }

    func exportFromServer(_ server: String) async throws {
        let url = try serverURL(server)
        guard let seconds = TimeExpression.parseDuration(Substring(timeout)), seconds > 0 else {
            throw CLIError("--timeout '\(timeout)' is not a duration such as 30s")
        }
        let limit = 512 << 20
        let client = HTTPClient.shared
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "framecast-export")
        let body: ByteBuffer
        let status: HTTPResponseStatus
        do {
            let response = try await client.execute(request, timeout: .milliseconds(seconds))
            status = response.status
            body = try await response.body.collect(upTo: limit)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw CLIError("no answer from \(server) within \(timeout) (--timeout)")
        } catch let error as IOError {
            throw CLIError("cannot reach \(server): \(String(cString: strerror(error.errnoCode)))")
        } catch {
            throw CLIError("cannot reach \(server): \(error)")
        }
        guard status == .ok else {
            let message = Self.errorMessage(body) ?? String(buffer: body).prefix(300).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CLIError("\(server) answered \(status.code) \(status.reasonPhrase): \(message)")
        }
        try write(Array(buffer: body))
        if output != "-" { warning("wrote \(output): \(body.readableBytes) bytes from \(url)") }
    }

    /// The message of the server's `{"error":{"message":…}}`.
    static func errorMessage(_ body: ByteBuffer) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return nil }
        return error["message"] as? String
    }
}

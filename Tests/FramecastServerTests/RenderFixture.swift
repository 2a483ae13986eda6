import Foundation
import FramecastCore
import FramecastServer
import FramecastStore
import Hummingbird
import HummingbirdTesting
import Logging

/// A server on a fresh store in a temporary directory, with points ingested through the engine.
struct RenderFixture {
    let directory: URL
    let engine: IngestEngine
    let state: ServerState

    static func make(
        options: ServerOptions = ServerOptions(),
        retention: String = "1s:10m,1m:1d,1h:1y"
    ) async throws -> RenderFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fc-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rules = try RetentionRules(parsing: [], default: RetentionPolicy(retention))
        let engine = try await IngestEngine(directory: directory.path, options: IngestEngine.Options(rules: rules))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return RenderFixture(directory: directory, engine: engine, state: ServerState(engine: engine, options: options, logger: logger))
    }

    /// Ingests Graphite plaintext (`path value epoch-seconds` lines).
    @discardableResult
    func ingest(graphite text: String, now: EpochMillis = ServerClock.now()) async throws -> IngestResult {
        var batch = await engine.makeBatch()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            InputFormat.graphite.parse(raw, options: ParseOptions(now: now), into: &batch)
        }
        return try await engine.ingest(batch, now: now)
    }

    /// One point per second for `seconds` seconds ending now, for each name.
    func ingestRecent(_ names: [String], seconds: Int = 120, now: EpochMillis = ServerClock.now()) async throws {
        let end = now / 1000
        var text = ""
        for name in names {
            for s in 0..<seconds {
                let t = end - Int64(seconds - 1 - s)
                text += "\(name) \(Double(s % 17) + (name.hasSuffix("b") ? 5 : 0)) \(t)\n"
            }
        }
        try await ingest(graphite: text, now: now)
    }

    var application: some ApplicationProtocol {
        Application(router: FramecastApplication.router(state: state))
    }

    func close() async {
        try? await engine.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The message of a JSON error body (`{"error":{"message":…}}`), or "" when there is none.
    var errorMessage: String {
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["message"] as? String ?? ""
    }
}

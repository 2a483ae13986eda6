import Foundation
import Hummingbird

/// Status-page endpoints: `/embed` (an iframe-ready live chart), `/badge`, and the sample status
/// page under `/samples/status-page/`.
enum EmbedRoutes {
    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        router.get("/embed") { request, _ in try await EmbedPage.page(request, state: state) }
        router.get("/badge") { request, _ in try await BadgeRoute.badge(request, state: state) }
        router.get("/samples/status-page/") { _, _ in try StatusPageFiles.response(named: "index.html") }
        router.get("/samples/status-page/{file}") { _, context in
            try StatusPageFiles.response(named: try context.parameters.require("file"))
        }
    }
}

/// The sample status page's files, read from `samples/status-page/` (the working directory's,
/// or `FRAMECAST_SAMPLES`), so the page can be edited without a rebuild.
enum StatusPageFiles {
    static func directory() -> String {
        if let configured = ProcessInfo.processInfo.environment["FRAMECAST_SAMPLES"] { return configured + "/status-page" }
        return "samples/status-page"
    }

    static func response(named name: String) throws -> Response {
        guard !name.contains("/"), !name.hasPrefix("."), let data = FileManager.default.contents(atPath: directory() + "/" + name) else {
            throw HTTPError(.notFound, message: "no file '\(name)' in the sample status page (looked in \(directory()))")
        }
        var headers = HTTPFields()
        headers[.contentType] =
            name.hasSuffix(".html") ? "text/html; charset=utf-8" : name.hasSuffix(".css") ? "text/css" : "application/octet-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(data))))
    }
}

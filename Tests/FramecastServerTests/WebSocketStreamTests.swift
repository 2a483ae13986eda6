import Foundation
import FramecastCore
import FramecastRender
import HummingbirdWSClient
import HummingbirdWSTesting
import Synchronization
import Testing

@testable import FramecastServer

@Suite struct WebSocketStreamTests {
    @Test func messagesAsJSONTextAndPNGFramesAsBinary() async throws {
        try await StreamHarness.run { harness in
            let base = StreamHarness.base
            try await harness.ingest((0..<40).map { ("ws.a", Double($0), base + Int64($0)) })
            let client = LiveClientPort(port: harness.port)
            let received = Received()
            try await client.ws("/ws?" + StreamHarness.fixedWindow("ws.a") + "&png=1") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
                // The snapshot comes at once; the first frame with the first tick.
                if case .text(let text) = try await messages.next() { received.append(text: text) }
                await harness.tick()
                if case .binary(let buffer) = try await messages.next() { received.append(png: Array(buffer.readableBytesView)) }
                try await harness.ingest([("ws.a", 77, base + 120)])
                await harness.tick()
                // An update and a new frame, in either order.
                for _ in 0..<2 {
                    switch try await messages.next() {
                    case .text(let text): received.append(text: text)
                    case .binary(let buffer): received.append(png: Array(buffer.readableBytesView))
                    case nil: break
                    }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(received.texts.count == 2 && received.pngs.count == 2)
            #expect(received.texts[0].hasPrefix("{\"type\":\"snapshot\",\"id\":"))
            #expect(received.texts[1].hasPrefix("{\"type\":\"update\",\"id\":"))
            #expect(received.texts[1].contains("[\((base + 120) * 1000),77,77,77,77,1,77]"))
            for png in received.pngs {
                let image = try PNGCodec.decode(png)
                #expect(image.width == 400 && image.height == 200)
            }
            #expect(harness.hub.stats.renders == 2)
        }
    }
}

/// What the WebSocket handler collected (the handler is a Sendable closure).
final class Received: Sendable {
    private let state = Mutex((texts: [String](), pngs: [[UInt8]]()))
    var texts: [String] { state.withLock { $0.texts } }
    var pngs: [[UInt8]] { state.withLock { $0.pngs } }
    func append(text: String) { state.withLock { $0.texts.append(text) } }
    func append(png: [UInt8]) { state.withLock { $0.pngs.append(png) } }
}

/// The HummingbirdWSTesting helper needs a TestClientProtocol; only its port is used.
struct LiveClientPort: Sendable {
    let port: Int

    func ws(_ path: String, handler: @escaping WebSocketDataHandler<WebSocketClient.Context>) async throws {
        _ = try await WebSocketClient.connect(url: "ws://localhost:\(port)\(path)", logger: .init(label: "ws-test"), handler: handler)
    }
}

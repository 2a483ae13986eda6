import Foundation
import Synchronization

/// A client's place in the hub: its one-slot mailbox and the charts it watches (frames, events
/// or both for a WebSocket asking for PNG frames too).
final class Subscription: Sendable {
    let mailbox = Mailbox()
    let frames: LiveChart?
    let events: LiveChart?
    /// Whether the hub should send heartbeats (Server-Sent Events and WebSocket).
    let heartbeats: Bool
    private weak let hub: StreamHub?
    private let cancelled = Atomic(false)

    init(hub: StreamHub, frames: LiveChart?, events: LiveChart?, heartbeats: Bool) {
        self.hub = hub
        self.frames = frames
        self.events = events
        self.heartbeats = heartbeats
    }

    var charts: [LiveChart] { [frames, events].compactMap { $0 } }

    /// Leaves the hub (once): the charts forget the subscriber and the mailbox closes.
    func cancel() {
        guard !cancelled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        mailbox.close(.finished)
        hub?.remove(self)
    }
}

import ServiceLifecycle

/// Thrown into a stream whose subscriber was cut for idleness: the connection closes.
struct StreamIdleDisconnect: Error {}

/// Runs one client's writer loop for a subscription: the loop ends when the mailbox closes (graceful
/// shutdown ends it cleanly), and an idle disconnect cancels it even while it waits on a write to a
/// client that stopped reading. The subscription leaves the hub when it ends, however it ends.
enum StreamSession {
    static func run(_ subscription: Subscription, _ loop: @escaping @Sendable () async throws -> Void) async throws {
        defer { subscription.cancel() }
        let mailbox = subscription.mailbox
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { mailbox.close(.finished) }
                    try await loop()
                }
                group.addTask {
                    if await mailbox.closedReason() == .idle { throw StreamIdleDisconnect() }
                }
                do {
                    while try await group.next() != nil {}
                } catch {
                    group.cancelAll()
                    throw error
                }
            }
        } onGracefulShutdown: {
            mailbox.close(.shutdown)
        }
    }
}

import Foundation
import ServiceLifecycle

/// The engine's background work as a swift-service-lifecycle `Service`, so the process's service
/// group starts and stops it with everything else. An engine that is never run (a command, a
/// test) works the same, except that only ingests check the checkpoint rule.
extension IngestEngine: Service {
    /// Checks the checkpoint rule on a timer, so a store that goes quiet still gets its
    /// time-based checkpoint (`Options.checkpointEvery`) without waiting for the next ingest,
    /// and drops the series whose every tier has expired (`expireSeries(now:)`) on the same timer.
    /// On graceful shutdown (or cancellation) closes the engine (`close()`): put it first in its
    /// service group, so that it stops last, after every service that ingests or reads.
    public nonisolated func run() async throws {
        let period = max(options.checkpointEvery / 4, .milliseconds(10))
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: period) } catch { return }
                guard await !self.closing else { return }
                await self.maybeCheckpoint()
                // A failed removal is retried on the next tick; writes report the store's state.
                if self.options.expiresSeries {
                    _ = try? await self.expireSeries(now: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
                }
            }
        }
        try await close()
    }
}

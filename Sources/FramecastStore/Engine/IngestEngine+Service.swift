import ServiceLifecycle

/// The engine's background work as a swift-service-lifecycle `Service`, so the process's service
/// group starts and stops it with everything else. An engine that is never run (a command, a
/// test) works the same, except that only ingests check the checkpoint rule.
extension IngestEngine: Service {
    /// Checks the checkpoint rule on a timer, so a store that goes quiet still gets its
    /// time-based checkpoint (`Options.checkpointEvery`) without waiting for the next ingest.
    /// On graceful shutdown (or cancellation) closes the engine (`close()`): put it first in its
    /// service group, so that it stops last, after every service that ingests or reads.
    public nonisolated func run() async throws {
        let period = max(options.checkpointEvery / 4, .milliseconds(10))
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: period) } catch { return }
                guard await !self.closing else { return }
                await self.maybeCheckpoint()
            }
        }
        try await close()
    }
}

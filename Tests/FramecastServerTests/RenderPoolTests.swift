import FramecastServer
import Testing

/// The render pool's queue: a waiter whose task is cancelled leaves at once and never runs.
@Suite struct RenderPoolTests {
    /// Polls `condition` (up to a minute: the machine may be loaded), true once it holds.
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<6000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    func pool() -> RenderPool {
        var limits = RenderLimits()
        limits.workers = 1
        limits.queue = 4
        return RenderPool(limits: limits)
    }

    @Test func aCancelledWaiterLeavesTheQueueAtOnceAndTakesNoWorker() async throws {
        let pool = pool()
        let gate = Gate()
        let holder = Task { try await pool.run { gate.wait() } }
        #expect(await eventually { pool.load.running == 1 })
        let ran = Flag()
        let cancelled = Task { try await pool.run { ran.set() } }
        #expect(await eventually { pool.load.waiting == 1 })
        let next = Task { try await pool.run { 42 } }
        #expect(await eventually { pool.load.waiting == 2 })

        cancelled.cancel()
        // While the only worker is still held: the cancelled waiter is gone, the other waits on.
        #expect(await eventually { pool.load.waiting == 1 })
        let outcome = await cancelled.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(pool.load.running == 1)

        gate.open()
        try await holder.value
        #expect(try await next.value == 42)
        #expect(!ran.value, "the cancelled waiter's render must never run")
        #expect(await eventually { pool.load.running == 0 && pool.load.waiting == 0 })
        #expect(pool.completed == 2)
    }

    @Test func aTaskCancelledBeforeItQueuesThrowsWithoutWaiting() async throws {
        let pool = pool()
        let gate = Gate()
        let holder = Task { try await pool.run { gate.wait() } }
        #expect(await eventually { pool.load.running == 1 })
        let ran = Flag()
        let late = Task {
            while !Task.isCancelled { await Task.yield() }
            return try await pool.run { ran.set() }
        }
        late.cancel()
        let outcome = await late.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(pool.load.waiting == 0)
        gate.open()
        try await holder.value
        #expect(!ran.value)
        #expect(await eventually { pool.load.running == 0 })
    }

    @Test func aWaiterGetsTheWorkerWhenItIsReleased() async throws {
        let pool = pool()
        let gate = Gate()
        let holder = Task { try await pool.run { gate.wait() } }
        #expect(await eventually { pool.load.running == 1 })
        let waiter = Task { try await pool.run { "drawn" } }
        #expect(await eventually { pool.load.waiting == 1 })
        gate.open()
        try await holder.value
        #expect(try await waiter.value == "drawn")
        #expect(pool.load.running == 0 && pool.load.waiting == 0)
    }
}

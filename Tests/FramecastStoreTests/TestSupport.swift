import Foundation
import FramecastCore
import FramecastStore
import FramecastTestSupport

/// A fresh directory under the system temporary directory; remove it with `removeDirectory`.
func makeTemporaryDirectory(_ prefix: String = "framecast-store") -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func removeDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// A small deterministic batch (the crash child's generator).
func sampleBatch(_ seed: UInt64) -> LogBatch {
    CrashTestChild.batch(seed: seed)
}

/// Opens a log in a new directory, runs `body`, closes the log and removes the directory.
@discardableResult
func withTemporaryLog<T>(_ body: (SQLiteMetricLog, String) async throws -> T) async throws -> T {
    let directory = makeTemporaryDirectory()
    defer { removeDirectory(directory) }
    let log = try SQLiteMetricLog(directory: directory)
    do {
        let result = try await body(log, directory)
        try await log.close()
        return result
    } catch {
        try? await log.close()
        throw error
    }
}

import Foundation
import Synchronization

/// Unbuffered, whole-line writes to standard output.
public enum StandardOutput {
    /// Keeps lines from several tasks whole.
    private static let lock = Mutex(())

    /// Writes `text` with `write(2)` directly, so it is in the pipe or file as soon as this
    /// returns and nothing is left in a buffer when the process is killed.
    @Sendable public static func write(_ text: String) {
        let bytes = Array(text.utf8)
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

import Foundation
import FramecastCore

/// Wall-clock time in epoch milliseconds, the unit every series time uses.
public enum ServerClock {
    public static func now() -> EpochMillis {
        EpochMillis((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

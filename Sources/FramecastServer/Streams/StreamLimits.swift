/// Limits of live streams (owned by the stream hub area).
public struct StreamLimits: Sendable {
    /// A subscriber that takes no frame for this long is disconnected (seconds).
    public var idleTimeoutSeconds = 30.0
    /// Server-Sent Events heartbeat period (seconds).
    public var heartbeatSeconds = 15.0

    public init() {}
}

/// The HTTP and TCP face of Framecast: ingest endpoints, the Graphite TCP listener, chart
/// rendering (`/render`), live streams (`/stream`, `/events`, `/ws`), `/metrics`. Built on
/// Hummingbird; every chart goes through `FrameRenderer.render`, exactly as `framecast export`.
public enum FramecastServerInfo {
    public static let name = "framecast"
}

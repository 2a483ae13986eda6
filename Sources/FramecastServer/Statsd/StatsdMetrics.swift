import Metrics

/// The statsd listener's `/metrics`: UDP loses silently, so what was lost is shown here.
enum StatsdMetrics {
    static let packets = Counter(label: "framecast_statsd_packets_total", factory: ServerMetrics.factory)
    static let badLines = Counter(label: "framecast_statsd_bad_lines_total", factory: ServerMetrics.factory)
    /// The socket's receive buffer as the kernel granted it (SO_RCVBUF; Linux reports double).
    static let receiveBuffer = Gauge(label: "framecast_statsd_receive_buffer_bytes", factory: ServerMetrics.factory)
    /// Datagrams the kernel dropped on this socket because its buffer was full (/proc/net/udp).
    static let kernelDrops = Gauge(label: "framecast_statsd_kernel_drops", factory: ServerMetrics.factory)
}

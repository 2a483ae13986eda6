import Foundation
import FramecastCore
import FramecastStore

/// `framecast-crash-child bench <dir> [points] [seconds]`: throughput of the codec and of
/// `SQLiteMetricLog` with group commit, at several numbers of concurrent writers. Build it in
/// release mode for meaningful figures.
enum Bench {
    static func run(directory: String, points: Int, seconds: Double) async throws {
        let batch = sampleBatch(points: points)
        let encoded = LogBatchCodec.encode(batch)
        print(
            "batch: \(points) points over \(batch.keys.count) series, \(encoded.count) bytes encoded "
                + String(format: "(%.1f bytes/point)", Double(encoded.count) / Double(points)))
        codec(batch, encoded)

        print("writers  batches/s    points/s      MB/s  commits  batches/commit  p50 ms  p99 ms")
        for writers in [1, 4, 16, 64] {
            let path = directory + "/bench-\(writers)-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await appends(path: path, encoded: encoded, points: points, writers: writers, seconds: seconds)
        }
    }

    static func codec(_ batch: LogBatch, _ encoded: EncodedBatch) {
        let rounds = 200
        var start = DispatchTime.now()
        var sink = 0
        for _ in 0..<rounds { sink &+= LogBatchCodec.encode(batch).count }
        let encodeMicros = elapsed(since: start) * 1e6 / Double(rounds)
        start = DispatchTime.now()
        for _ in 0..<rounds { sink &+= (try? LogBatchCodec.decode(encoded.bytes))?.pointCount ?? 0 }
        let decodeMicros = elapsed(since: start) * 1e6 / Double(rounds)
        let megabyte = [UInt8](repeating: 0xA5, count: 1 << 20)
        start = DispatchTime.now()
        for _ in 0..<200 { sink &+= Int(CRC32C.checksum(megabyte) & 1) }
        let crcGBs = 200.0 / 1024 / elapsed(since: start)
        print(
            String(
                format: "codec: encode %.0f µs, decode %.0f µs per batch; CRC-32C %.2f GB/s (%d)",
                encodeMicros, decodeMicros, crcGBs, sink & 1))
    }

    static func appends(path: String, encoded: EncodedBatch, points: Int, writers: Int, seconds: Double) async throws {
        let log = try SQLiteMetricLog(directory: path)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let start = DispatchTime.now()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<writers {
                group.addTask {
                    var latencies: [Double] = []
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let begin = DispatchTime.now()
                        _ = try await log.append(encoded)
                        latencies.append(elapsed(since: begin) * 1000)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }.sorted()
        }
        let time = elapsed(since: start)
        let statistics = log.statistics
        try await log.close()
        let batches = Double(statistics.appends)
        print(
            String(
                format: "%7d  %9.0f  %10.0f  %8.1f  %7d  %14.1f  %6.2f  %6.2f", writers, batches / time,
                batches * Double(points) / time, Double(statistics.bytes) / time / 1e6, statistics.transactions,
                batches / Double(max(1, statistics.transactions)),
                latencies[latencies.count / 2], latencies[min(latencies.count - 1, latencies.count * 99 / 100)]))
    }

    /// Eight series, one point per series per second, values with a few decimals.
    static func sampleBatch(points: Int) -> LogBatch {
        let keys = (0..<8).map { SeriesKey(name: "bench.cpu\($0)", tags: [.init("host", "web-\($0 % 3)")]) }
        return LogBatch(
            keys: keys, series: (0..<points).map { Int32($0 % 8) },
            times: (0..<points).map { 1_700_000_000_000 + Int64($0 / 8) * 1000 },
            values: (0..<points).map { Double($0 % 1000) * 0.125 })
    }

    static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

import Foundation
import FramecastCore

/// Synthetic demo series: two noisy waves at a high rate (`demo.sine.a`, `demo.sine.b`) and
/// tagged request rates per host (`demo.requests;host=web-N`, requests/s), as Graphite lines.
struct DemoSynthetic {
    /// Milliseconds between points of the waves (20: 50 points/s each).
    var waveStep: EpochMillis = 20
    /// Milliseconds between request rates per host.
    var requestStep: EpochMillis = 200
    var random = SplitMix64(seed: 0x5EED_F00D)

    static let hosts = ["web-1", "web-2", "web-3"]

    /// Lines for every point in `(from, until]`; `coarse` steps (for a backfill) replace the
    /// fine ones so that hours of history stay a modest number of points.
    mutating func lines(after from: EpochMillis, through until: EpochMillis, coarse: Bool = false, into text: inout String) {
        let wave = coarse ? 1000 : waveStep
        var t = (from / wave + 1) * wave
        while t <= until {
            let seconds = Double(t) / 1000
            let a = 50 + 40 * sin(2 * .pi * seconds / 60) + noise(3)
            let b = 20 + 15 * cos(2 * .pi * seconds / 17) + 5 * sin(2 * .pi * seconds / 300) + noise(2)
            text += "demo.sine.a \(rounded(a)) \(t)\ndemo.sine.b \(rounded(b)) \(t)\n"
            t += wave
        }
        let step = coarse ? 10_000 : requestStep
        t = (from / step + 1) * step
        while t <= until {
            let daily = 1 + 0.5 * sin(2 * .pi * Double(t) / 86_400_000)
            for (index, host) in Self.hosts.enumerated() {
                let rate = max(0, (100 + 30 * Double(index)) * daily + noise(5))
                text += "demo.requests;host=\(host) \(rate.rounded()) \(t)\n"
            }
            t += step
        }
    }

    /// Uniform noise in ±amplitude.
    mutating func noise(_ amplitude: Double) -> Double {
        (Double(random.next() >> 11) / Double(1 << 53) * 2 - 1) * amplitude
    }

    func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

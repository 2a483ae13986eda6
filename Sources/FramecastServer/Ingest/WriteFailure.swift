import FramecastStore
import Hummingbird

/// The answer to a write the engine did not store: a batch too large for the log is the
/// client's to split (413); a store that cannot make writes durable is 503, and the message
/// says whether anything was stored and how to retry without double-counting.
enum WriteFailure {
    static func reply(to error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let refusal as IngestRefusal:
            return (.contentTooLarge, refusal.description)
        case MetricLogError.batchTooLarge(let bytes, let limit):
            return (
                .contentTooLarge,
                "the write encodes to \(bytes) bytes, more than the \(limit) one log entry holds: split it into smaller writes"
            )
        case let failure as MetricLogError:
            return (.serviceUnavailable, "the write could not be made durable: \(failure.description)")
        default:
            return (
                .internalServerError,
                "the write could not be made durable: \(error); it may or may not have been stored, so retry it with the same Idempotency-Key header"
            )
        }
    }
}

import Synchronization

/// A value guarded by a `Mutex`, as a class so several tasks can share one by reference
/// (a `Mutex` is not copyable, so escaping task closures cannot capture it directly).
package final class LockedState<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: Value) { mutex = Mutex(value) }

    package func withLock<T: Sendable, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        try mutex.withLock { (value: inout sending Value) throws(E) -> T in try body(&value) }
    }
}

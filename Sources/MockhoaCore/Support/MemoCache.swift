import Synchronization

/// Values worked out once per process and shared by every thread that asks for the same key
/// (compiled text templates, sheet plans, the compressed cut line). Bounded: when `limit`
/// entries are held, it starts afresh, so a long-running server cannot grow it without end.
/// Two threads asking for a missing key at once may both work it out; the values are equal.
public final class MemoCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let limit: Int

    public init(limit: Int) { self.limit = limit }

    /// The value for `key`, made by `make` when not held yet; a value `make` cannot make
    /// (it throws) is not remembered.
    public func value<E: Error>(for key: Key, make: () throws(E) -> Value) throws(E) -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        let made = try make()
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll() }
            entries[key] = made
        }
        return made
    }
}

import Synchronization

/// Values kept by key up to a number of bytes; past it the least recently used go first. Safe
/// to use from any thread.
final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var cost: Int
        /// Neighbours in the order of use: `newer` towards the most recently used.
        var older: Key?
        var newer: Key?
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var newest: Key?
        var oldest: Key?
        var bytes = 0

        mutating func unlink(_ key: Key) -> Entry? {
            guard let entry = entries.removeValue(forKey: key) else { return nil }
            if let older = entry.older { entries[older]?.newer = entry.newer } else { oldest = entry.newer }
            if let newer = entry.newer { entries[newer]?.older = entry.older } else { newest = entry.older }
            bytes -= entry.cost
            return entry
        }

        mutating func linkNewest(_ key: Key, _ entry: Entry) {
            var entry = entry
            entry.older = newest
            entry.newer = nil
            if let newest { entries[newest]?.newer = key } else { oldest = key }
            newest = key
            entries[key] = entry
            bytes += entry.cost
        }
    }

    private let state = Mutex(State())
    /// Most bytes the values may take together.
    let limit: Int

    init(bytes limit: Int) { self.limit = limit }

    /// The value kept for `key`, now the most recently used.
    func value(for key: Key) -> Value? {
        state.withLock { s in
            guard let entry = s.unlink(key) else { return nil }
            s.linkNewest(key, entry)
            return entry.value
        }
    }

    /// Keeps `value` for `key` as the most recently used; `cost` is what it takes in bytes. The
    /// least recently used go until all fit; a value larger than the limit is not kept.
    func insert(_ value: Value, for key: Key, cost: Int) {
        state.withLock { s in
            _ = s.unlink(key)
            guard cost <= limit else { return }
            s.linkNewest(key, Entry(value: value, cost: cost))
            while s.bytes > limit, let oldest = s.oldest { _ = s.unlink(oldest) }
        }
    }

    /// Bytes and entries kept now.
    var usage: (bytes: Int, count: Int) { state.withLock { ($0.bytes, $0.entries.count) } }
}

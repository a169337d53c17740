/// "Did you mean …?": the one rule behind every suggestion — names compared by their search
/// keys (case and diacritics ignored), by edit distance, close enough when at most a third of
/// the name differs. Indexed, so that checking 20,000 communes with a typo in every neighbour
/// list takes moments, not a comparison of every name with every other.
public struct Suggestions: Sendable {
    private let candidates: [String]
    private let keys: [[Character]]
    /// Each candidate's key and its keys with one character deleted → the candidates.
    private let index: [String: [Int]]

    /// Longer names get no suggestion: they are not typos of a name.
    static let longestName = 120

    public init(_ candidates: [String]) {
        self.candidates = candidates
        keys = candidates.map { Array($0.searchKey) }
        var index: [String: [Int]] = [:]
        for (i, key) in keys.enumerated() where key.count <= Self.longestName {
            for variant in Self.variants(key) { index[variant, default: []].append(i) }
        }
        self.index = index
    }

    /// The key itself and every key with one character left out.
    private static func variants(_ key: [Character]) -> Set<String> {
        var out: Set<String> = [String(key)]
        for i in key.indices {
            var shorter = key
            shorter.remove(at: i)
            out.insert(String(shorter))
        }
        return out
    }

    /// The candidate closest to `name` when close enough to be a likely typo, never one whose
    /// key is `excluding`'s.
    public func closest(to name: String, excluding: String? = nil) -> String? {
        let key = Array(name.searchKey)
        guard key.count <= Self.longestName else { return nil }
        let excluded = excluding.map { Array($0.searchKey) }
        var seen: Set<Int> = [], best: (index: Int, distance: Int)?
        for variant in Self.variants(key) {
            for i in index[variant] ?? [] where seen.insert(i).inserted && keys[i] != excluded {
                let d = Self.distance(key, keys[i])
                if best == nil || d < best!.distance { best = (i, d) }
            }
        }
        guard let best, best.distance <= key.count / 3 else { return nil }
        return candidates[best.index]
    }

    /// The `count` candidates nearest `query`: those holding every word typed first
    /// ("phuoc dong" → Phước Vĩnh Đông), then by edit distance. For a few hundred names at most.
    public func ranked(for query: String, count: Int) -> [String] {
        let key = Array(query.searchKey.prefix(Self.longestName))
        let words = String(key).split(separator: " ")
        return keys.indices.map { i in
            let nameWords = String(keys[i]).split(separator: " ")
            return (i, words.filter { !nameWords.contains($0) }.count, Self.distance(key, keys[i]))
        }
        .sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }
        .prefix(count).map { candidates[$0.0] }
    }

    /// `message` with "; did you mean "X"?" when a candidate is close to `name`.
    public static func didYouMean(_ message: Message, _ name: String, among candidates: [String]) -> Message {
        Suggestions(candidates).didYouMean(message, name)
    }

    /// `message` with "; did you mean "X"?" when a candidate is close to `name`.
    public func didYouMean(_ message: Message, _ name: String, excluding: String? = nil) -> Message {
        closest(to: name, excluding: excluding).map { Message("suggestion", message, $0) } ?? message
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count), current = previous
        for (i, x) in a.enumerated() {
            current[0] = i + 1
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

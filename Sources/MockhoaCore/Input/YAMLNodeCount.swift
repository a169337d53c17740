import CYaml  // libyaml as Yams builds it: its event parser, which Yams keeps private

/// How many nodes a YAML text composes into, aliases expanded, counted from the parser's events
/// before any node is built: a 1 KB file of aliases nested nine deep ("billion laughs") stands
/// for hundreds of millions of nodes, and a 60 MB flow list for tens of millions, each of which
/// the composer and every later walk over the tree would build or visit.
public enum YAMLNodeCount {
    /// The most nodes a directory file or template may compose into, aliases expanded: 25,000
    /// communes of 120 values each (a long list of neighbours and contacts).
    public static let limit = 3_000_000

    /// The 1-based line of the event that takes the count past `limit` (where the alias that
    /// expands too far is used), or nil when the text stays within it. Syntax errors end the
    /// count: the composer reports them with their own words.
    public static func lineExceedingLimit(in text: String, limit: Int = limit) -> Int? {
        var utf8 = text
        return utf8.withUTF8 { bytes in count(bytes, limit: limit) }
    }

    private static func count(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        /// The expanded size of every anchored node so far, by anchor (a later anchor of the same name wins).
        var anchored: [String: Int] = [:]
        /// The collections open, with their anchor and the count when they started.
        var open: [(anchor: String?, start: Int)] = []
        var total = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                total += 1
                if let anchor = name(event.data.scalar.anchor) { anchored[anchor] = 1 }
            case YAML_SEQUENCE_START_EVENT:
                open.append((name(event.data.sequence_start.anchor), total))
                total += 1
            case YAML_MAPPING_START_EVENT:
                open.append((name(event.data.mapping_start.anchor), total))
                total += 1
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let collection = open.popLast(), let anchor = collection.anchor { anchored[anchor] = total - collection.start }
            case YAML_ALIAS_EVENT:
                total += name(event.data.alias.anchor).flatMap { anchored[$0] } ?? 1
            default:
                continue
            }
            if total > limit { return Int(event.start_mark.line) + 1 }
        }
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }
}

import Yams

/// One mapping of a template file, read field by field into `TemplateFile`'s parts. No Codable:
/// Yams' decoder makes a dynamic cast (a walk of the binary's protocol conformances) for
/// nearly every value, which cost more than all the rest of loading a template. A value of the
/// wrong kind is reported with its line and its field path (`front[2].size`).
struct TemplateFields {
    let file: String
    /// `""` at the top, else like `size`, `styles.big`, `front[2]`.
    let path: String
    let line: Int?
    private var values: [String: Node] = [:]

    /// `node` as a mapping; `<<` merge keys bring in the keys of the mappings they name
    /// (a key written beside them wins).
    init(_ node: Node, path: String, file: String) throws(InputErrors) {
        self.file = file; self.path = path; line = node.mark?.line
        guard case .mapping(let mapping) = node else { throw Self.expected("template.expected.mapping", at: node, path, file) }
        var merged: [Node] = []
        for (key, value) in mapping {
            if case .scalar(let scalar) = key, scalar.tag.description == Tag.Name.merge.rawValue {
                merged += value.sequence.map(Array.init) ?? [value]
            } else if let name = key.string {
                values[name] = value
            }
        }
        for node in merged {
            let inner = try TemplateFields(node, path: path, file: file)
            values.merge(inner.values) { mine, _ in mine }
        }
    }

    /// The path of `key` in messages.
    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`; nil when absent or null.
    func node(_ key: String) -> Node? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(InputErrors) -> String? {
        try scalar(key, "template.expected.text") { $0.string }
    }

    func double(_ key: String) throws(InputErrors) -> Double? {
        try scalar(key, "template.expected.number", Double.construct)
    }

    func int(_ key: String) throws(InputErrors) -> Int? {
        try scalar(key, "template.expected.number", Int.construct)
    }

    func bool(_ key: String) throws(InputErrors) -> Bool? {
        try scalar(key, "template.expected.bool", Bool.construct)
    }

    /// A list of numbers (`cmyk: [0, 100, 100, 5]`).
    func doubles(_ key: String) throws(InputErrors) -> [Double]? {
        guard let list = try list(key) else { return nil }
        var out: [Double] = []
        for (i, item) in list.enumerated() {
            guard case .scalar(let scalar) = item, let value = Double.construct(from: scalar) else {
                throw Self.expected("template.expected.number", at: item, "\(field(key))[\(i)]", file)
            }
            out.append(value)
        }
        return out
    }

    /// The mapping under `key`.
    func fields(_ key: String) throws(InputErrors) -> TemplateFields? {
        guard let value = node(key) else { return nil }
        return try TemplateFields(value, path: field(key), file: file)
    }

    /// The items of the list under `key`.
    func list(_ key: String) throws(InputErrors) -> [Node]? {
        guard let value = node(key) else { return nil }
        guard case .sequence(let sequence) = value else { throw Self.expected("template.expected.list", at: value, field(key), file) }
        return Array(sequence)
    }

    /// The keys and values of the mapping under `key`, in the file's order.
    func entries(_ key: String) throws(InputErrors) -> [(key: String, value: Node)]? {
        guard let value = node(key) else { return nil }
        guard case .mapping(let mapping) = value else { throw Self.expected("template.expected.mapping", at: value, field(key), file) }
        return mapping.compactMap { pair in pair.key.string.map { ($0, pair.value) } }
    }

    /// `value`, or the error that `key` is missing.
    func required<T>(_ value: T?, _ key: String) throws(InputErrors) -> T {
        guard let value else {
            throw InputErrors([Diagnostic(Message("template.missingField"), at: SourceLocation(file: file, line: line), field: field(key))])
        }
        return value
    }

    private func scalar<T>(_ key: String, _ expected: String, _ read: (Node.Scalar) -> T?) throws(InputErrors) -> T? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value, let read = read(scalar) else { throw Self.expected(expected, at: value, field(key), file) }
        return read
    }

    static func expected(_ kind: String, at node: Node, _ field: String, _ file: String) -> InputErrors {
        InputErrors([
            Diagnostic(
                Message("template.expected", Message(kind)), at: SourceLocation(file: file, line: node.mark?.line),
                field: field)
        ])
    }
}

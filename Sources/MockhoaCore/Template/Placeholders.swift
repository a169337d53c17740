/// Checks what a template's text asks of the data before anything is filled in: every
/// placeholder must name something the data model has (a misspelt `{{commune.nmae}}` would
/// print nothing), sections nest only so deep, and no list is walked inside another list
/// (which would multiply the text).
enum Placeholders {
    /// Sections (`{{#…}}`, `{{^…}}`) open inside each other at most this deep.
    static let deepestNesting = 8
    /// The longest text a template line may hold, before filling in.
    static let longestSource = 2_000

    /// Mustache's transforms, usable as `{{uppercased(commune.name)}}`.
    static let transforms: Set<String> = [
        "uppercased", "lowercased", "capitalized", "first", "last", "count", "empty", "reversed", "enumerated",
        "even", "odd", "plusone", "minusone", "sorted", "decrement", "increment", "negate", "abs",
    ]

    /// What is wrong with `source`, or nil. `itemKeys`: the names an item of the list being
    /// rendered offers (for `item:` texts), nil elsewhere.
    static func problem(in source: String, itemKeys: Set<String>?) -> Message? {
        guard source.count <= longestSource else { return Message("template.textTooLong", source.count, longestSource) }
        var stack: [(name: String, isList: Bool)] = []
        var rest = Substring(source)
        var open = "{{", close = "}}"
        while let start = rest.range(of: open) {
            rest = rest[start.upperBound...]
            var triple = false
            if open == "{{", rest.first == "{" { triple = true; rest = rest.dropFirst() }
            guard let end = rest.range(of: triple ? "}" + close : close) else { return nil }  // the parser reports it
            var tag = String(rest[..<end.lowerBound]).trimmingWhiteSpace()
            rest = rest[end.upperBound...]
            guard let sigil = tag.first else { return Message("template.emptyTag") }
            switch sigil {
            case ">", "<":
                return Message("template.partial", tag)  // no other template to include: it would print nothing
            case "!", "%", "$":
                continue  // comments, pragmas, blocks
            case "=":
                // A new delimiter pair: `{{=<% %>=}}`.
                let pair = tag.dropFirst().dropLast().split(separator: " ")
                if pair.count == 2 { open = String(pair[0]); close = String(pair[1]) }
                continue
            case "#", "^":
                tag.removeFirst()
                let name = tag.trimmingWhiteSpace()
                if let problem = unknown(name, stack: stack, itemKeys: itemKeys) { return problem }
                let isList = names(name).contains { isListName($0) }
                if isList, stack.contains(where: \.isList) || itemKeys != nil {
                    return Message("template.nestedList", name)
                }
                stack.append((name, isList))
                if stack.count > deepestNesting { return Message("template.tooDeep", deepestNesting) }
            case "/":
                if !stack.isEmpty { stack.removeLast() }
            default:
                if sigil == "&" { tag = String(tag.dropFirst()).trimmingWhiteSpace() }
                if let problem = unknown(tag, stack: stack, itemKeys: itemKeys)
                    ?? notAValue(tag, stack: stack, itemKeys: itemKeys)
                {
                    return problem
                }
            }
        }
        return nil
    }

    /// The names a tag reads: `commune.name` in `uppercased(commune.name)`.
    private static func names(_ tag: String) -> [String] {
        var inner = Substring(tag)
        while let open = inner.firstIndex(of: "("), inner.last == ")" {
            inner = inner[inner.index(after: open)..<inner.index(before: inner.endIndex)]
        }
        return [String(inner)]
    }

    private static func isListName(_ name: String) -> Bool {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        return ["neighbours", "checkpoints", "contacts", "hotlines", "formerly"].contains(last)
    }

    /// A message when the printed `tag` names a list or a group of values (`{{commune}}`,
    /// `{{issuer.hotlines}}`), which would print as the program's own dump of the data.
    private static func notAValue(_ tag: String, stack: [(name: String, isList: Bool)], itemKeys: Set<String>?) -> Message? {
        if let call = tag.firstIndex(of: "("), ["count", "empty"].contains(String(tag[..<call])) { return nil }
        guard let name = names(tag).first, !isValue(name, stack: stack[...], inItem: itemKeys != nil) else { return nil }
        if isListName(name) || name == "." && stack.last?.isList == true {
            return Message("template.listNotValue", tag)
        }
        let values =
            KeychainData.names[name].map { keys in keys.filter { !isListName($0) }.sorted().map { "\(name).\($0)" } }
            ?? (itemKeys != nil || !stack.isEmpty ? ["name", "phone"] : ["commune.name", "commune.phone"])
        return Message("template.groupNotValue", tag, values.prefix(4).map { "{{\($0)}}" }.joined(separator: ", "))
    }

    /// Whether `name` is one value where it stands: not a list, nor the issuer or the commune as a
    /// whole, nor `.` standing for one (the data at the top, a list item, a group's section).
    private static func isValue(_ name: String, stack: ArraySlice<(name: String, isList: Bool)>, inItem: Bool) -> Bool {
        if name == "." {
            guard let section = stack.last, let inner = names(section.name).first else { return false }
            return !section.isList && isValue(inner, stack: stack.dropLast(), inItem: inItem)
        }
        if isListName(name) { return false }
        let parts = name.split(separator: ".")
        guard parts.count == 1, KeychainData.names[name] != nil, name != "link" else { return true }
        // A list item's own `district`, or the issuer's as a whole.
        return (inItem || !stack.isEmpty) && KeychainData.itemKeys.contains(name)
    }

    /// A message when `tag` names nothing the data has at this place.
    private static func unknown(_ tag: String, stack: [(name: String, isList: Bool)], itemKeys: Set<String>?) -> Message? {
        if let call = tag.firstIndex(of: "("), tag.last == ")" {
            let function = String(tag[..<call])
            guard transforms.contains(function) else {
                return Suggestions.didYouMean(
                    Message("template.unknownTransform", function), function,
                    among: transforms.sorted())
            }
        }
        for name in names(tag) {
            if name == "." || name.isEmpty { continue }
            let parts = name.split(separator: ".").map(String.init)
            if known(parts, itemKeys: itemKeys, insideSection: !stack.isEmpty) { continue }
            let candidates = allNames(itemKeys: itemKeys)
            return Suggestions.didYouMean(Message("template.unknownPlaceholder", name), name, among: candidates)
        }
        return nil
    }

    private static func known(_ parts: [String], itemKeys: Set<String>?, insideSection: Bool) -> Bool {
        guard let first = parts.first else { return true }
        // A phone value's own forms: `.tel`, `.e164`, `.digits`, `.formatted`.
        func valueKeys(_ rest: ArraySlice<String>) -> Bool {
            rest.isEmpty || (rest.count == 1 && KeychainData.phoneKeys.contains(rest.first!))
        }
        if let keys = KeychainData.names[first] {
            if parts.count == 1 { return true }
            return keys.contains(parts[1]) && valueKeys(parts.dropFirst(2))
        }
        // Inside a section or a list item: the item's own keys (a neighbour's `name`, `phone`),
        // and a phone's forms (`{{#district.emergency}}{{tel}}{{/…}}`).
        if itemKeys != nil || insideSection {
            let keys = (itemKeys ?? []).union(KeychainData.itemKeys).union(KeychainData.phoneKeys)
            return keys.contains(first) && valueKeys(parts.dropFirst())
        }
        return false
    }

    private static func allNames(itemKeys: Set<String>?) -> [String] {
        var out = KeychainData.names.flatMap { top, keys in [top] + keys.map { "\(top).\($0)" } }
        out += (itemKeys ?? []).sorted()
        return out.sorted()
    }
}

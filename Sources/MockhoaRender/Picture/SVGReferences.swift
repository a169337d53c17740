/// How many elements an SVG draws once its references are followed: `<use href="#a">` draws a
/// copy of `a`, `fill="url(#p)"` a pattern's content, so nine levels of ten references to the
/// level below draw a billion elements from a 2 KB file. librsvg stops such a file only after
/// 500,000 referenced elements, seconds later, at every drawing; this count refuses it as it is
/// read.
struct SVGReferences {
    /// An element and what is inside it: its elements (itself included), the ids it refers to.
    private struct Part {
        var id: String?
        var elements = 1
        var references: [String] = []
    }
    private var open: [Part] = []
    private var parts: [String: Part] = [:]
    private var document = Part()
    /// References followed one inside another at most; deeper is counted as too many.
    static let deepest = 1_000

    /// An element starts, with its `id` and the ids its attributes refer to.
    mutating func start(id: String?, references: [String]) {
        open.append(Part(id: id, references: references))
    }

    /// The last element started ends.
    mutating func end() {
        guard let part = open.popLast() else { return }
        if let id = part.id, parts[id] == nil { parts[id] = part }
        guard !open.isEmpty else {
            document = part
            return
        }
        open[open.count - 1].elements += part.elements
        open[open.count - 1].references += part.references
    }

    /// The elements the document draws with its references followed, counted up to `limit + 1`.
    func drawnElements(limit: Int) -> Int {
        var known: [String: Int] = [:], following: Set<String> = []
        func count(_ part: Part) -> Int {
            var total = part.elements
            for reference in part.references where total <= limit { total += count(id: reference) }
            return min(total, limit + 1)
        }
        func count(id: String) -> Int {
            if let total = known[id] { return total }
            guard following.count < Self.deepest else { return limit + 1 }
            // A reference to nothing draws nothing; one to itself or an ancestor librsvg refuses.
            guard let part = parts[id], following.insert(id).inserted else { return 0 }
            defer { following.remove(id) }
            let total = count(part)
            known[id] = total
            return total
        }
        return count(document)
    }

    /// The ids an element's attributes refer to: `href="#id"`, `url(#id)`.
    static func references(in attributes: [String: String]) -> [String] {
        attributes.flatMap { name, value in
            let hrefs = name == "href" || name.hasSuffix(":href") ? [value] : []
            return (hrefs + SVGCheck.urls(in: value)).compactMap { reference in
                let text = reference.trimmingCharacters(in: .whitespaces)
                return text.hasPrefix("#") ? String(text.dropFirst()) : nil
            }
        }
    }
}

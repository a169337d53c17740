import Mustache

/// What one side of one commune's keychain says, with every template filled in: the input
/// of the layout step.
public struct SideContent: Hashable, Sendable {
    public var name: String
    public var blocks: [Block]

    /// Everything the side says, as one string: equal strings, equal artwork. (Built by hand:
    /// `String(describing:)` walks values by reflection, slowly.)
    public var fingerprint: String {
        var out = name
        for block in blocks {
            switch block {
            case .line(let text, let style, let breakable):
                out += "\u{1E}line\u{1F}\(text)\u{1F}\(style)\u{1F}\(breakable)"
            case .list(let heading, let items, let style, let headingStyle, let columns):
                out += "\u{1E}list\u{1F}\(heading ?? "")\u{1F}\(items.joined(separator: "\u{1D}"))\u{1F}\(style)\u{1F}\(headingStyle)\u{1F}\(columns.rawValue)"
            case .qr(let payload, let size, let end, let quietZone):
                out += "\u{1E}qr\u{1F}\(payload)\u{1F}\(size)\u{1F}\(end.rawValue)\u{1F}\(quietZone)"
            }
        }
        return out
    }

    public enum Block: Hashable, Sendable {
        case line(String, style: String, breakable: Bool = true)
        case list(heading: String?, items: [String], style: String, headingStyle: String,
                  columns: KeychainTemplate.Columns)
        case qr(payload: String, size: Double, end: KeychainTemplate.End, quietZone: Int)
    }
}

/// The values templates can name. For a commune's keychain:
/// - `district`: `name`, `province`, `hotline` (the first, formatted), `hotlines` (list),
///   `emergency`, `checkpoints` (list)
/// - `commune`: `name`, `kind`, `phone`, `quantity`, `slug`
/// - `neighbours`: list; `checkpoints`: the commune's own
/// A phone value prints formatted; `phone.tel` gives the `tel:` URI for QR codes.
/// List items have `name`, `kind`, `phone`, `district` (outside units).
public struct KeychainData: Sendable {
    public var directory: Directory
    public var commune: Commune

    public init(directory: Directory, commune: Commune) {
        self.directory = directory; self.commune = commune
    }

    /// Every side of the template filled in for this commune.
    public func content(of template: KeychainTemplate) -> [SideContent] {
        let context = self.context
        return template.sides.map { side in
            SideContent(name: side.name, blocks: side.elements.compactMap { element in
                switch element {
                case .text(let source, let style, let breakable):
                    let text = TemplateText.render(source, context)
                    return text.isEmpty ? nil : .line(text, style: style, breakable: breakable)
                case .list(let source, let item, let heading, let style, let headingStyle, let columns):
                    let values = (context[source] ?? Self.lookUp(source, in: context)) as? [[String: Any]] ?? []
                    let items = values.map { TemplateText.render(item, $0.merging(context) { mine, _ in mine }) }
                        .filter { !$0.isEmpty }
                    guard !items.isEmpty else { return nil }
                    let title = heading.map { TemplateText.render($0, context) }.flatMap { $0.isEmpty ? nil : $0 }
                    return .list(heading: title, items: items, style: style, headingStyle: headingStyle, columns: columns)
                case .qr(let source, let size, let end, let quietZone):
                    let payload = TemplateText.render(source, context)
                    return payload.isEmpty ? nil : .qr(payload: payload, size: size, end: end, quietZone: quietZone)
                }
            })
        }
    }

    private static func lookUp(_ dotted: String, in context: [String: Any]) -> Any? {
        var value: Any? = context
        for key in dotted.split(separator: ".") { value = (value as? [String: Any])?[String(key)] }
        return value
    }

    private var context: [String: Any] {
        let d = directory.district
        func phone(_ p: PhoneNumber) -> PhoneValue { PhoneValue(number: p) }
        func checkpoint(_ c: Checkpoint) -> [String: Any] { ["name": c.name, "phone": phone(c.phone)] }
        var district: [String: Any] = [
            "name": d.name, "province": d.province,
            "hotlines": d.hotlines.map { ["phone": phone($0)] as [String: Any] },
            "checkpoints": d.checkpoints.map(checkpoint),
        ]
        if let first = d.hotlines.first { district["hotline"] = phone(first) }
        if let e = d.emergency { district["emergency"] = phone(e) }
        var commune: [String: Any] = [
            "name": self.commune.name, "kind": self.commune.kind.rawValue, "phone": phone(self.commune.phone),
            "slug": self.commune.name.slug,
        ]
        if let q = self.commune.quantity { commune["quantity"] = q }
        let neighbours: [[String: Any]] = directory.neighbours(of: self.commune).map { n in
            var item: [String: Any] = ["name": n.name, "kind": n.kind.rawValue, "phone": phone(n.phone)]
            if let other = n.district { item["district"] = other }
            return item
        }
        return ["district": district, "commune": commune, "neighbours": neighbours,
                "checkpoints": self.commune.checkpoints.map(checkpoint)]
    }
}

/// A phone number as templates see it: prints formatted; `.tel`, `.e164`, `.digits`.
private struct PhoneValue: CustomStringConvertible, MustacheParent {
    let number: PhoneNumber
    var description: String { number.formatted }
    func child(named name: String) -> Any? {
        switch name {
        case "tel": number.telURI
        case "e164": number.e164
        case "digits": number.digits
        case "formatted": number.formatted
        default: nil
        }
    }
}

import Mustache

/// What one side of one commune's keychain says, with every template filled in: the input
/// of the layout step.
public struct SideContent: Hashable, Sendable, Encodable {
    public var name: String
    public var blocks: [Block]

    public init(name: String, blocks: [Block]) { self.name = name; self.blocks = blocks }

    public enum Block: Hashable, Sendable, Encodable {
        case line(String, style: String, breakable: Bool = true)
        case list(
            heading: String?, items: [String], style: String, headingStyle: String,
            columns: KeychainTemplate.Columns)
        case qr(payload: String, size: Double, end: KeychainTemplate.End, quietZone: Int)
        /// A picture file (its path as the command resolves it) `height` mm tall.
        case picture(path: String, height: Double)
    }
}

/// The values templates can name. For a commune's keychain:
/// - `issuer` (also `district`, its 2018 name): `name`, `level`, `province`, `police`
///   ("Công an tỉnh Tây Ninh"), `short` ("CA tỉnh Tây Ninh"), `hotline` (the first), `hotlines`
///   (list), `emergency`, `checkpoints`, `contacts` (lists), `link`
/// - `commune`: `name`, `kind`, `phone`, `quantity`, `slug`, `police`, `short`, `link`,
///   `contacts`, `formerly` (lists)
/// - `neighbours`; `checkpoints`, the commune's own; `contacts`, the commune's then the issuer's;
///   `link`, the commune's or else the issuer's
/// A phone value prints as published (`display`) or grouped; `.tel`, `.e164`, `.digits`.
/// List items have `name`, `kind`, `phone`, `district` (outside units).
public struct KeychainData: Sendable {
    public var directory: Directory
    public var commune: Commune

    public init(directory: Directory, commune: Commune) {
        self.directory = directory; self.commune = commune
    }

    /// Every name a template may use at the top of its context, with the keys each offers:
    /// what the template loader checks placeholders against.
    public static let names: [String: Set<String>] = [
        "issuer": issuerKeys, "district": issuerKeys,
        "commune": ["name", "kind", "phone", "quantity", "slug", "police", "short", "link", "contacts", "formerly"],
        "neighbours": itemKeys, "checkpoints": itemKeys, "contacts": itemKeys, "link": [],
    ]
    static let issuerKeys: Set<String> = [
        "name", "level", "province", "police", "short", "hotline", "hotlines",
        "emergency", "checkpoints", "contacts", "link",
    ]
    /// The keys of a list item (a neighbour, a checkpoint, a contact, a hotline, a former unit).
    public static let itemKeys: Set<String> = ["name", "kind", "phone", "district"]
    /// The keys of a phone value.
    public static let phoneKeys: Set<String> = ["tel", "e164", "digits", "formatted"]

    /// Every side of the template filled in for this commune.
    public func content(of template: KeychainTemplate) -> [SideContent] {
        let context = self.context
        return template.sides.map { side in
            SideContent(
                name: side.name,
                blocks: side.elements.compactMap { element in
                    switch element {
                    case .text(let source, let style, let breakable):
                        let text = TemplateText.render(source, context)
                        return text.isEmpty ? nil : .line(text, style: style, breakable: breakable)
                    case .list(let source, let item, let heading, let style, let headingStyle, let columns):
                        let values = (context[source] ?? Self.lookUp(source, in: context)) as? [[String: Any]] ?? []
                        // An item without a key of items (a neighbour in the same district) has it
                        // empty, not the context's (the issuer as a whole under `district`).
                        let blanks = Dictionary(uniqueKeysWithValues: Self.itemKeys.map { ($0, "" as Any) })
                        let items = values.map {
                            TemplateText.render(item, $0.merging(blanks) { mine, _ in mine }.merging(context) { mine, _ in mine })
                        }
                        .filter { !$0.isEmpty }
                        guard !items.isEmpty else { return nil }
                        let title = heading.map { TemplateText.render($0, context) }.flatMap { $0.isEmpty ? nil : $0 }
                        return .list(heading: title, items: items, style: style, headingStyle: headingStyle, columns: columns)
                    case .qr(let source, let size, let end, let quietZone):
                        let payload = TemplateText.render(source, context)
                        return payload.isEmpty ? nil : .qr(payload: payload, size: size, end: end, quietZone: quietZone)
                    case .image(let source, let height):
                        let file = TemplateText.render(source, context)
                        guard !file.isEmpty else { return nil }
                        return .picture(path: template.picturePath(file), height: height)
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
        let i = directory.issuer
        func phone(_ p: PhoneNumber) -> PhoneValue { PhoneValue(number: p) }
        func named(_ c: Checkpoint) -> [String: Any] { ["name": c.name, "phone": phone(c.phone)] }
        var issuer: [String: Any] = [
            "name": i.name, "level": i.level.rawValue, "police": i.police, "short": i.policeShort,
            "hotlines": i.hotlines.map { ["phone": phone($0)] as [String: Any] },
            "checkpoints": i.checkpoints.map(named), "contacts": i.contacts.map(named),
        ]
        if let province = i.province { issuer["province"] = province }
        if let first = i.hotlines.first { issuer["hotline"] = phone(first) }
        if let e = i.emergency { issuer["emergency"] = phone(e) }
        if let link = i.link { issuer["link"] = link }
        let c = self.commune
        var commune: [String: Any] = [
            "name": c.name, "kind": c.kind.rawValue, "phone": phone(c.phone), "slug": directory.slug(of: c),
            "police": c.police, "short": c.policeShort, "contacts": c.contacts.map(named),
            "formerly": c.formerly.map { ["name": $0] as [String: Any] },
        ]
        if let q = c.quantity { commune["quantity"] = q }
        if let link = c.link { commune["link"] = link }
        let neighbours: [[String: Any]] = directory.neighbours(of: c).map { n in
            var item: [String: Any] = ["name": n.name, "kind": n.kind.rawValue, "phone": phone(n.phone)]
            if let other = n.district { item["district"] = other }
            return item
        }
        var context: [String: Any] = [
            "issuer": issuer, "district": issuer, "commune": commune, "neighbours": neighbours,
            "checkpoints": c.checkpoints.map(named), "contacts": (c.contacts + i.contacts).map(named),
        ]
        if let link = c.link ?? i.link { context["link"] = link }
        return context
    }
}

/// A phone number as templates see it: prints formatted; `.tel`, `.e164`, `.digits`.
private struct PhoneValue: CustomStringConvertible, MustacheParent {
    let number: PhoneNumber
    var description: String { number.printed }
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

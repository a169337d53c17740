import Foundation
import Yams

/// Where the communes of a directory file are: listed in it, or in a table (a CSV file or a
/// workbook's sheet) it names.
enum CommuneSource {
    case list([CommuneDraft])
    case table(TableRef)
}

/// A table file named in a directory file: `communes.csv`, or `{file: danh-ba.xlsx, sheet: Xã}`.
struct TableRef {
    var path: String
    var sheet: String?
    /// Where it is named, for problems with the file as a whole.
    var location: SourceLocation
}

/// A directory file as read from its YAML tree, before the cross-checks.
struct DirectoryDraft {
    var issuer: Issuer?
    /// Nil when `communes:` is missing or not valid (already reported).
    var communes: CommuneSource?
    var outside: [OutsideDraft]
    /// Set when `outside:` names a table instead of listing the units.
    var outsideTable: TableRef?
    /// The template the file names, if it names one.
    var template: DirectoryTemplate?
}

/// Reads the YAML tree of a directory file into a draft, logging every problem with its line.
struct DirectoryYAMLReader {
    let file: String
    var log: LoadLog
    /// Texts already normalised, by their text as written: a name recurs in every list of
    /// neighbours that holds it, and normalising costs more than looking up.
    var normalised: [String: String] = [:]

    static let topKeys = DirectoryFormat.keys(DirectoryFormat.file)
    static let issuerKeys = DirectoryFormat.keys(DirectoryFormat.issuer)
    static let communeKeys = DirectoryFormat.keys(DirectoryFormat.commune)
    static let checkpointKeys = DirectoryFormat.keys(DirectoryFormat.entry)
    static let outsideKeys = DirectoryFormat.keys(DirectoryFormat.outside)

    /// The keys and values of a mapping, and where it is.
    struct Fields {
        var location: SourceLocation
        var pairs: [(key: String, keyNode: Node, value: Node)]

        /// The value of `key`, nil when absent or null.
        func value(_ key: String) -> Node? {
            guard let value = pairs.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
            return value
        }

        /// Where the value of `key` is: its own line, or its key's when the value is an alias
        /// (Yams gives an alias the node, and so the line, of the anchor it repeats).
        func location(ofValue key: String, file: String) -> SourceLocation? {
            guard let pair = pairs.first(where: { $0.key == key }) else { return nil }
            return SourceLocation(file: file, line: DirectoryYAMLReader.line(of: pair.value, after: pair.keyNode))
        }

        /// Where a missing value would go: its key's line when the key is there, else the mapping's.
        func location(of key: String, file: String) -> SourceLocation {
            pairs.first(where: { $0.key == key }).map { SourceLocation(file: file, line: $0.keyNode.mark?.line) }
                ?? location
        }
    }

    func location(_ node: Node) -> SourceLocation { SourceLocation(file: file, line: node.mark?.line) }

    /// The line of `node`, written after `holder` (its key, its list): `holder`'s when `node`
    /// starts before it, an alias of a node anchored earlier.
    static func line(of node: Node, after holder: Node) -> Int? {
        guard let mark = node.mark, let holderMark = holder.mark else { return node.mark?.line ?? holder.mark?.line }
        return (mark.line, mark.column) < (holderMark.line, holderMark.column) ? holderMark.line : mark.line
    }

    mutating func read(root: Node) -> DirectoryDraft {
        var draft = DirectoryDraft(issuer: nil, communes: nil, outside: [])
        guard
            let top = fields(
                root, Subject(), field: nil,
                expected: Message("expected.directory"))
        else { return draft }
        warnUnknownKeys(top, known: Self.topKeys, Subject())
        if let name = text(top, "template", Subject(), required: false), let at = top.location(ofValue: "template", file: file) {
            draft.template = DirectoryTemplate(name: name, location: at)
        }

        switch (top.value("issuer"), top.value("district")) {
        case (let node?, nil):
            draft.issuer = issuer(node, key: "issuer", level: nil)
        case (nil, let node?):
            draft.issuer = issuer(node, key: "district", level: .district)
        case (_?, _?):
            log.error(
                Message("issuer.both"), at: top.location(of: "district", file: file),
                field: "district")
        case (nil, nil):
            let key = top.pairs.contains { $0.key == "issuer" } ? "issuer" : "district"
            log.error(Message("field.missing"), at: top.location(of: key, file: file), field: key)
        }

        switch top.value("communes") {
        case nil:
            log.error(Message("field.missing"), at: top.location(of: "communes", file: file), field: "communes")
        case let node? where Self.namesTable(node):
            draft.communes = tableRef(node, field: "communes").map(CommuneSource.table)
        case .sequence(let list)?:
            if list.isEmpty {
                log.error(
                    Message("communes.none"), at: location(.sequence(list)),
                    field: "communes")
            }
            if log.withinLimit(list.count, Limits.units, at: location(.sequence(list)), Subject(), field: "communes") {
                draft.communes = .list(list.compactMap { commune($0) })
            }
        case let node?:
            log.error(
                Message("communes.notAList", node.kindDescription),
                at: location(node), field: "communes")
        }

        if let node = top.value("outside") {
            if Self.namesTable(node) {
                draft.outsideTable = tableRef(node, field: "outside")
            } else {
                draft.outside = list(node, Subject(), field: "outside", expected: Message("expected.outsideList"))
                    .compactMap { outsideUnit($0) }
            }
        }
        return draft
    }

    // MARK: Sections

    /// Whether `node` names a table file (`communes.csv`, `{file: x.xlsx, sheet: Xã}`) rather
    /// than listing the units; a table reference with a problem is still one (its problem is
    /// reported once, as such).
    static func namesTable(_ node: Node) -> Bool {
        switch node {
        case .scalar: true
        case .mapping(let mapping): mapping.keys.contains { $0.string == "file" }
        default: false
        }
    }

    /// A table named by `communes:` or `outside:`: a path, or `{file:, sheet:}`; nil for a list
    /// or a reference with a problem (logged).
    mutating func tableRef(_ node: Node, field: String) -> TableRef? {
        switch node {
        case .scalar(let scalar):
            return TableRef(
                path: scalar.string.trimmingWhiteSpace(newlines: true), sheet: nil,
                location: location(node))
        case .mapping where Self.namesTable(node):
            guard let fields = fields(node, Subject(), field: field, expected: Message("expected.table")),
                let file = text(fields, "file", Subject(fieldPrefix: field + "."), required: true)
            else { return nil }
            warnUnknownKeys(fields, known: ["file", "sheet"], Subject(fieldPrefix: field + "."))
            return TableRef(
                path: file, sheet: text(fields, "sheet", Subject(fieldPrefix: field + "."), required: false),
                location: location(node))
        default:
            return nil
        }
    }

    /// The issuing unit: `issuer:` (any level), or `district:`, a 2018 file's district.
    mutating func issuer(_ node: Node, key: String, level fixed: IssuerLevel?) -> Issuer? {
        let subject = Subject(fieldPrefix: key + ".")
        guard
            let fields = fields(
                node, Subject(), field: key,
                expected: Message("expected.issuer"))
        else { return nil }
        let errors = log.errorCount
        warnUnknownKeys(fields, known: fixed == nil ? Self.issuerKeys : Self.issuerKeys.filter { $0 != "level" }, subject)
        var level = fixed
        if fixed == nil, let text = text(fields, "level", subject, required: true), let node = fields.value("level") {
            level = IssuerLevel.allCases.first { $0.rawValue == text.lowercased() }
            if level == nil {
                log.error(
                    Message("issuer.level.unknown", text), at: location(node),
                    subject, field: "level")
            }
        }
        let name = text(fields, "name", subject, required: true)
        // A district or a commune belongs to a province; a province is one.
        let province = text(fields, "province", subject, required: level == .district)
        let police = text(fields, "police", subject, required: false)
        let unitKind = text(fields, "kind", subject, required: false)
        let hotlines = hotlines(fields, subject)
        let emergency = phone(fields, "emergency", subject, required: false)
        let checkpoints = checkpoints(fields, Subject(fieldPrefix: "\(key).checkpoints."))
        let contacts = self.checkpoints(fields, Subject(fieldPrefix: "\(key).contacts."), key: "contacts")
        let link = link(fields, subject)
        guard let level, let name, let hotlines, log.errorCount == errors else { return nil }
        return Issuer(
            level: level, name: name, province: province, hotlines: hotlines, emergency: emergency,
            checkpoints: checkpoints, contacts: contacts, link: link, police: police, unitKind: unitKind)
    }

    mutating func commune(_ node: Node) -> CommuneDraft? {
        guard
            let fields = fields(
                node, Subject(), field: nil,
                expected: Message("expected.commune"))
        else { return nil }
        let errors = log.errorCount
        let name = text(fields, "name", Subject(), required: true)
        let subject = Subject(commune: name)
        warnUnknownKeys(fields, known: Self.communeKeys, subject)
        let kind = kind(fields, subject)
        let phone = phone(fields, "phone", subject)
        let neighbours = names(fields, "neighbours", subject)
        let formerly = names(fields, "formerly", subject).map(\.name)
        let checkpoints = checkpoints(fields, Subject(commune: name, fieldPrefix: "checkpoints."))
        let contacts = self.checkpoints(fields, Subject(commune: name, fieldPrefix: "contacts."), key: "contacts")
        let link = link(fields, subject)
        let quantity = fields.value("quantity").flatMap { node in
            text(node, "quantity", subject).flatMap { log.quantity($0, at: location(node), subject, field: "quantity") }
        }
        var commune: Commune?
        if let name, let kind, let phone, log.errorCount == errors {
            commune = Commune(
                name: name, kind: kind, phone: phone, neighbourNames: neighbours.map(\.name),
                checkpoints: checkpoints, quantity: quantity, source: fields.location,
                contacts: contacts, link: link, formerly: formerly)
        }
        return CommuneDraft(name: name, location: fields.location, neighbours: neighbours, commune: commune)
    }

    mutating func outsideUnit(_ node: Node) -> OutsideDraft? {
        guard
            let fields = fields(
                node, Subject(), field: "outside",
                expected: Message("expected.outside"))
        else { return nil }
        let errors = log.errorCount
        var subject = Subject(fieldPrefix: "outside.")
        let name = text(fields, "name", subject, required: true)
        subject.label = name.map { Message("label.outside", $0) }
        warnUnknownKeys(fields, known: Self.outsideKeys, subject)
        let district =
            text(fields, "district", subject, required: false)
            ?? text(fields, "province", subject, required: false)
        let kind = kind(fields, subject)
        let phone = phone(fields, "phone", subject)
        var unit: OutsideUnit?
        if let name, let kind, let phone, log.errorCount == errors {
            unit = OutsideUnit(name: name, district: district, kind: kind, phone: phone)
        }
        return OutsideDraft(name: name, location: fields.location, unit: unit)
    }

    // MARK: Fields

    /// The fields of a mapping; logs an error naming `expected` when `node` is something else.
    mutating func fields(_ node: Node, _ subject: Subject, field: String?, expected: Message) -> Fields? {
        guard case .mapping(let mapping) = node else {
            log.error(Message("expected.found", expected, node.kindDescription), at: location(node), subject, field: field)
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                log.error(Message("key.notAWord", key.kindDescription), at: location(key), subject)
                continue
            }
            pairs.append((scalar.string, key, value))
        }
        return Fields(location: location(node), pairs: pairs)
    }

    mutating func warnUnknownKeys(_ fields: Fields, known: [String], _ subject: Subject) {
        for pair in fields.pairs where !known.contains(pair.key) {
            log.warning(
                Suggestions.didYouMean(Message("key.unknown"), pair.key, among: known),
                at: location(pair.keyNode), subject, field: pair.key)
        }
    }

    /// The elements of a list; logs an error naming `expected` when `node` is something else.
    mutating func list(_ node: Node, _ subject: Subject, field: String, expected: Message) -> [Node] {
        guard case .sequence(let sequence) = node else {
            log.error(Message("expected.found", expected, node.kindDescription), at: location(node), subject, field: field)
            return []
        }
        let limit = field == "outside" ? Limits.units : Limits.listItems
        guard log.withinLimit(sequence.count, limit, at: location(node), subject, field: field) else { return [] }
        return Array(sequence)
    }

    /// A text value as `normalisedName`; nil (logged when `required`) when missing or empty.
    mutating func text(_ fields: Fields, _ key: String, _ subject: Subject, required: Bool) -> String? {
        guard let node = fields.value(key) else {
            if required {
                log.error(Message("field.missing"), at: fields.location(of: key, file: file), subject, field: key)
            }
            return nil
        }
        let at = fields.location(ofValue: key, file: file) ?? location(node)
        guard let value = text(node, key, subject, at: at) else { return nil }
        if value.isEmpty {
            if required { log.error(Message("field.empty"), at: at, subject, field: key) }
            return nil
        }
        return value
    }

    /// A scalar's text as `normalisedName`; nil (logged at `at`, else the node's line) for a list,
    /// a mapping or a text too long. The length is checked before the text is normalised or
    /// looked up: an anchored value of a million characters may be repeated in every commune.
    mutating func text(_ node: Node, _ field: String, _ subject: Subject, at: SourceLocation? = nil) -> String? {
        let location = at ?? location(node)
        guard case .scalar(let scalar) = node else {
            log.error(Message("expected.text", node.kindDescription), at: location, subject, field: field)
            return nil
        }
        guard log.withinLength(scalar.string, at: location, subject, field: field) else { return nil }
        let text = normalised[scalar.string] ?? scalar.string.normalisedName
        normalised[scalar.string] = text
        return log.printable(text, at: location, subject, field: field)
    }

    /// The number under `key`, grouped as `display:` says when the entry gives one (only for
    /// `phone:`, the entry's own number).
    mutating func phone(_ fields: Fields, _ key: String, _ subject: Subject, required: Bool = true) -> PhoneNumber? {
        guard let text = text(fields, key, subject, required: required), let node = fields.value(key) else {
            return nil
        }
        guard
            let number = log.phone(
                text, at: fields.location(ofValue: key, file: file) ?? location(node), subject,
                field: key)
        else { return nil }
        guard key == "phone", let display = self.text(fields, "display", subject, required: false),
            let displayLocation = fields.location(ofValue: "display", file: file)
        else { return number }
        return log.display(display, of: number, at: displayLocation, subject, field: "display")
    }

    /// `link:`, a web address such as a Zalo page; nil (logged) when it is not one.
    mutating func link(_ fields: Fields, _ subject: Subject) -> String? {
        guard let text = text(fields, "link", subject, required: false),
            let location = fields.location(ofValue: "link", file: file)
        else { return nil }
        return log.link(text, at: location, subject, field: "link")
    }

    mutating func kind(_ fields: Fields, _ subject: Subject) -> UnitKind? {
        guard let text = text(fields, "kind", subject, required: true),
            let location = fields.location(ofValue: "kind", file: file)
        else { return nil }
        return log.kind(text, at: location, subject, field: "kind")
    }

    /// `hotline:`, one number or a non-empty list of numbers; nil (logged) when missing or invalid.
    mutating func hotlines(_ fields: Fields, _ subject: Subject) -> [PhoneNumber]? {
        guard case .sequence(let sequence)? = fields.value("hotline") else {
            return phone(fields, "hotline", subject).map { [$0] }
        }
        if sequence.isEmpty {
            log.error(Message("field.empty"), at: location(.sequence(sequence)), subject, field: "hotline")
            return nil
        }
        let phones = sequence.compactMap { item -> PhoneNumber? in
            if case .mapping = item, let entry = self.fields(item, subject, field: "hotline", expected: Message("expected.number")) {
                warnUnknownKeys(entry, known: DirectoryFormat.keys(DirectoryFormat.number), subject)
                return phone(entry, "phone", subject)
            }
            return text(item, "hotline", subject).flatMap { log.phone($0, at: location(item), subject, field: "hotline") }
        }
        return phones.count == sequence.count ? phones : nil
    }

    /// A list of names such as `neighbours:`; problems are logged and the bad items left out.
    mutating func names(_ fields: Fields, _ key: String, _ subject: Subject) -> [NameRef] {
        guard let node = fields.value(key) else { return [] }
        guard case .sequence(let sequence) = node else {
            log.error(
                Message("expected.names", node.kindDescription),
                at: location(node), subject, field: key)
            return []
        }
        guard log.withinLimit(sequence.count, Limits.listItems, at: location(node), subject, field: key) else { return [] }
        return sequence.compactMap { item in
            let at = SourceLocation(file: file, line: Self.line(of: item, after: node))
            guard let name = item.isNull ? "" : text(item, key, subject, at: at) else { return nil }
            guard !name.isEmpty else {
                log.error(Message("names.empty"), at: at, subject, field: key)
                return nil
            }
            return NameRef(name: name, location: at)
        }
    }

    /// `checkpoints:`, a list of `{name:, phone:}`; problems are logged and the bad items left out.
    mutating func checkpoints(_ fields: Fields, _ subject: Subject, key: String = "checkpoints") -> [Checkpoint] {
        guard let node = fields.value(key) else { return [] }
        let listSubject = Subject(commune: subject.commune)
        let field = String(subject.fieldPrefix.dropLast())
        let contacts = key == "contacts"
        return list(
            node, listSubject, field: field,
            expected: Message(contacts ? "expected.contacts" : "expected.checkpoints")
        )
        .compactMap { item in
            guard
                let itemFields = self.fields(
                    item, listSubject, field: field,
                    expected: Message(contacts ? "expected.contact" : "expected.checkpoint"))
            else {
                return nil
            }
            var itemSubject = subject
            let name = text(itemFields, "name", itemSubject, required: true)
            itemSubject.label = name.map { Message(contacts ? "label.contact" : "label.checkpoint", $0) }
            warnUnknownKeys(itemFields, known: Self.checkpointKeys, itemSubject)
            let phone = phone(itemFields, "phone", itemSubject)
            guard let name, let phone else { return nil }
            return Checkpoint(name: name, phone: phone)
        }
    }
}

extension Node {
    /// Whether this is a null scalar (`~`, `null` or nothing).
    var isNull: Bool {
        guard case .scalar = self else { return false }
        return tag.rawValue == Tag.Name.null.rawValue
    }

    /// "text", "a list" or "a mapping", for messages.
    var kindDescription: Message {
        switch self {
        case .scalar: Message("node.text")
        case .sequence: Message("node.list")
        case .mapping: Message("node.mapping")
        case .alias: Message("node.alias")
        }
    }
}

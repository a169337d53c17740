/// The directory file's format, described once: each part (the file itself, the top unit, a
/// commune, an outside unit, a named number, a duty number) and its fields in the order a file
/// lists them, each with its YAML key, the kind of value, whether a file must give it, and the
/// column a table of units holds it in. The strict reader's known keys and the table columns
/// come from here, and the page writes a file's fields in this order; tests hold the readers,
/// the page's writer, `app.js` and `openapi.yaml` to it.
public enum DirectoryFormat {
    /// One field of a part.
    public struct Field: Hashable, Sendable {
        /// What a field holds, which is also how a file writes it.
        public enum Kind: Hashable, Sendable {
            /// A name or a word (`name`, `kind`, `province`): plain when YAML reads it back as text.
            case text
            /// A phone number as typed, or how it is printed (`phone`, `display`, `emergency`).
            case phone
            /// A web address.
            case link
            /// A whole number of pieces.
            case quantity
            /// A list of names (`neighbours`, `formerly`).
            case names
            /// A list of named numbers (`checkpoints`, `contacts`), each as `DirectoryFormat.entry`.
            case entries
            /// One duty number or several (`hotline`), each a phone or as `DirectoryFormat.number`.
            case numbers
            /// The top unit, as `DirectoryFormat.issuer`.
            case unit
            /// A list of units (`communes`, `outside`), or the table file they are kept in.
            case units
            /// A template: a built-in one's name, or a file's path relative to the directory
            /// file's folder (`DirectoryTemplate`).
            case template
        }

        public let key: String
        public let kind: Kind
        /// The file must give it (the top unit's `province` only at district level, which the
        /// reader checks on its own).
        public let required: Bool
        /// The column of a table of communes or outside units that holds it (`name`, `phone`…
        /// as `CommuneCSV.columns` names them), if one does.
        public let column: String?

        init(_ key: String, _ kind: Kind, required: Bool = false, column: UnitTable.Column? = nil) {
            self.key = key; self.kind = kind; self.required = required; self.column = column?.rawValue
        }
    }

    /// The file: the template it is drawn with, its top unit (`issuer:` of 2025 or `district:`
    /// of 2018, one of them), the communes and the units outside that neighbours may name.
    public static let file: [Field] = [
        Field("template", .template), Field("issuer", .unit), Field("district", .unit), Field("communes", .units, required: true),
        Field("outside", .units),
    ]

    /// The top unit. `level` is written in the `issuer:` form only (a `district:` is a district).
    public static let issuer: [Field] = [
        Field("level", .text, required: true), Field("name", .text, required: true), Field("province", .text),
        Field("kind", .text), Field("police", .text), Field("hotline", .numbers, required: true),
        Field("emergency", .phone), Field("checkpoints", .entries), Field("contacts", .entries), Field("link", .link),
    ]

    /// A commune (or ward).
    public static let commune: [Field] = [
        Field("name", .text, required: true, column: .name), Field("kind", .text, required: true, column: .kind),
        Field("phone", .phone, required: true, column: .phone), Field("display", .phone, column: .display),
        Field("neighbours", .names, column: .neighbours), Field("formerly", .names, column: .formerly),
        Field("checkpoints", .entries), Field("contacts", .entries, column: .contacts), Field("link", .link, column: .link),
        Field("quantity", .quantity, column: .quantity),
    ]

    /// A unit outside the file's communes that a commune's neighbours may name. Its district or
    /// province share a table column (`district` is read when both are given).
    public static let outside: [Field] = [
        Field("name", .text, required: true, column: .name), Field("district", .text, column: .district),
        Field("province", .text, column: .district), Field("kind", .text, required: true, column: .kind),
        Field("phone", .phone, required: true, column: .phone), Field("display", .phone, column: .display),
    ]

    /// A named number: a checkpoint or a contact.
    public static let entry: [Field] = [
        Field("name", .text, required: true), Field("phone", .phone, required: true), Field("display", .phone),
    ]

    /// One of several duty numbers, written as a mapping when it has a `display`.
    public static let number: [Field] = [Field("phone", .phone, required: true), Field("display", .phone)]

    /// The keys of `fields`, in order.
    public static func keys(_ fields: [Field]) -> [String] { fields.map(\.key) }

    /// The table columns of `fields`, in order, each once.
    static func columns(_ fields: [Field]) -> [UnitTable.Column] {
        fields.compactMap { $0.column.flatMap(UnitTable.Column.init(rawValue:)) }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}

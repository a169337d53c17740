/// Where a value came from, for error messages: a file and, when known, a line — or, in a
/// workbook, a sheet's cell or row (`danh-ba.xlsx: Xã!C7`; the row number stands as the line).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// `Xã!C7` (a cell) or `Xã!7:7` (a row) in a workbook.
    public var cell: String?
    public init(file: String, line: Int? = nil, cell: String? = nil) { self.file = file; self.line = line; self.cell = cell }
    public var description: String {
        if let cell { return "\(file): \(cell)" }
        return line.map { "\(file):\($0)" } ?? file
    }
}

/// The kind of a commune-level unit, as printed ("xã", "phường", "đặc khu"; "thị trấn" before 2025).
public enum UnitKind: String, Hashable, Sendable, CaseIterable, Codable {
    case xa = "xã"
    case phuong = "phường"
    case dacKhu = "đặc khu"
    /// A district's town: abolished with the district level on 1 July 2025.
    case thiTran = "thị trấn"
}

/// Which level of government issues the keychains: since 2025 a province (or centrally-run city)
/// or a single commune; before that, mostly a district.
public enum IssuerLevel: String, Hashable, Sendable, CaseIterable, Codable {
    case province, district, commune
}

/// A named phone number printed on a keychain: a checkpoint ("chốt chặn") or a contact
/// ("Trưởng Công an phường", a hotline of its own).
public struct Checkpoint: Hashable, Sendable {
    public var name: String
    public var phone: PhoneNumber
    public init(name: String, phone: PhoneNumber) { self.name = name; self.phone = phone }
}

/// A named number such as a police chief's mobile: the same shape as a checkpoint.
public typealias Contact = Checkpoint

/// A commune-level police unit: one keychain design each.
public struct Commune: Hashable, Sendable {
    public var name: String
    public var kind: UnitKind
    public var phone: PhoneNumber
    /// Neighbours by name as written in the data; `Directory.neighbours(of:)` resolves them.
    public var neighbourNames: [String]
    public var checkpoints: [Checkpoint]
    /// Pieces to make; nil when the data does not say.
    public var quantity: Int?
    public var source: SourceLocation
    /// Named numbers of this unit (its chief's mobile…), printed where a template asks.
    public var contacts: [Contact]
    /// A web address of this unit (a Zalo page…), e.g. for a QR code.
    public var link: String?
    /// The units merged into this one (2025), printed nowhere by default.
    public var formerly: [String]
    public init(
        name: String, kind: UnitKind, phone: PhoneNumber, neighbourNames: [String] = [],
        checkpoints: [Checkpoint] = [], quantity: Int? = nil,
        source: SourceLocation = SourceLocation(file: ""), contacts: [Contact] = [], link: String? = nil,
        formerly: [String] = []
    ) {
        self.name = name; self.kind = kind; self.phone = phone; self.neighbourNames = neighbourNames
        self.checkpoints = checkpoints; self.quantity = quantity; self.source = source
        self.contacts = contacts; self.link = link; self.formerly = formerly
    }

    /// How the unit's police is printed in full: "Công an xã Phước Lý".
    public var police: String { "Công an \(kind.rawValue) \(name)" }
    /// The short form keychains use: "CA xã Phước Lý".
    public var policeShort: String { "CA \(kind.rawValue) \(name)" }
}

/// A unit outside the issuer's area that borders it (printed as a neighbour).
public struct OutsideUnit: Hashable, Sendable {
    public var name: String
    /// The district or province it belongs to, when the data says.
    public var district: String?
    public var kind: UnitKind
    public var phone: PhoneNumber
    public init(name: String, district: String?, kind: UnitKind, phone: PhoneNumber) {
        self.name = name; self.district = district; self.kind = kind; self.phone = phone
    }
}

/// The police unit that issues the keychains: its hotline and checkpoints appear on every one.
public struct Issuer: Hashable, Sendable {
    public var level: IssuerLevel
    public var name: String
    /// The province a district or commune belongs to; nil for a province itself.
    public var province: String?
    /// The duty desk ("trực ban"); at least one number, the first is the QR target.
    public var hotlines: [PhoneNumber]
    public var emergency: PhoneNumber?
    public var checkpoints: [Checkpoint]
    public var contacts: [Contact]
    public var link: String?
    /// How the unit is printed in full ("Công an tỉnh Tây Ninh"); derived from the level when
    /// the data does not say.
    public var police: String
    /// The short form ("CA tỉnh Tây Ninh").
    public var policeShort: String

    public init(
        level: IssuerLevel = .district, name: String, province: String?, hotlines: [PhoneNumber],
        emergency: PhoneNumber? = nil, checkpoints: [Checkpoint] = [], contacts: [Contact] = [],
        link: String? = nil, police: String? = nil, unitKind: String? = nil
    ) {
        self.level = level; self.name = name; self.province = province; self.hotlines = hotlines
        self.emergency = emergency; self.checkpoints = checkpoints; self.contacts = contacts; self.link = link
        let kind = unitKind ?? Self.defaultKind(level: level, name: name)
        self.police = police ?? "Công an \(kind) \(name)"
        // "Công an X" → "CA X": the short form keeps whatever the data calls the unit.
        self.policeShort =
            self.police.hasPrefix("Công an ")
            ? "CA " + self.police.dropFirst("Công an ".count)
            : self.police
    }

    /// The unit's name with its province when it has one: "Cần Giuộc, Long An".
    public var title: String { province.map { "\(name), \($0)" } ?? name }

    /// The six centrally-run cities (since 2025) are "thành phố", other provinces "tỉnh".
    static let cities: Set<NameKey> = [
        "Hà Nội", "Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng",
        "Cần Thơ", "Huế",
    ].reduce(into: []) { $0.insert(NameKey($1)) }

    /// The word for the unit in "Công an … X" when the data does not give one.
    static func defaultKind(level: IssuerLevel, name: String) -> String {
        switch level {
        case .province: cities.contains(NameKey(name)) ? "thành phố" : "tỉnh"
        case .district: "huyện"
        case .commune: "xã"
        }
    }
}

/// The issuer under its 2018 name: a district police office.
public typealias District = Issuer

/// A neighbour as printed on a keychain: a resolved name and its own number.
public struct Neighbour: Hashable, Sendable {
    public var name: String
    public var kind: UnitKind
    /// The other district's or province's name for units outside the issuer's area.
    public var district: String?
    public var phone: PhoneNumber
}

/// The whole police phone directory of one issuer, as loaded and validated.
public struct Directory: Hashable, Sendable {
    public var issuer: Issuer
    public let communes: [Commune]
    public let outside: [OutsideUnit]
    /// Where it was loaded from ("built-in sample" for the sample).
    public var source: String
    /// The template the file names (`template:`), drawn unless `--template` says otherwise.
    public var template: DirectoryTemplate?
    /// Every unit a neighbour name can point to, communes before outside units.
    private let units: [NameKey: Neighbour]
    /// The communes' slugs, distinct, in the order of `communes` (`slug(of:)`).
    public let slugs: [String]
    let slugIndex: [NameKey: Int]

    public init(
        issuer: Issuer, communes: [Commune], outside: [OutsideUnit] = [], source: String, template: DirectoryTemplate? = nil
    ) {
        self.issuer = issuer; self.communes = communes; self.outside = outside; self.source = source
        self.template = template
        var units: [NameKey: Neighbour] = [:]
        for o in outside {
            units[NameKey(o.name)] = Neighbour(name: o.name, kind: o.kind, district: o.district, phone: o.phone)
        }
        for c in communes { units[NameKey(c.name)] = Neighbour(name: c.name, kind: c.kind, district: nil, phone: c.phone) }
        self.units = units
        slugs = Self.uniqueSlugs(of: communes)
        slugIndex = Dictionary(communes.indices.map { (NameKey(communes[$0].name), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The issuer under its 2018 name (`district:` files and library users of that time).
    public var district: Issuer { issuer }

    /// The commune's neighbours, resolved by normalised name against the communes first and
    /// `outside` second. Names that resolve to nothing are left out (loading reports them).
    public func neighbours(of commune: Commune) -> [Neighbour] {
        commune.neighbourNames.compactMap { units[NameKey($0)] }
    }
}

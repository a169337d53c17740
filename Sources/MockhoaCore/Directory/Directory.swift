/// Where a value came from, for error messages: a file and, when known, a line.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public init(file: String, line: Int? = nil) { self.file = file; self.line = line }
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// The kind of a commune-level unit, as printed ("xã", "thị trấn", "phường").
public enum UnitKind: String, Hashable, Sendable, CaseIterable, Codable {
    case xa = "xã"
    case thiTran = "thị trấn"
    case phuong = "phường"
}

/// A named phone number printed on a keychain (a checkpoint, "chốt chặn").
public struct Checkpoint: Hashable, Sendable {
    public var name: String
    public var phone: PhoneNumber
    public init(name: String, phone: PhoneNumber) { self.name = name; self.phone = phone }
}

/// A commune-level police unit of the district: one keychain design each.
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
    public init(name: String, kind: UnitKind, phone: PhoneNumber, neighbourNames: [String] = [],
                checkpoints: [Checkpoint] = [], quantity: Int? = nil,
                source: SourceLocation = SourceLocation(file: "")) {
        self.name = name; self.kind = kind; self.phone = phone; self.neighbourNames = neighbourNames
        self.checkpoints = checkpoints; self.quantity = quantity; self.source = source
    }
}

/// A unit of another district that borders this one (printed as a neighbour).
public struct OutsideUnit: Hashable, Sendable {
    public var name: String
    public var district: String?
    public var kind: UnitKind
    public var phone: PhoneNumber
    public init(name: String, district: String?, kind: UnitKind, phone: PhoneNumber) {
        self.name = name; self.district = district; self.kind = kind; self.phone = phone
    }
}

/// The district police office: its hotline and checkpoints appear on every keychain.
public struct District: Hashable, Sendable {
    public var name: String
    public var province: String
    /// The duty desk ("trực ban"); at least one number, the first is the QR target.
    public var hotlines: [PhoneNumber]
    public var emergency: PhoneNumber?
    public var checkpoints: [Checkpoint]
    public init(name: String, province: String, hotlines: [PhoneNumber], emergency: PhoneNumber? = nil,
                checkpoints: [Checkpoint] = []) {
        self.name = name; self.province = province; self.hotlines = hotlines
        self.emergency = emergency; self.checkpoints = checkpoints
    }
}

/// A neighbour as printed on a keychain: a resolved name and its own number.
public struct Neighbour: Hashable, Sendable {
    public var name: String
    public var kind: UnitKind
    /// The other district's name for units outside this district.
    public var district: String?
    public var phone: PhoneNumber
}

/// The whole police phone directory of one district, as loaded and validated.
public struct Directory: Hashable, Sendable {
    public var district: District
    public let communes: [Commune]
    public let outside: [OutsideUnit]
    /// Where it was loaded from ("built-in sample" for the sample).
    public var source: String
    /// Every unit a neighbour name can point to, communes before outside units.
    private let units: [NameKey: Neighbour]

    public init(district: District, communes: [Commune], outside: [OutsideUnit] = [], source: String) {
        self.district = district; self.communes = communes; self.outside = outside; self.source = source
        var units: [NameKey: Neighbour] = [:]
        for o in outside {
            units[NameKey(o.name)] = Neighbour(name: o.name, kind: o.kind, district: o.district, phone: o.phone)
        }
        for c in communes { units[NameKey(c.name)] = Neighbour(name: c.name, kind: c.kind, district: nil, phone: c.phone) }
        self.units = units
    }

    /// The commune's neighbours, resolved by normalised name against the communes first and
    /// `outside` second. Names that resolve to nothing are left out (loading reports them).
    public func neighbours(of commune: Commune) -> [Neighbour] {
        commune.neighbourNames.compactMap { units[NameKey($0)] }
    }
}

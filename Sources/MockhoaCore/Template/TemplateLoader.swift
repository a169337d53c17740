import Foundation
import Yams

/// Reads keychain templates: the built-in ones by name, or a YAML file by path.
public enum TemplateLoader {
    /// Names of the templates built into the binary; `default` first.
    public static let builtInNames = ["default", "ward"]

    private static let builtIn: [String: [UInt8]] = [
        "default": PackageResources.default_yaml, "ward": PackageResources.ward_yaml,
    ]

    /// The default template, parsed once (a command may start on it before it reads its options).
    private static let defaultTemplate = Result { () throws(InputErrors) in
        try parse(yaml: String(decoding: PackageResources.default_yaml, as: UTF8.self), name: "default",
                  file: "Templates/default.yaml (built in)")
    }

    /// `nameOrPath` is a built-in name (`default`) or the path of a template file;
    /// nil gives the default template.
    public static func load(_ nameOrPath: String? = nil) throws(InputErrors) -> KeychainTemplate {
        let spec = nameOrPath ?? "default"
        if spec == "default", !FileManager.default.fileExists(atPath: spec) { return try defaultTemplate.get() }
        if let builtIn = builtIn[spec], !FileManager.default.fileExists(atPath: spec) {
            return try parse(yaml: String(decoding: builtIn, as: UTF8.self), name: spec,
                             file: "Templates/\(spec).yaml (built in)")
        }
        let data: Data
        do { data = try InputFile.read(path: spec) } catch {
            if error == .notFound {
                throw InputErrors(Message("template.notFound", spec, builtInNames.joined(separator: ", ")),
                                  at: SourceLocation(file: spec))
            }
            throw InputErrors(Message("template.cannotRead", spec, error.message), at: SourceLocation(file: spec))
        }
        let name = URL(fileURLWithPath: spec).deletingPathExtension().lastPathComponent
        return try parse(yaml: InputText.decode(data, file: spec), name: name, file: spec)
    }

    /// Parses and validates template YAML; `file` names it in messages.
    public static func parse(yaml: String, name: String, file: String) throws(InputErrors) -> KeychainTemplate {
        var log = LoadLog()
        guard let root = YAMLDocument.compose(yaml, file: file, log: &log) else { throw InputErrors(log.diagnostics) }
        let raw = try RawTemplate(TemplateFields(root, path: "", file: file))
        let (typos, lines) = walkKeys(in: root, file: file)
        let template: KeychainTemplate
        do { template = try raw.validated(name: raw.name ?? name, file: file, lines: lines) } catch {
            throw InputErrors(typos + error.diagnostics)
        }
        guard typos.isEmpty else { throw InputErrors(typos) }
        return template
    }

    /// The keys a template may use, by where they stand; anything else is a typo that would
    /// otherwise be ignored in silence.
    private static let keys: [String: Set<String>] = [
        "": ["name", "process", "mould", "size", "bleed", "safe-margin", "hole", "border", "colours", "font",
             "line-spacing", "styles", "front", "back"],
        "mould": ["letter-height", "raised-line", "recessed-line", "edge-clearance"],
        "size": ["width", "height"], "hole": ["diameter", "x", "y", "clearance"], "border": ["inset", "width"],
        "colours": ["background", "text", "border", "qr-tile", "qr-modules"], "colour": ["rgb", "cmyk", "spot"],
        "font": ["family", "weight", "minimum-size"], "style": ["scale", "max"],
        "element": ["text", "list", "qr", "style", "item", "heading", "heading-style", "columns", "size", "end",
                    "quiet-zone", "keep-together"],
    ]

    /// Unknown keys, each with its line and the closest known key; and the line of every field
    /// (`font.weight`, `front[2]`), for the messages of later checks.
    private static func walkKeys(in root: Node, file: String) -> (typos: [Diagnostic], lines: [String: Int]) {
        guard let top = root.mapping else { return ([], [:]) }
        var found: [Diagnostic] = [], lines: [String: Int] = [:]
        func check(_ mapping: Node.Mapping, against place: String, path: String) {
            let known = keys[place] ?? []
            for (key, _) in mapping {
                guard let name = key.string, name != "<<" else { continue }  // `<<`: a YAML merge key
                lines[path.isEmpty ? name : "\(path).\(name)"] = key.mark?.line
                guard !known.contains(name) else { continue }
                let message = Suggestions.didYouMean(Message("template.unknownKey", name), name, among: known.sorted())
                found.append(Diagnostic(message, at: SourceLocation(file: file, line: key.mark?.line),
                                        field: path.isEmpty ? name : "\(path).\(name)"))
            }
        }
        check(top, against: "", path: "")
        for (key, value) in top {  // inside known sections only: a misspelt section is one error
            guard let name = key.string, keys[name] != nil || name == "styles", let mapping = value.mapping else { continue }
            if name == "styles" {
                for (style, body) in mapping { if let m = body.mapping { check(m, against: "style", path: "styles.\(style.string ?? "")") } }
            } else {
                check(mapping, against: name, path: name)
            }
            if name == "colours" {
                for (colour, body) in mapping { if let m = body.mapping { check(m, against: "colour", path: "colours.\(colour.string ?? "")") } }
            }
        }
        for side in ["front", "back"] {
            for (i, element) in (top[side]?.sequence ?? []).enumerated() {
                lines["\(side)[\(i + 1)]"] = element.mark?.line
                if let m = element.mapping { check(m, against: "element", path: "\(side)[\(i + 1)]") }
            }
        }
        return (found, lines)
    }
}

// The file's shape, as read; `validated` turns it into the model or lists what is wrong.
private struct RawTemplate {
    /// The lists a `list:` element can name (see `KeychainData`).
    static let listSources: Set<String> = [
        "neighbours", "checkpoints", "contacts", "district.checkpoints", "district.hotlines", "district.contacts",
        "issuer.checkpoints", "issuer.hotlines", "issuer.contacts", "commune.contacts", "commune.formerly",
    ]

    /// What a list prints of each item when its element says no `item:`: an item is a group of
    /// values (`{{.}}` would print the program's dump of it).
    static func defaultItem(of list: String) -> String {
        list.hasSuffix("hotlines") ? "{{phone}}" : list.hasSuffix("formerly") ? "{{name}}" : "{{name}}: {{phone}}"
    }

    struct RawSize { var width: Double; var height: Double }
    struct RawHole { var diameter: Double; var x: Double; var y: Double; var clearance: Double? }
    struct RawBorder { var inset: Double; var width: Double }
    /// `"#D71920"`, or `{rgb: "#D71920", cmyk: [0, 100, 100, 5], spot: "PANTONE 485 C"}`.
    struct RawColour {
        var rgb: String, cmyk: [Double]?, spot: String?

        init(_ node: Node, path: String, file: String) throws(InputErrors) {
            if case .scalar(let scalar) = node {
                rgb = scalar.string
            } else {
                let f = try TemplateFields(node, path: path, file: file)
                rgb = try f.required(f.string("rgb"), "rgb")
                cmyk = try f.doubles("cmyk")
                spot = try f.string("spot")
            }
        }
    }
    struct RawColours { var background: RawColour?, text: RawColour?, border: RawColour?, qrTile: RawColour?, qrModules: RawColour? }
    struct RawFont { var family: String; var weight: String?; var minimumSize: Double? }
    struct RawStyle { var scale: Double; var max: Double }
    struct RawMould { var letterHeight: Double?, raisedLine: Double?, recessedLine: Double?, edgeClearance: Double? }
    struct RawElement {
        var text: String?, list: String?, qr: String?
        var style: String?, item: String?, heading: String?, headingStyle: String?, columns: String?
        var size: Double?, end: String?, quietZone: Int?, keepTogether: Bool?

        init(_ f: TemplateFields) throws(InputErrors) {
            text = try f.string("text"); list = try f.string("list"); qr = try f.string("qr")
            style = try f.string("style"); item = try f.string("item"); heading = try f.string("heading")
            headingStyle = try f.string("heading-style"); columns = try f.string("columns")
            size = try f.double("size"); end = try f.string("end"); quietZone = try f.int("quiet-zone")
            keepTogether = try f.bool("keep-together")
        }
    }

    var name: String?
    var process: String?
    var mould: RawMould?
    var size: RawSize
    var bleed: Double?
    var safeMargin: Double?
    var hole: RawHole?
    var border: RawBorder?
    var colours: RawColours?
    var font: RawFont
    var lineSpacing: Double?
    var styles: [String: RawStyle]
    var front: [RawElement]
    var back: [RawElement]?

    /// Reads the top mapping of a template file; the first value of the wrong kind, or
    /// required field missing, is the error.
    init(_ top: TemplateFields) throws(InputErrors) {
        name = try top.string("name")
        process = try top.string("process")
        mould = try top.fields("mould").map { m throws(InputErrors) in
            RawMould(letterHeight: try m.double("letter-height"), raisedLine: try m.double("raised-line"),
                     recessedLine: try m.double("recessed-line"), edgeClearance: try m.double("edge-clearance"))
        }
        let s = try top.required(top.fields("size"), "size")
        size = RawSize(width: try s.required(s.double("width"), "width"), height: try s.required(s.double("height"), "height"))
        bleed = try top.double("bleed")
        safeMargin = try top.double("safe-margin")
        hole = try top.fields("hole").map { h throws(InputErrors) in
            RawHole(diameter: try h.required(h.double("diameter"), "diameter"), x: try h.required(h.double("x"), "x"),
                    y: try h.required(h.double("y"), "y"), clearance: try h.double("clearance"))
        }
        border = try top.fields("border").map { b throws(InputErrors) in
            RawBorder(inset: try b.required(b.double("inset"), "inset"), width: try b.required(b.double("width"), "width"))
        }
        colours = try top.fields("colours").map { c throws(InputErrors) in
            func colour(_ key: String) throws(InputErrors) -> RawColour? {
                try c.node(key).map { n throws(InputErrors) in try RawColour(n, path: c.field(key), file: c.file) }
            }
            return RawColours(background: try colour("background"), text: try colour("text"), border: try colour("border"),
                              qrTile: try colour("qr-tile"), qrModules: try colour("qr-modules"))
        }
        let f = try top.required(top.fields("font"), "font")
        font = RawFont(family: try f.required(f.string("family"), "family"), weight: try f.string("weight"),
                       minimumSize: try f.double("minimum-size"))
        lineSpacing = try top.double("line-spacing")
        var styles: [String: RawStyle] = [:]
        for (key, value) in try top.required(top.entries("styles"), "styles") {
            let style = try TemplateFields(value, path: top.field("styles.\(key)"), file: top.file)
            styles[key] = RawStyle(scale: try style.required(style.double("scale"), "scale"),
                                   max: try style.required(style.double("max"), "max"))
        }
        self.styles = styles
        func elements(_ side: String) throws(InputErrors) -> [RawElement]? {
            guard let items = try top.list(side) else { return nil }
            var out: [RawElement] = []
            for (i, item) in items.enumerated() {
                out.append(try RawElement(TemplateFields(item, path: "\(side)[\(i + 1)]", file: top.file)))
            }
            return out
        }
        front = try top.required(elements("front"), "front")
        back = try elements("back")
    }

    /// `lines` gives the line of each field path, for messages.
    func validated(name: String, file: String, lines: [String: Int]) throws(InputErrors) -> KeychainTemplate {
        func mm(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value) }
        var problems: [Diagnostic] = []
        func problem(_ field: String, _ message: Message) {
            // The field's own line, or its enclosing element's ("front[2].style" → "front[2]").
            var path = Substring(field)
            while lines[String(path)] == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) { path = path[..<cut] }
            problems.append(Diagnostic(message, at: SourceLocation(file: file, line: lines[String(path)]), field: field))
        }
        func positive(_ field: String, _ value: Double, upTo limit: Double) {
            if !(value > 0 && value <= limit) { problem(field, Message("template.positive", mm(limit), mm(value))) }
        }
        func nonNegative(_ field: String, _ value: Double, upTo limit: Double) {
            if !(value >= 0 && value <= limit) { problem(field, Message("template.nonNegative", mm(limit), mm(value))) }
        }
        positive("size.width", size.width, upTo: 500)
        positive("size.height", size.height, upTo: 500)
        let shorter = min(size.width, size.height)
        nonNegative("bleed", bleed ?? 3, upTo: 10)
        nonNegative("safe-margin", safeMargin ?? 2, upTo: shorter / 4)

        var inks: [KeychainTemplate.Colours.Declared] = []
        // Colours the design does not use (QR colours without a QR code, a ring colour without a
        // ring) are left out of `inks` unless declared: nothing asks for their print values.
        let hasQR = (front + (back ?? [])).contains { $0.qr != nil }
        func colour(_ name: String, _ raw: RawColour?, _ fallback: Color, used: Bool = true) -> Color {
            let field = "colours.\(name)"
            guard let raw else {
                if used && !inks.contains(where: { $0.ink.rgb == fallback }) { inks.append(.init(field: field, ink: Ink(rgb: fallback))) }
                return fallback
            }
            guard let rgb = Color(hex: raw.rgb) else {
                problem(field, Message("template.colour", raw.rgb))
                return fallback
            }
            if let cmyk = raw.cmyk, cmyk.count != 4 || !cmyk.allSatisfy({ $0 >= 0 && $0 <= 100 }) {
                problem("\(field).cmyk", Message("template.cmyk", cmyk.map { mm($0) }.joined(separator: ", ")))
            }
            if let spot = raw.spot, spot.trimmingWhiteSpace().isEmpty || spot.utf8.count > 127
                || spot.unicodeScalars.contains(where: { $0.value < 0x20 }) || ["All", "None", "CutContour"].contains(spot) {
                problem("\(field).spot", Message("template.spotName", spot))
            }
            let ink = Ink(rgb: rgb, cmyk: raw.cmyk, spot: raw.spot)
            if let same = inks.first(where: { $0.ink.rgb == rgb }) {
                if same.ink != ink, raw.cmyk != nil || raw.spot != nil {
                    problem(field, Message("template.colourTwice", "\(rgb)", same.field))
                }
            } else if let same = inks.first(where: { $0.ink.spot != nil && $0.ink.spot == ink.spot && $0.ink.cmyk != ink.cmyk }) {
                problem(field, Message("template.spotTwice", ink.spot!, same.field))
            } else {
                inks.append(.init(field: field, ink: ink))
            }
            return rgb
        }
        var colours = KeychainTemplate.Colours(
            background: colour("background", self.colours?.background, Color(hex: "#D71920")!),
            text: colour("text", self.colours?.text, .white),
            border: colour("border", self.colours?.border, .white, used: border != nil),
            qrTile: colour("qr-tile", self.colours?.qrTile, .white, used: hasQR),
            qrModules: colour("qr-modules", self.colours?.qrModules, .black, used: hasQR))
        colours.inks = inks

        var hole: KeychainTemplate.Hole?
        if let h = self.hole {
            positive("hole.diameter", h.diameter, upTo: shorter / 2)
            nonNegative("hole.clearance", h.clearance ?? 1, upTo: 10)
            let r = h.diameter / 2
            if !Ellipse(in: Rect(origin: .zero, size: Size(width: size.width, height: size.height))).grown(by: -r)
                .contains(Point(x: h.x, y: h.y)) {
                problem("hole", Message("template.holeOutside", mm(h.x), mm(h.y)))
            }
            hole = .init(diameter: h.diameter, center: Point(x: h.x, y: h.y), clearance: h.clearance ?? 1)
        }
        if let b = border {
            nonNegative("border.inset", b.inset, upTo: shorter / 4)
            positive("border.width", b.width, upTo: 3)
            if b.width < 0.5 / pointsPerMillimetre - 1e-9 {
                problem("border.width", Message("template.thinLine"))
            }
        }
        var mouldLimits: KeychainTemplate.MouldLimits?
        switch process ?? "print" {
        case "print":
            if mould != nil { problem("mould", Message("template.mouldOnly")) }
        case "mould":
            let d = KeychainTemplate.MouldLimits(), m = mould
            let limits = KeychainTemplate.MouldLimits(letterHeight: m?.letterHeight ?? d.letterHeight, raisedLine: m?.raisedLine ?? d.raisedLine,
                                                      recessedLine: m?.recessedLine ?? d.recessedLine,
                                                      edgeClearance: m?.edgeClearance ?? d.edgeClearance)
            positive("mould.letter-height", limits.letterHeight, upTo: shorter / 2)
            positive("mould.raised-line", limits.raisedLine, upTo: 5)
            positive("mould.recessed-line", limits.recessedLine, upTo: 5)
            nonNegative("mould.edge-clearance", limits.edgeClearance, upTo: shorter / 4)
            if let b = border {
                if b.width < limits.raisedLine { problem("border.width", Message("template.ringRaised", mm(b.width), mm(limits.raisedLine))) }
                if b.inset < limits.recessedLine { problem("border.inset", Message("template.ringRecessed", mm(b.inset), mm(limits.recessedLine))) }
            }
            mouldLimits = limits
        case let other:
            problem("process", Message("template.process", other))
        }

        let weight = font.weight?.lowercased() ?? "bold"
        if weight != "bold" && weight != "regular" { problem("font.weight", Message("template.weight", weight)) }
        let minimum = font.minimumSize ?? 6
        if !(minimum >= 4 && minimum <= 72) { problem("font.minimum-size", Message("template.minimumSize", mm(minimum))) }
        let spacing = lineSpacing ?? 1.0
        if !(spacing >= 0.8 && spacing <= 3) { problem("line-spacing", Message("template.lineSpacing", mm(spacing))) }

        var styles: [String: KeychainTemplate.TextStyle] = [:]
        for (key, s) in self.styles.sorted(by: { $0.key < $1.key }) {
            if !(s.scale > 0 && s.scale <= 10) { problem("styles.\(key).scale", Message("template.scale")) }
            if !(s.max >= minimum && s.max <= 200) { problem("styles.\(key).max", Message("template.styleMax", mm(minimum), mm(s.max))) }
            styles[key] = .init(scale: s.scale, maximumSize: s.max)
        }
        if styles.isEmpty { problem("styles", Message("template.noStyles")) }

        func elements(_ side: String, _ raw: [RawElement]) -> [KeychainTemplate.Element] {
            var out: [KeychainTemplate.Element] = []
            for (i, e) in raw.enumerated() {
                let field = "\(side)[\(i + 1)]"
                func style(_ name: String?, _ key: String) -> String {
                    let s = name ?? styles.keys.sorted().first ?? ""
                    if styles[s] == nil { problem("\(field).\(key)", Message("template.unknownStyle", s, styles.keys.sorted().joined(separator: ", "))) }
                    return s
                }
                let kinds = [e.text, e.list, e.qr].compactMap { $0 }.count
                guard kinds == 1 else {
                    problem(field, Message("template.elementKind")); continue
                }
                if let text = e.text {
                    out.append(.text(template: text, style: style(e.style, "style"), breakable: !(e.keepTogether ?? false)))
                } else if let list = e.list {
                    if !Self.listSources.contains(list) {
                        problem("\(field).list", Suggestions.didYouMean(
                            Message("template.unknownList", list, Self.listSources.sorted().joined(separator: ", ")),
                            list, among: Self.listSources.sorted()))
                    }
                    let columns = KeychainTemplate.Columns(rawValue: e.columns ?? "1")
                    if columns == nil { problem("\(field).columns", Message("template.columns", e.columns ?? "")) }
                    let item = e.item ?? Self.defaultItem(of: list)
                    let itemStyle = style(e.style, "style")
                    out.append(.list(source: list, item: item, heading: e.heading, style: itemStyle,
                                     headingStyle: e.headingStyle.map { style($0, "heading-style") } ?? itemStyle,
                                     columns: columns ?? .one))
                } else if let qr = e.qr {
                    let end = KeychainTemplate.End(rawValue: e.end ?? "right")
                    if end == nil { problem("\(field).end", Message("template.end", e.end ?? "")) }
                    let tile = e.size ?? 14
                    if !(tile >= 8 && tile <= shorter) { problem("\(field).size", Message("template.qrSize", mm(shorter), mm(tile))) }
                    let quiet = e.quietZone ?? 4
                    if !(2...8).contains(quiet) { problem("\(field).quiet-zone", Message("template.quietZone", quiet)) }
                    out.append(.qr(data: qr, size: tile, end: end ?? .right, quietZone: quiet))
                }
                let sources = [(e.text, false), (e.item, true), (e.heading, false), (e.qr, false)]
                for case let (source?, isItem) in sources {
                    if let message = Placeholders.problem(in: source, itemKeys: isItem ? KeychainData.itemKeys : nil)
                        ?? TemplateText.syntaxError(source) {
                        problem(field, message)
                    }
                }
            }
            return out
        }
        var sides = [KeychainTemplate.Side(name: "front", elements: elements("front", front))]
        if let back { sides.append(.init(name: "back", elements: elements("back", back))) }

        guard problems.isEmpty else { throw InputErrors(problems) }
        return KeychainTemplate(
            name: name, source: file, size: Size(width: size.width, height: size.height), bleed: bleed ?? 3,
            safeMargin: safeMargin ?? 2, hole: hole, border: border.map { .init(inset: $0.inset, width: $0.width) },
            colours: colours, mould: mouldLimits, font: .init(family: font.family, bold: weight == "bold", minimumSize: minimum),
            lineSpacing: spacing, styles: styles, sides: sides)
    }
}

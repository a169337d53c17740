import Foundation

/// What is wrong with a template's values, each problem at its field's line.
struct TemplateProblems {
    let file: String
    /// The line of each field path.
    let lines: [String: Int]
    private(set) var found: [Diagnostic] = []

    /// A problem with `field`, at the field's own line or its enclosing element's
    /// ("front[2].style" → "front[2]").
    mutating func add(_ field: String, _ message: Message) {
        var path = Substring(field)
        while lines[String(path)] == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) { path = path[..<cut] }
        found.append(Diagnostic(message, at: SourceLocation(file: file, line: lines[String(path)]), field: field))
    }

    mutating func positive(_ field: String, _ value: Double, upTo limit: Double) {
        if !(value > 0 && value <= limit) { add(field, Message("template.positive", mm(limit), mm(value))) }
    }

    mutating func nonNegative(_ field: String, _ value: Double, upTo limit: Double) {
        if !(value >= 0 && value <= limit) { add(field, Message("template.nonNegative", mm(limit), mm(value))) }
    }
}

/// A length as a template writes it: `4`, `4.5`.
func mm(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value) }

extension TemplateFile {
    /// The template as the model holds it, or every problem with its values. `lines` gives the
    /// line of each field path, for messages.
    func validated(name: String, file: String, lines: [String: Int]) throws(InputErrors) -> KeychainTemplate {
        var problems = TemplateProblems(file: file, lines: lines)
        problems.positive("size.width", size.width, upTo: 500)
        problems.positive("size.height", size.height, upTo: 500)
        let shorter = min(size.width, size.height)
        problems.nonNegative("bleed", bleed ?? 3, upTo: 10)
        problems.nonNegative("safe-margin", safeMargin ?? 2, upTo: shorter / 4)
        let colours = validatedColours(&problems)
        let shape = validatedShape(&problems)
        let hole = validatedHole(shorter: shorter, in: shape, &problems)
        checkBorder(shorter: shorter, &problems)
        let mouldLimits = validatedProcess(shorter: shorter, &problems)

        let weight = font.weight?.lowercased() ?? "bold"
        if weight != "bold" && weight != "regular" { problems.add("font.weight", Message("template.weight", weight)) }
        let minimum = font.minimumSize ?? 6
        if !(minimum >= 4 && minimum <= 72) { problems.add("font.minimum-size", Message("template.minimumSize", mm(minimum))) }
        let spacing = lineSpacing ?? 1.0
        if !(spacing >= 0.8 && spacing <= 3) { problems.add("line-spacing", Message("template.lineSpacing", mm(spacing))) }

        let styles = validatedStyles(minimum: minimum, &problems)
        var sides = [KeychainTemplate.Side(name: "front", elements: validated("front", front, styles: styles, shorter: shorter, &problems))]
        if let back { sides.append(.init(name: "back", elements: validated("back", back, styles: styles, shorter: shorter, &problems))) }

        guard problems.found.isEmpty else { throw InputErrors(problems.found) }
        return KeychainTemplate(
            name: name, source: file, size: MockhoaCore.Size(width: size.width, height: size.height), shape: shape ?? .ellipse,
            bleed: bleed ?? 3,
            safeMargin: safeMargin ?? 2, hole: hole, border: border.map { .init(inset: $0.inset, width: $0.width) },
            colours: colours, mould: mouldLimits, font: .init(family: font.family, bold: weight == "bold", minimumSize: minimum),
            lineSpacing: spacing, styles: styles, sides: sides)
    }

    /// The design's colours and their print values. Colours the design does not use (QR colours
    /// without a QR code, a ring colour without a ring) are left out of `inks` unless declared:
    /// nothing asks for their print values.
    private func validatedColours(_ problems: inout TemplateProblems) -> KeychainTemplate.Colours {
        var inks: [KeychainTemplate.Colours.Declared] = []
        let hasQR = (front + (back ?? [])).contains { $0.qr != nil }
        func colour(_ name: String, _ raw: Colour?, _ fallback: Color, used: Bool = true) -> Color {
            let field = "colours.\(name)"
            guard let raw else {
                if used && !inks.contains(where: { $0.ink.rgb == fallback }) { inks.append(.init(field: field, ink: Ink(rgb: fallback))) }
                return fallback
            }
            guard let rgb = Color(hex: raw.rgb) else {
                problems.add(field, Message("template.colour", raw.rgb))
                return fallback
            }
            let ink = Ink(rgb: rgb, cmyk: raw.cmyk, spot: raw.spot)
            checkPrintValues(of: ink, field: field, &problems)
            if let same = inks.first(where: { $0.ink.rgb == rgb }) {
                if same.ink != ink, raw.cmyk != nil || raw.spot != nil {
                    problems.add(field, Message("template.colourTwice", "\(rgb)", same.field))
                }
            } else if let same = inks.first(where: { $0.ink.spot != nil && $0.ink.spot == ink.spot && $0.ink.cmyk != ink.cmyk }) {
                problems.add(field, Message("template.spotTwice", ink.spot!, same.field))
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
        return colours
    }

    /// CMYK as four percentages; a spot name a RIP can take (not one of the names PDF reserves).
    private func checkPrintValues(of ink: Ink, field: String, _ problems: inout TemplateProblems) {
        if let cmyk = ink.cmyk, cmyk.count != 4 || !cmyk.allSatisfy({ $0 >= 0 && $0 <= 100 }) {
            problems.add("\(field).cmyk", Message("template.cmyk", cmyk.map { mm($0) }.joined(separator: ", ")))
        }
        if let spot = ink.spot,
            spot.trimmingWhiteSpace().isEmpty || spot.utf8.count > 127
                || spot.unicodeScalars.contains(where: { $0.value < 0x20 }) || ["All", "None", "CutContour"].contains(spot)
        {
            problems.add("\(field).spot", Message("template.spotName", spot))
        }
    }

    /// The hole, inside the outline (when the shape is valid).
    private func validatedHole(shorter: Double, in shape: Shape?, _ problems: inout TemplateProblems) -> KeychainTemplate.Hole? {
        guard let h = hole else { return nil }
        problems.positive("hole.diameter", h.diameter, upTo: shorter / 2)
        problems.nonNegative("hole.clearance", h.clearance ?? 1, upTo: 10)
        if let shape, h.diameter > 0,
            !Outline(shape, trim: MockhoaCore.Size(width: size.width, height: size.height)).grown(by: -h.diameter / 2).contains(
                Point(x: h.x, y: h.y))
        {
            problems.add("hole", Message("template.holeOutside", mm(h.x), mm(h.y)))
        }
        return .init(diameter: h.diameter, center: Point(x: h.x, y: h.y), clearance: h.clearance ?? 1)
    }

    /// The ring: within the outline, at least 0.5 pt wide.
    private func checkBorder(shorter: Double, _ problems: inout TemplateProblems) {
        guard let b = border else { return }
        problems.nonNegative("border.inset", b.inset, upTo: shorter / 4)
        problems.positive("border.width", b.width, upTo: 3)
        if b.width < 0.5 / pointsPerMillimetre - 1e-9 { problems.add("border.width", Message("template.thinLine")) }
    }

    /// A printed keychain (nil), or a moulded one's limits, which the ring must keep.
    private func validatedProcess(shorter: Double, _ problems: inout TemplateProblems) -> KeychainTemplate.MouldLimits? {
        switch process ?? "print" {
        case "print":
            if mould != nil { problems.add("mould", Message("template.mouldOnly")) }
            return nil
        case "mould":
            let d = KeychainTemplate.MouldLimits(), m = mould
            let limits = KeychainTemplate.MouldLimits(
                letterHeight: m?.letterHeight ?? d.letterHeight, raisedLine: m?.raisedLine ?? d.raisedLine,
                recessedLine: m?.recessedLine ?? d.recessedLine, edgeClearance: m?.edgeClearance ?? d.edgeClearance)
            problems.positive("mould.letter-height", limits.letterHeight, upTo: shorter / 2)
            problems.positive("mould.raised-line", limits.raisedLine, upTo: 5)
            problems.positive("mould.recessed-line", limits.recessedLine, upTo: 5)
            problems.nonNegative("mould.edge-clearance", limits.edgeClearance, upTo: shorter / 4)
            if let b = border {
                if b.width < limits.raisedLine {
                    problems.add("border.width", Message("template.ringRaised", mm(b.width), mm(limits.raisedLine)))
                }
                if b.inset < limits.recessedLine {
                    problems.add("border.inset", Message("template.ringRecessed", mm(b.inset), mm(limits.recessedLine)))
                }
            }
            return limits
        case let other:
            problems.add("process", Message("template.process", other))
            return nil
        }
    }

    /// The text styles, none larger than 200 pt or smaller than the minimum type size.
    private func validatedStyles(minimum: Double, _ problems: inout TemplateProblems) -> [String: KeychainTemplate.TextStyle] {
        var styles: [String: KeychainTemplate.TextStyle] = [:]
        for (key, s) in self.styles.sorted(by: { $0.key < $1.key }) {
            if !(s.scale > 0 && s.scale <= 10) { problems.add("styles.\(key).scale", Message("template.scale")) }
            if !(s.max >= minimum && s.max <= 200) {
                problems.add("styles.\(key).max", Message("template.styleMax", mm(minimum), mm(s.max)))
            }
            styles[key] = .init(scale: s.scale, maximumSize: s.max)
        }
        if styles.isEmpty { problems.add("styles", Message("template.noStyles")) }
        return styles
    }

    /// A side's elements: each exactly one of text, list or QR code, naming known styles and
    /// lists, its placeholders values of the data.
    private func validated(
        _ side: String, _ raw: [Element], styles: [String: KeychainTemplate.TextStyle], shorter: Double,
        _ problems: inout TemplateProblems
    ) -> [KeychainTemplate.Element] {
        var out: [KeychainTemplate.Element] = []
        for (i, e) in raw.enumerated() {
            let field = "\(side)[\(i + 1)]"
            guard [e.text, e.list, e.qr, e.image].compactMap({ $0 }).count == 1 else {
                problems.add(field, Message("template.elementKind"))
                continue
            }
            if let text = e.text {
                let style = Self.style(e.style, at: "\(field).style", among: styles, &problems)
                out.append(.text(template: text, style: style, breakable: !(e.keepTogether ?? false)))
            } else if let list = e.list {
                out.append(validatedList(list, e, field: field, styles: styles, &problems))
            } else if let qr = e.qr {
                out.append(validatedQR(qr, e, field: field, shorter: shorter, &problems))
            } else if let image = e.image {
                let height = e.height ?? 0
                problems.positive("\(field).height", height, upTo: shorter)
                out.append(.image(file: image, height: height))
            }
            for case let (source?, isItem) in [(e.text, false), (e.item, true), (e.heading, false), (e.qr, false), (e.image, false)] {
                if let message = Placeholders.problem(in: source, itemKeys: isItem ? KeychainData.itemKeys : nil)
                    ?? TemplateText.syntaxError(source)
                {
                    problems.add(field, message)
                }
            }
        }
        return out
    }

    /// `name`, or the first style when none is named; a name that is not a style is a problem.
    private static func style(
        _ name: String?, at field: String, among styles: [String: KeychainTemplate.TextStyle],
        _ problems: inout TemplateProblems
    ) -> String {
        let s = name ?? styles.keys.sorted().first ?? ""
        if styles[s] == nil { problems.add(field, Message("template.unknownStyle", s, styles.keys.sorted().joined(separator: ", "))) }
        return s
    }

    private func validatedList(
        _ list: String, _ e: Element, field: String, styles: [String: KeychainTemplate.TextStyle],
        _ problems: inout TemplateProblems
    ) -> KeychainTemplate.Element {
        if !Self.listSources.contains(list) {
            problems.add(
                "\(field).list",
                Suggestions.didYouMean(
                    Message("template.unknownList", list, Self.listSources.sorted().joined(separator: ", ")),
                    list, among: Self.listSources.sorted()))
        }
        let columns = KeychainTemplate.Columns(rawValue: e.columns ?? "1")
        if columns == nil { problems.add("\(field).columns", Message("template.columns", e.columns ?? "")) }
        let itemStyle = Self.style(e.style, at: "\(field).style", among: styles, &problems)
        let headingStyle = e.headingStyle.map { Self.style($0, at: "\(field).heading-style", among: styles, &problems) }
        return .list(
            source: list, item: e.item ?? Self.defaultItem(of: list), heading: e.heading, style: itemStyle,
            headingStyle: headingStyle ?? itemStyle, columns: columns ?? .one)
    }

    private func validatedQR(
        _ data: String, _ e: Element, field: String, shorter: Double,
        _ problems: inout TemplateProblems
    ) -> KeychainTemplate.Element {
        let end = KeychainTemplate.End(rawValue: e.end ?? "right")
        if end == nil { problems.add("\(field).end", Message("template.end", e.end ?? "")) }
        let tile = e.size ?? 14
        if !(tile >= 8 && tile <= shorter) { problems.add("\(field).size", Message("template.qrSize", mm(shorter), mm(tile))) }
        let quiet = e.quietZone ?? 4
        if !(2...8).contains(quiet) { problems.add("\(field).quiet-zone", Message("template.quietZone", quiet)) }
        return .qr(data: data, size: tile, end: end ?? .right, quietZone: quiet)
    }
}

import Foundation
import MockhoaCore

extension TemplateFile {
    /// The design as a template file (as the page saves it), laid out as the built-in ones are (a group of small
    /// numbers on one line), and which field of the design each line holds (`hole`,
    /// `colours.background`, `front.2.text`; index 0 unused, lines 1-based), so that the
    /// template loader's problems can be shown at their fields.
    func yaml(madeFrom base: String?) -> (text: String, fields: [String]) {
        var out = Lines()
        out.line("# A keychain design made on mockhoa's page\(base.map { " from the built-in design “\($0)”" } ?? "").", "")
        out.line("# Edit it on the page (the design tab) or here: docs/format.md says what each field does.", "")
        out.scalar("name", name.map(Self.text))
        out.scalar("process", process.map(Self.text))
        if let mould {
            out.flow(
                "mould",
                [
                    ("letter-height", mould.letterHeight), ("raised-line", mould.raisedLine), ("recessed-line", mould.recessedLine),
                    ("edge-clearance", mould.edgeClearance),
                ])
        }
        out.scalar("shape", shape.map(Self.text))
        out.scalar("corner-radius", cornerRadius.map(Self.number))
        out.scalar("outline", outline.map(DirectoryDocument.quoted))
        out.flow("size", [("width", size.width), ("height", size.height)])
        out.scalar("bleed", bleed.map(Self.number))
        out.scalar("safe-margin", safeMargin.map(Self.number))
        if let hole {
            out.flow("hole", [("diameter", hole.diameter), ("x", hole.x), ("y", hole.y), ("clearance", hole.clearance)])
        }
        if let border { out.flow("border", [("inset", border.inset), ("width", border.width)]) }
        if let colours, !colours.named.isEmpty {
            out.line("colours:", "colours")
            for (key, colour) in colours.named { out.line("  \(key): \(Self.written(colour))", "colours.\(key)") }
        }
        out.line("font:", "font")
        out.line("  family: \(Self.text(font.family))", "font.family")
        if let weight = font.weight { out.line("  weight: \(Self.text(weight))", "font.weight") }
        if let size = font.minimumSize { out.line("  minimum-size: \(Self.number(size))", "font.minimum-size") }
        out.scalar("line-spacing", lineSpacing.map(Self.number))
        out.line("styles:", "styles")
        for name in Self.ordered(styles.keys) {
            let style = styles[name]!
            out.line("  \(Self.text(name)): {scale: \(Self.number(style.scale)), max: \(Self.number(style.max))}", "styles.\(name)")
        }
        out.elements("front", front)
        if let back { out.elements("back", back) }
        return (out.lines.joined(separator: "\n") + "\n", out.fields)
    }

    /// The usual styles first, in the built-in templates' order, then the others by name.
    private static func ordered(_ names: Dictionary<String, Style>.Keys) -> [String] {
        let usual = ["title", "number", "label", "item"]
        return usual.filter(names.contains) + names.filter { !usual.contains($0) }.sorted()
    }

    /// A number as a person writes it: `50`, `0.4`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// A word plain where YAML reads it back as the same text, quoted otherwise.
    static func text(_ value: String) -> String { DirectoryDocument.scalar(value) }

    static func written(_ colour: Colour) -> String {
        var parts = ["rgb: \(DirectoryDocument.quoted(colour.rgb))"]
        if let cmyk = colour.cmyk { parts.append("cmyk: [\(cmyk.map(number).joined(separator: ", "))]") }
        if let spot = colour.spot { parts.append("spot: \(DirectoryDocument.quoted(spot))") }
        return "{\(parts.joined(separator: ", "))}"
    }

    /// The lines of a template file being written, and the design field each holds.
    private struct Lines {
        var lines: [String] = []
        var fields: [String] = [""]

        mutating func line(_ text: String, _ field: String) { lines.append(text); fields.append(field) }

        mutating func scalar(_ key: String, _ value: String?) {
            if let value { line("\(key): \(value)", key) }
        }

        /// `key: {a: 1, b: 2}`, leaving out what is not given.
        mutating func flow(_ key: String, _ values: [(String, Double?)]) {
            let given = values.compactMap { name, value in value.map { "\(name): \(TemplateFile.number($0))" } }
            line("\(key): {\(given.joined(separator: ", "))}", key)
        }

        mutating func elements(_ side: String, _ elements: [Element]) {
            line("\(side):" + (elements.isEmpty ? " []" : ""), side)
            for (i, element) in elements.enumerated() {
                let values: [(String, String?)] = [
                    ("text", element.text.map(DirectoryDocument.quoted)), ("list", element.list.map(TemplateFile.text)),
                    ("qr", element.qr.map(DirectoryDocument.quoted)), ("image", element.image.map(DirectoryDocument.quoted)),
                    ("height", element.height.map(TemplateFile.number)), ("style", element.style.map(TemplateFile.text)),
                    ("heading", element.heading.map(DirectoryDocument.quoted)), ("item", element.item.map(DirectoryDocument.quoted)),
                    ("heading-style", element.headingStyle.map(TemplateFile.text)),
                    ("columns", element.columns.map(TemplateFile.text)), ("size", element.size.map(TemplateFile.number)),
                    ("end", element.end.map(TemplateFile.text)), ("quiet-zone", element.quietZone.map(String.init)),
                    ("keep-together", element.keepTogether.map { $0 ? "true" : "false" }),
                ]
                let given = values.compactMap { key, value in value.map { (key, $0) } }
                if given.isEmpty { line("  - {}", "\(side).\(i)") }
                for (n, (key, value)) in given.enumerated() {
                    line("\(n == 0 ? "  - " : "    ")\(key): \(value)", "\(side).\(i).\(key)")
                }
            }
        }
    }
}

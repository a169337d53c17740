import Foundation
import Yams

// A template file read field by field from its YAML tree: a value of the wrong kind, or a required
// field missing, is an error at its line and field path (`front[2].size`).
extension TemplateFile {
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

    /// Reads the top mapping of a template file; the first value of the wrong kind, or
    /// required field missing, is the error.
    init(_ top: TemplateFields) throws(InputErrors) {
        name = try top.string("name")
        process = try top.string("process")
        mould = try top.fields("mould").map { m throws(InputErrors) in
            Mould(
                letterHeight: try m.double("letter-height"), raisedLine: try m.double("raised-line"),
                recessedLine: try m.double("recessed-line"), edgeClearance: try m.double("edge-clearance"))
        }
        let s = try top.required(top.fields("size"), "size")
        size = Size(width: try s.required(s.double("width"), "width"), height: try s.required(s.double("height"), "height"))
        shape = try top.string("shape")
        cornerRadius = try top.double("corner-radius")
        outline = try top.string("outline")
        bleed = try top.double("bleed")
        safeMargin = try top.double("safe-margin")
        hole = try top.fields("hole").map { h throws(InputErrors) in
            Hole(
                diameter: try h.required(h.double("diameter"), "diameter"), x: try h.required(h.double("x"), "x"),
                y: try h.required(h.double("y"), "y"), clearance: try h.double("clearance"))
        }
        border = try top.fields("border").map { b throws(InputErrors) in
            Border(inset: try b.required(b.double("inset"), "inset"), width: try b.required(b.double("width"), "width"))
        }
        colours = try top.fields("colours").map { c throws(InputErrors) in
            func colour(_ key: String) throws(InputErrors) -> Colour? {
                try c.node(key).map { n throws(InputErrors) in try Colour(n, path: c.field(key), file: c.file) }
            }
            return Colours(
                background: try colour("background"), text: try colour("text"), border: try colour("border"),
                qrTile: try colour("qr-tile"), qrModules: try colour("qr-modules"))
        }
        let f = try top.required(top.fields("font"), "font")
        font = Font(
            family: try f.required(f.string("family"), "family"), weight: try f.string("weight"),
            minimumSize: try f.double("minimum-size"))
        lineSpacing = try top.double("line-spacing")
        var styles: [String: Style] = [:]
        for (key, value) in try top.required(top.entries("styles"), "styles") {
            let style = try TemplateFields(value, path: top.field("styles.\(key)"), file: top.file)
            styles[key] = Style(
                scale: try style.required(style.double("scale"), "scale"),
                max: try style.required(style.double("max"), "max"))
        }
        self.styles = styles
        func elements(_ side: String) throws(InputErrors) -> [Element]? {
            guard let items = try top.list(side) else { return nil }
            var out: [Element] = []
            for (i, item) in items.enumerated() {
                out.append(try Element(TemplateFields(item, path: "\(side)[\(i + 1)]", file: top.file)))
            }
            return out
        }
        front = try top.required(elements("front"), "front")
        back = try elements("back")
    }

    /// The fields of a template file's text, read as the loader reads them (YAML aliases and merge
    /// keys resolved) but not checked: the design tab's view of a file the loader accepted.
    public init(yaml: String, file: String) throws(InputErrors) {
        try self.init(tree: Self.tree(yaml, file: file), file: file)
    }

    /// The fields of a template file's YAML tree.
    init(tree root: Node, file: String) throws(InputErrors) {
        try self.init(TemplateFields(root, path: "", file: file))
    }

    /// A template file's text as a YAML tree; a text that is not YAML is the error.
    static func tree(_ yaml: String, file: String) throws(InputErrors) -> Node {
        var log = LoadLog()
        guard let root = YAMLDocument.compose(yaml, file: file, log: &log) else { throw InputErrors(log.diagnostics) }
        return root
    }
}

extension TemplateFile.Colour {
    /// `"#D71920"`, or `{rgb: "#D71920", cmyk: [0, 100, 100, 5], spot: "PANTONE 485 C"}`.
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

extension TemplateFile.Element {
    init(_ f: TemplateFields) throws(InputErrors) {
        text = try f.string("text"); list = try f.string("list"); qr = try f.string("qr")
        image = try f.string("image"); height = try f.double("height")
        style = try f.string("style"); item = try f.string("item"); heading = try f.string("heading")
        headingStyle = try f.string("heading-style"); columns = try f.string("columns")
        size = try f.double("size"); end = try f.string("end"); quietZone = try f.int("quiet-zone")
        keepTogether = try f.bool("keep-together")
    }
}

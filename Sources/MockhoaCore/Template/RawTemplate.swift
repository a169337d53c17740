import Foundation
import Yams

// The file's shape, as read; `validated` turns it into the model or lists what is wrong.
struct RawTemplate {
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
        var text: String?, list: String?, qr: String?, image: String?, height: Double?
        var style: String?, item: String?, heading: String?, headingStyle: String?, columns: String?
        var size: Double?, end: String?, quietZone: Int?, keepTogether: Bool?

        init(_ f: TemplateFields) throws(InputErrors) {
            text = try f.string("text"); list = try f.string("list"); qr = try f.string("qr")
            image = try f.string("image"); height = try f.double("height")
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
    var shape: String?
    var cornerRadius: Double?
    var outline: String?
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
            RawMould(
                letterHeight: try m.double("letter-height"), raisedLine: try m.double("raised-line"),
                recessedLine: try m.double("recessed-line"), edgeClearance: try m.double("edge-clearance"))
        }
        let s = try top.required(top.fields("size"), "size")
        size = RawSize(width: try s.required(s.double("width"), "width"), height: try s.required(s.double("height"), "height"))
        shape = try top.string("shape")
        cornerRadius = try top.double("corner-radius")
        outline = try top.string("outline")
        bleed = try top.double("bleed")
        safeMargin = try top.double("safe-margin")
        hole = try top.fields("hole").map { h throws(InputErrors) in
            RawHole(
                diameter: try h.required(h.double("diameter"), "diameter"), x: try h.required(h.double("x"), "x"),
                y: try h.required(h.double("y"), "y"), clearance: try h.double("clearance"))
        }
        border = try top.fields("border").map { b throws(InputErrors) in
            RawBorder(inset: try b.required(b.double("inset"), "inset"), width: try b.required(b.double("width"), "width"))
        }
        colours = try top.fields("colours").map { c throws(InputErrors) in
            func colour(_ key: String) throws(InputErrors) -> RawColour? {
                try c.node(key).map { n throws(InputErrors) in try RawColour(n, path: c.field(key), file: c.file) }
            }
            return RawColours(
                background: try colour("background"), text: try colour("text"), border: try colour("border"),
                qrTile: try colour("qr-tile"), qrModules: try colour("qr-modules"))
        }
        let f = try top.required(top.fields("font"), "font")
        font = RawFont(
            family: try f.required(f.string("family"), "family"), weight: try f.string("weight"),
            minimumSize: try f.double("minimum-size"))
        lineSpacing = try top.double("line-spacing")
        var styles: [String: RawStyle] = [:]
        for (key, value) in try top.required(top.entries("styles"), "styles") {
            let style = try TemplateFields(value, path: top.field("styles.\(key)"), file: top.file)
            styles[key] = RawStyle(
                scale: try style.required(style.double("scale"), "scale"),
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
}

import Foundation

/// A template file as written: every field under the file's own keys, before the values are
/// checked (`validated` turns it into a `KeychainTemplate` or lists what is wrong). Read from YAML
/// field by field (`TemplateFile+Reading`); Codable as JSON under the same keys, which is how the
/// page's design tab edits a design.
public struct TemplateFile: Codable, Sendable, Equatable {
    public struct Size: Codable, Sendable, Equatable { public var width: Double; public var height: Double }
    public struct Hole: Codable, Sendable, Equatable {
        public var diameter: Double, x: Double, y: Double, clearance: Double?
    }
    public struct Border: Codable, Sendable, Equatable { public var inset: Double, width: Double }
    public struct Mould: Codable, Sendable, Equatable {
        public var letterHeight: Double?, raisedLine: Double?, recessedLine: Double?, edgeClearance: Double?
        enum CodingKeys: String, CodingKey {
            case letterHeight = "letter-height", raisedLine = "raised-line", recessedLine = "recessed-line"
            case edgeClearance = "edge-clearance"
        }
    }

    /// A colour for the screen (`rgb`), the press (`cmyk`, per cent) and the spot ink (`spot`).
    /// A file may give the screen colour alone (`text: "#FFFFFF"`).
    public struct Colour: Codable, Sendable, Equatable {
        public var rgb: String, cmyk: [Double]?, spot: String?

        public init(rgb: String, cmyk: [Double]? = nil, spot: String? = nil) { self.rgb = rgb; self.cmyk = cmyk; self.spot = spot }

        public init(from decoder: any Decoder) throws {
            if let single = try? decoder.singleValueContainer(), let rgb = try? single.decode(String.self) {
                self.init(rgb: rgb)
                return
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                rgb: try c.decode(String.self, forKey: .rgb), cmyk: try c.decodeIfPresent([Double].self, forKey: .cmyk),
                spot: try c.decodeIfPresent(String.self, forKey: .spot))
        }
    }

    public struct Colours: Codable, Sendable, Equatable {
        public var background: Colour?, text: Colour?, border: Colour?, qrTile: Colour?, qrModules: Colour?
        enum CodingKeys: String, CodingKey {
            case background, text, border, qrTile = "qr-tile", qrModules = "qr-modules"
        }
        /// Each colour given, under its key, in the file's order.
        public var named: [(key: String, colour: Colour)] {
            [("background", background), ("text", text), ("border", border), ("qr-tile", qrTile), ("qr-modules", qrModules)]
                .compactMap { key, colour in colour.map { (key, $0) } }
        }
    }

    public struct Font: Codable, Sendable, Equatable {
        public var family: String, weight: String?, minimumSize: Double?
        enum CodingKeys: String, CodingKey { case family, weight, minimumSize = "minimum-size" }
    }

    public struct Style: Codable, Sendable, Equatable { public var scale: Double, max: Double }

    /// One line (or list, QR code, picture) of a side, with the keys the file gives it.
    public struct Element: Codable, Sendable, Equatable {
        public var text: String?, list: String?, qr: String?, image: String?, height: Double?
        public var style: String?, item: String?, heading: String?, headingStyle: String?, columns: String?
        public var size: Double?, end: String?, quietZone: Int?, keepTogether: Bool?

        /// A picture `height` mm tall.
        public init(image: String, height: Double) { self.image = image; self.height = height }
        enum CodingKeys: String, CodingKey {
            case text, list, qr, image, height, style, item, heading, headingStyle = "heading-style", columns, size, end
            case quietZone = "quiet-zone", keepTogether = "keep-together"
        }
    }

    public var name: String?
    public var process: String?
    public var mould: Mould?
    public var size: Size
    public var shape: String?
    public var cornerRadius: Double?
    public var outline: String?
    public var bleed: Double?
    public var safeMargin: Double?
    public var hole: Hole?
    public var border: Border?
    public var colours: Colours?
    public var font: Font
    public var lineSpacing: Double?
    public var styles: [String: Style]
    public var front: [Element]
    public var back: [Element]?

    enum CodingKeys: String, CodingKey {
        case name, process, mould, size, shape, cornerRadius = "corner-radius", outline, bleed, safeMargin = "safe-margin"
        case hole, border, colours, font, lineSpacing = "line-spacing", styles, front, back
    }
}

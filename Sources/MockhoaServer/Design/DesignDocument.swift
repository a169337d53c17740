import Foundation
import MockhoaCore
import Yams

/// A keychain design as the design tab edits it: every field of a template file, under the
/// file's own keys (docs/format.md, "Templates"), so that nothing of a design is lost on the
/// way through the page. Read from a template file the template loader accepted; written back
/// as one (`yaml()`), which the same loader then checks.
struct DesignDocument: Codable, Sendable, Equatable {
    struct Size: Codable, Sendable, Equatable { var width: Double; var height: Double }
    struct Hole: Codable, Sendable, Equatable { var diameter: Double; var x: Double; var y: Double; var clearance: Double? }
    struct Border: Codable, Sendable, Equatable { var inset: Double; var width: Double }
    struct Mould: Codable, Sendable, Equatable {
        var letterHeight: Double?, raisedLine: Double?, recessedLine: Double?, edgeClearance: Double?
        enum CodingKeys: String, CodingKey {
            case letterHeight = "letter-height", raisedLine = "raised-line", recessedLine = "recessed-line"
            case edgeClearance = "edge-clearance"
        }
    }

    /// A colour for the screen (`rgb`), the press (`cmyk`, per cent) and the spot ink (`spot`).
    /// A file may give the screen colour alone (`text: "#FFFFFF"`).
    struct Colour: Codable, Sendable, Equatable {
        var rgb: String, cmyk: [Double]?, spot: String?

        init(rgb: String, cmyk: [Double]? = nil, spot: String? = nil) { self.rgb = rgb; self.cmyk = cmyk; self.spot = spot }

        init(from decoder: any Decoder) throws {
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

    struct Colours: Codable, Sendable, Equatable {
        var background: Colour?, text: Colour?, border: Colour?, qrTile: Colour?, qrModules: Colour?
        enum CodingKeys: String, CodingKey {
            case background, text, border, qrTile = "qr-tile", qrModules = "qr-modules"
        }
        /// Each colour given, under its key, in the file's order.
        var named: [(key: String, colour: Colour)] {
            [("background", background), ("text", text), ("border", border), ("qr-tile", qrTile), ("qr-modules", qrModules)]
                .compactMap { key, colour in colour.map { (key, $0) } }
        }
    }

    struct Font: Codable, Sendable, Equatable {
        var family: String, weight: String?, minimumSize: Double?
        enum CodingKeys: String, CodingKey { case family, weight, minimumSize = "minimum-size" }
    }

    struct Style: Codable, Sendable, Equatable { var scale: Double; var max: Double }

    /// One line (or list, QR code, picture) of a side, with the keys the file gives it.
    struct Element: Codable, Sendable, Equatable {
        var text: String?, list: String?, qr: String?, image: String?, height: Double?
        var style: String?, item: String?, heading: String?, headingStyle: String?, columns: String?
        var size: Double?, end: String?, quietZone: Int?, keepTogether: Bool?
        enum CodingKeys: String, CodingKey {
            case text, list, qr, image, height, style, item, heading, headingStyle = "heading-style", columns, size, end
            case quietZone = "quiet-zone", keepTogether = "keep-together"
        }
    }

    var name: String?
    var process: String?
    var mould: Mould?
    var size: Size
    var shape: String?
    var cornerRadius: Double?
    var outline: String?
    var bleed: Double?
    var safeMargin: Double?
    var hole: Hole?
    var border: Border?
    var colours: Colours?
    var font: Font
    var lineSpacing: Double?
    var styles: [String: Style]
    var front: [Element]
    var back: [Element]?

    enum CodingKeys: String, CodingKey {
        case name, process, mould, size, shape, cornerRadius = "corner-radius", outline, bleed, safeMargin = "safe-margin"
        case hole, border, colours, font, lineSpacing = "line-spacing", styles, front, back
    }

    /// The design of a template file's text, which the template loader has accepted; nil when
    /// the file uses what the page does not edit (YAML anchors or merge keys, say).
    init?(templateYAML yaml: String) {
        guard let read = try? YAMLDecoder().decode(DesignDocument.self, from: yaml) else { return nil }
        self = read
    }
}

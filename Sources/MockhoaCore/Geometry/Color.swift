/// An sRGB colour, components 0…1. Templates write it as `#RRGGBB`.
public struct Color: Hashable, Sendable, Codable, CustomStringConvertible {
    public var red, green, blue: Double
    public init(red: Double, green: Double, blue: Double) {
        self.red = red; self.green = green; self.blue = blue
    }
    /// Parses `#RRGGBB` or `RRGGBB`; nil for anything else.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return nil }
        self.init(
            red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255,
            blue: Double(v & 0xFF) / 255)
    }
    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let black = Color(red: 0, green: 0, blue: 0)
    /// Magenta: how a `CutContour` line shows on screen.
    public static let cutContourPreview = Color(red: 1, green: 0, blue: 1)
    public var description: String {
        func byte(_ c: Double) -> String {
            let s = String(Int((c * 255).rounded()), radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }
}

/// A colour of the design as the maker names it: the screen colour, and how it is printed.
/// Templates write `{rgb: "#D71920", cmyk: [0, 100, 100, 5], spot: "PANTONE 485 C"}`; a plain
/// `"#D71920"` declares the screen colour only.
public struct Ink: Hashable, Sendable, Encodable {
    /// The screen colour: what Cairo draws, and what the PDF step recognises.
    public var rgb: Color
    /// Process values in percent (0…100): cyan, magenta, yellow, black.
    public var cmyk: [Double]?
    /// A named spot colour (`PANTONE 485 C`), written as a `/Separation` of that name.
    public var spot: String?
    public init(rgb: Color, cmyk: [Double]? = nil, spot: String? = nil) {
        self.rgb = rgb; self.cmyk = cmyk; self.spot = spot
    }

    /// Paper white: prints as no ink.
    public var isWhite: Bool { rgb == .white || cmyk == [0, 0, 0, 0] }
}

/// How a PDF's solid colours are written: as drawn (RGB, for screens), as each colour's
/// declared CMYK, or as each colour's named spot colour.
public enum ColourMode: String, CaseIterable, Hashable, Sendable, Encodable {
    case rgb, cmyk, spot
}

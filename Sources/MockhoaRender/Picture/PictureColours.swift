import MockhoaCore

/// The colours a picture paints with, as far as printing in declared inks only (spot or CMYK
/// colours, a mould's named colours) needs to know.
public struct PictureColours: Equatable, Sendable {
    /// Solid colours of fills, strokes and gradient stops (black for a shape with no fill).
    public var solid: Set<Color> = []
    /// Colour values that are no solid colour read here (`hsl(…)`, `cornflowerblue`), as written.
    public var unreadable: Set<String> = []
    /// Paints with a gradient or pattern.
    public var hasGradient = false
    /// Something is partly transparent: an opacity below 1, a colour with alpha, a mask.
    public var hasTransparency = false
    /// Holds pixels: the picture is PNG/JPEG, or an SVG holds an `<image>`.
    public var hasRaster = false
    /// Uses an SVG filter (a blur, a shadow), which is drawn as pixels.
    public var hasFilter = false

    public init() {}

    /// The solid colours not among `declared`, ordered by their `#RRGGBB`.
    public func undeclared(_ declared: some Sequence<Color>) -> [Color] {
        let known = Set(declared.map(\.description))
        return solid.filter { !known.contains($0.description) }.sorted { $0.description < $1.description }
    }

    /// What keeps the picture `file` from printing in the `declared` colours only, one message
    /// each: undeclared colours, unreadable colours, gradients, transparency, pixels, filters.
    /// Empty when it prints in those colours.
    public func problems(declared: some Sequence<Color>, file: String) -> [Message] {
        var reasons: [Message] = undeclared(declared).map { Message("picture.colour.undeclared", $0.description) }
        reasons += unreadable.sorted().map { Message("picture.colour.unreadable", Excerpt.of($0)) }
        if hasGradient { reasons.append(Message("picture.colour.gradient")) }
        if hasTransparency { reasons.append(Message("picture.colour.transparency")) }
        if hasRaster { reasons.append(Message("picture.colour.raster")) }
        if hasFilter { reasons.append(Message("picture.colour.filter")) }
        return reasons.map { Message("picture.problem", Excerpt.of(file), $0) }
    }
}

/// One CSS colour value as SVG writes it (`fill`, `stroke`, `stop-color`…).
enum CSSColour: Equatable {
    /// A solid colour and its alpha (0…1).
    case solid(Color, alpha: Double)
    /// `url(#gradient)`: a gradient or pattern.
    case paintServer
    /// `currentColor`: the `color` property's value.
    case current
    /// No paint, or a keyword that takes a colour from elsewhere (`none`, `inherit`…).
    case none
    /// Anything else, as written.
    case unreadable(String)

    init(_ written: String) {
        let value = written.replacingOccurrences(of: "!important", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = value.lowercased()
        if lower.hasPrefix("url(") {
            self = .paintServer
        } else if lower == "currentcolor" {
            self = .current
        } else if ["none", "transparent", "inherit", "initial", "unset", "revert", "context-fill", "context-stroke", ""].contains(lower) {
            self = .none
        } else if let named = Self.basicNames[lower] {
            self = .solid(Color(hex: named)!, alpha: 1)
        } else if lower.hasPrefix("#") {
            self = Self.hex(String(lower.dropFirst())).map { .solid($0.0, alpha: $0.1) } ?? .unreadable(value)
        } else if lower.hasPrefix("rgb(") || lower.hasPrefix("rgba("), lower.hasSuffix(")") {
            self = Self.functional(lower).map { .solid($0.0, alpha: $0.1) } ?? .unreadable(value)
        } else {
            self = .unreadable(value)
        }
    }

    /// The CSS basic colour keywords.
    static let basicNames: [String: String] = [
        "black": "000000", "silver": "C0C0C0", "gray": "808080", "grey": "808080", "white": "FFFFFF",
        "maroon": "800000", "red": "FF0000", "purple": "800080", "fuchsia": "FF00FF", "magenta": "FF00FF",
        "green": "008000", "lime": "00FF00", "olive": "808000", "yellow": "FFFF00", "navy": "000080",
        "blue": "0000FF", "teal": "008080", "aqua": "00FFFF", "cyan": "00FFFF", "orange": "FFA500",
    ]

    /// `rgb`, `rgba`, `rrggbb` or `rrggbbaa` hex digits.
    private static func hex(_ digits: String) -> (Color, Double)? {
        guard [3, 4, 6, 8].contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        let full = digits.count <= 4 ? String(digits.flatMap { [$0, $0] }) : digits
        let bytes = stride(from: 0, to: full.count, by: 2).map { i in
            UInt8(full.dropFirst(i).prefix(2), radix: 16)!
        }
        return (byteColour(bytes[0], bytes[1], bytes[2]), bytes.count == 4 ? Double(bytes[3]) / 255 : 1)
    }

    /// `rgb(r, g, b)` / `rgba(r, g, b, a)`, numbers 0…255 or percentages, commas or spaces.
    private static func functional(_ text: String) -> (Color, Double)? {
        guard let open = text.firstIndex(of: "(") else { return nil }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let parts = inside.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "/" }).map(String.init)
        guard parts.count == 3 || parts.count == 4 else { return nil }
        func component(_ part: String, scale: Double) -> Double? {
            if part.hasSuffix("%") { return Double(part.dropLast()).map { $0 / 100 * scale } }
            return Double(part)
        }
        guard let r = component(parts[0], scale: 255), let g = component(parts[1], scale: 255),
            let b = component(parts[2], scale: 255)
        else { return nil }
        let alpha = parts.count == 4 ? component(parts[3], scale: 1) : 1
        func byte(_ v: Double) -> UInt8 { UInt8(min(max(v.rounded(), 0), 255)) }
        return alpha.map { (byteColour(byte(r), byte(g), byte(b)), $0) }
    }

    private static func byteColour(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
        Color(red: Double(r) / 255, green: Double(g) / 255, blue: Double(b) / 255)
    }
}

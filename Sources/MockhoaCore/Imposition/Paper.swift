import Foundation

/// A sheet of paper, in millimetres, portrait as named.
public struct Paper: Hashable, Sendable, Encodable {
    public var name: String
    public var size: Size

    public init(name: String, size: Size) { self.name = name; self.size = size }

    public static let a3 = Paper(name: "A3", size: Size(width: 297, height: 420))
    public static let a4 = Paper(name: "A4", size: Size(width: 210, height: 297))
    public static let a5 = Paper(name: "A5", size: Size(width: 148, height: 210))
    public static let letter = Paper(name: "letter", size: Size(width: 215.9, height: 279.4))

    /// "A3", "A4", "A5", "letter" (any case), or a size in millimetres: "320x450mm", "320x450",
    /// "320 × 450 mm".
    public init(parsing text: String) throws(ImpositionError) {
        let key = text.trimmingWhiteSpace().lowercased()
        if let named = [Paper.a3, .a4, .a5, .letter].first(where: { $0.name.lowercased() == key }) {
            self = named
            return
        }
        var body = key.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "×", with: "x")
        if body.hasSuffix("mm") { body.removeLast(2) }
        let sides = body.split(separator: "x", omittingEmptySubsequences: false).compactMap { Double($0) }
        guard sides.count == 2, sides.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .unknownPaper(text)
        }
        guard sides.allSatisfy({ $0 <= Paper.largestSide }) else { throw .paperTooLarge(text) }
        let size = Size(width: sides[0], height: sides[1])
        self.init(name: Paper.describe(size), size: size)
    }

    /// The longest paper side accepted, mm: wider than any sheet-fed press (B1 is 1000 mm).
    public static let largestSide = 1600.0

    /// The same sheet turned so that its long side is horizontal.
    public func landscape() -> Paper {
        size.width >= size.height ? self : Paper(name: name + " landscape", size: size.transposed)
    }

    /// "A4 (210 × 297 mm)", or "320 × 450 mm paper" when the name is the size.
    var label: String {
        let size = Paper.describe(size)
        return name == size ? "\(size) paper" : "\(name) (\(size))"
    }

    /// "3 mm"
    static func describe(_ length: Double) -> String { String(format: "%g mm", length) }
    /// "60 × 40 mm"
    static func describe(_ size: Size) -> String { String(format: "%g × %g mm", size.width, size.height) }
}

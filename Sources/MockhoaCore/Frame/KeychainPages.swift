/// The pages of one keychain's files: a PDF page per side (the art box: trim and bleed), or
/// a picture of all sides side by side (PNG: as cut; SVG: with bleed).
public enum KeychainPages {
    /// Space between sides in a picture of all sides, mm.
    public static let sideGap = 4.0

    /// One page per side, each its art box.
    public static func pages(_ scenes: [Scene]) -> [Frame] {
        scenes.map { Frame(size: $0.artBox.size, sides: [$0], items: [.side(0, placedBy: .translation(x: $0.bleed, y: $0.bleed))]) }
    }

    /// All sides on one line, centred on it, `sideGap` apart: as cut (no bleed, hole open) or
    /// with their bleed.
    public static func strip(_ scenes: [Scene], asCut: Bool) -> Frame {
        let boxes = scenes.map { asCut ? Rect(origin: .zero, size: $0.size) : $0.artBox }
        let width = boxes.map(\.width).reduce(0, +) + sideGap * Double(max(0, boxes.count - 1))
        let height = boxes.map(\.height).max() ?? 0
        var x = 0.0
        var items: [Frame.Item] = []
        for (index, box) in boxes.enumerated() {
            items.append(.side(index, placedBy: .translation(x: x - box.minX, y: (height - box.height) / 2 - box.minY), asCut: asCut))
            x += box.width + sideGap
        }
        return Frame(size: Size(width: width, height: height), sides: scenes, items: items)
    }
}

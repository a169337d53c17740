/// What goes on a sheet besides the keychains.
public struct SheetMarks: Hashable, Sendable {
    /// Corner crop marks in registration colour.
    public var cropMarks = true
    /// The `CutContour` line around every copy.
    public var cutLine = true
    /// One slug line per page (fronts, backs).
    public var slugs: [String]
    /// The face of the slug lines: the template's own, so a sheet embeds no other font.
    public var slugFont: KeychainTemplate.Font
    /// Crop mark and cut line strokes, in points (0.25 pt by print-shop convention).
    public var cropMarkWidthPoints = 0.25
    public var cutLineWidthPoints = 0.25
    /// The slug line's size, in points.
    public var slugPoints = 7.0

    public init(cropMarks: Bool = true, cutLine: Bool = true, slugs: [String], slugFont: KeychainTemplate.Font) {
        self.cropMarks = cropMarks; self.cutLine = cutLine; self.slugs = slugs; self.slugFont = slugFont
    }
}

extension Imposition {
    /// The sheet's pages, one per side of `scenes` (fronts, then backs): the side at every
    /// copy's place, the crop marks, the slug line, and each copy's cut outlines (trim and hole)
    /// on top; paper white under a PNG proof.
    public func frames(of scenes: [Scene], marks: SheetMarks) -> [Frame] {
        scenes.indices.map { page in
            let scene = scenes[page]
            let placements = page == 0 ? fronts : backs
            var items = placements.map { Frame.Item.side(0, placedBy: $0) }
            if marks.cropMarks {
                items += (page == 0 ? frontCropMarks : backCropMarks).map {
                    .stroke(.segment($0), .registration, widthPoints: marks.cropMarkWidthPoints)
                }
            }
            if page < marks.slugs.count {
                items.append(.label(Frame.Label(marks.slugs[page], at: slugOrigin, points: marks.slugPoints, font: marks.slugFont)))
            }
            if marks.cutLine {
                items += placements.flatMap { t in
                    scene.cutOutlines.map {
                        .stroke($0.transformed(by: t), .cutContour, widthPoints: marks.cutLineWidthPoints)
                    }
                }
            }
            return Frame(size: paper, sides: [scene], items: items, rasterBackground: .white)
        }
    }
}

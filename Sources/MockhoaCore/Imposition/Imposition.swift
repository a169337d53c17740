/// Where copies of one keychain go on a print sheet, front and back; millimetres, origin at the
/// page's top-left, y down.
public struct Imposition: Hashable, Sendable {
    public enum Arrangement: String, Sendable {
        /// Rows and columns one trim + gap apart.
        case grid
        /// Every other row shifted by half a column so the outlines nest.
        case offsetRows
    }

    public var paper: Size
    public var footprint: KeychainFootprint
    public var arrangement: Arrangement
    /// 0, or 1 when the keychain is turned 90° clockwise.
    public var quarterTurns: Int
    /// Maps keychain-local mm (origin at the trim box's top-left, unrotated) to the front page, one per
    /// copy in reading order.
    public var fronts: [AffineMatrix]
    /// Maps the back design's local mm (drawn with the hole mirrored) to the back page for a long-edge
    /// flip, so that every point lands behind itself: `mirror ∘ front ∘ flipU`.
    public var backs: [AffineMatrix]
    public var frontCropMarks: [Segment]
    /// The front marks mirrored, to sit behind them.
    public var backCropMarks: [Segment]
    /// The band above the bottom margin kept for the slug line; nothing else is drawn in it.
    public var slugBand: Rect
    /// The left end of the slug text's baseline, inside `slugBand`.
    public var slugOrigin: Point
    /// How many copies fit with these options.
    public var capacity: Int

    /// Each copy's trim box on the front page.
    public var trimBoxes: [Rect] {
        fronts.map { $0.apply(Rect(origin: .zero, size: footprint.trim)) }
    }

    /// Places `options.copies` copies (all that fit when nil) with the arrangement and orientation that
    /// fit the most; on a tie a grid, then unrotated.
    public static func plan(
        _ footprint: KeychainFootprint,
        on options: SheetOptions
    ) throws(ImpositionError) -> Imposition {
        try validate(footprint, options)
        let paper = options.paper, margin = options.margin
        let usable = Rect(
            x: margin, y: margin, width: paper.size.width - 2 * margin,
            height: paper.size.height - 2 * margin - options.slugHeight)
        guard usable.width > 0, usable.height > 0 else {
            throw .noRoom(paper: paper, margin: margin, slugHeight: options.slugHeight)
        }
        let candidates = Packing.candidates(footprint.outline, gap: options.gap, in: usable)
        var best = candidates[0]
        for candidate in candidates.dropFirst() where candidate.origins.count > best.origins.count {
            best = candidate
        }
        let capacity = best.origins.count
        guard capacity > 0 else { throw .keychainDoesNotFit(trim: footprint.trim, paper: paper, margin: margin) }
        let count = options.copies ?? capacity
        guard count <= capacity else { throw .tooManyCopies(requested: count, capacity: capacity, paper: paper) }

        let trim = footprint.trim, paperWidth = paper.size.width
        // The keychain as it lies in its box on the page (turned a quarter turn or not).
        let inBox =
            best.quarterTurns == 0
            ? AffineMatrix.identity : AffineMatrix.translation(x: trim.height, y: 0).concatenating(.rotation(quarterTurns: 1))
        let fronts = best.origins.prefix(count).map { AffineMatrix.translation(x: $0.x, y: $0.y).concatenating(inBox) }
        let mirror = AffineMatrix(a: -1, b: 0, c: 0, d: 1, tx: paperWidth, ty: 0)
        let flipU = AffineMatrix(a: -1, b: 0, c: 0, d: 1, tx: trim.width, ty: 0)
        let backs = fronts.map { mirror.concatenating($0).concatenating(flipU) }

        let slugBand = Rect(x: margin, y: usable.maxY, width: usable.width, height: options.slugHeight)
        let boxes = best.origins.prefix(count).map { Rect(origin: $0, size: best.box) }
        let marks = CropMarks.around(
            boxes, outline: footprint.outline.transformed(by: inBox), bleed: footprint.bleed,
            paper: Rect(origin: .zero, size: paper.size), avoiding: slugBand)
        let mirroredMarks = marks.map { Segment(from: mirror.apply($0.from), to: mirror.apply($0.to)) }
        return Imposition(
            paper: paper.size, footprint: footprint, arrangement: best.arrangement,
            quarterTurns: best.quarterTurns, fronts: fronts, backs: backs, frontCropMarks: marks,
            backCropMarks: mirroredMarks, slugBand: slugBand,
            slugOrigin: Point(x: slugBand.minX, y: slugBand.maxY - slugBand.height / 4), capacity: capacity)
    }

    private static func validate(_ footprint: KeychainFootprint, _ options: SheetOptions) throws(ImpositionError) {
        let trim = footprint.trim
        guard trim.width.isFinite, trim.height.isFinite, trim.width > 0, trim.height > 0 else {
            throw .invalidTrim(trim)
        }
        let lengths = [
            ("bleed", footprint.bleed), ("margin", options.margin), ("gap", options.gap),
            ("slug height", options.slugHeight),
        ]
        for (name, value) in lengths where !(value.isFinite && value >= 0) {
            throw .invalidLength(name: name, value: value)
        }
        guard options.margin >= footprint.bleed else {
            throw .marginSmallerThanBleed(margin: options.margin, bleed: footprint.bleed)
        }
        guard options.gap >= footprint.bleed else {
            throw .gapSmallerThanBleed(gap: options.gap, bleed: footprint.bleed)
        }
        if let copies = options.copies, copies < 1 { throw .invalidCopies(copies) }
    }
}

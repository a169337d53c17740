/// How copies go on a sheet; lengths in millimetres.
public struct SheetOptions: Hashable, Sendable, Encodable {
    public var paper: Paper
    /// From the paper edge to the nearest trim; the bleed runs into it.
    public var margin: Double
    /// The least distance between the outlines of two trims.
    public var gap: Double
    /// How many copies to place; nil places as many as fit.
    public var copies: Int?
    /// The band above the bottom margin kept for the slug line.
    public var slugHeight: Double

    public init(paper: Paper, margin: Double = 10, gap: Double = 3, copies: Int? = nil, slugHeight: Double = 5) {
        self.paper = paper; self.margin = margin; self.gap = gap; self.copies = copies
        self.slugHeight = slugHeight
    }
}

/// What one keychain takes on the sheet.
public struct KeychainFootprint: Hashable, Sendable {
    /// The trim box; the keychain's shape is inscribed in it.
    public var trim: Size
    public var shape: Shape
    /// How far the artwork runs beyond the trim outline.
    public var bleed: Double

    public init(trim: Size, shape: Shape = .ellipse, bleed: Double) { self.trim = trim; self.shape = shape; self.bleed = bleed }

    /// The trim outline, origin at the trim box's top-left corner.
    public var outline: Outline { Outline(shape, trim: trim) }
}

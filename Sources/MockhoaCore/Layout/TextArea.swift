import Foundation

/// Where text may go on one side: inside the outline less the safe margin, away from the hole
/// and any QR tile.
struct TextArea {
    /// The points at least the safe margin inside the trim outline.
    var inside: OutlineRegion
    /// The middle of the trim outline's bounds: text is centred on it.
    var centre: Point
    /// The hole grown by its clearance.
    var holeExclusion: Ellipse?
    /// Rectangles text keeps out of (QR tiles with their gap).
    var obstacles: [Rect] = []
    /// The font's line height above and below the baseline at 1 mm (from the measurer).
    var lineMetrics: (ascent: Double, descent: Double) = (0, 0)
    /// The least font size, mm: the template's, or larger for a mould's letter height.
    var minimumSize: Double
    /// The mould's letter height (mm) when it, not the template's font minimum, sets `minimumSize`.
    var mouldLetterHeight: Double?

    /// The room on side `sideIndex`, whose trim outline is `outline`.
    init(template: KeychainTemplate, outline: Outline, sideIndex: Int) {
        inside = outline.region(within: -max(template.safeMargin, template.mould?.edgeClearance ?? 0))
        centre = outline.bounds.center
        minimumSize = template.font.minimumSize / pointsPerMillimetre
        if let hole = template.holeCircle(onSide: sideIndex), let clearance = template.hole?.clearance {
            holeExclusion = hole.grown(by: clearance)
        }
    }

    /// The horizontal room a line has whose ink spans `top…bottom` and whose font box (what a PDF
    /// reader selects) spans `box`: the box keeps inside the safe area, the ink clear of the
    /// hole and the QR tiles. Nil if none.
    func room(top: Double, bottom: Double, box: ClosedRange<Double>) -> ClosedRange<Double>? {
        guard let room = inside.room(top: min(top, box.lowerBound), bottom: max(bottom, box.upperBound)) else { return nil }
        var left = room.lowerBound, right = room.upperBound
        if let hole = holeExclusion, top < hole.center.y + hole.radiusY, bottom > hole.center.y - hole.radiusY {
            let dy = hole.center.y < top ? top - hole.center.y : hole.center.y > bottom ? hole.center.y - bottom : 0
            let w = (hole.radiusX * hole.radiusX - dy * dy).squareRoot()
            // The wider side of the hole: beside a hole at one end, or one half beside a hole on the centre line.
            if hole.center.x + w - left < right - (hole.center.x - w) {
                left = max(left, hole.center.x + w)
            } else {
                right = min(right, hole.center.x - w)
            }
        }
        for r in obstacles where top < r.maxY && bottom > r.minY {
            if r.center.x > centre.x { right = min(right, r.minX) } else { left = max(left, r.maxX) }
        }
        return left < right ? left...right : nil
    }
}

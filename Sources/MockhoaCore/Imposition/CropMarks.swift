import Foundation

/// Corner crop marks for trim boxes, kept clear of the other copies' bleed.
enum CropMarks {
    /// How far outside the trim box a mark starts.
    static let offset = 3.0
    static let length = 6.0
    /// The least distance from a mark to another copy's bleed.
    static let clearance = 1.0
    /// Pieces shorter than this are dropped.
    static let shortest = 1.0

    /// For each box, at each corner (top-left, top-right, bottom-left, bottom-right) a horizontal then a
    /// vertical mark along the box's edge lines pointing away from it, clipped to `paper`, out of
    /// `band` and `clearance` away from every other box's `outline` (as it lies in its box, origin at
    /// the box's top-left corner) grown by `bleed`.
    static func around(_ boxes: [Rect], outline: Outline, bleed: Double, paper: Rect, avoiding band: Rect) -> [Segment] {
        let keepOut = KeepOut(outline.grown(by: bleed).region(within: clearance))
        var marks: [Segment] = []
        for (index, box) in boxes.enumerated() {
            let others = boxes.indices.filter { $0 != index }.map { boxes[$0].origin }
            for (y, dy) in [(box.minY, -1.0), (box.maxY, 1.0)] {
                for (x, dx) in [(box.minX, -1.0), (box.maxX, 1.0)] {
                    let horizontal = Segment(
                        from: Point(x: x + dx * offset, y: y),
                        to: Point(x: x + dx * (offset + length), y: y))
                    let vertical = Segment(
                        from: Point(x: x, y: y + dy * offset),
                        to: Point(x: x, y: y + dy * (offset + length)))
                    for mark in [horizontal, vertical] {
                        marks += clip(mark, to: paper, avoiding: band, and: keepOut, at: others)
                    }
                }
            }
        }
        return marks
    }

    /// The region marks keep out of, around one copy (origin at its box's corner), and the same
    /// with x and y swapped for vertical marks.
    struct KeepOut {
        var region: OutlineRegion, transposed: OutlineRegion
        init(_ region: OutlineRegion) { self.region = region; transposed = region.transposed }
    }

    /// The pieces of the horizontal or vertical `segment` inside `paper`, outside `band` and
    /// out of `keepOut` placed at each of `origins`, at least `shortest` long, in the segment's
    /// direction.
    static func clip(_ segment: Segment, to paper: Rect, avoiding band: Rect, and keepOut: KeepOut, at origins: [Point]) -> [Segment] {
        let vertical = segment.from.x == segment.to.x
        precondition(vertical || segment.from.y == segment.to.y, "crop marks are horizontal or vertical")
        guard let onPaper = parameters(of: segment, inside: paper) else { return [] }
        var pieces = [onPaper]
        if let inBand = parameters(of: segment, inside: band) { pieces = subtract(inBand, from: pieces) }
        // Along the segment's line: its start, direction and the coordinate across it.
        let (start, end, across) =
            vertical
            ? (segment.from.y, segment.to.y, segment.from.x) : (segment.from.x, segment.to.x, segment.from.y)
        let region = vertical ? keepOut.transposed : keepOut.region
        for origin in origins {
            // Along the line, the copy's own coordinates: its origin with x and y swapped when vertical.
            let (along, over) = vertical ? (origin.y, origin.x) : (origin.x, origin.y)
            guard let span = region.span(atY: across - over) else { continue }
            let near = (along + span.lowerBound)...(along + span.upperBound)
            let ends = [(near.lowerBound - start) / (end - start), (near.upperBound - start) / (end - start)]
            pieces = subtract(ends.min()!...ends.max()!, from: pieces)
        }
        return pieces.filter { ($0.upperBound - $0.lowerBound) * segment.length >= shortest - 1e-9 }
            .map { Segment(from: point(on: segment, at: $0.lowerBound), to: point(on: segment, at: $0.upperBound)) }
    }

    private static func point(on segment: Segment, at t: Double) -> Point {
        Point(
            x: segment.from.x + t * (segment.to.x - segment.from.x),
            y: segment.from.y + t * (segment.to.y - segment.from.y))
    }

    /// The parameters (0…1) at which `segment` lies in the closed `rect` (Liang–Barsky).
    private static func parameters(of segment: Segment, inside rect: Rect) -> ClosedRange<Double>? {
        var low = 0.0, high = 1.0
        let dx = segment.to.x - segment.from.x, dy = segment.to.y - segment.from.y
        for (p, q) in [
            (-dx, segment.from.x - rect.minX), (dx, rect.maxX - segment.from.x),
            (-dy, segment.from.y - rect.minY), (dy, rect.maxY - segment.from.y),
        ] {
            if p == 0 {
                if q < 0 { return nil }
            } else if p < 0 {
                low = max(low, q / p)
            } else {
                high = min(high, q / p)
            }
        }
        return low <= high ? low...high : nil
    }

    /// `pieces` without the open interval inside `cut`, so pieces that run up to it keep their end; an
    /// empty cut removes nothing.
    private static func subtract(
        _ cut: ClosedRange<Double>,
        from pieces: [ClosedRange<Double>]
    ) -> [ClosedRange<Double>] {
        pieces.flatMap { piece -> [ClosedRange<Double>] in
            guard cut.lowerBound < cut.upperBound, cut.lowerBound < piece.upperBound,
                cut.upperBound > piece.lowerBound
            else { return [piece] }
            var kept: [ClosedRange<Double>] = []
            if piece.lowerBound < cut.lowerBound { kept.append(piece.lowerBound...cut.lowerBound) }
            if cut.upperBound < piece.upperBound { kept.append(cut.upperBound...piece.upperBound) }
            return kept
        }
    }
}

import CClipper
import Foundation

/// A keychain's shape as a template names it (`shape:`), inscribed in its trim box.
public enum Shape: Hashable, Sendable, Encodable {
    /// The oval inscribed in the trim box (the default).
    case ellipse
    /// A circle: the trim box is a square.
    case circle
    /// The trim box with its corners rounded to `cornerRadius` mm.
    case roundedRectangle(cornerRadius: Double)
    /// A rectangle with semicircular ends across its shorter side.
    case stadium
    /// A closed outline in millimetres within the trim box (`outline:` SVG path data).
    case path(Path)
}

/// A closed region in millimetres: a keychain's trim outline, or one of its offsets (the bleed,
/// the ring). The one place that knows shapes: every stage asks it for the path to draw or cut,
/// for an offset, for the room a line of text has, or how near two copies may sit.
public struct Outline: Hashable, Sendable {
    enum Form: Hashable, Sendable {
        case ellipse(Ellipse)
        case roundedRectangle(Rect, radius: Double)
        /// A path as written (curves kept for drawing), one closed sub-path or more, even-odd.
        case path(Path)
        /// Closed polygons, even-odd: an offset of a path.
        case polygons([[Point]])
    }

    let form: Form

    /// How far, at most, a curve's polygon strays from the curve (mm).
    static let tolerance = 0.002

    init(_ form: Form) { self.form = form }

    /// The outline of `shape` in a trim box of `trim` at the origin.
    public init(_ shape: Shape, trim: Size) {
        let box = Rect(origin: .zero, size: trim)
        switch shape {
        case .ellipse, .circle: self.init(.ellipse(Ellipse(in: box)))
        case .roundedRectangle(let radius): self.init(.roundedRectangle(box, radius: radius))
        case .stadium: self.init(.roundedRectangle(box, radius: min(trim.width, trim.height) / 2))
        case .path(let path): self.init(.path(path))
        }
    }

    /// A circle or an ellipse (the hole).
    public static func ellipse(_ e: Ellipse) -> Outline { Outline(.ellipse(e)) }

    /// The outline as a path, to draw, fill or cut.
    public var path: Path {
        switch form {
        case .ellipse(let e): .ellipse(e)
        case .roundedRectangle(let box, let radius): .roundedRectangle(box, radius: radius)
        case .path(let path): path
        case .polygons(let polygons): Path(polygons.flatMap { Path.polygon($0).elements })
        }
    }

    /// The outline as polygons, curves cut finely enough to stay within `tolerance`.
    public var polygons: [[Point]] {
        switch form {
        case .polygons(let polygons): polygons
        default: path.flattened(piecesPerCurve: 32)
        }
    }

    /// The smallest rectangle holding the outline.
    public var bounds: Rect {
        switch form {
        case .ellipse(let e): return e.bounds
        case .roundedRectangle(let box, _): return box
        case .path, .polygons:
            let points = polygons.flatMap { $0 }
            guard let first = points.first else { return Rect(origin: .zero, size: Size(width: 0, height: 0)) }
            var low = first, high = first
            for p in points {
                low = Point(x: min(low.x, p.x), y: min(low.y, p.y))
                high = Point(x: max(high.x, p.x), y: max(high.y, p.y))
            }
            return Rect(x: low.x, y: low.y, width: high.x - low.x, height: high.y - low.y)
        }
    }

    /// The outline moved `d` mm outward (inward when negative): the bleed, the ring. An
    /// ellipse keeps its centre and both radii change by `d` (the parallel curve is not an
    /// ellipse; within 0.005 mm for the ring of the default 60 × 40 mm oval); a rounded
    /// rectangle's offset is exact; a path's goes through Clipper.
    public func grown(by d: Double) -> Outline {
        switch form {
        case .ellipse(let e): return Outline(.ellipse(e.grown(by: d)))
        case .roundedRectangle(let box, let radius): return Outline(.roundedRectangle(box.insetBy(-d), radius: max(0, radius + d)))
        case .path, .polygons: return Outline(.polygons(Self.offset(polygons, by: d)))
        }
    }

    /// The outline under `t`, a map made of quarter turns, mirrors and translations (as
    /// imposition and duplex backs use).
    public func transformed(by t: AffineMatrix) -> Outline {
        switch form {
        case .ellipse(let e): Outline(.ellipse(e.transformed(by: t)))
        case .roundedRectangle(let box, let radius): Outline(.roundedRectangle(t.apply(box), radius: radius))
        case .path(let path): Outline(.path(path.transformed(by: t)))
        case .polygons(let polygons): Outline(.polygons(polygons.map { $0.map(t.apply) }))
        }
    }

    /// The outline mirrored left to right within the box `0…width` (a duplex back's view).
    public func mirrored(width: Double) -> Outline {
        transformed(by: AffineMatrix(a: -1, b: 0, c: 0, d: 1, tx: width, ty: 0))
    }

    /// Whether `p` lies inside or on the outline.
    public func contains(_ p: Point) -> Bool {
        switch form {
        case .ellipse(let e):
            return e.contains(p)
        case .roundedRectangle(let box, let radius):
            guard box.insetBy(-1e-9).contains(Rect(origin: p, size: Size(width: 0, height: 0))) else { return false }
            let r = min(radius, box.width / 2, box.height / 2)
            let cx = min(max(p.x, box.minX + r), box.maxX - r), cy = min(max(p.y, box.minY + r), box.maxY - r)
            return hypot(p.x - cx, p.y - cy) <= r + 1e-9
        case .path, .polygons:
            return Polygons.inside(p, polygons)
        }
    }

    /// The region within `distance` of the outline (inside it by `-distance` when negative),
    /// ready for many questions: the room a line of text has, how far crop marks keep off.
    public func region(within distance: Double) -> OutlineRegion {
        switch form {
        case .ellipse(let e): OutlineRegion(.parallel(e, distance: distance))
        default: OutlineRegion(.polygons(distance == 0 ? polygons : grown(by: distance).polygons))
        }
    }

    /// Whether a copy of the outline moved by `v` stays at least `gap` away from it (nested rows
    /// on a sheet).
    public func isApart(fromCopyMovedBy v: Point, by gap: Double) -> Bool {
        switch form {
        case .ellipse(let e):
            // Two copies of an ellipse E offset by v are `dist(v, E − E)` apart, and E − E is E
            // with doubled radii.
            let doubled = Ellipse(center: .zero, radiusX: 2 * e.radiusX, radiusY: 2 * e.radiusY)
            return !doubled.contains(v, tolerance: 0) && doubled.distanceToOutline(from: v) >= gap
        default:
            let mine = polygons, moved = mine.map { $0.map { Point(x: $0.x + v.x, y: $0.y + v.y) } }
            return Polygons.distance(mine, moved) >= gap
        }
    }

    /// `polygons` offset by `d` through Clipper.
    static func offset(_ polygons: [[Point]], by d: Double) -> [[Point]] {
        var lengths = polygons.map { Int32($0.count) }
        var xy = polygons.flatMap { $0.flatMap { [$0.x, $0.y] } }
        let result = lengths.withUnsafeMutableBufferPointer { lengths in
            xy.withUnsafeMutableBufferPointer { xy in
                mockhoa_offset(
                    mockhoa_polygons(count: Int32(polygons.count), lengths: lengths.baseAddress, points: xy.baseAddress), d, tolerance)
            }
        }
        defer { mockhoa_polygons_free(result) }
        var offset: [[Point]] = [], k = 0
        for i in 0..<Int(result.count) {
            let n = Int(result.lengths[i])
            offset.append((0..<n).map { j in Point(x: result.points[2 * (k + j)], y: result.points[2 * (k + j) + 1]) })
            k += n
        }
        return offset
    }
}

/// The points within some distance of an outline (or at least some distance inside it),
/// prepared for questions asked thousands of times: an ellipse's exact parallel curve, or
/// polygons.
public struct OutlineRegion: Hashable, Sendable {
    enum Form: Hashable, Sendable {
        /// The points within `distance` of the ellipse's region (at least `-distance` inside).
        case parallel(Ellipse, distance: Double)
        case polygons([[Point]])
    }

    let form: Form

    init(_ form: Form) { self.form = form }

    /// The region with x and y swapped (for vertical lines).
    public var transposed: OutlineRegion {
        switch form {
        case .parallel(let e, let d):
            OutlineRegion(
                .parallel(Ellipse(center: Point(x: e.center.y, y: e.center.x), radiusX: e.radiusY, radiusY: e.radiusX), distance: d))
        case .polygons(let polygons): OutlineRegion(.polygons(polygons.map { $0.map { Point(x: $0.y, y: $0.x) } }))
        }
    }

    /// From the leftmost to the rightmost point of the region on the horizontal line at `y`;
    /// nil where the line misses it.
    public func span(atY y: Double) -> ClosedRange<Double>? {
        switch form {
        case .parallel(let e, let d):
            guard let half = e.parallelHalfChord(atY: y, distance: d) else { return nil }
            return (e.center.x - half)...(e.center.x + half)
        case .polygons(let polygons):
            let pieces = Polygons.intervals(atY: y, polygons)
            guard let first = pieces.first, let last = pieces.last else { return nil }
            return first.lowerBound...last.upperBound
        }
    }

    /// The widest stretch of x over which the whole band `top…bottom` lies inside the region:
    /// where a line of text of that ink height may go. On a non-convex region the stretch never
    /// crosses a notch. Nil when there is none.
    public func room(top: Double, bottom: Double) -> ClosedRange<Double>? {
        switch form {
        case .parallel(let e, let d):
            // Symmetric and convex: the band is narrowest at its end farthest from the centre.
            let far = max(abs(top - e.center.y), abs(bottom - e.center.y))
            guard let half = e.parallelHalfChord(atY: e.center.y + far, distance: d), half > 0 else { return nil }
            return (e.center.x - half)...(e.center.x + half)
        case .polygons(let polygons):
            // Inside along the band's top edge, less wherever an edge of the region passes
            // through the band: a vertical segment that starts inside and meets no edge stays inside.
            var pieces = Polygons.intervals(atY: top, polygons)
            for polygon in polygons {
                for (a, b) in zip(polygon, polygon.dropFirst() + polygon.prefix(1)) {
                    guard let crossing = Polygons.xExtent(from: a, to: b, between: top, and: bottom) else { continue }
                    pieces = pieces.flatMap { Polygons.subtract(crossing, from: $0) }
                }
            }
            return pieces.filter { $0.upperBound > $0.lowerBound }.max { $0.upperBound - $0.lowerBound < $1.upperBound - $1.lowerBound }
        }
    }
}

/// Plane geometry on closed polygons (even-odd), for outlines that are not an ellipse.
enum Polygons {
    /// Whether `p` lies inside (even-odd).
    static func inside(_ p: Point, _ polygons: [[Point]]) -> Bool {
        intervals(atY: p.y, polygons).contains { $0.contains(p.x) }
            || polygons.contains { polygon in
                zip(polygon, polygon.dropFirst() + polygon.prefix(1)).contains { segmentDistance(p, $0, $1) < 1e-9 }
            }
    }

    /// The stretches of the horizontal line at `y` inside the polygons (even-odd), left to right.
    static func intervals(atY y: Double, _ polygons: [[Point]]) -> [ClosedRange<Double>] {
        var crossings: [Double] = []
        for polygon in polygons {
            for (a, b) in zip(polygon, polygon.dropFirst() + polygon.prefix(1)) where (a.y <= y) != (b.y <= y) {
                crossings.append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
            }
        }
        crossings.sort()
        return stride(from: 0, to: crossings.count - 1, by: 2).map { crossings[$0]...crossings[$0 + 1] }
    }

    /// The x-extent of the part of segment `a`–`b` with `top < y < bottom`; nil when none (an
    /// edge along the band's top or bottom line only bounds it).
    static func xExtent(from a: Point, to b: Point, between top: Double, and bottom: Double) -> ClosedRange<Double>? {
        let (low, high) = a.y <= b.y ? (a, b) : (b, a)
        guard high.y > top, low.y < bottom else { return nil }
        func x(at y: Double) -> Double { high.y == low.y ? low.x : low.x + (y - low.y) / (high.y - low.y) * (high.x - low.x) }
        let x0 = low.y < top ? x(at: top) : low.x, x1 = high.y > bottom ? x(at: bottom) : high.x
        return min(x0, x1)...max(x0, x1)
    }

    /// `piece` without the inside of `cut`.
    static func subtract(_ cut: ClosedRange<Double>, from piece: ClosedRange<Double>) -> [ClosedRange<Double>] {
        guard cut.lowerBound <= piece.upperBound, cut.upperBound >= piece.lowerBound else { return [piece] }
        var kept: [ClosedRange<Double>] = []
        if piece.lowerBound < cut.lowerBound { kept.append(piece.lowerBound...cut.lowerBound) }
        if cut.upperBound < piece.upperBound { kept.append(cut.upperBound...piece.upperBound) }
        return kept
    }

    /// The least distance between two sets of polygons; 0 when they touch or overlap.
    static func distance(_ first: [[Point]], _ second: [[Point]]) -> Double {
        if let p = second.first?.first, inside(p, first) { return 0 }
        if let p = first.first?.first, inside(p, second) { return 0 }
        var best = Double.infinity
        let others = edges(second)
        for a in edges(first) {
            for b in others {
                // Two segments are at least as far apart as their bounding boxes.
                let gapX = max(0, min(b.0.x, b.1.x) - max(a.0.x, a.1.x), min(a.0.x, a.1.x) - max(b.0.x, b.1.x))
                let gapY = max(0, min(b.0.y, b.1.y) - max(a.0.y, a.1.y), min(a.0.y, a.1.y) - max(b.0.y, b.1.y))
                if gapX >= best || gapY >= best { continue }
                if segmentsCross(a.0, a.1, b.0, b.1) { return 0 }
                best = min(
                    best, segmentDistance(a.0, b.0, b.1), segmentDistance(a.1, b.0, b.1), segmentDistance(b.0, a.0, a.1),
                    segmentDistance(b.1, a.0, a.1))
            }
        }
        return best
    }

    static func edges(_ polygons: [[Point]]) -> [(Point, Point)] {
        polygons.flatMap { polygon in Array(zip(polygon, polygon.dropFirst() + polygon.prefix(1))) }
    }

    /// The distance from `p` to the segment `a`–`b`.
    static func segmentDistance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy
        let t = length == 0 ? 0 : min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length))
        return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
    }

    /// Whether the segments `a`–`b` and `c`–`d` cross at a point inside both.
    static func segmentsCross(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        func side(_ p: Point, _ q: Point, _ r: Point) -> Double { (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x) }
        let d1 = side(c, d, a), d2 = side(c, d, b), d3 = side(a, b, c), d4 = side(a, b, d)
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
    }
}

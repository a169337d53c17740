import Foundation

/// An outline or a line in millimetres (y down), made of straight and cubic Bézier pieces:
/// the one geometry that every output draws a cut line, a mark or a keychain's outline with.
public struct Path: Hashable, Sendable, Encodable {
    public enum Element: Hashable, Sendable, Encodable {
        case move(Point)
        case line(Point)
        /// A cubic Bézier from the current point: two control points, then the end.
        case curve(Point, Point, Point)
        /// Back to the last `move`'s point, closing the sub-path.
        case close
    }

    public var elements: [Element]

    public init(_ elements: [Element]) { self.elements = elements }

    /// Ellipse-to-Bézier constant: 4(√2 − 1)/3. A quarter arc drawn with it strays from the
    /// ellipse by under 0.03 % of the radius (0.01 mm on a 30 mm radius).
    static let kappa = 0.5522847498

    /// The ellipse as four quarter arcs from its rightmost point, counter-clockwise on the page.
    public static func ellipse(_ e: Ellipse) -> Path {
        let c = e.center, rx = e.radiusX, ry = e.radiusY, kx = kappa * rx, ky = kappa * ry
        func p(_ x: Double, _ y: Double) -> Point { Point(x: c.x + x, y: c.y + y) }
        return Path([
            .move(p(rx, 0)),
            .curve(p(rx, -ky), p(kx, -ry), p(0, -ry)),
            .curve(p(-kx, -ry), p(-rx, -ky), p(-rx, 0)),
            .curve(p(-rx, ky), p(-kx, ry), p(0, ry)),
            .curve(p(kx, ry), p(rx, ky), p(rx, 0)),
            .close,
        ])
    }

    /// `box` with its corners rounded to `radius` (at most half the shorter side), clockwise on
    /// the page from the top edge's left end; the plain rectangle for radius 0.
    public static func roundedRectangle(_ box: Rect, radius: Double) -> Path {
        let r = min(radius, box.width / 2, box.height / 2)
        guard r > 0 else { return rectangle(box) }
        let k = kappa * r
        let (l, t, rt, b) = (box.minX, box.minY, box.maxX, box.maxY)
        func p(_ x: Double, _ y: Double) -> Point { Point(x: x, y: y) }
        return Path([
            .move(p(l + r, t)), .line(p(rt - r, t)), .curve(p(rt - r + k, t), p(rt, t + r - k), p(rt, t + r)),
            .line(p(rt, b - r)), .curve(p(rt, b - r + k), p(rt - r + k, b), p(rt - r, b)),
            .line(p(l + r, b)), .curve(p(l + r - k, b), p(l, b - r + k), p(l, b - r)),
            .line(p(l, t + r)), .curve(p(l, t + r - k), p(l + r - k, t), p(l + r, t)),
            .close,
        ])
    }

    /// A straight line.
    public static func segment(_ s: Segment) -> Path { Path([.move(s.from), .line(s.to)]) }

    /// A straight line from `a` to `b`.
    public static func line(_ a: Point, _ b: Point) -> Path { Path([.move(a), .line(b)]) }

    /// The closed polygon through `points`.
    public static func polygon(_ points: [Point]) -> Path {
        guard let first = points.first else { return Path([]) }
        return Path([.move(first)] + points.dropFirst().map { .line($0) } + [.close])
    }

    /// The rectangle's outline, clockwise on the page from its top-left corner.
    public static func rectangle(_ r: Rect) -> Path {
        polygon([Point(x: r.minX, y: r.minY), Point(x: r.maxX, y: r.minY), Point(x: r.maxX, y: r.maxY), Point(x: r.minX, y: r.maxY)])
    }

    /// The same path under `t`.
    public func transformed(by t: AffineMatrix) -> Path {
        Path(
            elements.map { element in
                switch element {
                case .move(let p): .move(t.apply(p))
                case .line(let p): .line(t.apply(p))
                case .curve(let a, let b, let p): .curve(t.apply(a), t.apply(b), t.apply(p))
                case .close: .close
                }
            })
    }

    /// Every point the path names, control points included.
    public var points: [Point] {
        elements.flatMap { element -> [Point] in
            switch element {
            case .move(let p), .line(let p): [p]
            case .curve(let a, let b, let p): [a, b, p]
            case .close: []
            }
        }
    }

    /// Each sub-path as a polyline, curves cut into `piecesPerCurve` straight pieces (a closed
    /// sub-path ends at its start).
    public func flattened(piecesPerCurve: Int = 32) -> [[Point]] {
        var lines: [[Point]] = [], current: [Point] = []
        for element in elements {
            switch element {
            case .move(let p):
                if current.count > 1 { lines.append(current) }
                current = [p]
            case .line(let p):
                current.append(p)
            case .curve(let a, let b, let p):
                guard let start = current.last else { current = [p]; continue }
                for i in 1...piecesPerCurve {
                    let t = Double(i) / Double(piecesPerCurve), u = 1 - t
                    let w = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t)
                    current.append(
                        Point(
                            x: w.0 * start.x + w.1 * a.x + w.2 * b.x + w.3 * p.x,
                            y: w.0 * start.y + w.1 * a.y + w.2 * b.y + w.3 * p.y))
                }
            case .close:
                if let first = current.first, current.last != first { current.append(first) }
            }
        }
        if current.count > 1 { lines.append(current) }
        return lines
    }
}

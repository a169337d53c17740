import Foundation

// All lengths in the model, layout and imposition are millimetres, y pointing down, unless a
// name says otherwise (`…Points` for PDF points).

/// PDF points per millimetre (72 pt per inch, 25.4 mm per inch).
public let pointsPerMillimetre = 72.0 / 25.4

/// A point in millimetres.
public struct Point: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
    public static let zero = Point(x: 0, y: 0)
}

/// A width and height in millimetres.
public struct Size: Hashable, Sendable, Codable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) { self.width = width; self.height = height }
    /// The same size turned a quarter turn.
    public var transposed: Size { Size(width: height, height: width) }
}

/// An axis-aligned rectangle in millimetres.
public struct Rect: Hashable, Sendable, Codable {
    public var origin: Point
    public var size: Size
    public init(origin: Point, size: Size) { self.origin = origin; self.size = size }
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.init(origin: Point(x: x, y: y), size: Size(width: width, height: height))
    }
    public var minX: Double { origin.x }
    public var minY: Double { origin.y }
    public var maxX: Double { origin.x + size.width }
    public var maxY: Double { origin.y + size.height }
    public var width: Double { size.width }
    public var height: Double { size.height }
    public var center: Point { Point(x: origin.x + size.width / 2, y: origin.y + size.height / 2) }
    /// The rectangle shrunk by `d` on every side (grown for negative `d`).
    public func insetBy(_ d: Double) -> Rect {
        Rect(x: minX + d, y: minY + d, width: width - 2 * d, height: height - 2 * d)
    }
    /// Whether `r` lies wholly inside, give or take `tolerance`.
    public func contains(_ r: Rect, tolerance: Double = 1e-9) -> Bool {
        r.minX >= minX - tolerance && r.maxX <= maxX + tolerance
            && r.minY >= minY - tolerance && r.maxY <= maxY + tolerance
    }
    public func intersects(_ r: Rect) -> Bool {
        r.minX < maxX && r.maxX > minX && r.minY < maxY && r.maxY > minY
    }
}

/// An axis-aligned ellipse (a circle when both radii are equal), in millimetres.
public struct Ellipse: Hashable, Sendable, Codable {
    public var center: Point
    public var radiusX: Double
    public var radiusY: Double
    public init(center: Point, radiusX: Double, radiusY: Double) {
        self.center = center; self.radiusX = radiusX; self.radiusY = radiusY
    }
    /// The ellipse inscribed in `rect`.
    public init(in rect: Rect) {
        self.init(center: rect.center, radiusX: rect.width / 2, radiusY: rect.height / 2)
    }
    public static func circle(center: Point, radius: Double) -> Ellipse {
        Ellipse(center: center, radiusX: radius, radiusY: radius)
    }
    public var bounds: Rect {
        Rect(x: center.x - radiusX, y: center.y - radiusY, width: 2 * radiusX, height: 2 * radiusY)
    }
    /// The same ellipse with both radii changed by `d`.
    public func grown(by d: Double) -> Ellipse {
        Ellipse(center: center, radiusX: radiusX + d, radiusY: radiusY + d)
    }
    /// The ellipse under `t`, a map made of quarter turns, mirrors and translations (as
    /// imposition uses): axis-aligned ellipses stay axis-aligned.
    public func transformed(by t: AffineMatrix) -> Ellipse {
        let turned = abs(t.a) < 1e-9
        return Ellipse(center: t.apply(center), radiusX: turned ? radiusY : radiusX, radiusY: turned ? radiusX : radiusY)
    }

    /// Whether `p` lies inside or on the ellipse.
    public func contains(_ p: Point, tolerance: Double = 1e-9) -> Bool {
        let dx = (p.x - center.x) / radiusX, dy = (p.y - center.y) / radiusY
        return dx * dx + dy * dy <= 1 + tolerance
    }
    /// Half the width, at height `y`, of the region bounded by the ellipse's parallel curve at
    /// `distance` (outside the outline when positive, inside when negative): the points at least
    /// `-distance` inside the outline, or within `distance` of the ellipse. The parallel curve is
    /// not an ellipse. Nil where the region does not reach `y`. Valid for inward distances below
    /// the smallest radius of curvature, `min(rx, ry)² / max(rx, ry)`.
    public func parallelHalfChord(atY y: Double, distance: Double) -> Double? {
        let dy = abs(y - center.y)
        // The parallel curve at parameter t: the outline point moved `distance` along the
        // outward normal. Its height grows with t on [0, π/2]; find t where it equals dy.
        func offsetPoint(_ t: Double) -> (x: Double, y: Double) {
            let n = (radiusY * radiusY * cos(t) * cos(t) + radiusX * radiusX * sin(t) * sin(t)).squareRoot()
            return (cos(t) * (radiusX + distance * radiusY / n), sin(t) * (radiusY + distance * radiusX / n))
        }
        guard dy <= offsetPoint(.pi / 2).y else { return nil }
        // Regula falsi (Illinois variant) on [0, π/2]: bracketed like bisection, but it
        // converges in a handful of steps; the layout asks this thousands of times per side.
        var lo = 0.0, hi = Double.pi / 2
        var fLo = offsetPoint(lo).y - dy, fHi = offsetPoint(hi).y - dy
        var t = hi, side = 0
        for _ in 0..<60 where fHi - fLo > 0 {
            t = (lo * fHi - hi * fLo) / (fHi - fLo)
            let f = offsetPoint(t).y - dy
            if abs(f) < 1e-12 || hi - lo < 1e-13 { break }
            if f < 0 {
                lo = t; fLo = f
                if side == -1 { fHi /= 2 }
                side = -1
            } else {
                hi = t; fHi = f
                if side == 1 { fLo /= 2 }
                side = 1
            }
        }
        return max(0, offsetPoint(t).x)
    }

    /// The point at parameter `t` (radians): `(cx + rx cos t, cy + ry sin t)`.
    public func point(at t: Double) -> Point {
        Point(x: center.x + radiusX * cos(t), y: center.y + radiusY * sin(t))
    }
    /// The shortest distance from `p` to the ellipse's outline (0 on it), found by a
    /// parameter search refined with Newton steps; accurate to well under a micrometre.
    public func distanceToOutline(from p: Point) -> Double {
        let samples = 64
        var bestT = 0.0, best = Double.infinity
        for i in 0..<samples {
            let t = Double(i) / Double(samples) * 2 * .pi
            let q = point(at: t), d = hypot(q.x - p.x, q.y - p.y)
            if d < best { best = d; bestT = t }
        }
        var t = bestT
        for _ in 0..<20 {  // minimise |q(t) - p|² : f(t) = (q - p)·q'(t) = 0
            let q = point(at: t)
            let dq = Point(x: -radiusX * sin(t), y: radiusY * cos(t))
            let ddq = Point(x: -radiusX * cos(t), y: -radiusY * sin(t))
            let f = (q.x - p.x) * dq.x + (q.y - p.y) * dq.y
            let df = dq.x * dq.x + dq.y * dq.y + (q.x - p.x) * ddq.x + (q.y - p.y) * ddq.y
            guard df > 1e-12 else { break }
            let step = f / df
            t -= step
            if abs(step) < 1e-12 { break }
        }
        let q = point(at: t)
        return min(best, hypot(q.x - p.x, q.y - p.y))
    }
}

/// An affine map `(x, y) ↦ (a·x + c·y + tx, b·x + d·y + ty)`, the same convention as Cairo's
/// `cairo_matrix_t`, in millimetres.
public struct AffineMatrix: Hashable, Sendable, Codable {
    public var a, b, c, d, tx, ty: Double
    public init(a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double) {
        self.a = a; self.b = b; self.c = c; self.d = d; self.tx = tx; self.ty = ty
    }
    public static let identity = AffineMatrix(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)
    public static func translation(x: Double, y: Double) -> AffineMatrix {
        AffineMatrix(a: 1, b: 0, c: 0, d: 1, tx: x, ty: y)
    }
    /// A rotation by `quarterTurns` × 90° clockwise on the page (y points down).
    public static func rotation(quarterTurns: Int) -> AffineMatrix {
        switch ((quarterTurns % 4) + 4) % 4 {
        case 1: AffineMatrix(a: 0, b: 1, c: -1, d: 0, tx: 0, ty: 0)
        case 2: AffineMatrix(a: -1, b: 0, c: 0, d: -1, tx: 0, ty: 0)
        case 3: AffineMatrix(a: 0, b: -1, c: 1, d: 0, tx: 0, ty: 0)
        default: .identity
        }
    }
    public func apply(_ p: Point) -> Point {
        Point(x: a * p.x + c * p.y + tx, y: b * p.x + d * p.y + ty)
    }
    /// `self` after `first`: `self.concatenating(first).apply(p) == self.apply(first.apply(p))`.
    public func concatenating(_ first: AffineMatrix) -> AffineMatrix {
        AffineMatrix(
            a: a * first.a + c * first.b, b: b * first.a + d * first.b,
            c: a * first.c + c * first.d, d: b * first.c + d * first.d,
            tx: a * first.tx + c * first.ty + tx, ty: b * first.tx + d * first.ty + ty)
    }
    /// The bounding box of `rect` after the transform.
    public func apply(_ rect: Rect) -> Rect {
        let corners = [
            Point(x: rect.minX, y: rect.minY), Point(x: rect.maxX, y: rect.minY),
            Point(x: rect.minX, y: rect.maxY), Point(x: rect.maxX, y: rect.maxY),
        ].map(apply)
        let xs = corners.map(\.x), ys = corners.map(\.y)
        return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
    }
}

/// A straight segment in millimetres (crop marks).
public struct Segment: Hashable, Sendable, Codable {
    public var from: Point
    public var to: Point
    public init(from: Point, to: Point) { self.from = from; self.to = to }
    public var length: Double { hypot(to.x - from.x, to.y - from.y) }
}

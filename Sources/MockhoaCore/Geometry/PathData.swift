import Foundation

/// Path data that does not read: what is wrong and at which character (1-based).
public struct PathDataError: Error, Hashable, Sendable {
    public var column: Int
    public var message: Message
}

extension Path {
    /// Reads SVG path data (`M 12 0 L 48 0 … Z`), lengths in millimetres: every command of
    /// SVG 1.1 (`M L H V C S Q T A Z`, upper case absolute, lower case relative); quadratic
    /// pieces and arcs become cubic Béziers.
    public init(svgData text: String) throws(PathDataError) {
        var reader = PathDataReader(Array(text.unicodeScalars))
        self.init(try reader.read())
    }
}

/// Reads path data into elements, keeping the current point and the last control point.
private struct PathDataReader {
    let scalars: [Unicode.Scalar]
    var index = 0
    var elements: [Path.Element] = []
    var current = Point.zero, start = Point.zero
    /// The last curve's second control point (for `S`) or quadratic control point (for `T`).
    var lastCubic: Point?, lastQuadratic: Point?

    /// At most this many elements: an outline is a few dozen; more is refused before the
    /// checks that compare every edge with every other.
    static let maximumElements = 500

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func read() throws(PathDataError) -> [Path.Element] {
        skipSeparators()
        guard index < scalars.count else { throw fail("template.pathData.empty") }
        var command: Unicode.Scalar?
        while true {
            skipSeparators()
            guard index < scalars.count else { break }
            let c = scalars[index]
            if "MmLlHhVvCcSsQqTtAaZz".unicodeScalars.contains(c) {
                if elements.isEmpty, c != "M", c != "m" { throw fail("template.pathData.start") }
                command = c
                index += 1
            } else if command == nil || command == "Z" || command == "z" || !"+-.0123456789".unicodeScalars.contains(c) {
                // More numbers repeat the last command; anything else is no command at all.
                throw command == nil ? fail("template.pathData.start") : fail("template.pathData.command", String(c))
            }
            try apply(command!)
            if command == "M" { command = "L" } else if command == "m" { command = "l" }  // pairs after M are lines
            guard elements.count <= Self.maximumElements else { throw fail("template.pathData.tooLong", Self.maximumElements) }
        }
        return elements
    }

    private mutating func apply(_ command: Unicode.Scalar) throws(PathDataError) {
        let relative = command.properties.isLowercase
        func point(_ x: Double, _ y: Double) -> Point { relative ? Point(x: current.x + x, y: current.y + y) : Point(x: x, y: y) }
        var nextCubic: Point?, nextQuadratic: Point?
        switch command {
        case "M", "m":
            current = point(try number(), try number())
            start = current
            elements.append(.move(current))
        case "L", "l":
            current = point(try number(), try number())
            elements.append(.line(current))
        case "H", "h":
            let x = try number()
            current = Point(x: relative ? current.x + x : x, y: current.y)
            elements.append(.line(current))
        case "V", "v":
            let y = try number()
            current = Point(x: current.x, y: relative ? current.y + y : y)
            elements.append(.line(current))
        case "C", "c", "S", "s":
            let smooth = command == "S" || command == "s"
            let first = smooth ? reflected(lastCubic) : point(try number(), try number())
            let second = point(try number(), try number()), end = point(try number(), try number())
            elements.append(.curve(first, second, end))
            current = end
            nextCubic = second
        case "Q", "q", "T", "t":
            let smooth = command == "T" || command == "t"
            let control = smooth ? reflected(lastQuadratic) : point(try number(), try number())
            let end = point(try number(), try number())
            elements.append(quadratic(from: current, control, end))
            current = end
            nextQuadratic = control
        case "A", "a":
            let rx = abs(try number()), ry = abs(try number()), rotation = try number()
            let large = try flag(), sweep = try flag()
            let end = point(try number(), try number())
            elements += Self.arc(from: current, to: end, rx: rx, ry: ry, rotation: rotation, large: large, sweep: sweep)
            current = end
        default:  // Z, z
            elements.append(.close)
            current = start
        }
        lastCubic = nextCubic
        lastQuadratic = nextQuadratic
    }

    private func reflected(_ control: Point?) -> Point {
        guard let control else { return current }
        return Point(x: 2 * current.x - control.x, y: 2 * current.y - control.y)
    }

    private func quadratic(from a: Point, _ c: Point, _ b: Point) -> Path.Element {
        .curve(
            Point(x: a.x + 2 / 3 * (c.x - a.x), y: a.y + 2 / 3 * (c.y - a.y)),
            Point(x: b.x + 2 / 3 * (c.x - b.x), y: b.y + 2 / 3 * (c.y - b.y)), b)
    }

    /// An SVG elliptical arc as cubic Béziers of at most a quarter turn each (SVG 1.1,
    /// appendix F.6: from end points to centre).
    static func arc(from p0: Point, to p1: Point, rx: Double, ry: Double, rotation: Double, large: Bool, sweep: Bool) -> [Path.Element] {
        guard rx > 0, ry > 0, p0 != p1 else { return [.line(p1)] }
        let phi = rotation * .pi / 180, cosPhi = cos(phi), sinPhi = sin(phi)
        let dx = (p0.x - p1.x) / 2, dy = (p0.y - p1.y) / 2
        let x1 = cosPhi * dx + sinPhi * dy, y1 = -sinPhi * dx + cosPhi * dy
        var rx = rx, ry = ry
        let scale = x1 * x1 / (rx * rx) + y1 * y1 / (ry * ry)
        if scale > 1 { rx *= scale.squareRoot(); ry *= scale.squareRoot() }
        let numerator = max(0, rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1)
        var factor = (numerator / (rx * rx * y1 * y1 + ry * ry * x1 * x1)).squareRoot()
        if large == sweep { factor = -factor }
        let cx1 = factor * rx * y1 / ry, cy1 = -factor * ry * x1 / rx
        let cx = cosPhi * cx1 - sinPhi * cy1 + (p0.x + p1.x) / 2, cy = sinPhi * cx1 + cosPhi * cy1 + (p0.y + p1.y) / 2
        func angle(_ ux: Double, _ uy: Double) -> Double { atan2(uy, ux) }
        let theta1 = angle((x1 - cx1) / rx, (y1 - cy1) / ry)
        var delta = angle((-x1 - cx1) / rx, (-y1 - cy1) / ry) - theta1
        if sweep && delta < 0 { delta += 2 * .pi } else if !sweep && delta > 0 { delta -= 2 * .pi }
        let pieces = max(1, Int((abs(delta) / (.pi / 2)).rounded(.up)))
        let step = delta / Double(pieces), k = 4 / 3 * tan(step / 4)
        func onArc(_ t: Double, _ ex: Double, _ ey: Double) -> Point {
            let x = rx * ex, y = ry * ey
            return Point(x: cx + cosPhi * x - sinPhi * y, y: cy + sinPhi * x + cosPhi * y)
        }
        var result: [Path.Element] = []
        for i in 0..<pieces {
            let a = theta1 + Double(i) * step, b = a + step
            let c1 = onArc(a, cos(a) - k * sin(a), sin(a) + k * cos(a))
            let c2 = onArc(b, cos(b) + k * sin(b), sin(b) - k * cos(b))
            let end = i == pieces - 1 ? p1 : onArc(b, cos(b), sin(b))
            result.append(.curve(c1, c2, end))
        }
        return result
    }

    private mutating func skipSeparators() {
        while index < scalars.count, scalars[index] == "," || scalars[index].properties.isWhitespace { index += 1 }
    }

    /// A number as SVG writes it: sign, digits, a point, an exponent; "1.5.5" is two numbers.
    private mutating func number() throws(PathDataError) -> Double {
        skipSeparators()
        let begin = index
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        var digits = 0, point = false
        while index < scalars.count {
            let c = scalars[index]
            if ("0"..."9").contains(c) {
                digits += 1
            } else if c == ".", !point {
                point = true
            } else {
                break
            }
            index += 1
        }
        if digits > 0, index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var look = index + 1
            if look < scalars.count, scalars[look] == "+" || scalars[look] == "-" { look += 1 }
            if look < scalars.count, ("0"..."9").contains(scalars[look]) {
                index = look
                while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[begin..<index]))
        guard digits > 0, let value = Double(text), value.isFinite, abs(value) < 1e6 else {
            index = begin
            throw fail("template.pathData.number")
        }
        return value
    }

    /// An arc flag: a single 0 or 1 (SVG lets flags run into the next number: `a1 1 0 011 1`).
    private mutating func flag() throws(PathDataError) -> Bool {
        skipSeparators()
        guard index < scalars.count, scalars[index] == "0" || scalars[index] == "1" else { throw fail("template.pathData.flag") }
        index += 1
        return scalars[index - 1] == "1"
    }

    private func fail(_ key: String, _ arguments: any MessageArgument...) -> PathDataError {
        PathDataError(column: index + 1, message: Message(key, arguments: arguments))
    }
}

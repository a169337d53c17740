import Foundation

extension TemplateFile {
    /// The names `shape:` takes.
    static let shapeNames = ["ellipse", "circle", "rounded-rectangle", "stadium", "path"]

    /// The keychain's shape (`shape:`, `corner-radius:`, `outline:`), or nil after adding
    /// what is wrong with it.
    func validatedShape(_ problems: inout TemplateProblems) -> Shape? {
        let name = shape ?? "ellipse"
        let trim = MockhoaCore.Size(width: size.width, height: size.height)
        if cornerRadius != nil, name != "rounded-rectangle" { problems.add("corner-radius", Message("template.cornerRadiusOnly")) }
        if outline != nil, name != "path" { problems.add("outline", Message("template.outlineOnly")) }
        switch name {
        case "ellipse": return .ellipse
        case "stadium": return .stadium
        case "circle":
            guard abs(trim.width - trim.height) < 1e-9 else {
                problems.add("shape", Message("template.circleSquare", mm(trim.width), mm(trim.height)))
                return nil
            }
            return .circle
        case "rounded-rectangle":
            let radius = cornerRadius ?? 3
            guard radius >= 0, radius <= min(trim.width, trim.height) / 2 else {
                problems.add("corner-radius", Message("template.nonNegative", mm(min(trim.width, trim.height) / 2), mm(radius)))
                return nil
            }
            return .roundedRectangle(cornerRadius: radius)
        case "path":
            return validatedOutline(trim: trim, &problems).map { .path($0) }
        default:
            problems.add("shape", Suggestions.didYouMean(Message("template.shape", name), name, among: Self.shapeNames))
            return nil
        }
    }

    /// `outline:` read as one closed, simple path inside the trim box.
    private func validatedOutline(trim: MockhoaCore.Size, _ problems: inout TemplateProblems) -> Path? {
        guard let outline else {
            problems.add("shape", Message("template.outlineMissing"))
            return nil
        }
        let path: Path
        do { path = try Path(svgData: outline) } catch {
            problems.add("outline", Message("template.pathData", error.column, error.message))
            return nil
        }
        let moves = path.elements.filter { if case .move = $0 { true } else { false } }.count
        guard moves == 1, path.elements.last == .close || path.flattened().first.map({ $0.first == $0.last }) == true else {
            problems.add("outline", Message(moves > 1 ? "template.outlineParts" : "template.outlineOpen"))
            return nil
        }
        let polygon = path.flattened(piecesPerCurve: 16).first ?? []
        let box = Rect(origin: .zero, size: trim).insetBy(-0.01)
        guard polygon.allSatisfy({ box.contains(Rect(origin: $0, size: MockhoaCore.Size(width: 0, height: 0))) }) else {
            problems.add("outline", Message("template.outlineOutside", mm(trim.width), mm(trim.height)))
            return nil
        }
        if let crossing = Self.selfIntersection(polygon) {
            problems.add("outline", Message("template.outlineCrosses", mm(crossing.x), mm(crossing.y)))
            return nil
        }
        return path
    }

    /// A point where two edges of the closed `polygon` that are not neighbours cross; nil for a
    /// simple polygon.
    static func selfIntersection(_ polygon: [Point]) -> Point? {
        var points = polygon
        if points.count > 1, points.first == points.last { points.removeLast() }
        let n = points.count
        guard n > 3 else { return nil }
        for i in 0..<n {
            let a = points[i], b = points[(i + 1) % n]
            for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
                let c = points[j], d = points[(j + 1) % n]
                guard Polygons.segmentsCross(a, b, c, d) else { continue }
                let ab = Point(x: b.x - a.x, y: b.y - a.y), cd = Point(x: d.x - c.x, y: d.y - c.y)
                let t = ((c.x - a.x) * cd.y - (c.y - a.y) * cd.x) / (ab.x * cd.y - ab.y * cd.x)
                return Point(x: a.x + t * ab.x, y: a.y + t * ab.y)
            }
        }
        return nil
    }
}

import CCairo
import Foundation
import MockhoaCore
import Testing

// Golden files: what the built-in designs resolve to and what they draw, stored under
// Tests/MockhoaTests/Golden/ and compared on every run. `MOCKHOA_RECORD_GOLDEN=1 swift test
// --filter Golden` records them anew; a failure writes what was made (JSON) or
// expected | difference | actual (PNG) to .build/golden-failures/ for a person to look at.

enum Golden {
    static let folder = Tools.packageRoot.appending("Tests/MockhoaTests/Golden")
    /// Noto Sans from the repository, so text measures and draws the same on every machine.
    static let fonts = folder.appending("Fonts")
    static let failures = Tools.packageRoot.appending(".build/golden-failures")
    static var recording: Bool { ProcessInfo.processInfo.environment["MOCKHOA_RECORD_GOLDEN"] == "1" }

    /// Numbers agree when they round to the same hundredth of a millimetre, give or take one.
    static let tolerance = 0.0101

    /// Compares `value`, written as JSON, with the golden file `name`.json.
    static func expect(_ value: Value, matches name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = folder.appending(name + ".json")
        let text = value.json()
        if recording {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard file.exists else {
            Issue.record("no golden file \(name).json: record it with MOCKHOA_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        let actual = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let differences = difference(expected, actual, at: name)
        guard !differences.isEmpty else { return }
        try FileManager.default.createDirectory(at: failures, withIntermediateDirectories: true)
        let written = failures.appending(name + ".actual.json")
        try text.write(to: written, atomically: true, encoding: .utf8)
        Issue.record(
            """
            \(name).json differs in \(differences.count) place(s) (what was made: \(written.path)):
            \(differences.prefix(12).joined(separator: "\n"))
            """, sourceLocation: sourceLocation)
    }

    /// Where `a` (expected) and `b` (actual) differ, as `path: expected ≠ actual` lines.
    static func difference(_ a: Any, _ b: Any, at path: String) -> [String] {
        switch (a, b) {
        case let (a as [String: Any], b as [String: Any]):
            return Set(a.keys).union(b.keys).sorted().flatMap { key -> [String] in
                guard let x = a[key], let y = b[key] else { return ["\(path).\(key): \(a[key] == nil ? "new" : "gone")"] }
                return difference(x, y, at: "\(path).\(key)")
            }
        case let (a as [Any], b as [Any]):
            guard a.count == b.count else { return ["\(path): \(a.count) items ≠ \(b.count)"] }
            return zip(a, b).enumerated().flatMap { i, pair in difference(pair.0, pair.1, at: "\(path)[\(i)]") }
        case let (a as String, b as String):
            return a == b ? [] : ["\(path): \"\(a)\" ≠ \"\(b)\""]
        case let (a as NSNumber, b as NSNumber):
            return abs(a.doubleValue - b.doubleValue) <= tolerance ? [] : ["\(path): \(a) ≠ \(b)"]
        default:
            return ["\(path): \(a) ≠ \(b)"]
        }
    }

    /// Compares a PNG with the golden picture `name`.png: it fails when more than
    /// `allowedShare` of the pixels differ by more than `channelThreshold` in any channel.
    static func expect(
        png bytes: [UInt8], matches name: String, channelThreshold: Int = 40, allowedShare: Double = 0.0005,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let file = folder.appending(name + ".png")
        if recording {
            try Data(bytes).write(to: file)
            return
        }
        guard file.exists else {
            Issue.record("no golden picture \(name).png: record it with MOCKHOA_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        try withTemporaryFolder { folder in
            let made = folder.appending("actual.png")
            try Data(bytes).write(to: made)
            let expected = try RGBAImage(png: file), actual = try RGBAImage(png: made)
            guard expected.width == actual.width, expected.height == actual.height else {
                Issue.record(
                    "\(name).png is \(expected.width)×\(expected.height) px, the drawing \(actual.width)×\(actual.height)",
                    sourceLocation: sourceLocation)
                return
            }
            let differing = expected.differingPixels(from: actual, threshold: channelThreshold)
            let share = Double(differing.count) / Double(expected.width * expected.height)
            guard share > allowedShare else { return }
            try FileManager.default.createDirectory(at: failures, withIntermediateDirectories: true)
            let board = failures.appending(name + ".expected-difference-actual.png")
            try writeComparison(expected, actual, differing: Set(differing), to: board)
            Issue.record(
                """
                \(name).png: \(differing.count) pixels differ (\(String(format: "%.3f", share * 100)) %, at most \
                \(allowedShare * 100) % may); expected | difference | actual: \(board.path)
                """, sourceLocation: sourceLocation)
        }
    }

    /// Writes expected | difference (differing pixels red over a faded expected) | actual.
    static func writeComparison(_ expected: RGBAImage, _ actual: RGBAImage, differing: Set<Int>, to file: URL) throws {
        let w = expected.width, h = expected.height
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(3 * w), Int32(h))
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        func put(_ x: Int, _ y: Int, _ r: Int, _ g: Int, _ b: Int) {
            let v = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
            UnsafeMutableRawPointer(data).storeBytes(of: v, toByteOffset: y * stride + x * 4, as: UInt32.self)
        }
        for y in 0..<h {
            for x in 0..<w {
                let e = expected.pixel(x, y), a = actual.pixel(x, y)
                put(x, y, e.r, e.g, e.b)
                put(2 * w + x, y, a.r, a.g, a.b)
                if differing.contains(y * w + x) {
                    put(w + x, y, 255, 0, 0)
                } else {
                    let grey = 200 + (e.r + e.g + e.b) / 3 * 55 / 255
                    put(w + x, y, grey, grey, grey)
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        guard cairo_surface_write_to_png(surface, file.path) == CAIRO_STATUS_SUCCESS else {
            throw SupportError("cannot write \(file.path)")
        }
    }

    /// A value written as JSON with sorted keys and every number rounded to 0.01.
    indirect enum Value {
        case number(Double)
        case string(String)
        case bool(Bool)
        case array([Value])
        case object([String: Value])

        func json(indent: String = "") -> String {
            let inner = indent + "  "
            switch self {
            case .number(let n):
                let rounded = (n * 100).rounded() / 100
                return rounded == rounded.rounded()
                    ? String(Int(rounded))
                    : String(format: "%.2f", rounded)
                        .replacingOccurrences(of: #"0$"#, with: "", options: .regularExpression)
            case .string(let s):
                let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
                return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
            case .bool(let b):
                return b ? "true" : "false"
            case .array(let items):
                if items.isEmpty { return "[]" }
                if items.allSatisfy({ if case .number = $0 { true } else if case .string = $0 { true } else { false } }) {
                    return "[" + items.map { $0.json() }.joined(separator: ", ") + "]"
                }
                return "[\n" + items.map { inner + $0.json(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
            case .object(let fields):
                if fields.isEmpty { return "{}" }
                return "{\n"
                    + fields.keys.sorted().map { key in
                        inner + Value.string(key).json() + ": " + fields[key]!.json(indent: inner)
                    }.joined(separator: ",\n") + "\n\(indent)}"
            }
        }
    }
}

extension RGBAImage {
    /// The indices (y × width + x) of pixels whose channels differ from `other`'s by more than `threshold`.
    func differingPixels(from other: RGBAImage, threshold: Int) -> [Int] {
        (0..<(width * height)).filter { i in
            (0..<4).contains { abs(Int(pixels[4 * i + $0]) - Int(other.pixels[4 * i + $0])) > threshold }
        }
    }
}

// MARK: The model as golden values

extension Golden.Value: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension Point { var golden: Golden.Value { .array([.number(x), .number(y)]) } }
extension Size { var golden: Golden.Value { .object(["width": .number(width), "height": .number(height)]) } }
extension Rect { var golden: Golden.Value { .array([.number(minX), .number(minY), .number(width), .number(height)]) } }
extension Color { var golden: Golden.Value { .string(description) } }
extension Segment { var golden: Golden.Value { .array([from.golden, to.golden]) } }
extension AffineMatrix {
    var golden: Golden.Value { .array([a, b, c, d, tx, ty].map { .number($0) }) }
}

extension Scene {
    /// Everything a backend draws from this side.
    var golden: Golden.Value {
        .object([
            "size": size.golden, "bleed": .number(bleed), "cut": .array(cutOutlines.map(\.golden)),
            "items": .array(items.map(\.golden)),
        ])
    }
}

extension Scene.Item {
    var golden: Golden.Value {
        switch self {
        case .fill(let paths, let color):
            return .object(["fill": .array(paths.map(\.golden)), "color": color.golden])
        case .rect(let rect, let color):
            return .object(["rect": rect.golden, "color": color.golden])
        case .picture(let path, let rect):
            return .object(["picture": .string(URL(fileURLWithPath: path).lastPathComponent), "rect": rect.golden])
        case .qr(let code, let rect, let color):
            let rows = (0..<code.size).map { row in
                Golden.Value.string(String((0..<code.size).map { code.isDark(row: row, column: $0) ? "#" : "." }))
            }
            return .object(["qr": .string(code.payload), "rect": rect.golden, "color": color.golden, "modules": .array(rows)])
        case .text(let run):
            return .object([
                "text": .string(run.text), "font": .string(run.font.family + (run.font.bold ? " Bold" : "")),
                "size": .number(run.size), "origin": run.origin.golden, "ink": run.inkBounds.golden,
                "color": run.color.golden,
            ])
        }
    }
}

extension Path {
    /// Each element as `["M", x, y]`, `["L", x, y]`, `["C", x1, y1, x2, y2, x, y]` or `["Z"]`.
    var golden: Golden.Value {
        .array(
            elements.map { element in
                let (name, points): (String, [Point]) =
                    switch element {
                    case .move(let p): ("M", [p])
                    case .line(let p): ("L", [p])
                    case .curve(let a, let b, let p): ("C", [a, b, p])
                    case .close: ("Z", [])
                    }
                return .array([.string(name)] + points.flatMap { [.number($0.x), .number($0.y)] })
            })
    }
}

extension Frame {
    /// The page: its size and every item in painting order (sides by index; their content is
    /// in the sides' own golden files).
    var golden: Golden.Value {
        .object(["size": size.golden, "sides": .number(Double(sides.count)), "items": .array(items.map(\.golden))])
    }
}

extension Frame.Item {
    var golden: Golden.Value {
        switch self {
        case .side(let index, let t, let asCut):
            var fields: [String: Golden.Value] = ["side": .number(Double(index)), "placedBy": t.golden]
            if asCut { fields["asCut"] = .bool(true) }
            return .object(fields)
        case .stroke(let path, let ink, let width):
            return .object(["stroke": path.golden, "ink": .string(ink.rawValue), "widthPoints": .number(width)])
        case .label(let label):
            var fields: [String: Golden.Value] = [
                "label": .string(label.text), "at": label.origin.golden, "points": .number(label.points),
                "font": .string(label.font.family + (label.font.bold ? " Bold" : "")),
            ]
            if label.upright { fields["upright"] = .bool(true) }
            return .object(fields)
        case .fill(let path, let colour):
            return .object(["fill": path.golden, "color": colour.golden])
        case .line(let path, let colour, let width):
            return .object(["line": path.golden, "color": colour.golden, "width": .number(width)])
        }
    }
}

extension Imposition {
    /// The plan's choice and the pages it makes.
    func golden(frames: [Frame]) -> Golden.Value {
        .object([
            "arrangement": .string(arrangement.rawValue), "quarterTurns": .number(Double(quarterTurns)),
            "capacity": .number(Double(capacity)), "trimBoxes": .array(trimBoxes.map(\.golden)),
            "pages": .array(frames.map(\.golden)),
        ])
    }
}

import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender
import Synchronization

/// One problem as the page shows it: the same diagnostic `mockhoa check` prints (in the page's
/// language), and the field of the draft it belongs to (`communes.3.phone`), so the page can put
/// it beside that field.
struct Problem: Codable, Sendable, Equatable {
    var severity: String
    var message: String
    var commune: String?
    var field: String?
    /// The draft's field: `district.hotline`, `communes.3.phone`, `communes.3` (its keychain), `outside.1.kind`.
    var target: String?
    /// The whole line as `check` prints it.
    var text: String

    init(_ d: Diagnostic, target: String?, in language: Language, shown: (String) -> String = { $0 }) {
        severity = d.severity.rawValue
        message = shown(d.message.text(in: language))
        commune = d.commune
        field = d.field
        self.target = target
        text = shown(d.text(in: language))
    }
}

/// A directory checked as `mockhoa check` checks it, with every problem. `inputs` is nil when it
/// does not load; a directory that loads but has a side that does not fit still draws the others.
struct CheckedDirectory: Sendable {
    var inputs: Inputs?
    /// Each diagnostic with the draft field it belongs to, when known.
    var found: [(diagnostic: Diagnostic, target: String?)]
    var hasErrors: Bool { found.contains { $0.diagnostic.severity == .error } }

    func problems(in language: Language) -> [Problem] {
        found.map { Problem($0.diagnostic, target: $0.target, in: language) }
    }
}

/// Draws and checks directories for the server: a draft from the page, or the saved file.
final class Studio: Sendable {
    let template: KeychainTemplate
    let pool: RenderPool
    /// The name problems give the directory (the file, or the built-in sample).
    let source: String
    let date: String
    /// The last drafts checked: the page asks again for the same draft when another commune is picked.
    private let recent = Mutex<[(yaml: String, fields: [String], checked: CheckedDirectory)]>([])
    private static let recentKept = 8

    init(template: KeychainTemplate, pool: RenderPool, source: String, date: String) {
        self.template = template; self.pool = pool; self.source = source; self.date = date
    }

    /// Loads the draft with the same loader as the command line, then lays out every commune
    /// (on a worker, reusing the sides it laid out before): exactly `check`'s problems.
    func check(_ document: DirectoryDocument, limit: Duration) async throws -> CheckedDirectory {
        let (yaml, fields) = document.yaml()
        return try await check(yaml: yaml, fields: fields, communes: document.communes.map(\.name), limit: limit)
    }

    /// `check` of a directory file's text; `fields` names the draft field on each line when known.
    func check(yaml: String, fields: [String] = [], communes: [String] = [], limit: Duration) async throws
        -> CheckedDirectory {
        if let hit = recent.withLock({ $0.first { $0.yaml == yaml && $0.fields == fields }?.checked }) { return hit }
        let checked = try await checkAnew(yaml: yaml, fields: fields, communes: communes, limit: limit)
        recent.withLock { recent in
            recent.insert((yaml, fields, checked), at: 0)
            if recent.count > Self.recentKept { recent.removeLast() }
        }
        return checked
    }

    /// Loads and lays out on a worker: a burst of drafts queues for the workers, never crowds
    /// the threads that answer requests.
    private func checkAnew(yaml: String, fields: [String], communes: [String], limit: Duration) async throws
        -> CheckedDirectory {
        @Sendable func found(_ d: Diagnostic) -> (diagnostic: Diagnostic, target: String?) {
            var target = d.location?.line.flatMap { fields.indices.contains($0) ? fields[$0] : nil }
            if d.field == nil, let name = d.commune, let index = communes.firstIndex(where: { NameKey($0) == NameKey(name) }) {
                target = "communes.\(index)"  // the keychain as a whole: a side that does not fit
            }
            return (d, target)
        }
        let source = self.source, template = self.template
        return try await pool.run(limit: limit) { renderer in
            let loaded: LoadedDirectory
            do throws(InputErrors) {
                loaded = try DirectoryLoader.load(yaml: yaml, path: source)
            } catch {
                return CheckedDirectory(inputs: nil, found: error.diagnostics.map(found))
            }
            let inputs = Inputs(directory: loaded.directory, template: template, warnings: loaded.warnings)
            renderer.use(inputs)
            return CheckedDirectory(inputs: inputs, found: renderer.check().diagnostics.map(found))
        }
    }

    /// One side of a keychain as the page shows it: the picture, or why the side does not fit.
    struct Side: Codable, Sendable {
        var name: String
        /// Size with bleed, mm (SVG) or trim size (PNG, cut to shape).
        var width: Double
        var height: Double
        var mime: String?
        /// Base64 of the picture; absent when the side does not fit.
        var data: String?
        /// What the side says, line by line (the picture's text alternative).
        var text: [String]?
        var error: String?
    }

    /// Every side of `commune`, drawn as `format` (png or svg), each from the draft as it is.
    func sides(of commune: Commune, in inputs: Inputs, format: RenderFormat, dpi: Double, language: Language,
               limit: Duration) async throws -> [Side] {
        let template = self.template, date = self.date
        return try await pool.run(limit: limit) { renderer in
            renderer.use(inputs)
            return renderer.sides(of: commune).enumerated().map { index, result in
                let name = template.sides[index].name
                let size = format == .svg ? template.size.width + 2 * template.bleed : template.size.width
                let height = format == .svg ? template.size.height + 2 * template.bleed : template.size.height
                var side = Side(name: name, width: size, height: height)
                do {
                    side.text = try result.get().texts.map(\.text)
                    let bytes = try renderer.preview(commune, sides: [index], format: format, dpi: dpi, date: date)
                    side.mime = format == .svg ? "image/svg+xml" : "image/png"
                    side.data = Data(bytes).base64EncodedString()
                } catch {
                    side.error = (error as? LayoutError).map { $0.message(in: language) } ?? "\(error)"
                }
                return side
            }
        }
    }

    /// One side's picture (PNG or SVG) or PDF of a commune of a directory that loaded.
    func file(_ commune: Commune, side: Int?, in inputs: Inputs, format: RenderFormat, dpi: Double,
              limit: Duration) async throws -> [UInt8] {
        let date = self.date
        return try await pool.run(limit: limit) { renderer in
            renderer.use(inputs)
            return try renderer.preview(commune, sides: side.map { [$0] }, format: format, dpi: dpi, date: date)
        }
    }

    /// A commune's print sheet PDF.
    func sheet(_ commune: Commune, in inputs: Inputs, settings: SheetSettings, limit: Duration) async throws -> [UInt8] {
        let date = self.date
        return try await pool.run(limit: limit) { renderer in
            renderer.use(inputs)
            return try renderer.sheet(commune, settings: settings, format: .pdf, date: date).bytes
        }
    }
}

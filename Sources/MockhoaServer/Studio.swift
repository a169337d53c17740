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
/// What it checked, planned and drew is kept: drafts by a hash of the draft, keychains' plans by
/// the fingerprint of what their sides say (with the template), pictures of sides by the
/// fingerprint of exactly what is drawn (the side's filled-in content, the template, format,
/// resolution, date), so a picture comes from the cache only when drawing again would give the
/// same bytes. A request answered wholly from the caches does not wait for a worker; an edit
/// plans again only the keychains it changed.
final class Studio: Sendable {
    /// The design each directory draws (a draft from the design tab draws its own).
    let designs: Designs
    let pool: RenderPool
    /// The name problems give the directory (the file, or the built-in sample).
    let source: String
    /// The date printed on what is drawn now: a server left running past midnight prints the new
    /// day (`SOURCE_DATE_EPOCH`, checked at start, pins it). Part of every picture's fingerprint.
    var date: String { (try? RenderDate.current()) ?? startDate }
    private let startDate: String
    /// Drafts checked, by `Draft.key`: the page asks again for the same draft when another commune is picked.
    let checks = LRUCache<String, CheckedDirectory>(bytes: 32 << 20)
    /// Sides drawn or found not to fit, by `InputFingerprint.hash(side:at:)`.
    let drawn = LRUCache<String, DrawnSide>(bytes: 64 << 20)
    /// Keychains planned, by `InputFingerprint.hash(plan:)` of what their sides say.
    let plans = LRUCache<String, KeychainPlan>(bytes: 16 << 20)

    init(designs: Designs, pool: RenderPool, source: String, date: String) {
        self.designs = designs; self.pool = pool; self.source = source; self.startDate = date
    }

    /// `commune`'s plan on a worker's `renderer` (whose inputs hold it and the template), kept
    /// by the fingerprint of what its sides say with `template` (`InputFingerprint(template:)` of
    /// the renderer's template, worked out once for all the keychains a request plans): the same
    /// keychain in the next draft is not laid out again.
    func plan(_ commune: Commune, on renderer: KeychainRenderer, template: InputFingerprint) -> KeychainPlan {
        let content = renderer.content(of: commune)
        let key = template.hash(plan: content)
        if var hit = plans.value(for: key) {
            hit.commune = commune  // the same sides may be another commune's (or this one's, moved)
            return hit
        }
        let made = renderer.plan(commune, content: content)
        plans.insert(made, for: key, cost: Self.cost(of: made))
        return made
    }

    /// What a plan is guessed to take in memory: a few hundred bytes per item drawn.
    private static func cost(of plan: KeychainPlan) -> Int {
        plan.sides.reduce(1024) { cost, side in cost + 256 * ((try? side.get().items.count) ?? 1) }
    }

    /// A directory file's text to check; `fields` names the draft field on each line when known,
    /// `communes` the draft's communes in order; `design` a design from the design tab, drawn
    /// instead of the one the directory names.
    struct Draft: Sendable {
        var yaml: String
        var fields: [String] = []
        var communes: [String] = []
        var design: Design?

        /// A design being edited, as the template file it would be: its text, its name, and the
        /// file it is said of (in `folder`, where its pictures are found, and only there).
        struct Design: Sendable {
            var yaml: String
            var name: String
            var file: String
            var folder: String

            /// The template it loads as, or why it does not: read only when a check needs it (a
            /// draft checked before is answered from the cache).
            func template() throws(InputErrors) -> KeychainTemplate {
                var template = try TemplateLoader.parse(yaml: yaml, name: name, file: file)
                template.folder = folder
                template.pictureRoot = folder
                return template
            }
        }

        init(yaml: String, fields: [String] = [], communes: [String] = [], design: Design? = nil) {
            self.yaml = yaml; self.fields = fields; self.communes = communes; self.design = design
        }

        init(_ document: DirectoryDocument, design: Design? = nil) {
            let (yaml, fields) = document.yaml()
            self.init(yaml: yaml, fields: fields, communes: document.communes.map(\.name), design: design)
        }

        /// SHA-256 of everything the check's answer depends on, each part length-delimited.
        var key: String {
            var bytes: [UInt8] = []
            let parts = [yaml, design?.yaml ?? "", "\(fields.count)"] + fields + communes
            for part in parts { bytes += Array("\(part.utf8.count):".utf8) + part.utf8 }
            return sha256Hex(bytes)
        }

        /// What a checked draft is guessed to take in memory: its text, loaded several times over.
        var cost: Int { 8 * yaml.utf8.count + 2 * (design?.yaml.utf8.count ?? 0) + 4096 }
    }

    /// The key a check of `draft` is remembered by: the draft, and the template files as they
    /// are on disk now.
    private func key(_ draft: Draft) -> String {
        draft.design == nil ? sha256Hex(Array((draft.key + designs.generation).utf8)) : draft.key
    }

    /// Loads the draft with the same loader as the command line, then lays out every commune:
    /// exactly `check`'s problems. On a worker unless this draft was checked before.
    func check(_ draft: Draft, limit: Duration) async throws -> CheckedDirectory {
        let key = key(draft)
        if let hit = checks.value(for: key) { return hit }
        return try await pool.run(limit: limit) { [self] renderer in check(draft, key: key, on: renderer) }
    }

    /// `check` of a draft from the page.
    func check(_ document: DirectoryDocument, limit: Duration) async throws -> CheckedDirectory {
        try await check(Draft(document), limit: limit)
    }

    /// `check` of a directory file's text.
    func check(yaml: String, limit: Duration) async throws -> CheckedDirectory {
        try await check(Draft(yaml: yaml), limit: limit)
    }

    /// `draft` checked on a worker's `renderer`, from the cache when it was checked before.
    private func check(_ draft: Draft, key: String, on renderer: KeychainRenderer) -> CheckedDirectory {
        if let hit = checks.value(for: key) { return hit }
        @Sendable func found(_ d: Diagnostic) -> (diagnostic: Diagnostic, target: String?) {
            // A line of the directory file (not of a template file it names).
            var target = d.location.flatMap { $0.file == source ? $0.line : nil }.flatMap {
                draft.fields.indices.contains($0) ? draft.fields[$0] : nil
            }
            if d.field == nil, let name = d.commune,
                let index = draft.communes.firstIndex(where: { NameKey($0) == NameKey(name) })
            {
                target = "communes.\(index)"  // the keychain as a whole: a side that does not fit
            }
            return (d, target)
        }
        let checked: CheckedDirectory
        do throws(InputErrors) {
            let loaded = try DirectoryLoader.load(yaml: draft.yaml, path: source)
            let template: KeychainTemplate
            if let design = draft.design {
                template = try design.template()
            } else {
                template = try designs.template(for: loaded.directory.template)
            }
            let inputs = Inputs(directory: loaded.directory, template: template, warnings: loaded.warnings)
            renderer.use(inputs)
            let fingerprint = InputFingerprint(template: template)
            let report = renderer.check(planning: { plan($0, on: renderer, template: fingerprint) })
            checked = CheckedDirectory(inputs: inputs, found: report.diagnostics.map(found))
        } catch {
            checked = CheckedDirectory(inputs: nil, found: error.diagnostics.map(found))
        }
        checks.insert(checked, for: key, cost: draft.cost)
        return checked
    }

    /// One side's picture, or why the side does not fit.
    struct DrawnSide: Sendable {
        var picture: Result<Picture, LayoutError>
        var cost: Int { 256 + ((try? picture.get()).map { $0.bytes.count + $0.text.reduce(0) { $0 + $1.utf8.count } } ?? 0) }
    }

    struct Picture: Sendable {
        var bytes: [UInt8]
        /// What the side says, line by line.
        var text: [String]
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

    /// A draft checked as `check` checks it, and the sides of its commune named `name` drawn as
    /// `format` (none when the draft does not load or leaves that commune out). One worker does
    /// what the caches do not hold.
    func preview(
        _ draft: Draft, commune name: String, format: RenderFormat, dpi: Double, language: Language,
        limit: Duration
    ) async throws -> (checked: CheckedDirectory, sides: [Side]) {
        let key = key(draft)
        if let checked = checks.value(for: key) {
            guard let inputs = checked.inputs, let commune = Self.commune(name, in: inputs) else { return (checked, []) }
            let fingerprint = pictureFingerprint(inputs.template, format, dpi: dpi)
            if let sides = cachedSides(of: commune, in: inputs, fingerprint: fingerprint) {
                return (checked, shown(sides, of: inputs.template, format: format, language: language))
            }
        }
        let (checked, sides) = try await pool.run(limit: limit) { [self] renderer -> (CheckedDirectory, [DrawnSide]) in
            let checked = check(draft, key: key, on: renderer)
            guard let inputs = checked.inputs, let commune = Self.commune(name, in: inputs) else { return (checked, []) }
            renderer.use(inputs)
            let fingerprint = pictureFingerprint(inputs.template, format, dpi: dpi)
            return (checked, try drawSides(of: commune, fingerprint: fingerprint, format: format, dpi: dpi, on: renderer))
        }
        return (checked, checked.inputs.map { shown(sides, of: $0.template, format: format, language: language) } ?? [])
    }

    /// The commune as loaded: the same position, unless an earlier commune was left out by its errors.
    private static func commune(_ name: String, in inputs: Inputs) -> Commune? {
        inputs.directory.communes.first { NameKey($0.name) == NameKey(name) }
    }

    private func cachedSides(of commune: Commune, in inputs: Inputs, fingerprint: InputFingerprint) -> [DrawnSide]? {
        let content = KeychainData(directory: inputs.directory, commune: commune).content(of: inputs.template)
        var sides: [DrawnSide] = []
        for (index, side) in content.enumerated() {
            guard let hit = drawn.value(for: fingerprint.hash(side: side, at: index)) else { return nil }
            sides.append(hit)
        }
        return sides
    }

    /// The sides of `commune` (of `renderer`'s inputs) at `indices` (nil: every side), from the
    /// cache or drawn now.
    private func drawSides(
        of commune: Commune, indices: [Int]? = nil, fingerprint: InputFingerprint,
        format: RenderFormat, dpi: Double, on renderer: KeychainRenderer
    ) throws -> [DrawnSide] {
        let plan = self.plan(commune, on: renderer, template: InputFingerprint(template: renderer.inputs.template))
        let laidOut = plan.sides, content = plan.content
        return try (indices ?? Array(content.indices)).map { index in
            let key = fingerprint.hash(side: content[index], at: index)
            if let hit = drawn.value(for: key) { return hit }
            let picture: Result<Picture, LayoutError>
            switch laidOut[index] {
            case .success(let scene):
                picture = .success(
                    Picture(
                        bytes: try renderer.preview(plan, sides: [index], format: format, dpi: dpi, date: date),
                        text: scene.texts.map(\.text)))
            case .failure(let error):
                picture = .failure(error)
            }
            let side = DrawnSide(picture: picture)
            drawn.insert(side, for: key, cost: side.cost)
            return side
        }
    }

    /// What every picture of `template` drawn as `format` at `dpi` shares (an SVG's resolution
    /// changes nothing).
    private func pictureFingerprint(_ template: KeychainTemplate, _ format: RenderFormat, dpi: Double) -> InputFingerprint {
        InputFingerprint(template: template, format: format, dpi: format == .png ? dpi : 0, date: date)
    }

    /// The fingerprint of one side's picture of `commune`: its key in the cache and its ETag,
    /// known before it is drawn.
    func pictureKey(_ commune: Commune, side: Int, in inputs: Inputs, format: RenderFormat, dpi: Double) -> String {
        let content = KeychainData(directory: inputs.directory, commune: commune).content(of: inputs.template)
        return pictureFingerprint(inputs.template, format, dpi: dpi).hash(side: content[side], at: side)
    }

    /// One side's picture of `commune` of a directory that loaded, from the cache or drawn on a worker.
    func picture(
        _ commune: Commune, side: Int, in inputs: Inputs, format: RenderFormat, dpi: Double,
        limit: Duration
    ) async throws -> DrawnSide {
        if let hit = drawn.value(for: pictureKey(commune, side: side, in: inputs, format: format, dpi: dpi)) { return hit }
        let fingerprint = pictureFingerprint(inputs.template, format, dpi: dpi)
        return try await pool.run(limit: limit) { [self] renderer in
            renderer.use(inputs)
            return try drawSides(
                of: commune, indices: [side], fingerprint: fingerprint, format: format, dpi: dpi,
                on: renderer)[0]
        }
    }

    private func shown(_ sides: [DrawnSide], of template: KeychainTemplate, format: RenderFormat, language: Language) -> [Side] {
        zip(template.sides, sides).map { templateSide, drawn in
            let bleed = format == .svg ? 2 * template.bleed : 0
            var side = Side(
                name: templateSide.name, width: template.size.width + bleed,
                height: template.size.height + bleed)
            switch drawn.picture {
            case .success(let picture):
                side.mime = format == .svg ? "image/svg+xml" : "image/png"
                side.data = Data(picture.bytes).base64EncodedString()
                side.text = picture.text
            case .failure(let error):
                side.error = error.message(in: language)
            }
            return side
        }
    }

    /// A commune's keychain PDF, every side with bleed.
    func keychainPDF(_ commune: Commune, in inputs: Inputs, limit: Duration) async throws -> [UInt8] {
        let date = self.date
        return try await pool.run(limit: limit) { renderer in
            renderer.use(inputs)
            return try renderer.preview(commune, format: .pdf, dpi: 300, date: date)
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

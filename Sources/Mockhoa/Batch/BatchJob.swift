import Foundation
import MockhoaCore
import MockhoaRender
import Synchronization

/// What `mockhoa batch` should make.
public struct BatchOptions: Sendable {
    /// Files go to `<output>/<district-slug>/`.
    public var output: String
    public var jobs: Int
    public var sheet: SheetSettings
    /// pdf: the print sheet; png and svg: previews of each side.
    public var formats: Set<RenderFormat>
    /// Render every commune even when its inputs have not changed.
    public var force: Bool
    public var date: String
    public var previewDPI: Double = 300

    public init(output: String, jobs: Int, sheet: SheetSettings, formats: Set<RenderFormat>, force: Bool, date: String) {
        self.output = output; self.jobs = jobs; self.sheet = sheet; self.formats = formats
        self.force = force; self.date = date
    }
}

/// What happened to one commune.
public enum CommuneOutcome: Sendable {
    case rendered, skipped, failed([String])
}

/// Progress reports, sent from worker threads as communes finish.
public struct BatchProgress: Sendable {
    public var commune: String
    public var outcome: CommuneOutcome
    public var done: Int
    public var total: Int
}

/// The result of a batch run.
public struct BatchResult: Sendable {
    public var manifest: Manifest
    public var folder: URL
    public var rendered: Int
    public var skipped: Int
    public var failed: Int
    /// The run was interrupted: only the communes in the manifest are done.
    public var interrupted: Bool
}

/// Renders every commune of a directory in parallel: print sheet, previews, an overview for
/// sign-off and a manifest. Files are written whole (temporary name, then rename); communes whose
/// inputs are unchanged since the last run are skipped; a failing commune does not stop the others.
public struct BatchJob: Sendable {
    public let inputs: Inputs
    public let options: BatchOptions

    public init(inputs: Inputs, options: BatchOptions) {
        self.inputs = inputs; self.options = options
    }

    /// The district's output folder.
    public var folder: URL {
        URL(fileURLWithPath: options.output).appendingPathComponent(inputs.directory.district.name.slug)
    }

    /// Runs the batch. `isCancelled` is polled between communes; `progress` is called from
    /// worker threads.
    public func run(isCancelled: @Sendable @escaping () -> Bool = { false },
                    progress: @Sendable @escaping (BatchProgress) -> Void = { _ in }) throws -> BatchResult {
        let folder = self.folder
        try OutputFile.createFolder(folder)
        removeLeftoverPartials(in: folder)
        let previous = options.force ? nil : Manifest.read(from: folder.appendingPathComponent("manifest.json"))
        let communes = inputs.directory.communes
        let slugs = Self.uniqueSlugs(communes.map(\.name))
        let templateKey = Self.templateFingerprint(inputs.template)

        struct State { var next = 0; var done = 0; var results: [Int: Done] = [:] }
        let state = Mutex(State())
        let workers = max(1, min(options.jobs, communes.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let renderer = KeychainRenderer(inputs: inputs)
            while !isCancelled() {
                let index: Int? = state.withLock { s in
                    guard s.next < communes.count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let index else { break }
                let done = render(communes[index], slug: slugs[index], renderer: renderer, templateKey: templateKey,
                                  previous: previous?.communes.first { $0.slug == slugs[index] }, folder: folder)
                let count = state.withLock { s in
                    s.results[index] = done
                    s.done += 1
                    return s.done
                }
                progress(BatchProgress(commune: communes[index].name, outcome: done.outcome, done: count, total: communes.count))
            }
        }
        let results = state.withLock { $0.results }
        let interrupted = results.count < communes.count
        let finished = communes.indices.compactMap { results[$0] }
        var manifest = Manifest(
            district: inputs.directory.district.name, districtSlug: inputs.directory.district.name.slug,
            template: inputs.template.name, paper: options.sheet.options.paper.name,
            formats: options.formats.map(\.rawValue).sorted(), communes: finished.map(\.entry),
            overview: previous?.overview,
            totals: .init(communes: finished.count, failed: finished.filter { !$0.entry.errors.isEmpty }.count,
                          pieces: finished.compactMap(\.entry.quantity).reduce(0, +),
                          sheets: finished.compactMap(\.entry.sheetsNeeded).reduce(0, +)))
        if !interrupted {
            manifest.overview = try writeOverview(finished, previous: previous, folder: folder)
        }
        try OutputFile.write(manifest.encoded(), to: folder.appendingPathComponent("manifest.json").path)
        func count(_ match: (CommuneOutcome) -> Bool) -> Int { finished.filter { match($0.outcome) }.count }
        return BatchResult(
            manifest: manifest, folder: folder,
            rendered: count { if case .rendered = $0 { true } else { false } },
            skipped: count { if case .skipped = $0 { true } else { false } },
            failed: count { if case .failed = $0 { true } else { false } }, interrupted: interrupted)
    }

    /// One commune's part of the run.
    private struct Done: Sendable {
        var entry: Manifest.Entry
        var outcome: CommuneOutcome
        var scenes: [Scene]
    }

    private func render(_ commune: Commune, slug: String, renderer: KeychainRenderer, templateKey: String,
                        previous: Manifest.Entry?, folder: URL) -> Done {
        let warnings = inputs.warnings.filter { $0.commune == commune.name }.map(\.description)
        let content = KeychainData(directory: inputs.directory, commune: commune).content(of: inputs.template)
        let hash = sha256Hex(Array([
            MockhoaVersion.current, templateKey, "\(content)", "\(commune.quantity as Any)",
            "\(options.sheet)", options.formats.map(\.rawValue).sorted().joined(separator: ","), "\(options.previewDPI)",
        ].joined(separator: "\u{1F}").utf8))
        var entry = Manifest.Entry(name: commune.name, slug: slug, quantity: commune.quantity, inputHash: hash,
                                   files: [], warnings: warnings, errors: [])
        do {
            let scenes = try renderer.scenes(for: commune)
            if let previous, previous.inputHash == hash, previous.errors.isEmpty, filesIntact(previous.files, in: folder) {
                return Done(entry: previous, outcome: .skipped, scenes: scenes)
            }
            var files: [(String, [UInt8])] = []
            if options.formats.contains(.pdf) {
                let sheet = try renderer.sheet(commune, settings: options.sheet, format: .pdf, date: options.date)
                entry.copiesPerSheet = sheet.copies
                entry.sheetsNeeded = sheet.sheetsNeeded
                files.append(("\(slug)/sheet.pdf", sheet.bytes))
            }
            for format in [RenderFormat.png, .svg] where options.formats.contains(format) {
                for (index, side) in inputs.template.sides.enumerated() {
                    let bytes = try renderer.preview(commune, sides: [index], format: format, dpi: options.previewDPI,
                                                     date: options.date)
                    files.append(("\(slug)/\(side.name.slug).\(format.rawValue)", bytes))
                }
            }
            for (path, bytes) in files {
                try OutputFile.write(bytes, to: folder.appendingPathComponent(path).path)
                entry.files.append(.init(path: path, bytes: bytes.count, sha256: sha256Hex(bytes)))
            }
            return Done(entry: entry, outcome: .rendered, scenes: scenes)
        } catch {
            entry.errors = ["\(error)"]
            return Done(entry: entry, outcome: .failed(entry.errors), scenes: [])
        }
    }

    private func filesIntact(_ files: [Manifest.FileEntry], in folder: URL) -> Bool {
        !files.isEmpty && files.allSatisfy { file in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file.path).path) else { return false }
            return data.count == file.bytes && sha256Hex(Array(data)) == file.sha256
        }
    }

    /// Writes `overview.pdf`, unless nothing changed since the previous run and its file is intact.
    private func writeOverview(_ done: [Done], previous: Manifest?, folder: URL) throws -> Manifest.FileEntry {
        if let old = previous?.overview, done.allSatisfy({ if case .skipped = $0.outcome { true } else { false } }),
           previous?.communes.map(\.slug) == done.map(\.entry.slug), filesIntact([old], in: folder) {
            return old
        }
        let entries = done.map { d in
            var detail = [d.entry.slug]
            if let q = d.entry.quantity { detail.append("\(q) pcs") }
            if let c = d.entry.copiesPerSheet { detail.append("\(c)-up") }
            if let s = d.entry.sheetsNeeded { detail.append("\(s) sheets") }
            let line = d.entry.errors.isEmpty ? detail.joined(separator: " · ") : "FAILED: " + d.entry.errors.joined(separator: "; ")
            return OverviewDocument.Entry(title: d.entry.name, detail: line, scenes: d.scenes)
        }
        let district = inputs.directory.district
        let bytes = try OverviewDocument(text: TextEngine()).render(
            heading: "\(district.name), \(district.province): \(entries.count) communes", entries: entries, date: options.date)
        let path = "overview.pdf"
        try OutputFile.write(bytes, to: folder.appendingPathComponent(path).path)
        return .init(path: path, bytes: bytes.count, sha256: sha256Hex(bytes))
    }

    /// Removes temporary files an interrupted earlier run may have left.
    private func removeLeftoverPartials(in folder: URL) {
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return }
        for case let path as String in files where path.hasSuffix(".partial") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(path))
        }
    }

    /// Slugs of `names`, made distinct: a second "phuoc-lai" becomes "phuoc-lai-2".
    static func uniqueSlugs(_ names: [String]) -> [String] {
        var used: Set<String> = [], out: [String] = []
        for name in names {
            let base = name.slug
            var slug = base, n = 2
            while used.contains(slug) { slug = "\(base)-\(n)"; n += 1 }
            used.insert(slug)
            out.append(slug)
        }
        return out
    }

    /// A stable description of the template (its styles sorted: dictionary order varies per run).
    static func templateFingerprint(_ template: KeychainTemplate) -> String {
        var bare = template
        bare.styles = [:]
        return "\(bare)|\(template.styles.sorted { $0.key < $1.key })"
    }
}

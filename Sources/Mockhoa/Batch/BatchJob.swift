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
    /// Draw `overview.pdf`, every commune on a few pages for sign-off.
    public var overview: Bool
    /// Render every commune even when its inputs have not changed.
    public var force: Bool
    public var date: String
    public var previewDPI: Double = 300
    /// Also a mould proof per commune (`<slug>/proof.pdf`).
    public var proof = false
    /// Seconds to wait for another batch writing the same folder to finish.
    public var lockWait: Double = 10
    /// The language of the overview, the order sheet and the manifest's messages: the command's,
    /// or the page's that started the batch.
    public var language: Language

    public init(
        output: String, jobs: Int, sheet: SheetSettings, formats: Set<RenderFormat>, overview: Bool = true,
        force: Bool, date: String, language: Language
    ) {
        self.output = output; self.jobs = jobs; self.sheet = sheet; self.formats = formats; self.overview = overview
        self.force = force; self.date = date; self.language = language
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
    /// Why `overview.pdf` could not be made, if it could not.
    public var overviewError: String?
}

/// Renders every commune of a directory in parallel: print sheet, previews, an overview for
/// sign-off and a manifest. Files are written whole (temporary name, then rename) and only inside
/// the output folder (no symbolic link in it is followed), one batch at a time per folder (a
/// lock); communes whose inputs are unchanged since the last run are skipped; a failing commune
/// does not stop the others.
public struct BatchJob: Sendable {
    public let inputs: Inputs
    public let options: BatchOptions

    /// A batch over every commune of `inputs`.
    public init(inputs: Inputs, options: BatchOptions) {
        self.inputs = inputs; self.options = options
    }

    /// The district's output folder.
    public var folder: URL {
        URL(fileURLWithPath: options.output).appendingPathComponent(inputs.directory.issuerSlug)
    }

    /// Runs the batch. `isCancelled` is polled between jobs; `progress` is called from
    /// worker threads. The overview is drawn on a thread of its own while the workers draw the
    /// communes, page by page from the sides they lay out (each commune is laid out once).
    public func run(
        isCancelled: @Sendable @escaping () -> Bool = { false },
        progress: @Sendable @escaping (BatchProgress) -> Void = { _ in }
    ) throws -> BatchResult {
        let folder = self.folder
        close(
            try OutputFile.openFolder(
                [inputs.directory.issuerSlug], inside: URL(fileURLWithPath: options.output),
                for: folder.path))
        let lock = try FolderLock(folder, wait: options.lockWait)
        defer { lock.release() }
        OutputFile.removeLeftovers(below: folder)
        let previous = options.force ? nil : Manifest.read(from: folder.appendingPathComponent("manifest.json"))
        let fingerprint = InputFingerprint(template: inputs.template, issuer: inputs.directory.issuer, options: options)
        let before = Dictionary((previous?.communes ?? []).map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let planned = plannedHashes(previous: previous, fingerprint: fingerprint)
        let keptOverview = self.keptOverview(previous, before: before, planned: planned, folder: folder)
        // The overview's own thread takes each commune's sides as a worker lays them out.
        let laidOut = options.overview && keptOverview == nil ? LaidOutCommunes() : nil
        let overview = laidOut.map { OverviewRun(self, laidOut: $0, folder: folder, isCancelled: isCancelled) }
        let results = drawCommunes(
            planned: planned, fingerprint: fingerprint, before: before, folder: folder, laidOut: laidOut,
            isCancelled: isCancelled, progress: progress)
        laidOut?.close()
        return try finish(results, overview: overview?.wait(), kept: keptOverview, folder: folder)
    }

    /// The overview and the order sheet, as the manifest lists them.
    typealias OverviewFiles = (overview: Manifest.FileEntry, order: Manifest.FileEntry)

    /// Every commune's input hash, worked out before the workers start, when the last overview
    /// (and order sheet) may stand: only when no commune changed (a re-run, mostly skipping).
    /// Otherwise nil: each worker hashes the content it fills in for drawing, and nothing holds
    /// the workers up.
    private func plannedHashes(previous: Manifest?, fingerprint: InputFingerprint) -> [String]? {
        let overviewMayStand =
            options.overview && previous?.overview != nil && previous?.order != nil
            && previous?.language == options.language.rawValue && previous?.communes.map(\.slug) == inputs.directory.slugs
        guard overviewMayStand else { return nil }
        return Self.parallelMap(inputs.directory.communes, workers: options.jobs) { [inputs] in
            fingerprint.hash(KeychainData(directory: inputs.directory, commune: $0).content(of: inputs.template), commune: $0)
        }
    }

    /// The last run's overview and order sheet, kept together when no commune changed and both
    /// files are intact; nil when they are to be made again (together).
    private func keptOverview(
        _ previous: Manifest?, before: [String: Manifest.Entry], planned: [String]?, folder: URL
    ) -> OverviewFiles? {
        let slugs = inputs.directory.slugs
        guard let planned, let overview = previous?.overview, let order = previous?.order,
            inputs.directory.communes.indices.allSatisfy({ before[slugs[$0]]?.inputHash == planned[$0] }),
            filesIntact([overview, order], in: folder)
        else { return nil }
        return (overview, order)
    }

    /// The overview drawn on a thread of its own while the workers draw the communes.
    private final class OverviewRun: Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let result = Mutex<Result<OverviewFiles, Error>?>(nil)

        init(_ job: BatchJob, laidOut: LaidOutCommunes, folder: URL, isCancelled: @Sendable @escaping () -> Bool) {
            Thread.detachNewThread { [self] in
                defer { done.signal() }
                do {
                    let written = try job.writeOverview(
                        slugs: job.inputs.directory.slugs, renderer: KeychainRenderer(inputs: job.inputs), folder: folder,
                        laidOut: laidOut, isCancelled: isCancelled)
                    result.withLock { $0 = .success(written) }
                } catch is BatchInterrupted {
                } catch {
                    result.withLock { $0 = .failure(error) }
                }
            }
        }

        /// What the overview's thread made, once it has finished; nil when it was interrupted.
        func wait() -> Result<OverviewFiles, Error>? {
            done.wait()
            return result.withLock { $0 }
        }
    }

    /// Draws the communes on `options.jobs` workers until all are done or `isCancelled`; what
    /// happened to each, by index.
    private func drawCommunes(
        planned: [String]?, fingerprint: InputFingerprint, before: [String: Manifest.Entry], folder: URL,
        laidOut: LaidOutCommunes?, isCancelled: @Sendable @escaping () -> Bool,
        progress: @Sendable @escaping (BatchProgress) -> Void
    ) -> [Int: Done] {
        struct State {
            var next = 0, done = 0
            var results: [Int: Done] = [:]
        }
        let state = Mutex(State())
        let communes = inputs.directory.communes, slugs = inputs.directory.slugs
        let workers = max(1, min(options.jobs, communes.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let renderer = KeychainRenderer(inputs: inputs)
            while !isCancelled() {
                let next: Int? = state.withLock { s in
                    guard s.next < communes.count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let index = next else { break }
                let commune = communes[index], content = renderer.content(of: commune)
                let hash = planned?[index] ?? fingerprint.hash(content, commune: commune)
                let (done, drawn) = render(
                    commune, content: content, slug: slugs[index], hash: hash, renderer: renderer,
                    previous: before[slugs[index]], folder: folder)
                // The sides just drawn; a skipped commune is laid out only for the overview.
                laidOut?.publish(
                    index,
                    Result { () throws(LayoutError) in
                        try (drawn ?? renderer.plan(commune, content: content)).scenes()
                    })
                let count = state.withLock { s in
                    s.results[index] = done
                    s.done += 1
                    return s.done
                }
                progress(
                    BatchProgress(
                        commune: communes[index].name, outcome: done.outcome, done: count,
                        total: communes.count))
            }
        }
        return state.withLock { $0.results }
    }

    /// Writes the manifest of the communes done (a failed overview is reported, but the manifest
    /// still records every commune done) and says what the run did.
    private func finish(
        _ results: [Int: Done], overview overviewResult: Result<OverviewFiles, Error>?, kept keptOverview: OverviewFiles?,
        folder: URL
    ) throws -> BatchResult {
        let communes = inputs.directory.communes
        let finished = communes.indices.compactMap { results[$0] }
        var overviewError: String?
        if case .failure(let error) = overviewResult { overviewError = describe(error, in: options.language) }
        let manifest = Manifest(
            district: inputs.directory.issuer.name, districtSlug: inputs.directory.issuerSlug,
            template: inputs.template.name, paper: options.sheet.options.paper.name, language: options.language.rawValue,
            formats: (options.formats.map(\.rawValue) + (options.overview ? ["overview"] : [])).sorted(), communes: finished.map(\.entry),
            overview: (try? overviewResult?.get())?.overview ?? keptOverview?.overview,
            order: (try? overviewResult?.get())?.order ?? keptOverview?.order,
            totals: .init(
                communes: finished.count, failed: finished.filter { !$0.entry.errors.isEmpty }.count,
                pieces: finished.compactMap(\.entry.quantity).reduce(0, +),
                sheets: finished.compactMap(\.entry.sheetsNeeded).reduce(0, +)))
        try write(manifest.encoded(), to: "manifest.json")
        func count(_ match: (CommuneOutcome) -> Bool) -> Int { finished.filter { match($0.outcome) }.count }
        return BatchResult(
            manifest: manifest, folder: folder,
            rendered: count { if case .rendered = $0 { true } else { false } },
            skipped: count { if case .skipped = $0 { true } else { false } },
            failed: count { if case .failed = $0 { true } else { false } }, interrupted: results.count < communes.count,
            overviewError: overviewError)
    }

    /// One commune's part of the run.
    private struct Done: Sendable {
        var entry: Manifest.Entry
        var outcome: CommuneOutcome
    }

    /// Draws `commune`'s files unless they stand from the last run, with the plan it drew them from.
    private func render(
        _ commune: Commune, content: [SideContent], slug: String, hash: String, renderer: KeychainRenderer,
        previous: Manifest.Entry?, folder: URL
    ) -> (Done, KeychainPlan?) {
        let warnings = inputs.warnings.filter { $0.commune == commune.name }.map { $0.text(in: options.language) }
        var entry = Manifest.Entry(
            name: commune.name, slug: slug, quantity: commune.quantity, inputHash: hash,
            files: [], warnings: warnings, errors: [])
        if let previous, previous.inputHash == hash, previous.errors.isEmpty, filesIntact(previous.files, in: folder) {
            // The files stand; what is said about them (warnings) is this run's.
            entry.files = previous.files
            entry.copiesPerSheet = previous.copiesPerSheet
            entry.sheetsNeeded = previous.sheetsNeeded
            return (Done(entry: entry, outcome: .skipped), nil)
        }
        let plan = renderer.plan(commune, content: content)
        do {
            var files: [(String, [UInt8])] = []
            if options.formats.contains(.pdf) {
                let sheet = try renderer.sheet(plan, settings: options.sheet, format: .pdf, date: options.date)
                entry.copiesPerSheet = sheet.copies
                entry.sheetsNeeded = sheet.sheetsNeeded
                files.append(("\(slug)/sheet.pdf", sheet.bytes))
            }
            for format in [RenderFormat.png, .svg] where options.formats.contains(format) {
                for (index, side) in inputs.template.sides.enumerated() {
                    let bytes = try renderer.preview(
                        plan, sides: [index], format: format, dpi: options.previewDPI,
                        date: options.date)
                    files.append(("\(slug)/\(side.name.slug).\(format.rawValue)", bytes))
                }
            }
            if options.proof {
                files.append(("\(slug)/proof.pdf", try renderer.proof(plan, date: options.date, language: options.language)))
            }
            for (path, bytes) in files {
                try write(bytes, to: path)
                entry.files.append(.init(path: path, bytes: bytes.count, sha256: sha256Hex(bytes)))
            }
            return (Done(entry: entry, outcome: .rendered), plan)
        } catch {
            entry.errors = [describe(error, in: options.language)]
            return (Done(entry: entry, outcome: .failed(entry.errors)), plan)
        }
    }

    private func filesIntact(_ files: [Manifest.FileEntry], in folder: URL) -> Bool {
        !files.isEmpty
            && files.allSatisfy { file in
                guard let data = try? InputFile.read(path: folder.appendingPathComponent(file.path).path, limit: Int.max)
                else { return false }
                return data.count == file.bytes && sha256Hex(Array(data)) == file.sha256
            }
    }

    /// Draws `overview.pdf`: every commune's sides as the workers laid them out (`laidOut`), or why
    /// they do not fit, and the order sheet on the last page; writes the order sheet as `order.csv`
    /// too. Throws `BatchInterrupted` when the batch is cancelled before every commune is laid out.
    private func writeOverview(
        slugs: [String], renderer: KeychainRenderer, folder: URL, laidOut: LaidOutCommunes,
        isCancelled: () -> Bool
    ) throws -> (overview: Manifest.FileEntry, order: Manifest.FileEntry) {
        let copies = options.formats.contains(.pdf) ? (try? renderer.imposition(options.sheet.options))?.fronts.count : nil
        let communes = inputs.directory.communes
        let (bytes, order) = try renderer.overview(slugs: slugs, copies: copies, date: options.date, language: options.language) { index in
            if let sides = laidOut.take(index) { return sides }
            if isCancelled() { throw BatchInterrupted() }
            return Result { () throws(LayoutError) in try renderer.scenes(for: communes[index]) }
        }
        var written: [Manifest.FileEntry] = []
        for (path, data) in [("overview.pdf", bytes), ("order.csv", order.csv())] {
            try write(data, to: path)
            written.append(.init(path: path, bytes: data.count, sha256: sha256Hex(data)))
        }
        return (written[0], written[1])
    }

    /// Writes `path` (relative to the district's folder) whole, following no symbolic link out
    /// of the output folder.
    private func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        try OutputFile.write(bytes, to: "\(inputs.directory.issuerSlug)/\(path)", inside: URL(fileURLWithPath: options.output))
    }

    /// `transform` applied to every element on `workers` threads, results in order.
    static func parallelMap<T: Sendable, R: Sendable>(
        _ items: [T], workers: Int,
        _ transform: @Sendable (T) -> R
    ) -> [R] {
        let results = Mutex([R?](repeating: nil, count: items.count))
        let chunk = max(1, (items.count + workers - 1) / max(workers, 1))
        DispatchQueue.concurrentPerform(iterations: (items.count + chunk - 1) / chunk) { part in
            let range = part * chunk..<min((part + 1) * chunk, items.count)
            let mapped = range.map { transform(items[$0]) }
            results.withLock { all in for (i, r) in zip(range, mapped) { all[i] = r } }
        }
        return results.withLock { $0.map { $0! } }
    }
}

/// The batch was cancelled before the overview had every commune.
struct BatchInterrupted: Error {}

/// Communes' sides laid out by the workers, handed to the overview's thread, which takes them in
/// its own order and waits for each; once the workers stop (`close`), a commune never laid out
/// is nil. A side that does not fit is handed over as its error.
final class LaidOutCommunes: @unchecked Sendable {  // its state is only touched under `condition`
    private let condition = NSCondition()
    private var ready: [Int: Result<[Scene], LayoutError>] = [:]
    private var closed = false

    func publish(_ index: Int, _ sides: Result<[Scene], LayoutError>) {
        condition.lock(); defer { condition.unlock() }
        ready[index] = sides
        condition.broadcast()
    }

    /// No more communes will come.
    func close() {
        condition.lock(); defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }

    /// Commune `index`'s sides, once a worker has laid them out (kept no longer: memory stays
    /// flat); nil when the workers stopped without it.
    func take(_ index: Int) -> Result<[Scene], LayoutError>? {
        condition.lock(); defer { condition.unlock() }
        while ready[index] == nil && !closed { condition.wait() }
        return ready.removeValue(forKey: index)
    }
}

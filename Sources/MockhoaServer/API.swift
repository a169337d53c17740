import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender
import Synchronization

/// The routes of `mockhoa serve` (described in `Assets/openapi.yaml`): the page, the saved
/// directory and its files, drafts checked and drawn as the officer types, saving with a
/// version check, the history, batches.
final class API: Sendable {
    let options: ServeOptions
    let workspace: Workspace
    let studio: Studio
    let batches = BatchRuns()
    /// The saved file as last checked, by its tag: re-checked only when the file changed.
    private let saved = Mutex<(etag: String, directory: SavedDirectory)?>(nil)
    /// Preview requests decoded before, by the SHA-256 of their body: the page sends a draft again
    /// when a commune is picked again, and the same body is not decoded and written as YAML twice.
    private let previewRequests = LRUCache<String, PreviewRequest>(bytes: 16 << 20)

    init(_ options: ServeOptions) throws {
        self.options = options
        workspace = Workspace(path: options.dataPath)
        let template = try TemplateLoader.load(options.template)
        let source = options.dataPath ?? DirectoryLoader.sampleSource
        let date = try RenderDate.current()
        let sample = DirectoryLoader.sample()
        let pool = RenderPool(workers: options.renderers,
                              inputs: Inputs(directory: sample.directory, template: template, warnings: sample.warnings))
        studio = Studio(template: template, pool: pool, source: source, date: date)
    }

    // MARK: Routes

    func add(to router: Router<BasicRequestContext>) {
        addPage(to: router)
        router.get("/app.js") { [self] _, _ in asset(PackageResources.app_js, "text/javascript; charset=utf-8") }
        router.get("/app.css") { [self] _, _ in asset(PackageResources.app_css, "text/css; charset=utf-8") }
        router.get("/openapi.yaml") { [self] _, _ in asset(PackageResources.openapi_yaml, "application/yaml; charset=utf-8") }

        router.get("/api/directory") { [self] request, _ in try await directoryState(language(request)) }
        router.put("/api/directory") { [self] request, _ in try await save(request) }
        router.get("/api/directory/communes.csv") { [self] _, _ in try await communesCSV() }
        router.post("/api/check") { [self] request, _ in
            let body: DraftBody = try await decode(request)
            let checked = try await studio.check(body.document, limit: options.renderWait)
            return try json(CheckResult(problems: checked.problems(in: language(request)), yaml: body.document.yaml().text))
        }
        router.post("/api/preview") { [self] request, _ in try await preview(request) }
        router.post("/api/import") { [self] request, _ in try await importFile(request) }

        router.get("/api/history") { [self] _, _ in try json(workspace.history()) }
        router.get("/api/history/{id}") { [self] _, context in
            let id = try context.parameters.require("id")
            do {
                return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: try workspace.historyVersion(id))))
            } catch { throw APIError(.notFound, Message("api.noVersion", id)) }
        }
        router.post("/api/history/{id}/restore") { [self] request, context in
            let id = try context.parameters.require("id")
            let text: String
            do { text = try workspace.historyVersion(id) } catch { throw APIError(.notFound, Message("api.noVersion", id)) }
            // The CSV of communes saved with that version goes back too, to the file it names.
            var csv: (path: String, data: Data)?
            if let table = DirectoryDocument.read(yaml: text)?.communesTable, !table.isWorkbook,
               let data = workspace.historyCSV(id), let path = workspace.path {
                csv = (DirectoryLoader.resolve(table.file, relativeTo: path), data)
            }
            return try await write(text, csv: csv, request: request)
        }

        router.get("/api/communes/{slug}/{file}") { [self] request, context in
            try await communeFile(slug: context.parameters.require("slug"), file: context.parameters.require("file"),
                                  request: request)
        }
        router.get("/api/overview.pdf") { [self] _, _ in try await overview() }
        router.post("/api/batch") { [self] request, _ in
            let body: BatchBody = try await decode(request)
            let saved = try await savedDirectory()
            guard let inputs = saved.checked.inputs else { throw unusable(saved.checked) }
            let settings = try sheetSettings(paper: body.paper, landscape: body.landscape ?? false)
            let formats = Set((body.formats ?? ["pdf", "png"]).compactMap(RenderFormat.init(rawValue:)))
            let date = studio.date, jobs = options.renderers
            guard let status = try batches.start({ folder in
                BatchJob(inputs: inputs, options: BatchOptions(output: folder.path, jobs: jobs, sheet: settings,
                                                               formats: formats.isEmpty ? [.pdf] : formats,
                                                               force: true, date: date))
            }) else { throw APIError(.conflict, Message("api.batchRunning")) }
            return try json(status, status: .accepted)
        }
        router.get("/api/batch/{id}") { [self] _, context in
            guard let status = batches.status(try context.parameters.require("id")) else {
                throw APIError(.notFound, Message("api.noBatch"))
            }
            return try json(status)
        }
        router.get("/api/batch/{id}/zip") { [self] _, context in
            let id = try context.parameters.require("id")
            guard let zip = batches.zip(id), let data = FileManager.default.contents(atPath: zip.path) else {
                throw APIError(.notFound, Message("api.noFinishedBatch", id))
            }
            return Self.file(Array(data), type: "application/zip", name: zip.lastPathComponent)
        }
    }

    // MARK: The saved directory

    /// The saved file, checked, with its communes' slugs.
    struct SavedDirectory: Sendable {
        var version: Workspace.Version
        var checked: CheckedDirectory
        var slugs: [String]
    }

    func savedDirectory() async throws -> SavedDirectory {
        let version: Workspace.Version
        do { version = try workspace.current() } catch { throw APIError(.internalServerError, text: "\(error)") }
        if let cached = saved.withLock({ $0 }), cached.etag == version.etag { return cached.directory }
        // A table edited in a spreadsheet leaves the YAML as it was: the version's tag, as a comment,
        // keeps the drafts the studio remembers by their text from answering for it.
        let yaml = version.tables.isEmpty ? version.yaml : version.yaml + "\n# version \(version.etag)\n"
        let checked = try await studio.check(yaml: yaml, limit: options.renderWait)
        let slugs = checked.inputs?.directory.slugs ?? []
        let directory = SavedDirectory(version: version, checked: checked, slugs: slugs)
        saved.withLock { $0 = (version.etag, directory) }
        return directory
    }

    struct DirectoryState: Encodable {
        var file: String
        var readOnly: Bool
        /// `sample` (the built-in sample) or `csv` (the CSV of communes cannot be read), when read-only.
        var readOnlyReason: String?
        var exists: Bool
        var etag: String
        var hasComments: Bool
        var document: DirectoryDocument?
        /// The table the communes are kept in, when not listed in the file: a workbook's are shown,
        /// not edited (edit the workbook, then reload).
        var communesTable: TableState?
        /// The table the outside units are kept in (shown, not edited).
        var outsideTable: TableState?
        var problems: [Problem]
        var communes: [CommuneRef]
        var template: TemplateInfo
        var papers: [String]
        var kinds: [String]
    }

    struct TableState: Encodable {
        var file: String
        var sheet: String?
        var workbook: Bool
        init(_ reference: TableReference) {
            file = reference.file; sheet = reference.sheet; workbook = reference.isWorkbook
        }
    }

    struct CommuneRef: Encodable { var name: String; var slug: String }

    struct TemplateInfo: Encodable {
        var name: String
        var sides: [String]
        var width: Double
        var height: Double
        var bleed: Double
    }

    func directoryState(_ language: Language) async throws -> Response {
        let state = try await currentState(language)
        var response = try json(state)
        response.headers[.eTag] = quotedTag(state.etag)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The saved directory as the page opens it.
    func currentState(_ language: Language) async throws -> DirectoryState {
        let saved = try await savedDirectory()
        let read = DirectoryDocument.read(yaml: saved.version.yaml)
        var document = read?.document
        var reason: String? = workspace.readOnly ? "sample" : nil
        let loaded = saved.checked.inputs?.directory
        if let table = read?.communesTable {
            // A CSV as typed, to edit and write back; a workbook's communes as loaded, to show.
            if !table.isWorkbook, let csv = saved.version.table(table).flatMap(\.data)
                .flatMap({ try? CommuneCSV.read($0, file: table.file) }) {
                document?.communes = DirectoryDocument.communes(of: csv)
            } else {
                if !table.isWorkbook { reason = reason ?? "csv" }
                document?.communes = loaded.map(DirectoryDocument.communes(of:)) ?? []
            }
        }
        if read?.outsideTable != nil { document?.outside = loaded.map(DirectoryDocument.outside(of:)) ?? [] }
        let template = studio.template
        let state = DirectoryState(
            file: workspace.displayName, readOnly: reason != nil, readOnlyReason: reason,
            exists: saved.version.exists, etag: saved.version.etag,
            hasComments: saved.version.exists && DirectoryDocument.hasComments(saved.version.yaml),
            document: document, communesTable: read?.communesTable.map(TableState.init),
            outsideTable: read?.outsideTable.map(TableState.init), problems: saved.checked.problems(in: language),
            communes: zip(saved.checked.inputs?.directory.communes ?? [], saved.slugs).map {
                CommuneRef(name: $0.name, slug: $1)
            },
            template: TemplateInfo(name: template.name, sides: template.sides.map(\.name), width: template.size.width,
                                   height: template.size.height, bleed: template.bleed),
            papers: ["A4", "A3", "A5", "letter"], kinds: UnitKind.allCases.map(\.rawValue))
        return state
    }

    /// The saved directory's communes as a CSV file (headed in Vietnamese, as Excel opens it):
    /// the page offers it for communes kept in a workbook, which it does not write.
    func communesCSV() async throws -> Response {
        let saved = try await savedDirectory()
        guard let directory = saved.checked.inputs?.directory else { throw unusable(saved.checked) }
        let empty = CommuneCSV(columns: ["name", "kind", "phone"], vietnamese: true)
        do {
            let csv = try DirectoryDocument.csv(of: DirectoryDocument.communes(of: directory), updating: empty)
            let name = URL(fileURLWithPath: workspace.displayName).deletingPathExtension().lastPathComponent
            return Self.file(Array(csv.data()), type: "text/csv; charset=utf-8", name: "\(name.slug)-communes.csv")
        } catch {
            throw APIError(.unprocessableContent, error.message)
        }
    }

    // MARK: Drafts

    struct DraftBody: Decodable { var document: DirectoryDocument }
    struct CheckResult: Encodable {
        var problems: [Problem]
        /// The draft as the directory file it would save.
        var yaml: String
    }

    struct PreviewBody: Decodable {
        var document: DirectoryDocument
        /// The commune's position in `document.communes`.
        var commune: Int
        /// `svg` (the default) or `png`.
        var format: String?
        /// A PNG's resolution (192 unless given).
        var dpi: Double?
    }

    struct PreviewResult: Encodable {
        var problems: [Problem]
        var commune: String
        /// Absent when the draft does not load (its problems say why).
        var sides: [Studio.Side]
    }

    /// The draft checked as `check` would, and the chosen commune's sides drawn from it.
    func preview(_ request: Request) async throws -> Response {
        let buffer = try await request.body.collect(upTo: options.bodyLimit)
        let hash = sha256Hex(Array(buffer.readableBytesView))
        let asked: PreviewRequest
        if let seen = previewRequests.value(for: hash) { asked = seen } else {
            asked = try previewRequest(decode(buffer))
            previewRequests.insert(asked, for: hash, cost: asked.draft.cost)
        }
        let (checked, sides) = try await studio.preview(asked.draft, commune: asked.commune, format: asked.format,
                                                        dpi: asked.dpi, language: language(request),
                                                        limit: options.renderWait)
        return try json(PreviewResult(problems: checked.problems(in: language(request)), commune: asked.commune,
                                      sides: sides))
    }

    /// A preview request as decoded and checked for sense; the draft written as its directory file.
    struct PreviewRequest: Sendable {
        var draft: Studio.Draft
        var commune: String
        var format: RenderFormat
        var dpi: Double
    }

    func previewRequest(_ body: PreviewBody) throws -> PreviewRequest {
        guard body.document.communes.indices.contains(body.commune) else {
            throw APIError(.badRequest, Message("api.communeIndex", body.commune, body.document.communes.count))
        }
        let format: RenderFormat
        switch body.format ?? "svg" {
        case "svg": format = .svg
        case "png": format = .png
        default: throw APIError(.badRequest, Message("api.format", body.format ?? ""))
        }
        let dpi = body.dpi ?? 192
        guard (24...600).contains(dpi) else { throw APIError(.badRequest, Message("api.range", "dpi", 24, 600)) }
        return PreviewRequest(draft: Studio.Draft(body.document), commune: body.document.communes[body.commune].name,
                              format: format, dpi: dpi)
    }

    // MARK: Saving

    struct SaveResult: Encodable {
        var etag: String
        var problems: [Problem]
    }

    /// Saves the draft in the file's own form; communes kept in a CSV file are written to it, a
    /// workbook's are left as they are (the page does not write workbooks).
    func save(_ request: Request) async throws -> Response {
        let body: DraftBody = try await decode(request)
        guard !workspace.readOnly else { throw readOnlySample }
        let current: Workspace.Version
        do { current = try workspace.current() } catch { throw APIError(.internalServerError, text: "\(error)") }
        let read = current.exists ? DirectoryDocument.read(yaml: current.yaml) : nil
        var csv: (path: String, data: Data)?
        if let table = read?.communesTable, !table.isWorkbook {
            let file = current.table(table)
            guard let file, let data = file.data, let original = try? CommuneCSV.read(data, file: file.path) else {
                throw APIError(.conflict, Message("api.csvUnreadable", table.file))
            }
            do {
                csv = (file.path, try DirectoryDocument.csv(of: body.document.communes, updating: original).data())
            } catch {
                throw APIError(.unprocessableContent, Message("api.csvUnwritable", table.file, error.message))
            }
        }
        let yaml = body.document.yaml(communesTable: read?.communesTable, outsideTable: read?.outsideTable).text
        return try await write(yaml, csv: csv, request: request)
    }

    var readOnlySample: APIError {
        APIError(.forbidden, Message("serve.readOnly"))
    }

    /// Writes `yaml` as the directory file (and `csv` as the CSV of communes it names) if the
    /// request's `If-Match` names the version on disk.
    func write(_ yaml: String, csv: (path: String, data: Data)? = nil, request: Request) async throws -> Response {
        guard !workspace.readOnly else { throw readOnlySample }
        guard let match = request.headers[.ifMatch] else {
            throw APIError(.preconditionRequired, Message("api.ifMatch"))
        }
        let version: Workspace.Version
        do {
            version = try workspace.save(yaml, csv: csv, ifMatch: match.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")))
        } catch .stale(let current) {
            throw APIError(.preconditionFailed, Message("serve.stale"), extra: ["etag": current])
        } catch {
            throw APIError(.internalServerError, text: "\(error)")
        }
        let saved = try await savedDirectory()
        var response = try json(SaveResult(etag: version.etag, problems: saved.checked.problems(in: language(request))))
        response.headers[.eTag] = quotedTag(version.etag)
        return response
    }

    // MARK: Import

    struct ImportBody: Decodable {
        /// The file's name: `.yaml`/`.yml`, `.csv` or `.xlsx`/`.xlsm`.
        var name: String
        /// The text of a YAML or CSV file.
        var text: String?
        /// Base64 of the file's bytes: a workbook (or a CSV in UTF-16).
        var data: String?
        /// The workbook's sheet; the first when absent.
        var sheet: String?
        /// The draft whose issuer a table of communes joins.
        var document: DirectoryDocument?
    }

    struct ImportResult: Encodable {
        var document: DirectoryDocument?
        var problems: [Problem]
    }

    /// A YAML directory file, or a CSV or workbook of communes, as a draft (nothing is saved).
    func importFile(_ request: Request) async throws -> Response {
        let body: ImportBody = try await decode(request)
        let name = URL(fileURLWithPath: body.name).lastPathComponent
        let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
        var bytes: Data?
        if let data = body.data {
            guard let decoded = Data(base64Encoded: data) else { throw APIError(.badRequest, Message("api.notBase64")) }
            bytes = decoded
        } else if let text = body.text {
            bytes = Data(text.utf8)
        }
        guard let bytes else { throw APIError(.badRequest, Message("api.noFile")) }
        let document: DirectoryDocument
        var tableWarnings: [Problem] = []
        switch ext {
        case "yaml", "yml":
            let text: String
            do { text = try InputText.decode(bytes, file: name) } catch {  // not UTF-8: refused, not garbled
                return try json(ImportResult(document: nil, problems: error.diagnostics.map { Problem($0, target: nil, in: language(request)) }),
                                status: .unprocessableContent)
            }
            guard let read = DirectoryDocument.read(yaml: text) else {
                // Checked under the directory file's path: said of the dropped file, at its own lines.
                let checked = try await studio.check(yaml: text, limit: options.renderWait)
                let problems = checked.found.map {
                    TableImport.problem($0.diagnostic, of: name, ownLines: studio.source, draft: nil, language: language(request))
                }
                return try json(ImportResult(document: nil, problems: problems), status: .unprocessableContent)
            }
            if let table = read.communesTable ?? read.outsideTable {
                throw APIError(.unprocessableContent, Message("api.importTable", name, table.file))
            }
            document = read.document
        case "csv", "xlsx", "xlsm":
            guard let base = body.document else {
                throw APIError(.badRequest, Message("api.tableAlone"))
            }
            let result = try TableImport.communes(bytes, name: name, sheet: ext == "csv" ? nil : body.sheet, into: base,
                                                  language: language(request))
            guard let imported = result.document else {
                return try json(ImportResult(document: nil, problems: result.problems), status: .unprocessableContent)
            }
            document = imported
            tableWarnings = result.problems  // a restored leading 0, say: said by the table, not seen by the draft
        default:
            throw APIError(.unsupportedMediaType, Message("api.importType", name))
        }
        let checked = try await studio.check(document, limit: options.renderWait)
        return try json(ImportResult(document: document, problems: tableWarnings + checked.problems(in: language(request))))
    }

    // MARK: Files of the saved directory

    func communeFile(slug: String, file: String, request: Request) async throws -> Response {
        let saved = try await savedDirectory()
        guard let inputs = saved.checked.inputs, let index = saved.slugs.firstIndex(of: slug) else {
            throw APIError(.notFound, Message("api.noCommune", slug))
        }
        let commune = inputs.directory.communes[index]
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        let sideNames = studio.template.sides.map(\.name.slug)
        let query = request.uri.queryParameters
        // A side's picture is tagged by the fingerprint of what it is drawn from (unchanged by a
        // save that leaves the side as it was); a PDF by the saved version.
        var tag = quotedTag("\(saved.version.etag)-\(slug)-\(file)-\(query.get("paper") ?? "")-\(query.get("landscape") ?? "")")
        var picture: (side: Int, format: RenderFormat, dpi: Double)?
        if parts.count == 2, let side = sideNames.firstIndex(of: parts[0]), let format = RenderFormat(rawValue: parts[1]),
           format == .png || format == .svg {
            let dpi = try number(query.get("dpi"), default: 96, range: 24...600, name: "dpi")
            picture = (side, format, dpi)
            tag = quotedTag(studio.pictureKey(commune, side: side, in: inputs, format: format, dpi: dpi))
        }
        if request.headers[.ifNoneMatch] == tag {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
        var response: Response
        do {
            if let picture {
                let drawn = try await studio.picture(commune, side: picture.side, in: inputs, format: picture.format,
                                                     dpi: picture.dpi, limit: options.renderWait)
                response = Self.file(try drawn.picture.get().bytes,
                                     type: picture.format == .png ? "image/png" : "image/svg+xml", name: nil)
            } else if parts == ["keychain", "pdf"] {
                let bytes = try await studio.keychainPDF(commune, in: inputs, limit: options.renderWait)
                response = Self.file(bytes, type: "application/pdf", name: "\(slug).pdf")
            } else if parts == ["sheet", "pdf"] {
                let settings = try sheetSettings(paper: query.get("paper"), landscape: query.get("landscape") == "true")
                let bytes = try await studio.sheet(commune, in: inputs, settings: settings, limit: options.renderWait)
                response = Self.file(bytes, type: "application/pdf", name: "\(slug)-sheet.pdf")
            } else {
                throw APIError(.notFound, Message("api.noCommuneFile", file, sideNames.map { "\($0).png" }.joined(separator: ", ")))
            }
        } catch let error as LayoutError {
            throw APIError(.unprocessableContent, Message("cli.communeProblem", commune.name, error.message))
        } catch let error as ImpositionError {
            throw APIError(.unprocessableContent, error.message)
        }
        response.headers[.eTag] = tag
        response.headers[.cacheControl] = "private, no-cache"
        return response
    }

    /// The overview PDF of the saved directory: `BatchJob` with no other output, into a private folder.
    func overview() async throws -> Response {
        let saved = try await savedDirectory()
        guard let inputs = saved.checked.inputs else { throw unusable(saved.checked) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-overview-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = BatchJob(inputs: inputs, options: BatchOptions(
            output: folder.path, jobs: 1, sheet: SheetSettings(options: SheetOptions(paper: .a4)), formats: [],
            force: true, date: studio.date))
        let result = try await studio.pool.run(limit: options.renderWait) { _ in try job.run() }
        if let error = result.overviewError { throw APIError(.unprocessableContent, text: error) }
        guard let data = FileManager.default.contents(atPath: result.folder.appendingPathComponent("overview.pdf").path) else {
            throw APIError(.internalServerError, Message("api.noOverview"))
        }
        return Self.file(Array(data), type: "application/pdf", name: "overview.pdf")
    }

    // MARK: Helpers

    struct BatchBody: Decodable {
        var paper: String?
        var landscape: Bool?
        var formats: [String]?
    }

    func sheetSettings(paper: String?, landscape: Bool) throws -> SheetSettings {
        var sheet: Paper
        do { sheet = try Paper(parsing: paper ?? "A4") } catch { throw APIError(.badRequest, error.message) }
        if landscape { sheet = sheet.landscape() }
        return SheetSettings(options: SheetOptions(paper: sheet))
    }

    func unusable(_ checked: CheckedDirectory) -> APIError {
        APIError(.unprocessableContent, Message("api.savedHasErrors",
                                                Diagnostics(checked.found.map(\.diagnostic).filter { $0.severity == .error }.prefix(3))))
    }

    /// The page's language, from `Accept-Language` (Vietnamese when it comes first), else English.
    func language(_ request: Request) -> Language { request.language }

    func number(_ text: String?, default value: Double, range: ClosedRange<Double>, name: String) throws -> Double {
        guard let text else { return value }
        guard let number = Double(text), range.contains(number) else {
            throw APIError(.badRequest, Message("api.range", name, Int(range.lowerBound), Int(range.upperBound)))
        }
        return number
    }

    func decode<T: Decodable>(_ request: Request) async throws -> T {
        try decode(try await request.body.collect(upTo: options.bodyLimit))
    }

    func decode<T: Decodable>(_ buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError(.badRequest, Message("api.notExpectedJSON", Self.describe(error)))
        } catch {
            throw APIError(.badRequest, Message("api.notJSON"))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\"\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\"\(path)\" has the wrong type"
        @unknown default:
            return "\(error)"
        }
    }

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func file(_ bytes: [UInt8], type: String, name: String?) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func asset(_ bytes: [UInt8], _ type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func quotedTag(_ tag: String) -> String { "\"\(tag)\"" }
}

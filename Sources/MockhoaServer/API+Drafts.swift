import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender

extension API {
    /// Drafts as the officer types: checked, drawn, and a file dropped on the page imported.
    func addDraftRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/check") { [self] request, _ in
            let body: DraftBody = try await decode(request)
            let checked = try await studio.check(body.document, limit: options.renderWait)
            return try json(CheckResult(problems: checked.problems(in: language(request)), yaml: body.document.yaml().text))
        }
        router.post("/api/preview") { [self] request, _ in try await preview(request) }
        router.post("/api/import") { [self] request, _ in try await importFile(request) }
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
        if let seen = previewRequests.value(for: hash) {
            asked = seen
        } else {
            asked = try previewRequest(decode(buffer))
            previewRequests.insert(asked, for: hash, cost: asked.draft.cost)
        }
        let (checked, sides) = try await studio.preview(
            asked.draft, commune: asked.commune, format: asked.format,
            dpi: asked.dpi, language: language(request),
            limit: options.renderWait)
        return try json(
            PreviewResult(
                problems: checked.problems(in: language(request)), commune: asked.commune,
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
        return PreviewRequest(
            draft: Studio.Draft(body.document), commune: body.document.communes[body.commune].name,
            format: format, dpi: dpi)
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
                return try json(
                    ImportResult(document: nil, problems: error.diagnostics.map { Problem($0, target: nil, in: language(request)) }),
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
            let result = try TableImport.communes(
                bytes, name: name, sheet: ext == "csv" ? nil : body.sheet, into: base,
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
}

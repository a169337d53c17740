import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender

extension API {
    /// The saved directory: read, saved with a version check, and its communes as CSV.
    func addDirectoryRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/directory") { [self] request, _ in try await directoryState(language(request)) }
        router.put("/api/directory") { [self] request, _ in try await save(request) }
        router.get("/api/directory/communes.csv") { [self] _, _ in try await communesCSV() }
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
        do { version = try workspace.current() } catch { throw APIError(.internalServerError, error.asMessage) }
        let tag = version.etag + studio.designs.generation
        if let cached = saved.withLock({ $0 }), cached.etag == tag { return cached.directory }
        // A table edited in a spreadsheet leaves the YAML as it was: the version's tag, as a comment,
        // keeps the drafts the studio remembers by their text from answering for it.
        let yaml = version.tables.isEmpty ? version.yaml : version.yaml + "\n# version \(version.etag)\n"
        let checked = try await studio.check(yaml: yaml, limit: options.renderWait)
        let slugs = checked.inputs?.directory.slugs ?? []
        let directory = SavedDirectory(version: version, checked: checked, slugs: slugs)
        saved.withLock { $0 = (tag, directory) }
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
            if !table.isWorkbook,
                let csv = saved.version.table(table).flatMap(\.data)
                    .flatMap({ try? CommuneCSV.read($0, file: table.file) })
            {
                document?.communes = DirectoryDocument.communes(of: csv)
            } else {
                if !table.isWorkbook { reason = reason ?? "csv" }
                document?.communes = loaded.map(DirectoryDocument.communes(of:)) ?? []
            }
        }
        if read?.outsideTable != nil { document?.outside = loaded.map(DirectoryDocument.outside(of:)) ?? [] }
        let template = try saved.checked.inputs?.template ?? studio.designs.template(for: nil)
        let state = DirectoryState(
            file: workspace.displayName, readOnly: reason != nil, readOnlyReason: reason,
            exists: saved.version.exists, etag: saved.version.etag,
            hasComments: saved.version.exists && DirectoryDocument.hasComments(saved.version.yaml),
            document: document, communesTable: read?.communesTable.map(TableState.init),
            outsideTable: read?.outsideTable.map(TableState.init), problems: saved.checked.problems(in: language),
            communes: zip(saved.checked.inputs?.directory.communes ?? [], saved.slugs).map {
                CommuneRef(name: $0.name, slug: $1)
            },
            template: TemplateInfo(
                name: template.name, sides: template.sides.map(\.name), width: template.size.width,
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
        do { current = try workspace.current() } catch { throw APIError(.internalServerError, error.asMessage) }
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
            throw APIError(.internalServerError, error.asMessage)
        }
        let saved = try await savedDirectory()
        var response = try json(SaveResult(etag: version.etag, problems: saved.checked.problems(in: language(request))))
        response.headers[.eTag] = quotedTag(version.etag)
        return response
    }
}

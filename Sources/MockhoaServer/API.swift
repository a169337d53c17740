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
    /// Its tag is the file's with the template files' generation (`Designs.generation`).
    let saved = Mutex<(etag: String, directory: SavedDirectory)?>(nil)
    /// Preview requests decoded before, by the SHA-256 of their body: the page sends a draft again
    /// when a commune is picked again, and the same body is not decoded and written as YAML twice.
    let previewRequests = LRUCache<String, PreviewRequest>(bytes: 16 << 20)

    init(_ options: ServeOptions) throws {
        self.options = options
        workspace = Workspace(path: options.dataPath)
        // What a request names is read inside the directory file's folder only (the current
        // folder for the built-in sample): template files and pictures.
        let folder =
            options.dataPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            ?? FileManager.default.currentDirectoryPath
        let designs = Designs(
            fixed: try options.template.map { name throws(InputErrors) in try TemplateLoader.load(name) }, folder: folder)
        let source = options.dataPath ?? DirectoryLoader.sampleSource
        let date = try RenderDate.current()
        let sample = DirectoryLoader.sample()
        let pool = RenderPool(
            workers: options.renderers,
            inputs: Inputs(directory: sample.directory, template: try designs.template(for: nil), warnings: sample.warnings))
        studio = Studio(designs: designs, pool: pool, source: source, date: date)
    }

    // MARK: Routes, by resource

    func add(to router: Router<BasicRequestContext>) {
        addPage(to: router)
        router.get("/app.js") { [self] _, _ in asset(PackageResources.app_js, "text/javascript; charset=utf-8") }
        router.get("/design.js") { [self] _, _ in asset(PackageResources.design_js, "text/javascript; charset=utf-8") }
        router.get("/app.css") { [self] _, _ in asset(PackageResources.app_css, "text/css; charset=utf-8") }
        router.get("/openapi.yaml") { [self] _, _ in asset(PackageResources.openapi_yaml, "application/yaml; charset=utf-8") }

        addDirectoryRoutes(to: router)
        addDraftRoutes(to: router)
        addHistoryRoutes(to: router)
        addFileRoutes(to: router)
        addBatchRoutes(to: router)
        addDesignRoutes(to: router)
    }

    // MARK: Helpers

    func sheetSettings(paper: String?, landscape: Bool) throws -> SheetSettings {
        var sheet: Paper
        do { sheet = try Paper(parsing: paper ?? "A4") } catch { throw APIError(.badRequest, error.message) }
        if landscape { sheet = sheet.landscape() }
        return SheetSettings(options: SheetOptions(paper: sheet))
    }

    func unusable(_ checked: CheckedDirectory) -> APIError {
        APIError(
            .unprocessableContent,
            Message(
                "api.savedHasErrors",
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

    /// Which field of the request is missing or of the wrong type (Foundation's own words when
    /// it names none).
    static func describe(_ error: DecodingError) -> Message {
        switch error {
        case .keyNotFound(let key, let context):
            return Message("api.json.missing", (context.codingPath + [key]).map(\.stringValue).joined(separator: "."))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? Message("api.text", context.debugDescription) : Message("api.json.wrongType", path)
        @unknown default:
            return Message("api.text", "\(error)")
        }
    }

    func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func file(_ bytes: [UInt8], type: String, name: String?) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func asset(_ bytes: [UInt8], _ type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func quotedTag(_ tag: String) -> String { "\"\(tag)\"" }
}

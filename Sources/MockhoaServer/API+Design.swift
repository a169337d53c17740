import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender

extension API {
    /// The design tab: the design the directory draws (read, drawn as it is edited, saved beside
    /// the directory file and named by it) and the pictures it may carry.
    func addDesignRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/design") { [self] request, _ in
            let state = try await designState(language(request))
            var response = try json(state)
            response.headers[.eTag] = quotedTag(state.etag)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.put("/api/design") { [self] request, _ in try await saveDesign(request) }
        router.post("/api/design/preview") { [self] request, _ in try await previewDesign(request) }
        router.post("/api/assets") { [self] request, _ in try await addPicture(request) }
    }

    // MARK: The design the directory draws

    struct DesignState: Codable {
        /// The template file the directory names, as it names it; nil when it names a built-in
        /// design (or none): saving then makes a new file.
        var file: String?
        /// The built-in design it names (or `default`); nil when it names a file.
        var base: String?
        /// The design file's tag, `new` when there is none yet.
        var etag: String
        /// Nil when the named file does not load (`problems` says why).
        var design: TemplateFile?
        var problems: [Problem]
        var readOnly: Bool
        /// `sample` (the built-in sample is shown) or `template` (`serve --template` decides).
        var readOnlyReason: String?
        var gallery: [GalleryDesign]
    }

    struct GalleryDesign: Codable {
        var name: String
        var summary: String
        var design: TemplateFile
    }

    /// The gallery of built-in designs, each as the page edits it.
    static let gallery: [(name: String, design: TemplateFile)] = BuiltInTemplate.all.compactMap { builtIn in
        (try? TemplateFile(yaml: builtIn.yaml, file: "Templates/\(builtIn.name).yaml")).map { (builtIn.name, $0) }
    }

    /// What the directory file on disk names, and where a design saved for it goes.
    struct NamedDesign {
        /// The `template:` value, when it names a file that is there (or would be beside it).
        var file: String?
        var path: String?
        /// The built-in design named (or `default`).
        var base: String?
    }

    /// What the directory file on disk names; a template file outside its folder is refused (the
    /// page reads and writes designs there only, whatever a saved draft named).
    func namedDesign() throws -> NamedDesign {
        guard let path = workspace.path else { return NamedDesign(base: "default") }
        let version: Workspace.Version
        do { version = try workspace.current() } catch { throw APIError(.internalServerError, error.asMessage) }
        guard version.exists, let named = DirectoryDocument.read(yaml: version.yaml)?.template(of: path) else {
            return NamedDesign(base: "default")
        }
        if !FileManager.default.fileExists(atPath: named.path), BuiltInTemplate.named(named.name) != nil {
            return NamedDesign(base: named.name)
        }
        guard InputFile.isInside(named.path, folder: studio.designs.folder) else {
            throw APIError(.conflict, Message("serve.templateOutside", Excerpt.of(named.name), studio.designs.folder))
        }
        return NamedDesign(file: named.name, path: named.path)
    }

    func designState(_ language: Language) async throws -> DesignState {
        let named = try namedDesign()
        var state = DesignState(
            file: named.file, base: named.base, etag: "new", problems: [],
            readOnly: workspace.readOnly || studio.designs.fixed != nil,
            readOnlyReason: workspace.readOnly ? "sample" : studio.designs.fixed != nil ? "template" : nil,
            gallery: Self.gallery.map { name, design in
                GalleryDesign(name: name, summary: Message("design.summary.\(name)").text(in: language), design: design)
            })
        if let fixed = options.template {  // `serve --template`: shown, not saved
            let text = BuiltInTemplate.named(fixed)?.yaml ?? (try? Workspace.read(fixed).text)
            state.design = text.flatMap { try? TemplateFile(yaml: $0, file: fixed) }
            return state
        }
        if let base = named.base {
            state.design = Self.gallery.first { $0.name == base }?.design
            return state
        }
        guard let path = named.path else { return state }
        let file = DesignFile(path: path)
        let version: DesignFile.Version
        do { version = try file.current() } catch { throw APIError(.internalServerError, error.asMessage) }
        state.etag = version.etag
        do {
            _ = try TemplateLoader.load(path)  // checked as the commands check it, then read as written
            state.design = try TemplateFile(yaml: version.text ?? "", file: path)
        } catch {
            state.problems = error.diagnostics.map { Problem($0, target: nil, in: language) }
        }
        return state
    }

    // MARK: Drawing a design being edited

    /// A design preview's body: a `PreviewBody` (the directory draft, the commune, the format)
    /// and these.
    struct DesignPart: Decodable {
        var design: TemplateFile
        /// The built-in design it started from, said in the file's first comment.
        var base: String?
    }

    struct DesignPreviewResult: Encodable {
        /// The design's own problems (at `design.…` fields) and the directory's with it.
        var problems: [Problem]
        var commune: String
        var sides: [Studio.Side]
        /// The design as the template file it would save.
        var yaml: String
    }

    /// The design as the template file it would be, beside the directory file (its pictures are
    /// found there, and only there), and the design field each line holds.
    func draft(of design: TemplateFile, base: String?) -> (design: Studio.Draft.Design, fields: [String]) {
        let (yaml, fields) = design.yaml(madeFrom: base)
        let folder = studio.designs.folder
        return (
            Studio.Draft.Design(yaml: yaml, name: design.name ?? "design", file: folder + "/" + Self.designFileName, folder: folder),
            fields
        )
    }

    /// What design problems are said of until the design has a file of its own.
    static let designFileName = "design.yaml"

    func previewDesign(_ request: Request) async throws -> Response {
        let buffer = try await request.body.collect(upTo: options.bodyLimit)
        let body: DesignPart = try decode(buffer)
        let asked = try previewRequest(decode(buffer))
        let language = language(request)
        let (design, fields) = draft(of: body.design, base: body.base)
        var draft = asked.draft
        draft.design = design
        let (checked, sides) = try await studio.preview(
            draft, commune: asked.commune, format: asked.format, dpi: asked.dpi, language: language,
            limit: options.renderWait)
        let problems = checked.found.map { found in
            Problem(
                found.diagnostic, target: found.target ?? Self.designField(found.diagnostic, file: design.file, fields: fields),
                in: language)
        }
        return try json(DesignPreviewResult(problems: problems, commune: asked.commune, sides: sides, yaml: design.yaml))
    }

    /// `design.<field>` for a problem at a line of the design's file.
    static func designField(_ diagnostic: Diagnostic, file: String, fields: [String]) -> String? {
        guard let location = diagnostic.location, location.file == file, let line = location.line,
            fields.indices.contains(line), !fields[line].isEmpty
        else { return nil }
        return "design.\(fields[line])"
    }

    // MARK: Saving a design

    struct DesignSaveBody: Decodable {
        var design: TemplateFile
        var base: String?
        /// The file to make beside the directory file while the directory names no file of its
        /// own (`my-design.yaml`); a design file it names is saved in place.
        var file: String?
    }

    struct DesignSaveResult: Encodable {
        /// The design file, as the directory file now names it.
        var file: String
        var etag: String
        /// The directory file's tag after it was made to name the design (unchanged if it did).
        var directoryEtag: String
        /// The saved directory's problems, drawn with the saved design.
        var problems: [Problem]
    }

    /// Saves the design as a template file beside the directory file (in place of the version
    /// the request's `If-Match` names; `new` for a file not made yet), then makes the directory
    /// file name it (`template: my-design.yaml`), so that `batch`, `sheet` and the page draw it.
    func saveDesign(_ request: Request) async throws -> Response {
        let language = language(request)
        guard let directoryPath = workspace.path else { throw readOnlySample }
        if let fixed = options.template { throw APIError(.conflict, Message("api.design.fixed", fixed)) }
        guard let match = request.headers[.ifMatch]?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) else {
            throw APIError(.preconditionRequired, Message("api.ifMatch"))
        }
        let body: DesignSaveBody = try await decode(request)
        let directory: Workspace.Version
        do { directory = try workspace.current() } catch { throw APIError(.internalServerError, error.asMessage) }
        guard directory.exists else { throw APIError(.conflict, Message("api.design.saveDirectoryFirst")) }
        let named = try namedDesign()
        let file = try named.file ?? Self.newDesignFile(body.file, directory: directoryPath)
        let path = named.path ?? DirectoryLoader.resolve(file, relativeTo: directoryPath)
        let (yaml, fields) = body.design.yaml(madeFrom: body.base)
        do {
            _ = try TemplateLoader.parse(yaml: yaml, name: body.design.name ?? file, file: path)
        } catch {
            let problems = error.diagnostics.map { Problem($0, target: Self.designField($0, file: path, fields: fields), in: language) }
            return try json(DesignPreviewResult(problems: problems, commune: "", sides: [], yaml: yaml), status: .unprocessableContent)
        }
        let saved: DesignFile.Version
        do {
            saved = try DesignFile(path: path).save(yaml, ifMatch: match)
        } catch .stale(let current) {
            if named.file == nil { throw APIError(.conflict, Message("api.design.fileExists", file)) }
            throw APIError(.preconditionFailed, Message("serve.stale"), extra: ["etag": current])
        } catch {
            throw APIError(.internalServerError, error.asMessage)
        }
        var directoryEtag = directory.etag
        if named.file == nil {
            do {
                directoryEtag = try workspace.save(Self.naming(file, in: directory.yaml), ifMatch: directory.etag).etag
            } catch {
                throw APIError(.conflict, Message("api.design.notNamed", file, error.asMessage))
            }
        }
        let checked = try await savedDirectory().checked
        var response = try json(
            DesignSaveResult(file: file, etag: saved.etag, directoryEtag: directoryEtag, problems: checked.problems(in: language)))
        response.headers[.eTag] = quotedTag(saved.etag)
        return response
    }

    /// A name for a new design file beside the directory file: plain letters, digits and `-`,
    /// ending in `.yaml`; never the directory file's own.
    static func newDesignFile(_ asked: String?, directory: String) throws -> String {
        let name = asked ?? "my-design.yaml"
        guard name.wholeMatch(of: /[a-z0-9][a-z0-9-]{0,79}\.yaml/) != nil,
            name != URL(fileURLWithPath: directory).lastPathComponent
        else { throw APIError(.badRequest, Message("api.design.fileName", Excerpt.of(name))) }
        return name
    }

    /// The directory file's text naming `file` as its template: the `template:` line replaced, or
    /// one put after the comments the file starts with; every other line as it was.
    static func naming(_ file: String, in yaml: String) -> String {
        var lines = yaml.components(separatedBy: "\n")
        let line = "template: \(DirectoryDocument.YAMLLines.written(file, as: .template))"
        if let at = lines.firstIndex(where: { $0.hasPrefix("template:") }) {
            lines[at] = line
        } else {
            let at = lines.firstIndex { !$0.hasPrefix("#") && !$0.hasPrefix("%") } ?? lines.count
            lines.insert(line, at: at)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Pictures

    /// A picture uploaded for the design (`?name=logo.svg`, the file's bytes as the body),
    /// checked and kept in `assets/` beside the directory file.
    func addPicture(_ request: Request) async throws -> Response {
        guard let directoryPath = workspace.path else { throw readOnlySample }
        let name = request.uri.queryParameters.get("name") ?? "picture"
        let buffer = try await request.body.collect(upTo: options.bodyLimit)
        let stored: AssetFolder.Stored
        do {
            stored = try AssetFolder(besideDirectoryFile: directoryPath).add(Data(buffer.readableBytesView), name: name)
        } catch .picture(let error) {
            throw APIError(.unprocessableContent, error.asMessage)
        } catch .write(let error) {
            throw APIError(.internalServerError, error.asMessage)
        }
        return try json(stored, status: .created)
    }
}

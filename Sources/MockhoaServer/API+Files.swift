import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender

extension API {
    /// Files drawn from the saved directory: a commune's keychain and sheet, the overview.
    func addFileRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/communes/{slug}/{file}") { [self] request, context in
            try await communeFile(
                slug: context.parameters.require("slug"), file: context.parameters.require("file"),
                request: request)
        }
        router.get("/api/overview.pdf") { [self] request, _ in try await overview(language(request)) }
    }

    // MARK: Files of the saved directory

    func communeFile(slug: String, file: String, request: Request) async throws -> Response {
        let saved = try await savedDirectory()
        guard let inputs = saved.checked.inputs, let index = saved.slugs.firstIndex(of: slug) else {
            throw APIError(.notFound, Message("api.noCommune", slug))
        }
        let commune = inputs.directory.communes[index]
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        let sideNames = inputs.template.sides.map(\.name.slug)
        let query = request.uri.queryParameters
        // A side's picture is tagged by the fingerprint of what it is drawn from (unchanged by a
        // save that leaves the side as it was); a PDF by the saved version.
        var tag = quotedTag("\(saved.version.etag)-\(slug)-\(file)-\(query.get("paper") ?? "")-\(query.get("landscape") ?? "")")
        var picture: (side: Int, format: RenderFormat, dpi: Double)?
        if parts.count == 2, let side = sideNames.firstIndex(of: parts[0]), let format = RenderFormat(rawValue: parts[1]),
            format == .png || format == .svg
        {
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
                let drawn = try await studio.picture(
                    commune, side: picture.side, in: inputs, format: picture.format,
                    dpi: picture.dpi, limit: options.renderWait)
                response = Self.file(
                    try drawn.picture.get().bytes,
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

    /// The overview PDF of the saved directory, in the request's language, drawn from each
    /// commune's plan on a render worker.
    func overview(_ language: Language) async throws -> Response {
        let saved = try await savedDirectory()
        guard let inputs = saved.checked.inputs else { throw unusable(saved.checked) }
        let date = studio.date, studio = self.studio
        let pdf = try await studio.pool.run(limit: options.renderWait) { renderer in
            renderer.use(inputs)
            let communes = inputs.directory.communes, template = InputFingerprint(template: inputs.template)
            return try renderer.overview(slugs: inputs.directory.slugs, copies: nil, date: date, language: language) { index in
                Result { () throws(LayoutError) in try studio.plan(communes[index], on: renderer, template: template).scenes() }
            }.pdf
        }
        return Self.file(pdf, type: "application/pdf", name: "overview.pdf")
    }
}

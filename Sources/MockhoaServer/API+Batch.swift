import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender

extension API {
    /// Batches of the saved directory: started, followed, downloaded as a ZIP.
    func addBatchRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/batch") { [self] request, _ in
            let body: BatchBody = try await decode(request)
            let saved = try await savedDirectory()
            guard let inputs = saved.checked.inputs else { throw unusable(saved.checked) }
            let settings = try sheetSettings(paper: body.paper, landscape: body.landscape ?? false)
            let formats = Set((body.formats ?? ["pdf", "png"]).compactMap(RenderFormat.init(rawValue:)))
            let date = studio.date, jobs = options.renderers, language = language(request)
            guard
                let status = try batches.start({ folder in
                    // The overview, the order sheet and the manifest in the reader's language.
                    let batch = BatchOptions(
                        output: folder.path, jobs: jobs, sheet: settings, formats: formats.isEmpty ? [.pdf] : formats,
                        force: true, date: date, language: language)
                    return BatchJob(inputs: inputs, options: batch)
                })
            else { throw APIError(.conflict, Message("api.batchRunning")) }
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

    struct BatchBody: Decodable {
        var paper: String?
        var landscape: Bool?
        var formats: [String]?
    }
}

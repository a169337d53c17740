import Foundation
import HTTPTypes
import Hummingbird
import Mockhoa
import MockhoaCore
import MockhoaRender

extension API {
    /// Saved versions of the directory file: listed, read and restored.
    func addHistoryRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/history") { [self] _, _ in try json(workspace.history()) }
        router.get("/api/history/{id}") { [self] _, context in
            let id = try context.parameters.require("id")
            do {
                return Response(
                    status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
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
                let data = workspace.historyCSV(id), let path = workspace.path
            {
                csv = (DirectoryLoader.resolve(table.file, relativeTo: path), data)
            }
            return try await write(text, csv: csv, request: request)
        }
    }
}

import Foundation
import MockhoaCore

/// A CSV file or a workbook of communes dropped on the page, read by the same loader as
/// `communes: file.csv` and `communes: {file: x.xlsx, sheet: Xã}`: it is put with a directory
/// file naming it in a private temporary folder (removed at once), and its problems name the
/// dropped file and its lines or cells (`danh-ba.xlsx: Xã!C7`).
enum TableImport {
    /// The draft `base` (called `draftName` in problems) with the table's communes in place of its own and
    /// the table's warnings, or its problems.
    static func communes(_ data: Data, name: String, sheet: String?, into base: DirectoryDocument, draftName workspaceName: String,
                          language: Language)
        throws -> (document: DirectoryDocument?, problems: [Problem]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
        let table = TableReference(file: "communes." + (ext.isEmpty ? "csv" : ext), sheet: sheet)
        let tablePath = folder.appendingPathComponent(table.file).path
        try data.write(to: URL(fileURLWithPath: tablePath))
        // The draft's issuer and outside units, with the table in place of the communes.
        let yaml = base.yaml(communesTable: table).text
        let path = folder.appendingPathComponent("directory.yaml").path
        // Problems name the dropped file and the draft, never the temporary folder.
        let shown = { (text: String) in
            text.replacingOccurrences(of: tablePath, with: name).replacingOccurrences(of: path, with: workspaceName)
        }
        do {
            let loaded = try DirectoryLoader.load(yaml: yaml, path: path)
            var document = base
            document.communes = DirectoryDocument.communes(of: loaded.directory)
            return (document, loaded.warnings.map { Problem($0, target: nil, in: language, shown: shown) })
        } catch {
            return (nil, error.diagnostics.map { Problem($0, target: nil, in: language, shown: shown) })
        }
    }
}

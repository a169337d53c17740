import Foundation
import MockhoaCore

/// A CSV file or a workbook of communes dropped on the page, read by the same loader as
/// `communes: file.csv` and `communes: {file: x.xlsx, sheet: Xã}`: it is put with a directory
/// file naming it in a private temporary folder (removed at once), and its problems name the
/// dropped file and its lines or cells (`danh-ba.xlsx: Xã!C7`), never the server's files.
enum TableImport {
    /// The draft `base` with the table's communes in place of its own and the table's warnings,
    /// or its problems, each said of the dropped file `name`.
    static func communes(
        _ data: Data, name: String, sheet: String?, into base: DirectoryDocument, language: Language
    )
        throws -> (document: DirectoryDocument?, problems: [Problem])
    {
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
        func problem(_ diagnostic: Diagnostic) -> Problem {
            Self.problem(diagnostic, of: name, ownLines: tablePath, draft: path, language: language)
        }
        do {
            let loaded = try DirectoryLoader.load(yaml: yaml, path: path)
            var document = base
            document.communes = DirectoryDocument.communes(of: loaded.directory)
            return (document, loaded.warnings.map(problem))
        } catch {
            return (nil, error.diagnostics.map(problem))
        }
    }

    /// `diagnostic` said of the imported file `name`: where it was read as `ownLines` (the file's
    /// own text, under the path it was checked at) it keeps its line or cell; in `draft`, the
    /// directory file the import made around it, it names the file alone (a line of that draft
    /// means nothing to the user). Neither path is ever shown.
    static func problem(
        _ diagnostic: Diagnostic, of name: String, ownLines: String, draft: String?,
        language: Language
    ) -> Problem {
        var diagnostic = diagnostic
        if let location = diagnostic.location, location.file == ownLines || location.file == draft {
            diagnostic.location =
                location.file == ownLines
                ? SourceLocation(file: name, line: location.line, cell: location.cell)
                : SourceLocation(file: name)
        }
        let paths = [ownLines, draft].compactMap { $0 }
        return Problem(
            diagnostic, target: nil, in: language,
            shown: { text in paths.reduce(text) { $0.replacingOccurrences(of: $1, with: name) } })
    }
}

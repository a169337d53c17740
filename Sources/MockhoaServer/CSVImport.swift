import Foundation
import MockhoaCore

/// A CSV of communes dropped on the page, read by the same loader as `communes: file.csv`: it
/// is put with a directory file naming it in a private temporary folder (removed at once), and
/// its problems name the dropped file and its lines.
enum CSVImport {
    static func communes(csv: String, name: String, district document: DirectoryDocument, language: Language) throws
        -> (directory: Directory?, problems: [Problem]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvName = "communes.csv"
        try Data(csv.utf8).write(to: folder.appendingPathComponent(csvName))
        var base = document
        base.communes = []
        // The draft's district and outside units, with the CSV in place of the communes.
        let yaml = base.yaml().text.replacingOccurrences(of: "\ncommunes: []\n", with: "\ncommunes: \(csvName)\n")
        let path = folder.appendingPathComponent("directory.yaml").path
        let shown = { (text: String) in text.replacingOccurrences(of: folder.appendingPathComponent(csvName).path, with: name) }
        do {
            let loaded = try DirectoryLoader.load(yaml: yaml, path: path)
            return (loaded.directory, loaded.warnings.map { Problem($0, target: nil, in: language, shown: shown) })
        } catch {
            return (nil, error.diagnostics.map { Problem($0, target: nil, in: language, shown: shown) })
        }
    }
}

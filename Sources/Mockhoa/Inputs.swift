import Foundation
import MockhoaCore
import MockhoaRender

/// What a command works on: the directory (a file, or the built-in sample) and the template.
public struct Inputs: Sendable {
    public var directory: Directory
    public var template: KeychainTemplate
    /// Warnings from loading the directory.
    public var warnings: [Diagnostic]

    /// Inputs already loaded (a server's draft of the directory).
    public init(directory: Directory, template: KeychainTemplate, warnings: [Diagnostic] = []) {
        self.directory = directory; self.template = template; self.warnings = warnings
    }

    /// Loads `dataPath` (a file, or the name of a built-in sample; nil: the default sample) and
    /// the template: `template` (a built-in name or a file) when given, else the one the
    /// directory file names (`template:`), else `default`.
    public init(dataPath: String?, template: String?) throws(InputErrors) {
        // Every command goes on to set type: fontconfig reads its configuration meanwhile.
        TextEngine.startLoadingFonts()
        let loaded = try Self.directory(dataPath)
        directory = loaded.directory
        warnings = loaded.warnings
        if let template {
            self.template = try TemplateLoader.load(template)
        } else if let named = directory.template {
            self.template = try named.load()
        } else {
            self.template = try TemplateLoader.load()
        }
    }

    /// The directory `dataPath` names: a file, or a built-in sample (nil: the default sample).
    private static func directory(_ dataPath: String?) throws(InputErrors) -> LoadedDirectory {
        guard let dataPath else { return DirectoryLoader.sample() }
        if !FileManager.default.fileExists(atPath: dataPath), let sample = BuiltInSample.named(dataPath) {
            return sample.name == BuiltInSample.default.name ? DirectoryLoader.sample() : sample.load()
        }
        return try DirectoryLoader.load(path: dataPath)
    }

    /// The commune `query` names: by name ignoring case and diacritics, or by slug.
    /// Throws a message that suggests the closest names when none or several match.
    public func commune(named query: String) throws(InputErrors) -> Commune {
        let communes = directory.communes
        let exact = communes.filter { NameKey($0.name) == NameKey(query) }
        if exact.count == 1 { return exact[0] }
        let key = query.searchKey
        let loose = communes.filter { $0.name.searchKey == key || directory.slug(of: $0) == query.slug }
        if loose.count == 1 { return loose[0] }
        if loose.count > 1 {
            let names = loose.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw InputErrors(Message("commune.ambiguous", Excerpt.of(query), names), field: "--commune")
        }
        let closest = Suggestions(communes.map(\.name)).ranked(for: query, count: 3)
        throw InputErrors(
            Message(
                "commune.notFound", Excerpt.of(query), directory.source,
                closest.map { "\"\($0)\"" }.joined(separator: ", ")), field: "--commune")
    }
}

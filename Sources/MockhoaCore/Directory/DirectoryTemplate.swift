import Foundation

/// The template a directory file names (`template: round`, `template: my-design.yaml`): what
/// every command draws for it unless `--template` says otherwise.
public struct DirectoryTemplate: Hashable, Sendable {
    /// As written: a built-in template's name, or a template file's path, relative to the
    /// directory file's folder or absolute.
    public var name: String
    /// The directory file's `template:` line.
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) { self.name = name; self.location = location }

    /// The file `name` stands for: beside the directory file, or at an absolute path.
    public var path: String { DirectoryLoader.resolve(name, relativeTo: location.file) }

    /// The template: the file `name` stands for when there is one, else the built-in template of
    /// that name. One that is missing or does not load is an error at the `template:` line,
    /// followed by the template's own problems (each at its own file and line).
    public func load() throws(InputErrors) -> KeychainTemplate {
        let builtIn = FileManager.default.fileExists(atPath: path) ? nil : BuiltInTemplate.named(name)
        do {
            return try TemplateLoader.load(builtIn?.name ?? path)
        } catch {
            let namedHere = Diagnostic(Message("directory.template.unusable", Excerpt.of(name)), at: location, field: "template")
            throw InputErrors([namedHere] + error.diagnostics)
        }
    }
}

import Foundation
import Testing
@testable import MockhoaCore

/// A directory file's `template:` key: read with its line, a path taken from the directory file's
/// folder, a built-in name otherwise, and a template that does not load named at that line.
@Suite struct DirectoryTemplateTests {
    /// A valid directory file after `top` (lines of its own, such as `template: round`).
    static func directory(_ top: String) -> String {
        top + """
            district: {name: Cần Giuộc, province: Long An, hotline: "0272 3800 000"}
            communes:
              - {name: Long Hậu, kind: xã, phone: "0272 3800 002"}

            """
    }

    /// A fresh folder, removed after `body`.
    static func inFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirtemplate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    /// The built-in `round` template's text under another name.
    static func roundNamed(_ name: String) -> String {
        BuiltInTemplate.named("round")!.yaml.replacingOccurrences(of: "\nname: round\n", with: "\nname: \(name)\n")
    }

    /// What loading `named` throws (nothing when it loads).
    static func problems(_ named: DirectoryTemplate) -> [Diagnostic] {
        do {
            _ = try named.load()
            return []
        } catch { return error.diagnostics }
    }

    @Test func theKeyIsReadWithItsLine() throws {
        let loaded = try DirectoryLoader.load(yaml: Self.directory("# ours\ntemplate: round\n"), path: "dir.yaml")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.directory.template == DirectoryTemplate(name: "round", location: SourceLocation(file: "dir.yaml", line: 2)))
        #expect(try DirectoryLoader.load(yaml: Self.directory(""), path: "dir.yaml").directory.template == nil)
    }

    @Test func aValueThatIsNotTextIsAnErrorAtItsLine() {
        for value in ["[round]", "{file: x}"] {
            let found: [Diagnostic]
            do {
                found = try DirectoryLoader.load(yaml: Self.directory("template: \(value)\n"), path: "d.yaml").warnings
            } catch { found = error.diagnostics }
            #expect(found.contains { $0.severity == .error && $0.field == "template" && $0.location?.line == 1 }, "\(value): \(found)")
        }
    }

    @Test func aBuiltInNameGivesThatTemplate() throws {
        let template = try DirectoryTemplate(name: "round", location: SourceLocation(file: "/nowhere/dir.yaml", line: 1)).load()
        #expect(template.name == "round")
        #expect(template.size.width == 50 && template.size.height == 50)
    }

    @Test func aPathIsTakenFromTheDirectoryFilesFolder() throws {
        try Self.inFolder { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("designs"), withIntermediateDirectories: true)
            try Data(Self.roundNamed("ours").utf8).write(to: folder.appendingPathComponent("designs/ours.yaml"))
            // A file named as a built-in template, beside the directory file, wins over the built-in.
            try Data(Self.roundNamed("beside").utf8).write(to: folder.appendingPathComponent("ward"))
            let path = folder.appendingPathComponent("dir.yaml").path
            try Data(Self.directory("template: designs/ours.yaml\n").utf8).write(to: URL(fileURLWithPath: path))
            let named = try #require(try DirectoryLoader.load(path: path).directory.template)
            #expect(named.path == folder.appendingPathComponent("designs/ours.yaml").path)
            #expect(try named.load().name == "ours")
            let absolute = folder.appendingPathComponent("designs/ours.yaml").path
            #expect(try DirectoryTemplate(name: absolute, location: SourceLocation(file: "elsewhere/d.yaml")).load().name == "ours")
            #expect(try DirectoryTemplate(name: "ward", location: SourceLocation(file: path, line: 1)).load().name == "beside")
        }
    }

    @Test func aMissingTemplateIsAnErrorAtTheTemplateLineAndNamesTheFile() throws {
        try Self.inFolder { folder in
            let path = folder.appendingPathComponent("dir.yaml").path
            let named = DirectoryTemplate(name: "mine.yaml", location: SourceLocation(file: path, line: 3))
            let problems = Self.problems(named)
            let first = try #require(problems.first)
            #expect(first.location == SourceLocation(file: path, line: 3) && first.field == "template", "\(problems)")
            #expect(first.description.contains("\"mine.yaml\""), "\(first)")
            #expect(problems.dropFirst().contains { $0.location?.file == named.path }, "\(problems)")
        }
    }

    @Test func aBrokenTemplateKeepsItsOwnFileAndLines() throws {
        try Self.inFolder { folder in
            // `shape: blob` in place of `shape: circle`: an error at that line of the template.
            let broken = Self.roundNamed("broken").replacingOccurrences(of: "\nshape: circle ", with: "\nshape: blob ")
            let template = folder.appendingPathComponent("broken.yaml")
            try Data(broken.utf8).write(to: template)
            let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("shape: blob") }
                .map { $0 + 1 }
            let path = folder.appendingPathComponent("dir.yaml").path
            let problems = Self.problems(DirectoryTemplate(name: "broken.yaml", location: SourceLocation(file: path, line: 1)))
            #expect(problems.first?.location == SourceLocation(file: path, line: 1), "\(problems)")
            #expect(problems.contains { $0.location == SourceLocation(file: template.path, line: line) }, "\(problems)")
        }
    }
}

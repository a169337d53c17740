import Foundation
import Testing
@testable import MockhoaServer

/// The history folder `.FILE.history/` beside the directory file is never followed through a
/// symbolic link, as the batch's output folders are not.
@Suite struct HistoryLinkTests {
    typealias S = ServerTests

    @Test func aHistoryFolderThatIsALinkIsRefused() throws {
        let scratch = try S.Scratch(), outside = try S.Scratch()
        defer {
            try? FileManager.default.removeItem(at: scratch.folder)
            try? FileManager.default.removeItem(at: outside.folder)
        }
        let workspace = Workspace(path: scratch.path("d.yaml"))
        var etag = try workspace.current().etag
        etag = try workspace.save("# version 1\n", ifMatch: etag).etag
        // A version kept elsewhere, and the history folder made a link to that folder.
        try "# elsewhere\n".write(toFile: outside.path("20260101T000000Z.yaml"), atomically: false, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: scratch.path(".d.yaml.history"))  // none yet: the file was new
        try FileManager.default.createSymbolicLink(atPath: scratch.path(".d.yaml.history"), withDestinationPath: outside.folder.path)

        #expect(workspace.history().isEmpty)
        #expect(throws: Workspace.Failure.self) { try workspace.historyVersion("20260101T000000Z") }
        // A save would keep the current version through the link: refused, nothing written.
        let refusal = #expect(throws: Workspace.Failure.self) { try workspace.save("# version 2\n", ifMatch: etag) }
        #expect(refusal?.description.contains(".d.yaml.history") == true, "\(String(describing: refusal))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.folder.path) == ["20260101T000000Z.yaml"])
        #expect(try String(contentsOfFile: scratch.path("d.yaml"), encoding: .utf8) == "# version 1\n")
    }

    @Test func aVersionThatIsALinkIsNotListedServedOrRestored() throws {
        let scratch = try S.Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let workspace = Workspace(path: scratch.path("d.yaml"))
        var etag = try workspace.current().etag
        for n in 1...2 { etag = try workspace.save("# version \(n)\n", ifMatch: etag).etag }
        let kept = try #require(workspace.history().first).id
        try "secret: 1\n".write(toFile: scratch.path("secret.txt"), atomically: false, encoding: .utf8)
        let history = scratch.path(".d.yaml.history")
        try FileManager.default.createSymbolicLink(
            atPath: history + "/20991231T235959Z.yaml", withDestinationPath: scratch.path("secret.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: history + "/20991231T235959Z.csv", withDestinationPath: scratch.path("secret.txt"))

        #expect(workspace.history().map(\.id) == [kept])
        #expect(throws: Workspace.Failure.self) { try workspace.historyVersion("20991231T235959Z") }
        #expect(workspace.historyCSV("20991231T235959Z") == nil)
        #expect(try workspace.historyVersion(kept) == "# version 1\n")
    }
}

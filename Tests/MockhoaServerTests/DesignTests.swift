import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockhoaCore
import Testing
@testable import MockhoaServer

/// The design tab's API: the design read as the page edits it, drawn as it changes, saved beside
/// the directory file (which then names it), and the pictures uploaded for it.
@Suite struct DesignTests {
    typealias S = ServerTests

    struct PreviewRequest: Encodable {
        var design: TemplateFile
        var base: String?
        var document: DirectoryDocument
        var commune: Int
        var format = "svg"
    }

    struct PreviewReply: Decodable {
        var problems: [Problem]
        var sides: [S.PreviewReply.Side]
        var yaml: String
    }

    struct SaveRequest: Encodable {
        var design: TemplateFile
        var base: String?
        var file: String?
    }

    struct SaveReply: Decodable { var file: String; var etag: String; var directoryEtag: String }

    struct StoredReply: Decodable { var file: String; var kind: String }

    /// A template as JSON with sorted keys, without its name and where it was read from.
    static func placeless(_ template: KeychainTemplate) throws -> String {
        var t = template
        t.name = ""
        t.source = ""
        t.folder = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(t), as: UTF8.self)
    }

    @Test(arguments: TemplateLoader.builtInNames)
    func everyBuiltInDesignComesBackTheSameFromThePage(name: String) throws {
        let builtIn = try #require(BuiltInTemplate.named(name))
        let design = try #require(try TemplateFile(yaml: builtIn.yaml, file: "\(name).yaml"))
        let written = design.yaml(madeFrom: name)
        let read = try TemplateLoader.parse(yaml: written.text, name: name, file: "\(name).yaml")
        #expect(try Self.placeless(read) == Self.placeless(try TemplateLoader.load(name)))
        #expect(written.text.hasPrefix("# A keychain design made on mockhoa's page from the built-in design “\(name)”."))
        // Each line names the field it holds: a problem at a line is shown at that field.
        let lines = written.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(written.fields.count == lines.count)  // index 0 unused; the last line is empty
        let shapeLine = try #require(lines.firstIndex { $0.hasPrefix("size:") })
        #expect(written.fields[shapeLine + 1] == "size")
    }

    @Test func aDesignsProblemsAreShownAtItsFieldsAndNothingIsDrawn() async throws {
        let app = try MockhoaServer.application(S.options())
        try await app.test(.live) { client in
            let state = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            #expect(state.readOnly && state.readOnlyReason == "sample" && state.base == "default")
            var round = try #require(state.gallery.first { $0.name == "round" }).design
            round.size.width = 30  // a circle in a box that is not square
            round.front[0].style = "huge"
            let reply = try S.decode(
                PreviewReply.self,
                try await client.execute(
                    uri: "/api/design/preview", method: .post, headers: S.json,
                    body: S.body(PreviewRequest(design: round, base: "round", document: S.sampleDocument(), commune: 0))))
            #expect(reply.sides.isEmpty)
            let targets = Set(reply.problems.compactMap(\.target))
            #expect(targets.isSuperset(of: ["design.shape", "design.front.0.style"]), "\(reply.problems.map(\.text))")
        }
    }

    @Test func theDesignPreviewDrawsWhatWasEdited() async throws {
        let app = try MockhoaServer.application(S.options())
        try await app.test(.live) { client in
            let state = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            var slogan = try #require(state.gallery.first { $0.name == "slogan" }).design
            let line = try #require(slogan.back?.firstIndex { $0.text != nil })
            slogan.back?[line].text = "Vì bình yên cuộc sống"
            let reply = try S.decode(
                PreviewReply.self,
                try await client.execute(
                    uri: "/api/design/preview", method: .post, headers: S.json,
                    body: S.body(PreviewRequest(design: slogan, base: "slogan", document: S.sampleDocument(), commune: 1))))
            #expect(reply.problems.filter { $0.severity == "error" }.isEmpty, "\(reply.problems.map(\.text))")
            #expect(reply.sides.count == 2)
            #expect(reply.sides[1].text?.joined(separator: " ").contains("Vì bình yên cuộc sống") == true)
            #expect(reply.yaml.contains("text: \"Vì bình yên cuộc sống\""))
        }
    }

    /// The directory file of the sample, written in a scratch folder: a real file to save beside.
    static func directory(in scratch: S.Scratch) throws -> String {
        let path = scratch.path("danh-ba.yaml")
        try DirectoryLoader.sampleYAML.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aSavedDesignIsAFileBesideTheDirectoryWhichNamesIt() async throws {
        let scratch = try S.Scratch()
        let data = try Self.directory(in: scratch)
        let before = try String(contentsOfFile: data, encoding: .utf8)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            #expect(!state.readOnly && state.etag == "new" && state.file == nil)
            var round = try #require(state.gallery.first { $0.name == "round" }).design
            round.name = "An Cựu"
            var headers = S.json
            headers[.ifMatch] = "\"new\""
            // A name that is not a plain file name is refused, and nothing is written.
            let bad = try await client.execute(
                uri: "/api/design", method: .put, headers: headers,
                body: S.body(SaveRequest(design: round, base: "round", file: "../elsewhere.yaml")))
            #expect(bad.status == .badRequest)
            let saved = try await client.execute(
                uri: "/api/design", method: .put, headers: headers,
                body: S.body(SaveRequest(design: round, base: "round", file: "an-cuu.yaml")))
            #expect(saved.status == .ok)
            let reply = try S.decode(SaveReply.self, saved)
            #expect(reply.file == "an-cuu.yaml")
            // The directory file names it, every other line as it was; the commands draw it.
            let after = try String(contentsOfFile: data, encoding: .utf8)
            #expect(after.split(separator: "\n").filter { !$0.hasPrefix("template:") } == before.split(separator: "\n"))
            #expect(after.contains("template: \"an-cuu.yaml\""))
            let loaded = try DirectoryLoader.load(path: data).directory
            #expect(try loaded.template?.load().name == "An Cựu")
            #expect(try loaded.template?.load().shape == .circle)
            // The page draws it too, at once.
            struct Directory: Decodable {
                struct Info: Decodable { var name: String; var width: Double }
                var etag: String
                var template: Info
            }
            let directory = try S.decode(Directory.self, try await client.execute(uri: "/api/directory", method: .get))
            #expect(directory.template.name == "An Cựu" && directory.template.width == 50)
            #expect(directory.etag == reply.directoryEtag)
            // Saved again from the version the page opened: stale. From the saved one: kept in the history.
            let stale = try await client.execute(
                uri: "/api/design", method: .put, headers: headers, body: S.body(SaveRequest(design: round, base: "round")))
            #expect(stale.status == .preconditionFailed)
            (round.size.width, round.size.height) = (48, 48)
            headers[.ifMatch] = "\"\(reply.etag)\""
            let again = try await client.execute(
                uri: "/api/design", method: .put, headers: headers, body: S.body(SaveRequest(design: round, base: "round")))
            #expect(again.status == .ok)
            #expect(FileHistory(of: scratch.path("an-cuu.yaml")).entries().count == 1)
            #expect(try DirectoryLoader.load(path: data).directory.template?.load().size.width == 48)
            // An edit in a text editor is drawn without a restart.
            let text = try String(contentsOfFile: scratch.path("an-cuu.yaml"), encoding: .utf8)
            try text.replacingOccurrences(of: "size: {width: 48, height: 48}", with: "size: {width: 44, height: 44}")
                .write(toFile: scratch.path("an-cuu.yaml"), atomically: true, encoding: .utf8)
            let edited = try S.decode(Directory.self, try await client.execute(uri: "/api/directory", method: .get))
            #expect(edited.template.width == 44)
            let state2 = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            #expect(state2.file == "an-cuu.yaml" && state2.design?.size.width == 44)
        }
    }

    @Test func aFileThePageDidNotMakeIsNeverReplaced() async throws {
        let scratch = try S.Scratch()
        let data = try Self.directory(in: scratch)
        try "# someone's notes\n".write(toFile: scratch.path("notes.yaml"), atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            var headers = S.json
            headers[.ifMatch] = "\"new\""
            let clash = try await client.execute(
                uri: "/api/design", method: .put, headers: headers,
                body: S.body(SaveRequest(design: state.design!, base: "default", file: "notes.yaml")))
            #expect(clash.status == .conflict)
            #expect(String(buffer: clash.body).contains("notes.yaml"))
            #expect(try String(contentsOfFile: scratch.path("notes.yaml"), encoding: .utf8) == "# someone's notes\n")
            #expect(try String(contentsOfFile: data, encoding: .utf8) == DirectoryLoader.sampleYAML)
        }
    }

    static let logo = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
             width="40" height="40" viewBox="0 0 40 40" onload="alert(1)">
          <metadata>drawn by hand</metadata>
          <script>alert(2)</script>
          <circle cx="20" cy="20" r="18" fill="#FFFFFF" inkscape:label="disc"/>
        </svg>
        """

    @Test func anUploadedPictureIsCheckedCleanedAndKeptInAssets() async throws {
        let scratch = try S.Scratch()
        let data = try Self.directory(in: scratch)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let svg: HTTPFields = [.contentType: "image/svg+xml"]
            let first = try await client.execute(
                uri: "/api/assets?name=Logo%20C%C3%B4ng%20an.svg", method: .post, headers: svg, body: ByteBuffer(string: Self.logo))
            #expect(first.status == .created)
            let stored = try S.decode(StoredReply.self, first)
            #expect(stored.file == "assets/logo-cong-an.svg" && stored.kind == "svg")
            let kept = try String(contentsOfFile: scratch.path(stored.file), encoding: .utf8)
            for gone in ["DOCTYPE", "onload", "<script", "<metadata", "inkscape"] { #expect(!kept.contains(gone), "\(gone)") }
            #expect(kept.contains("<circle") && kept.contains("fill=\"#FFFFFF\""))
            // The same picture again is the same file; another of the same name gets its own.
            let again = try S.decode(
                StoredReply.self,
                try await client.execute(
                    uri: "/api/assets?name=Logo%20C%C3%B4ng%20an.svg", method: .post, headers: svg, body: ByteBuffer(string: Self.logo)))
            #expect(again.file == stored.file)
            let other = try S.decode(
                StoredReply.self,
                try await client.execute(
                    uri: "/api/assets?name=Logo%20C%C3%B4ng%20an.svg", method: .post, headers: svg,
                    body: ByteBuffer(string: Self.logo.replacingOccurrences(of: "#FFFFFF", with: "#FFD200"))))
            #expect(other.file == "assets/logo-cong-an-2.svg")
            // Refused quickly with a reason, and nothing written.
            let refused = [
                #"<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>"#,
                #"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(file:///etc/passwd);</style></svg>"#,
                "hello, not a picture",
            ]
            for body in refused {
                let reply = try await client.execute(
                    uri: "/api/assets?name=x.svg", method: .post, headers: svg, body: ByteBuffer(string: body))
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(String(buffer: reply.body).contains("x.svg"))
            }
            // A form of another site cannot upload: text/plain is refused before anything is read.
            let plain = try await client.execute(
                uri: "/api/assets?name=y.svg", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: Self.logo))
            #expect(plain.status == .unsupportedMediaType)
            let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path("assets")).sorted()
            #expect(files == ["logo-cong-an-2.svg", "logo-cong-an.svg"])
        }
    }

    /// A draft's `template:` and a design's pictures come from a request: nothing outside the
    /// directory file's folder is read (not even looked at), and the problem says so at its field.
    @Test func namesFromARequestReachNoFileOutsideTheDirectorysFolder() async throws {
        let scratch = try S.Scratch()
        let data = try Self.directory(in: scratch)
        let outside = try S.Scratch()
        try "size: {width: 60, height: 40}\nsecret-key: 1\n".write(toFile: outside.path("t.yaml"), atomically: true, encoding: .utf8)
        try Self.logo.write(toFile: outside.path("logo.svg"), atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            var document = S.sampleDocument()
            for name in [outside.path("t.yaml"), "../\(outside.folder.lastPathComponent)/t.yaml", "/etc/passwd"] {
                document.template = name
                let reply = try S.decode(
                    S.PreviewReply.self,
                    try await client.execute(
                        uri: "/api/preview", method: .post, headers: S.json,
                        body: S.body(S.PreviewRequest(document: document, commune: 1))))
                #expect(reply.sides.isEmpty)
                let texts = reply.problems.map(\.text).joined(separator: "\n")
                #expect(reply.problems.contains { $0.target == "template" && $0.message.contains("inside the folder") }, "\(texts)")
                #expect(!texts.contains("secret-key") && !texts.contains("root"), "\(texts)")
            }
            let state = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            var design = try #require(state.design)
            for name in [outside.path("logo.svg"), "../\(outside.folder.lastPathComponent)/logo.svg"] {
                design.back?.insert(.init(image: name, height: 6), at: 0)
                let reply = try S.decode(
                    PreviewReply.self,
                    try await client.execute(
                        uri: "/api/design/preview", method: .post, headers: S.json,
                        body: S.body(PreviewRequest(design: design, base: "default", document: S.sampleDocument(), commune: 1))))
                #expect(reply.problems.contains { $0.message.contains("inside the folder") }, "\(reply.problems.map(\.text))")
                design.back?.removeFirst()
            }
        }
    }

    /// A directory file naming a template outside its folder (saved so from the page, say): the
    /// design tab neither reads nor writes that file.
    @Test func aDesignOutsideTheDirectorysFolderIsNeitherReadNorWritten() async throws {
        let scratch = try S.Scratch()
        let data = try Self.directory(in: scratch)
        let outside = try S.Scratch()
        let victim = outside.path("victim.yaml")
        try "keep: me\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try ("template: \"\(victim)\"\n" + DirectoryLoader.sampleYAML).write(toFile: data, atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try await client.execute(uri: "/api/design", method: .get)
            #expect(state.status == .conflict)
            #expect(!String(buffer: state.body).contains("keep"))
            var headers = S.json
            headers[.ifMatch] = "\"\(Workspace.tag(Array("keep: me\n".utf8)))\""
            let design = try #require(Self.gallery("round"))
            let save = try await client.execute(
                uri: "/api/design", method: .put, headers: headers, body: S.body(SaveRequest(design: design, base: "round")))
            #expect(save.status == .conflict)
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep: me\n")
        }
    }

    static func gallery(_ name: String) -> TemplateFile? {
        BuiltInTemplate.named(name).flatMap { try? TemplateFile(yaml: $0.yaml, file: name) }
    }

    @Test func withTemplateGivenThePageShowsThatDesignAndSavesNone() async throws {
        let scratch = try S.Scratch()
        let data = try Self.directory(in: scratch)
        var options = S.options(data: data)
        options.template = "compact"
        let app = try MockhoaServer.application(options)
        try await app.test(.live) { client in
            let state = try S.decode(API.DesignState.self, try await client.execute(uri: "/api/design", method: .get))
            #expect(state.readOnly && state.readOnlyReason == "template")
            #expect(state.design?.shape == "stadium")
            var headers = S.json
            headers[.ifMatch] = "\"new\""
            let refused = try await client.execute(
                uri: "/api/design", method: .put, headers: headers,
                body: S.body(SaveRequest(design: state.design!, base: "compact", file: "mine.yaml")))
            #expect(refused.status == .conflict)
            #expect(!FileManager.default.fileExists(atPath: scratch.path("mine.yaml")))
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockhoaCore
import Testing
@testable import MockhoaServer

/// The API as a client sees it, over a real socket: `mockhoa serve` on a free port.
@Suite struct ServerTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    /// A scratch folder with the paths a test's server may use.
    struct Scratch {
        let folder: URL
        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("mockhoa-serve-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    static func options(data: String? = nil, token: String? = nil) -> ServeOptions {
        var options = ServeOptions(dataPath: data, template: nil)
        options.port = 0
        options.token = token
        return options
    }

    static func sampleDocument() -> DirectoryDocument {
        DirectoryDocument.read(yaml: DirectoryLoader.sampleYAML)!.document
    }

    static func body<T: Encodable>(_ value: T) throws -> ByteBuffer { ByteBuffer(bytes: try JSONEncoder().encode(value)) }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    struct PreviewRequest: Encodable {
        var document: DirectoryDocument
        var commune: Int
        var format = "svg"
    }

    struct PreviewReply: Decodable {
        struct Side: Decodable { var name: String; var data: String?; var text: [String]?; var error: String? }
        var problems: [Problem]
        var commune: String
        var sides: [Side]
    }

    struct DraftRequest: Encodable { var document: DirectoryDocument }

    @Test func theDraftWrittenAsYAMLLoadsAsTheSampleDoes() throws {
        let document = Self.sampleDocument()
        let loaded = try DirectoryLoader.load(yaml: document.yaml().text, path: "draft.yaml").directory
        let sample = DirectoryLoader.sample().directory
        #expect(loaded.district == sample.district)
        #expect(loaded.communes.map(\.name) == sample.communes.map(\.name))
        #expect(loaded.communes.map(\.phone) == sample.communes.map(\.phone))
        #expect(loaded.communes.map(\.neighbourNames) == sample.communes.map(\.neighbourNames))
        #expect(loaded.communes.map(\.quantity) == sample.communes.map(\.quantity))
        #expect(loaded.outside == sample.outside)
        // A name YAML would read otherwise, and quotes and backslashes, come back as typed.
        for name in ["yes", "Null", "123", "A: B", "- x", "#1", "\"q\" \\ back", "<img src=x onerror=alert(1)>", " lead"] {
            var edited = document
            edited.communes[0].name = name
            let (text, _) = edited.yaml()
            let read = DirectoryDocument.read(yaml: text)!.document
            #expect(read.communes[0].name == name, "\(name) came back as \(read.communes[0].name)")
        }
    }

    @Test func withATokenEveryRequestNeedsIt() async throws {
        let app = try MockhoaServer.application(Self.options(token: "test-token-123"))
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/api/directory", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/", method: .get).status == .unauthorized)
            let draft = try Self.body(PreviewRequest(document: Self.sampleDocument(), commune: 0))
            let refused = try await client.execute(uri: "/api/preview", method: .post, headers: Self.json, body: draft)
            #expect(refused.status == .unauthorized)
            #expect(!String(buffer: refused.body).contains("\"sides\""))
            let wrong = try await client.execute(
                uri: "/api/directory", method: .get,
                headers: [.init("X-Mockhoa-Token")!: "test-token-124"])
            #expect(wrong.status == .unauthorized)
            // Said in the page's language.
            let english = try await client.execute(uri: "/api/directory", method: .get)
            #expect(String(buffer: english.body).contains("an access token is needed"))
            let vietnamese = try await client.execute(uri: "/api/directory", method: .get, headers: [.acceptLanguage: "vi"])
            #expect(String(buffer: vietnamese.body).contains("cần mã truy cập"), "\(String(buffer: vietnamese.body))")
            let header = try await client.execute(
                uri: "/api/directory", method: .get,
                headers: [.init("X-Mockhoa-Token")!: "test-token-123"])
            #expect(header.status == .ok)
            let page = try await client.execute(uri: "/?token=test-token-123", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.setCookie]?.contains("mockhoa-token=test-token-123") == true)
            #expect(page.headers[.setCookie]?.contains("HttpOnly") == true)
            let cookie = try await client.execute(
                uri: "/api/directory", method: .get,
                headers: [.cookie: "other=1; mockhoa-token=test-token-123"])
            #expect(cookie.status == .ok)
        }
    }

    @Test func aLoopbackServerAnswersOnlyToLoopbackNames() async throws {
        let app = try MockhoaServer.application(Self.options())
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/api/directory", method: .get).status == .ok)
            // A page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) is refused.
            let port = client.port ?? 0
            let rebound = TestClient(host: "127.0.0.1", port: port, configuration: .init())
            rebound.connect()
            let response = try await rebound.execute(.init("/api/directory", method: .get, authority: "evil.example:\(port)"))
            #expect(response.status == .forbidden)
            try await rebound.shutdown()
        }
    }

    @Test func anOversizedBodyGets413AndTheServerStaysUp() async throws {
        var options = Self.options()
        options.bodyLimit = 1024 * 1024
        let app = try MockhoaServer.application(options)
        try await app.test(.live) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 3 * 1024 * 1024)
            let response = try await client.execute(uri: "/api/check", method: .post, headers: Self.json, body: big)
            #expect(response.status == .contentTooLarge)
            let after = try await TestClient.withClient(host: "localhost", port: client.port!) { fresh in
                try await fresh.execute(.init("/api/directory", method: .get, authority: "localhost"))
            }
            #expect(after.status == .ok)
        }
    }

    @Test func stateChangingRequestsNeedJSON() async throws {
        let app = try MockhoaServer.application(Self.options())
        try await app.test(.live) { client in
            let form = ByteBuffer(string: "document=x")
            let response = try await client.execute(
                uri: "/api/check", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: form)
            #expect(response.status == .unsupportedMediaType)
            let bad = try await client.execute(
                uri: "/api/check", method: .post, headers: Self.json,
                body: ByteBuffer(string: "{\"document\": 3}"))
            #expect(bad.status == .badRequest)
        }
    }

    @Test func anInjectedNameComesBackAsText() async throws {
        let app = try MockhoaServer.application(Self.options())
        let name = "<img src=x onerror=alert(1)>"
        let document: DirectoryDocument = {
            var document = Self.sampleDocument()
            let old = document.communes[0].name
            document.communes[0].name = name
            for i in document.communes.indices {
                document.communes[i].neighbours = document.communes[i].neighbours.map { $0 == old ? name : $0 }
            }
            return document
        }()
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/api/preview", method: .post, headers: Self.json,
                body: try Self.body(PreviewRequest(document: document, commune: 0)))
            #expect(response.status == .ok)
            let reply = try Self.decode(PreviewReply.self, response)
            #expect(reply.commune == name)
            #expect(reply.sides.count == 2)
            // The layout may break the line at a space.
            #expect(reply.sides.contains { $0.text?.joined(separator: " ").lowercased().contains(name.lowercased()) == true })
            // The page carries the saved directory only (as inert JSON: PageTests), never a draft.
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(!String(buffer: page.body).contains("onerror"))
        }
    }

    @Test func problemsAreCheckDiagnosticsPointingAtTheirField() async throws {
        let app = try MockhoaServer.application(Self.options())
        let document: DirectoryDocument = {
            var document = Self.sampleDocument()
            document.communes[2].phone = "0272 38"
            return document
        }()
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/api/preview", method: .post, headers: Self.json,
                body: try Self.body(PreviewRequest(document: document, commune: 2)))
            let reply = try Self.decode(PreviewReply.self, response)
            let problem = try #require(reply.problems.first { $0.severity == "error" })
            #expect(problem.target == "communes.2.phone")
            #expect(problem.message.contains("invalid phone number \"0272 38\""))
            #expect(problem.commune == document.communes[2].name)
            #expect(reply.sides.isEmpty)  // no picture the files would not match
        }
    }

    @Test func aSideThatDoesNotFitShowsItsErrorNotAPicture() async throws {
        let app = try MockhoaServer.application(Self.options())
        let document: DirectoryDocument = {
            var document = Self.sampleDocument()
            for i in 0..<12 {
                document.outside.append(
                    .init(
                        name: "Xã Rất Dài Tên Số \(i)", district: "Huyện Khác", kind: "xã",
                        phone: "0272 3800 1\(String(format: "%02d", i))"))
                document.communes[0].neighbours.append("Xã Rất Dài Tên Số \(i)")
            }
            return document
        }()
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/api/preview", method: .post, headers: Self.json,
                body: try Self.body(PreviewRequest(document: document, commune: 0)))
            let reply = try Self.decode(PreviewReply.self, response)
            #expect(reply.sides.count == 2)
            #expect(reply.sides[0].data != nil)
            #expect(reply.sides[1].data == nil)
            #expect(reply.sides[1].error?.isEmpty == false)
            #expect(reply.problems.contains { $0.severity == "error" && $0.target == "communes.0" })
        }
    }

    @Test func noPathOutsideTheDirectoryFileIsReached() async throws {
        let scratch = try Scratch()
        let data = scratch.path("danh-ba.yaml")
        try DirectoryLoader.sampleYAML.write(toFile: data, atomically: true, encoding: .utf8)
        try "secret".write(toFile: scratch.path("secret.yaml"), atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(Self.options(data: data))
        try await app.test(.live) { client in
            for uri in [
                "/api/communes/..%2Fsecret/front.png", "/api/communes/../../secret.yaml",
                "/api/communes/long-hau/..%2F..%2Fsecret.yaml", "/api/communes/%2e%2e/front.png",
                "/api/history/..%2Fsecret", "/api/history/..%2F..%2Fdanh-ba", "/api/batch/..%2F..%2Fetc/zip",
                "/app.js/../../secret.yaml", "/..%2Fsecret.yaml",
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri): \(response.status)")
                #expect(!String(buffer: response.body).contains("secret\n") && String(buffer: response.body) != "secret")
            }
            #expect(try await client.execute(uri: "/api/communes/long-hau/front.png", method: .get).status == .ok)
        }
    }

    @Test func fiftyPreviewsAtOnceAreAllAnswered() async throws {
        var options = Self.options()
        options.renderWait = .seconds(180)  // a debug build on a loaded machine: a queue, not a refusal
        let app = try MockhoaServer.application(options)
        let document = Self.sampleDocument()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<50 {
                    var edited = document
                    edited.communes[i % edited.communes.count].quantity = "\(1000 + i)"
                    let body = try Self.body(PreviewRequest(document: edited, commune: i % edited.communes.count))
                    group.addTask {
                        try await TestClient.withClient(
                            host: "localhost", port: port,
                            configuration: .init(timeout: .seconds(180))
                        ) { c in
                            try await c.execute(
                                .init(
                                    "/api/preview", method: .post, authority: "localhost",
                                    headers: [.contentType: "application/json"], body: body)
                            ).status
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 50)
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.map(\.code))")
        }
    }

    @Test func savingChecksTheVersionAndKeepsTheHistory() async throws {
        let scratch = try Scratch()
        let data = scratch.path("new.yaml")
        let app = try MockhoaServer.application(Self.options(data: data))
        let document: DirectoryDocument = {
            var document = Self.sampleDocument()
            document.communes[0].phone = "0272 3874 999"
            return document
        }()
        try await app.test(.live) { client in
            let first = try await client.execute(uri: "/api/directory", method: .get)
            #expect(first.headers[.eTag] == "\"new\"")
            #expect(!FileManager.default.fileExists(atPath: data))
            let draft = try Self.body(DraftRequest(document: document))
            let noVersion = try await client.execute(uri: "/api/directory", method: .put, headers: Self.json, body: draft)
            #expect(noVersion.status == .preconditionRequired)
            var headers = Self.json
            headers[.ifMatch] = "\"new\""
            let saved = try await client.execute(uri: "/api/directory", method: .put, headers: headers, body: draft)
            #expect(saved.status == .ok)
            let text = try String(contentsOfFile: data, encoding: .utf8)
            #expect(text.contains("\"0272 3874 999\""))
            #expect(try DirectoryLoader.load(path: data).directory.communes[0].phone.digits == "02723874999")
            // The same version again: someone saved since.
            let stale = try await client.execute(uri: "/api/directory", method: .put, headers: headers, body: draft)
            #expect(stale.status == .preconditionFailed)
            // Another editor changes the file: the tag the page holds is stale.
            let tag = try #require(saved.headers[.eTag])
            try (text + "# edited elsewhere\n").write(toFile: data, atomically: true, encoding: .utf8)
            headers[.ifMatch] = tag
            let changed = try await client.execute(uri: "/api/directory", method: .put, headers: headers, body: draft)
            #expect(changed.status == .preconditionFailed)
            #expect(try String(contentsOfFile: data, encoding: .utf8).hasSuffix("# edited elsewhere\n"))
            // With the new tag it saves; the version it replaced is in the history and can be restored.
            let current = try await client.execute(uri: "/api/directory", method: .get)
            headers[.ifMatch] = current.headers[.eTag]
            #expect(try await client.execute(uri: "/api/directory", method: .put, headers: headers, body: draft).status == .ok)
            struct Entry: Decodable { var id: String }
            let history = try Self.decode([Entry].self, try await client.execute(uri: "/api/history", method: .get))
            #expect(history.count == 1)
            let old = try await client.execute(uri: "/api/history/\(history[0].id)", method: .get)
            #expect(String(buffer: old.body).hasSuffix("# edited elsewhere\n"))
            let now = try await client.execute(uri: "/api/directory", method: .get)
            headers[.ifMatch] = now.headers[.eTag]
            let restore = try await client.execute(
                uri: "/api/history/\(history[0].id)/restore", method: .post,
                headers: headers, body: ByteBuffer(string: "{}"))
            #expect(restore.status == .ok)
            #expect(try String(contentsOfFile: data, encoding: .utf8).hasSuffix("# edited elsewhere\n"))
            // Only the file and its history folder were written.
            let names = try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).sorted()
            #expect(names == [".new.yaml.history", "new.yaml"])
        }
    }

    @Test func theSampleIsReadOnly() async throws {
        let app = try MockhoaServer.application(Self.options())
        try await app.test(.live) { client in
            var headers = Self.json
            headers[.ifMatch] = "\"sample\""
            let response = try await client.execute(
                uri: "/api/directory", method: .put, headers: headers,
                body: try Self.body(DraftRequest(document: Self.sampleDocument())))
            #expect(response.status == .forbidden)
        }
    }

    @Test func aDirectoryFileThatCannotBeReadIsSaidInTheRequestsLanguage() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let data = scratch.path("danh-ba.yaml")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)  // a folder, not a file
        let app = try MockhoaServer.application(Self.options(data: data))
        try await app.test(.live) { client in
            for language in Language.allCases {
                let response = try await client.execute(
                    uri: "/api/directory", method: .get, headers: [.acceptLanguage: language.rawValue])
                #expect(response.status == .internalServerError)
                let error = try #require(try Self.decode([String: String].self, response)["error"])
                let expected = Message("output.cannotRead", data, InputFileProblem.notRegularFile(Message("file.kind.folder")).message)
                #expect(error == expected.text(in: language), "\(language): \(error)")
            }
        }
    }

    @Test func aRequestThatIsNotTheJSONExpectedIsToldInItsLanguage() async throws {
        let app = try MockhoaServer.application(Self.options())
        try await app.test(.live) { client in
            for language in Language.allCases {
                var headers = Self.json
                headers[.acceptLanguage] = language.rawValue
                let response = try await client.execute(
                    uri: "/api/directory", method: .put, headers: headers, body: ByteBuffer(string: "{}"))
                #expect(response.status == .badRequest)
                let error = try #require(try Self.decode([String: String].self, response)["error"])
                let expected = Message("api.notExpectedJSON", Message("api.json.missing", "document"))
                #expect(error == expected.text(in: language), "\(language): \(error)")
            }
        }
    }

    @Test func filesOfTheSavedDirectoryAreCacheable() async throws {
        let app = try MockhoaServer.application(Self.options())
        try await app.test(.live) { client in
            let png = try await client.execute(uri: "/api/communes/long-hau/front.png?dpi=72", method: .get)
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
            #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            let tag = try #require(png.headers[.eTag])
            let again = try await client.execute(
                uri: "/api/communes/long-hau/front.png?dpi=72", method: .get,
                headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            let sheet = try await client.execute(uri: "/api/communes/long-hau/sheet.pdf?paper=A5", method: .get)
            #expect(sheet.status == .ok)
            #expect(String(buffer: sheet.body).hasPrefix("%PDF-"))
            let badPaper = try await client.execute(uri: "/api/communes/long-hau/sheet.pdf?paper=B9", method: .get)
            #expect(badPaper.status == .badRequest)
        }
    }
}

@Suite struct OverviewRouteTests {
    @Test("the overview is drawn in the request's language, not the server's")
    func overviewInTheRequestsLanguage() async throws {
        let scratch = try ServerTests.Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        try DirectoryLoader.sampleYAML.write(toFile: scratch.path("danh-ba.yaml"), atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(ServerTests.options(data: scratch.path("danh-ba.yaml")))
        try await app.test(.live) { client in
            for (language, expected) in [("vi", "trang 1/"), ("en", "page 1 of")] {
                let response = try await client.execute(uri: "/api/overview.pdf", method: .get, headers: [.acceptLanguage: language])
                #expect(response.status == .ok)
                let pdf = scratch.path("overview-\(language).pdf")
                try Data(response.body.readableBytesView).write(to: URL(fileURLWithPath: pdf))
                let text = try pdftotext(pdf)
                #expect(text.contains(expected), "\(language): \(text.prefix(200))")
            }
        }
    }

    func pdftotext(_ path: String) throws -> String {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [path, "-"]
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mockhoa
import MockhoaCore
import Testing
@testable import MockhoaServer

/// Previews of drafts and of the saved directory: PNG as well as SVG, and the caches behind
/// them, which never give a picture other than drawing again would.
@Suite struct PreviewTests {
    typealias Preview = ServerTests.PreviewRequest

    struct PNGPreview: Encodable {
        var document: DirectoryDocument
        var commune: Int
        var format = "png"
        var dpi: Double?
    }

    struct Reply: Decodable {
        struct Side: Decodable { var name: String; var mime: String?; var data: String?; var text: [String]? }
        var problems: [Problem]
        var sides: [Side]
    }

    static func preview<T: Encodable>(_ client: some TestClientProtocol, _ body: T) async throws -> Reply {
        let response = try await client.execute(
            uri: "/api/preview", method: .post, headers: ServerTests.json,
            body: try ServerTests.body(body))
        #expect(response.status == .ok)
        return try ServerTests.decode(Reply.self, response)
    }

    /// A PNG's width in pixels, from its header.
    static func pngWidth(_ bytes: Data) -> Int {
        bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
    }

    @Test func theCacheKeepsTheRecentlyUsedWithinItsBytes() {
        let cache = LRUCache<String, Int>(bytes: 100)
        cache.insert(1, for: "a", cost: 40)
        cache.insert(2, for: "b", cost: 40)
        #expect(cache.value(for: "a") == 1)  // "a" used last: "b" goes first
        cache.insert(3, for: "c", cost: 40)
        #expect(cache.value(for: "b") == nil)
        #expect(cache.value(for: "a") == 1 && cache.value(for: "c") == 3)
        #expect(cache.usage.bytes == 80 && cache.usage.count == 2)
        cache.insert(4, for: "huge", cost: 101)  // larger than the whole cache: not kept, nothing evicted
        #expect(cache.value(for: "huge") == nil && cache.usage.count == 2)
        cache.insert(5, for: "a", cost: 10)
        #expect(cache.value(for: "a") == 5 && cache.usage.bytes == 50)
    }

    @Test func aDraftIsPreviewedAsPNGAtTheResolutionAsked() async throws {
        let app = try MockhoaServer.application(ServerTests.options())
        let document = ServerTests.sampleDocument()
        try await app.test(.live) { client in
            let atDefault = try await Self.preview(client, PNGPreview(document: document, commune: 1))
            let at96 = try await Self.preview(client, PNGPreview(document: document, commune: 1, dpi: 96))
            #expect(atDefault.sides.count == 2)
            for side in atDefault.sides + at96.sides {
                #expect(side.mime == "image/png")
                let bytes = try #require(side.data.flatMap { Data(base64Encoded: $0) })
                #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            }
            #expect(atDefault.sides.flatMap { $0.text ?? [] }.contains { $0.contains("Long Hậu") })
            let big = try #require(atDefault.sides[0].data.flatMap { Data(base64Encoded: $0) })
            let small = try #require(at96.sides[0].data.flatMap { Data(base64Encoded: $0) })
            #expect(abs(Self.pngWidth(big) - 2 * Self.pngWidth(small)) <= 1, "192 dpi is twice 96 dpi's width")
            for bad in [#"{"format": "gif"}"#, #"{"format": "png", "dpi": 5}"#] {
                var body =
                    try JSONSerialization.jsonObject(with: JSONEncoder().encode(Preview(document: document, commune: 1)))
                    as! [String: Any]
                body.merge(try JSONSerialization.jsonObject(with: Data(bad.utf8)) as! [String: Any]) { _, new in new }
                let response = try await client.execute(
                    uri: "/api/preview", method: .post, headers: ServerTests.json,
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
                #expect(response.status == .badRequest, "\(bad)")
            }
        }
    }

    /// An edit shows at once, on the commune edited and on its neighbour, whose back lists it;
    /// going back gives the first pictures again, byte for byte what a fresh server draws.
    @Test func aCachedPictureIsWhatDrawingAgainGives() async throws {
        let document = ServerTests.sampleDocument()
        let edited = {
            var edited = document
            edited.communes[1].phone = "0272 3874 998"
            return edited
        }()
        let neighbour = try #require(document.communes.firstIndex { $0.neighbours.contains(document.communes[1].name) })
        let first = try await MockhoaServer.application(ServerTests.options()).test(.live) { client in
            var first: [String?] = []
            for format in ["svg", "png"] {
                for commune in [1, neighbour] {
                    let before = try await Self.preview(client, Preview(document: document, commune: commune, format: format))
                    let after = try await Self.preview(client, Preview(document: edited, commune: commune, format: format))
                    let back = try await Self.preview(client, Preview(document: document, commune: commune, format: format))
                    #expect(!before.sides.flatMap { $0.text ?? [] }.joined().contains("3874 998"))
                    #expect(after.sides.flatMap { $0.text ?? [] }.joined().contains("3874 998"), "commune \(commune)")
                    #expect(after.sides.map(\.data) != before.sides.map(\.data))
                    #expect(back.sides.map(\.data) == before.sides.map(\.data))
                    first += before.sides.map(\.data)
                }
            }
            return first
        }
        let again = try await MockhoaServer.application(ServerTests.options()).test(.live) { client in
            var again: [String?] = []
            for format in ["svg", "png"] {
                for commune in [1, neighbour] {
                    again += try await Self.preview(client, Preview(document: document, commune: commune, format: format))
                        .sides.map(\.data)
                }
            }
            return again
        }
        #expect(first == again)
    }

    /// A preview the caches hold is answered while every worker is busy; one they do not hold
    /// waits in line, and past its time limit is refused (503).
    @Test func aCachedPreviewDoesNotWaitForAWorker() async throws {
        let template = try TemplateLoader.load(nil)
        let sample = DirectoryLoader.sample()
        let pool = RenderPool(
            workers: 1,
            inputs: Inputs(
                directory: sample.directory, template: template,
                warnings: sample.warnings))
        let studio = Studio(
            designs: Designs(fixed: nil, folder: FileManager.default.currentDirectoryPath), pool: pool, source: "sample", date: "2026-01-01"
        )
        let document = ServerTests.sampleDocument()
        let name = document.communes[1].name
        let first = try await studio.preview(
            Studio.Draft(document), commune: name, format: .svg, dpi: 192, language: .en,
            limit: .seconds(120))
        let (started, taken) = AsyncStream.makeStream(of: Void.self)
        let blocker = Task {
            try await pool.run(limit: .seconds(120)) { _ in
                taken.yield()
                Thread.sleep(forTimeInterval: 2)
            }
        }
        for await _ in started { break }  // the only worker is busy from here on
        let again = try await studio.preview(
            Studio.Draft(document), commune: name, format: .svg, dpi: 192,
            language: .en, limit: .milliseconds(100))
        #expect(again.sides.map(\.data) == first.sides.map(\.data))
        var edited = document
        edited.communes[1].phone = "0272 3874 997"
        await #expect(throws: RenderPool.Busy.self) {
            try await studio.preview(
                Studio.Draft(edited), commune: name, format: .svg, dpi: 192, language: .en,
                limit: .milliseconds(100))
        }
        try await blocker.value
    }

    /// The page keeps each keychain's plan by what its sides say: an edit to one commune's number
    /// plans again the keychains that print it (its own and its neighbours') and takes every other
    /// from the cache, and the edited one shows the edit.
    @Test func anEditPlansAgainOnlyTheKeychainsItChanged() async throws {
        let template = try TemplateLoader.load(nil)
        let sample = DirectoryLoader.sample()
        let pool = RenderPool(
            workers: 1, inputs: Inputs(directory: sample.directory, template: template, warnings: sample.warnings))
        let studio = Studio(
            designs: Designs(fixed: nil, folder: FileManager.default.currentDirectoryPath), pool: pool, source: "sample", date: "2026-01-01"
        )
        let document = ServerTests.sampleDocument()
        let name = document.communes[1].name
        _ = try await studio.preview(
            Studio.Draft(document), commune: name, format: .svg, dpi: 192, language: .en, limit: .seconds(120))
        let planned = studio.plans.usage.count
        #expect(planned == document.communes.count)
        var edited = document
        edited.communes[1].phone = "0272 3874 997"
        func contents(_ document: DirectoryDocument) throws -> [[SideContent]] {
            let directory = try DirectoryLoader.load(yaml: Studio.Draft(document).yaml, path: "sample").directory
            return directory.communes.map { KeychainData(directory: directory, commune: $0).content(of: template) }
        }
        let changed = zip(try contents(document), try contents(edited)).filter { $0 != $1 }.count
        #expect(changed > 1 && changed < document.communes.count, "the commune and the neighbours that print its number")
        let after = try await studio.preview(
            Studio.Draft(edited), commune: name, format: .svg, dpi: 192, language: .en, limit: .seconds(120))
        #expect(studio.plans.usage.count == planned + changed)
        #expect(after.sides.contains { $0.text?.contains { $0.contains("3874 997") } == true })
    }

    /// A saved side's picture is tagged by what it is drawn from: a save that leaves the side as it
    /// was keeps its tag (304), one that changes it does not; the draft preview draws the same bytes.
    @Test func aSavedPictureKeepsItsTagUntilWhatItShowsChanges() async throws {
        let scratch = try ServerTests.Scratch()
        let data = scratch.path("danh-ba.yaml")
        try DirectoryLoader.sampleYAML.write(toFile: data, atomically: true, encoding: .utf8)
        try await MockhoaServer.application(ServerTests.options(data: data)).test(.live) { client in
            var document = ServerTests.sampleDocument()
            let svg = try await client.execute(uri: "/api/communes/long-hau/back.svg", method: .get)
            #expect(svg.status == .ok && svg.headers[.contentType] == "image/svg+xml")
            let tag = try #require(svg.headers[.eTag])
            let drafted = try await Self.preview(client, Preview(document: document, commune: 1))
            #expect(drafted.sides[1].data.flatMap { Data(base64Encoded: $0) } == Data(svg.body.readableBytesView))
            // The front is the issuer's side, the same picture for every commune: the same tag.
            let front = try await client.execute(uri: "/api/communes/long-hau/front.png", method: .get)
            let otherFront = try await client.execute(uri: "/api/communes/phuoc-lai/front.png", method: .get)
            #expect(front.headers[.eTag] != nil && front.headers[.eTag] == otherFront.headers[.eTag])

            func save(_ document: DirectoryDocument) async throws {
                let state = try await client.execute(uri: "/api/directory", method: .get)
                let response = try await client.execute(
                    uri: "/api/directory", method: .put,
                    headers: [.contentType: "application/json", .ifMatch: try #require(state.headers[.eTag])],
                    body: try ServerTests.body(ServerTests.DraftRequest(document: document)))
                #expect(response.status == .ok)
            }
            func status() async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/api/communes/long-hau/back.svg", method: .get,
                    headers: [.ifNoneMatch: tag]
                ).status
            }
            document.communes[1].quantity = "2500"  // on the sheet's slug line, not on a side
            try await save(document)
            #expect(try await status() == .notModified)
            document.communes[1].phone = "0272 3874 996"
            try await save(document)
            #expect(try await status() == .ok)
        }
    }

    /// A directory file that names a template: the page draws it (a 50 mm disc, square) unless the
    /// server was started with `--template`, and a save from the page keeps the key.
    @Test func theTemplateTheFileNamesIsDrawnAndSavingKeepsIt() async throws {
        struct State: Decodable {
            struct Template: Decodable { var name: String; var width: Double; var height: Double }
            var template: Template
            var document: DirectoryDocument
        }
        let scratch = try ServerTests.Scratch()
        let data = scratch.path("danh-ba.yaml")
        try ("template: round\n" + DirectoryLoader.sampleYAML).write(toFile: data, atomically: true, encoding: .utf8)
        try await MockhoaServer.application(ServerTests.options(data: data)).test(.live) { client in
            let response = try await client.execute(uri: "/api/directory", method: .get)
            let state = try ServerTests.decode(State.self, response)
            #expect(state.template.name == "round" && state.template.width == 50 && state.template.height == 50)
            #expect(state.document.template == "round")
            let preview = try await Self.preview(client, PNGPreview(document: state.document, commune: 1, dpi: 96))
            let png = try #require(preview.sides.first?.data.flatMap { Data(base64Encoded: $0) })
            #expect(Self.pngWidth(png) == png[20..<24].reduce(0) { $0 << 8 | Int($1) }, "a disc's side is square")
            var document = state.document
            document.communes[1].phone = "0272 3874 996"
            let saved = try await client.execute(
                uri: "/api/directory", method: .put,
                headers: [.contentType: "application/json", .ifMatch: try #require(response.headers[.eTag])],
                body: try ServerTests.body(ServerTests.DraftRequest(document: document)))
            #expect(saved.status == .ok)
            let named = try DirectoryLoader.load(path: data).directory.template
            #expect(named == DirectoryTemplate(name: "round", location: SourceLocation(file: data, line: 1)))
        }
        var options = ServerTests.options(data: data)
        options.template = "default"
        try await MockhoaServer.application(options).test(.live) { client in
            let state = try ServerTests.decode(State.self, try await client.execute(uri: "/api/directory", method: .get))
            #expect(state.template.name == "default" && state.document.template == "round")
        }
    }
}

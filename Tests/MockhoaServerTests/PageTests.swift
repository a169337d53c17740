import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockhoaCore
import Testing
@testable import MockhoaServer

/// The page as served: its labels come from the message catalogues, and `index.html` carries
/// the labels and the directory it first shows, as inert JSON.
@Suite struct PageTests {
    static let catalogue = MessageCatalogue.shared

    /// The `PageStart` JSON of a served `index.html`.
    static func start(of html: String) throws -> [String: Any] {
        let open = try #require(html.range(of: #"<script type="application/json" id="page-start">"#))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        let json = Data(html[open.upperBound..<close.lowerBound].utf8)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    static func labels(_ start: [String: Any]) -> [String: String]? {
        (start["text"] as? [String: Any])?["labels"] as? [String: String]
    }

    @Test func everyLabelThePageUsesIsInTheCatalogue() throws {
        let script = String(decoding: PackageResources.app_js + PackageResources.design_js, as: UTF8.self)
        let html = String(decoding: PackageResources.index_html, as: UTF8.self)
        let used = Set(script.matches(of: /\bt\("([^"]*)"\)/).map { String($0.output.1) })
            .union(html.matches(of: /data-i18n="([^"]*)"/).map { String($0.output.1) })
        #expect(used.count > 50)
        let en = try #require(Self.catalogue.texts[.en])
        #expect(used.filter { en["page." + $0] == nil }.sorted() == [])
        // And every page label is used: by name, as a key the script picks from a table of its own
        // (`{ province: "levelProvince", … }[level]`), or as the name of a template's side (`t(side.name)`).
        let sides = Set(try TemplateLoader.load().sides.map(\.name))
        let quoted = Set(script.matches(of: /"([A-Za-z]+)"/).map { String($0.output.1) })
        let labels = en.keys.filter { $0.hasPrefix("page.") }.map { String($0.dropFirst(5)) }
        #expect(labels.filter { !used.contains($0) && !quoted.contains($0) && !sides.contains($0) }.sorted() == [])
        // The table the page once kept in the script is gone: the catalogues are the one source.
        #expect(!script.contains("const TEXT"))
    }

    @Test func thePageOpensInVietnameseWithItsDirectoryInIt() async throws {
        let app = try MockhoaServer.application(ServerTests.options())
        try await app.test(.live) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            let html = String(buffer: page.body)
            #expect(html.contains(#"<html lang="vi">"#))
            let start = try Self.start(of: html)
            #expect((start["text"] as? [String: Any])?["language"] as? String == "vi")
            #expect(Self.labels(start)?["save"] == "Lưu")
            // The same state GET /api/directory answers.
            let directory = try #require(start["directory"] as? [String: Any])
            let api = try await client.execute(uri: "/api/directory", method: .get, headers: [.acceptLanguage: "vi"])
            let state = try #require(try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? NSDictionary)
            #expect(NSDictionary(dictionary: directory) == state)
            #expect((directory["communes"] as? [Any])?.count == 17)
            #expect(directory["readOnlyReason"] as? String == "sample")
            // And the first commune's two sides, drawn, so the first paint shows a keychain.
            let preview = try #require(start["preview"] as? [String: Any])
            #expect(preview["commune"] as? String == "Cần Giuộc")
            let sides = try #require(preview["sides"] as? [[String: Any]])
            #expect(
                sides.count == 2
                    && sides.allSatisfy { $0["mime"] as? String == "image/svg+xml" && ($0["data"] as? String)?.isEmpty == false },
                "\(sides.map(\.keys))")
        }
    }

    @Test func theSwitchChoosesTheLanguage() async throws {
        let app = try MockhoaServer.application(ServerTests.options())
        try await app.test(.live) { client in
            // What the switch asks for, and the cookie it leaves for the next visit.
            let labels = try await client.execute(uri: "/api/labels", method: .get, headers: [.acceptLanguage: "en"])
            #expect(labels.status == .ok)
            let text = try #require(try JSONSerialization.jsonObject(with: Data(labels.body.readableBytesView)) as? [String: Any])
            #expect(text["language"] as? String == "en")
            #expect((text["labels"] as? [String: String])?["save"] == "Save")
            #expect((text["labels"] as? [String: String])?.count == Self.catalogue.texts[.en]?.keys.filter { $0.hasPrefix("page.") }.count)
            for (request, headers) in [
                ("/", [HTTPField.Name.cookie: "a=1; mockhoa-lang=en"] as HTTPFields),
                ("/?lang=en", [:]),
            ] {
                let html = String(buffer: try await client.execute(uri: request, method: .get, headers: headers).body)
                #expect(html.contains(#"<html lang="en">"#), "\(request)")
                #expect(Self.labels(try Self.start(of: html))?["save"] == "Save", "\(request)")
            }
            let vietnamese = try await client.execute(uri: "/api/labels", method: .get, headers: [.acceptLanguage: "vi-VN,vi"])
            #expect(String(buffer: vietnamese.body).contains("\"save\":\"Lưu\""))
        }
    }

    @Test func aCommuneNamedLikeMarkupStaysTextInThePage() async throws {
        let scratch = try ServerTests.Scratch()
        let name = "</script><img src=x onerror=alert(1)><!--"
        var document = ServerTests.sampleDocument()
        document.communes[0].name = name
        let data = scratch.path("danh-ba.yaml")
        try document.yaml().text.write(toFile: data, atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(ServerTests.options(data: data))
        try await app.test(.live) { client in
            let html = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(!html.contains("<img"))
            let template = String(decoding: PackageResources.index_html, as: UTF8.self)
            for markup in ["</script>", "<!--"] {
                #expect(html.components(separatedBy: markup).count == template.components(separatedBy: markup).count)
            }
            // The JSON reads back the name as it is.
            let directory = try #require(try Self.start(of: html)["directory"] as? [String: Any])
            let communes = try #require((directory["document"] as? [String: Any])?["communes"] as? [[String: Any]])
            #expect(communes.first?["name"] as? String == name)
        }
    }
}

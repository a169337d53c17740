import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockhoaCore
import Testing
@testable import MockhoaServer

/// The directories offices keep, edited through the API: the 2025 `issuer:` form, the 2018
/// `district:` form, communes in a CSV file or a workbook, and tables dropped on the page.
@Suite struct DirectoryFormTests {
    typealias S = ServerTests

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MockhoaCoreTests/Fixtures")

    struct State: Decodable {
        struct Table: Decodable { var file: String; var sheet: String?; var workbook: Bool }
        var readOnly: Bool
        var etag: String
        var document: DirectoryDocument?
        var communesTable: Table?
        var problems: [Problem]
    }

    struct ImportRequest: Encodable {
        var name: String
        var data: String
        var sheet: String?
        var document: DirectoryDocument
    }

    struct ImportReply: Decodable {
        var document: DirectoryDocument?
        var problems: [Problem]
    }

    /// Every field the loader reads, in the issuer form, some of them in their less usual shapes.
    static let everyField = """
        issuer:
          level: province
          name: Tây Ninh
          kind: tỉnh
          police: Công an tỉnh Tây Ninh (thử)
          hotline: [{phone: "0276 3800 000", display: "0276.3800.000"}, "0272 3800 000"]
          emergency: "113"
          checkpoints:
            - {name: Chốt Cầu Tràm, phone: "0912 345 678", display: "0912.345.678"}
          contacts:
            - {name: Đường dây nóng, phone: "0769 000 000"}
          link: "https://example.org/ca-tay-ninh"
        communes:
          - name: Phước Lý
            kind: xã
            phone: "0272 3800 011"
            display: "0272.3800.011"
            neighbours: [Mỹ Lộc, Hưng Long]
            formerly: [Phước Lý, Long Thượng, Phước Hậu]
            checkpoints:
              - {name: Chốt Phước Lý, phone: "0912 000 111"}
            contacts:
              - {name: Trưởng Công an xã, phone: "0912 000 011", display: "0912.000.011"}
            link: "https://example.org/phuoc-ly"
            quantity: 1500
          - name: Mỹ Lộc
            kind: đặc khu
            phone: "0272 3800 012"
            neighbours: [Phước Lý]
        outside:
          - {name: Hưng Long, province: TP. Hồ Chí Minh, kind: xã, phone: "028 3800 0023", display: "028.3800.0023"}
          - {name: Long Cang, district: Cần Đước, kind: xã, phone: "0272 3801 022"}

        """

    func put(_ client: some TestClientProtocol, _ document: DirectoryDocument, etag: String) async throws -> TestResponse {
        var headers = S.json
        headers[.ifMatch] = "\"\(etag)\""
        return try await client.execute(
            uri: "/api/directory", method: .put, headers: headers,
            body: try S.body(S.DraftRequest(document: document)))
    }

    @Test func anIssuerFileRoundTripKeepsEveryField() async throws {
        let scratch = try S.Scratch()
        let data = scratch.path("tay-ninh.yaml")
        try Self.everyField.write(toFile: data, atomically: true, encoding: .utf8)
        let before = try DirectoryLoader.load(path: data)
        #expect(before.warnings.filter { $0.severity == .error }.isEmpty)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try S.decode(State.self, try await client.execute(uri: "/api/directory", method: .get))
            #expect(!state.readOnly)
            let document = try #require(state.document)
            #expect(document.form == .issuer)
            #expect(document.issuer.level == "province" && document.issuer.kind == "tỉnh")
            #expect(document.issuer.police == "Công an tỉnh Tây Ninh (thử)")
            #expect(
                document.issuer.hotline == [
                    .init(phone: "0276 3800 000", display: "0276.3800.000"),
                    .init(phone: "0272 3800 000"),
                ])
            #expect(document.issuer.contacts.map(\.name) == ["Đường dây nóng"])
            #expect(document.issuer.link == "https://example.org/ca-tay-ninh")
            #expect(document.communes[0].formerly == ["Phước Lý", "Long Thượng", "Phước Hậu"])
            #expect(document.communes[0].contacts[0].display == "0912.000.011")
            #expect(document.outside[0].province == "TP. Hồ Chí Minh" && document.outside[1].district == "Cần Đước")

            let saved = try await put(client, document, etag: state.etag)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let text = try String(contentsOfFile: data, encoding: .utf8)
            #expect(text.hasPrefix("issuer:\n  level: province\n"))
            let after = try DirectoryLoader.load(path: data)
            #expect(after.directory.issuer == before.directory.issuer)
            func same(_ a: [Commune], _ b: [Commune]) -> Bool {
                a.count == b.count
                    && zip(a, b).allSatisfy { x, y in
                        var x = x
                        x.source = y.source
                        return x == y
                    }
            }
            #expect(same(after.directory.communes, before.directory.communes))
            #expect(after.directory.outside == before.directory.outside)
            // Read again, the file gives the same draft: nothing was lost or changed on the way.
            #expect(DirectoryDocument.read(yaml: text)?.document == document)
        }
    }

    @Test func problemsOfTheIssuerLandOnItsFields() async throws {
        let app = try MockhoaServer.application(S.options())
        var draft = try #require(DirectoryDocument.read(yaml: Self.everyField)?.document)
        draft.issuer.hotline[1].phone = "0272 38"
        draft.communes[0].contacts[0].phone = "0912"
        let document = draft
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/api/check", method: .post, headers: S.json,
                body: try S.body(S.DraftRequest(document: document)))
            struct Reply: Decodable { var problems: [Problem] }
            let targets = try S.decode(Reply.self, response).problems.filter { $0.severity == "error" }.map(\.target)
            #expect(targets.contains("issuer.hotline"))
            #expect(targets.contains("communes.0.contacts.0"))
        }
    }

    @Test func aDistrictFileStaysADistrictFile() async throws {
        let scratch = try S.Scratch()
        let data = scratch.path("can-giuoc.yaml")
        try DirectoryLoader.sampleYAML.write(toFile: data, atomically: true, encoding: .utf8)
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try S.decode(State.self, try await client.execute(uri: "/api/directory", method: .get))
            var document = try #require(state.document)
            #expect(document.form == .district && document.issuer.level == "district")
            document.issuer.hotline = [.init(phone: "0272 3800 999")]
            #expect(try await put(client, document, etag: state.etag).status == .ok)
            let text = try String(contentsOfFile: data, encoding: .utf8)
            #expect(text.hasPrefix("district:\n  name: Cần Giuộc\n  province: Long An\n  hotline: \"0272 3800 999\"\n"))
            #expect(!text.contains("issuer") && !text.contains("level:"))
            #expect(try DirectoryLoader.load(path: data).directory.issuer.level == .district)
        }
    }

    @Test func aSaveWritesTheCSVOfCommunesBackAsItWasWritten() async throws {
        let scratch = try S.Scratch()
        let data = scratch.path("danh-ba.yaml"), csv = scratch.path("xa.csv")
        try """
        issuer: {level: province, name: Tây Ninh, hotline: "0276 3800 000"}
        communes: xa.csv

        """.write(toFile: data, atomically: true, encoding: .utf8)
        let original =
            "Tên;Loại;Điện thoại;Ghi chú;Giáp ranh\r\n"
            + "Phước Lý;xã;0272 3800 011;đã kiểm tra;Mỹ Lộc\r\n"
            + "Mỹ Lộc;xã;0272 3800 012;\"gọi lại; sau\";Phước Lý\r\n"
        try Data([0xEF, 0xBB, 0xBF] + Array(original.utf8)).write(to: URL(fileURLWithPath: csv))
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try S.decode(State.self, try await client.execute(uri: "/api/directory", method: .get))
            #expect(!state.readOnly)
            #expect(state.communesTable?.file == "xa.csv" && state.communesTable?.workbook == false)
            var document = try #require(state.document)
            #expect(document.communes.map(\.name) == ["Phước Lý", "Mỹ Lộc"])
            document.communes[1].phone = "0272 3800 099"
            document.communes[1].contacts = [.init(name: "Trưởng Công an xã", phone: "0912 000 012")]
            let saved = try await put(client, document, etag: state.etag)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(
                String(decoding: bytes.dropFirst(3), as: UTF8.self)
                    == "Tên;Loại;Điện thoại;Ghi chú;Giáp ranh;Liên hệ\r\n"
                    + "Phước Lý;xã;0272 3800 011;đã kiểm tra;Mỹ Lộc;\r\n"
                    + "Mỹ Lộc;xã;0272 3800 099;\"gọi lại; sau\";Phước Lý;Trưởng Công an xã: 0912 000 012\r\n")
            // The directory file still names its CSV, and loads with the new number.
            #expect(try String(contentsOfFile: data, encoding: .utf8).contains("\ncommunes: xa.csv\n"))
            #expect(try DirectoryLoader.load(path: data).directory.communes[1].phone.digits == "02723800099")
            // The CSV replaced is in the history with the directory file; nothing else was written.
            let names = try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).sorted()
            #expect(names == [".danh-ba.yaml.history", "danh-ba.yaml", "xa.csv"])
            let kept = try FileManager.default.contentsOfDirectory(atPath: scratch.path(".danh-ba.yaml.history"))
            #expect(kept.filter { $0.hasSuffix(".csv") }.count == 1 && kept.filter { $0.hasSuffix(".yaml") }.count == 1)
            // Restoring that version puts its CSV back too.
            struct Entry: Decodable { var id: String }
            let id = try #require(try S.decode([Entry].self, try await client.execute(uri: "/api/history", method: .get)).first).id
            var headers = S.json
            headers[.ifMatch] = saved.headers[.eTag]
            let restored = try await client.execute(
                uri: "/api/history/\(id)/restore", method: .post, headers: headers,
                body: ByteBuffer(string: "{}"))
            #expect(restored.status == .ok)
            #expect(try Data(contentsOf: URL(fileURLWithPath: csv)) == Data([0xEF, 0xBB, 0xBF] + Array(original.utf8)))
            // The CSV edited in a spreadsheet since: the page's version is stale.
            let etag = try #require(restored.headers[.eTag]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            try (original + "Tân Tập;xã;0272 3800 015;;\r\n").write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(try await put(client, document, etag: etag).status == .preconditionFailed)
        }
    }

    @Test func aRenamedCommuneKeepsTheCellsOfUnreadColumns() throws {
        let original = try CommuneCSV.read(
            Data(
                ("Tên,Loại,Điện thoại,Ghi chú\n"
                    + "Phước Lý,xã,0272 3800 011,đã kiểm tra\nMỹ Lộc,xã,0272 3800 012,gọi lại sau\n").utf8), file: "xa.csv")
        var communes = DirectoryDocument.communes(of: original)
        communes[1].name = "Mỹ Lộc Mới"
        communes.append(.init(name: "Tân Tập", kind: "xã", phone: "0272 3800 015", neighbours: [], checkpoints: []))
        let renamed = try DirectoryDocument.csv(of: communes, updating: original)
        #expect(
            renamed.rows == [
                ["Phước Lý", "xã", "0272 3800 011", "đã kiểm tra"],
                ["Mỹ Lộc Mới", "xã", "0272 3800 012", "gọi lại sau"], ["Tân Tập", "xã", "0272 3800 015", ""],
            ])
        // Swapped names: each row goes with its name, the note with it.
        communes = DirectoryDocument.communes(of: original)
        (communes[0].name, communes[1].name) = (communes[1].name, communes[0].name)
        #expect(try DirectoryDocument.csv(of: communes, updating: original).rows.map(\.last) == ["gọi lại sau", "đã kiểm tra"])
        // A commune deleted and a new one added in its place does not inherit its note.
        communes = DirectoryDocument.communes(of: original)
        communes[1] = .init(name: "Tân Tập", kind: "xã", phone: "0272 3800 015", neighbours: [], checkpoints: [])
        #expect(try DirectoryDocument.csv(of: communes, updating: original).rows.map(\.last) == ["đã kiểm tra", ""])
    }

    @Test func aWorkbookOfCommunesIsShownNotWritten() async throws {
        let scratch = try S.Scratch()
        let data = scratch.path("danh-ba.yaml"), workbook = scratch.path("danh-ba.xlsx")
        try FileManager.default.copyItem(
            atPath: Self.fixtures.appendingPathComponent("two-sheets.xlsx").path,
            toPath: workbook)
        try """
        issuer: {level: province, name: Huế, hotline: "0234 3800 000"}
        communes: {file: danh-ba.xlsx, sheet: Phường}

        """.write(toFile: data, atomically: true, encoding: .utf8)
        let workbookBefore = try Data(contentsOf: URL(fileURLWithPath: workbook))
        let app = try MockhoaServer.application(S.options(data: data))
        try await app.test(.live) { client in
            let state = try S.decode(State.self, try await client.execute(uri: "/api/directory", method: .get))
            #expect(!state.readOnly)
            #expect(state.communesTable?.workbook == true && state.communesTable?.sheet == "Phường")
            var document = try #require(state.document)
            #expect(document.communes.map(\.name) == ["Phường 1"])
            document.issuer.hotline = [.init(phone: "0234 3800 111")]
            document.communes[0].phone = "0234 3800 999"  // not written: the workbook is the office's
            #expect(try await put(client, document, etag: state.etag).status == .ok)
            let text = try String(contentsOfFile: data, encoding: .utf8)
            #expect(text.contains("communes: {file: danh-ba.xlsx, sheet: Phường}\n"))
            #expect(text.contains("hotline: \"0234 3800 111\""))
            #expect(try Data(contentsOf: URL(fileURLWithPath: workbook)) == workbookBefore)
            let csv = try await client.execute(uri: "/api/directory/communes.csv", method: .get)
            #expect(csv.status == .ok)
            #expect(
                String(decoding: Data(csv.body.readableBytesView).dropFirst(3), as: UTF8.self)
                    == "Tên,Loại,Điện thoại\r\nPhường 1,phường,0276 3822 001\r\n")
        }
    }

    @Test func aWorkbookDroppedOnThePageHasItsErrorsByCell() async throws {
        let app = try MockhoaServer.application(S.options())
        let base = try #require(DirectoryDocument.read(yaml: Self.everyField)?.document)
        let bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent("two-sheets.xlsx"))
        try await app.test(.live) { client in
            let bad = try await client.execute(
                uri: "/api/import", method: .post, headers: S.json,
                body: try S.body(
                    ImportRequest(name: "danh-ba.xlsx", data: bytes.base64EncodedString(), sheet: "Xã", document: base)))
            #expect(bad.status == .unprocessableContent)
            let problems = try S.decode(ImportReply.self, bad).problems
            #expect(
                problems.contains {
                    $0.severity == "error" && $0.text.hasPrefix("danh-ba.xlsx: Xã!B8: error: ")
                        && $0.commune == "Tân Tập (Đông Thạnh, Phước Vĩnh Đông)"
                })
            #expect(problems.contains { $0.text.hasPrefix("danh-ba.xlsx: Xã!C4: warning: ") })
            #expect(!problems.contains { $0.text.contains("mockhoa-import-") })

            let good = try await client.execute(
                uri: "/api/import", method: .post, headers: S.json,
                body: try S.body(
                    ImportRequest(name: "danh-ba.xlsx", data: bytes.base64EncodedString(), sheet: "Phường", document: base)))
            #expect(good.status == .ok)
            let document = try #require(try S.decode(ImportReply.self, good).document)
            #expect(document.communes.map(\.name) == ["Phường 1"])
            #expect(document.issuer == base.issuer && document.form == .issuer)
        }
    }

    @Test func versionsSavedInOneSecondAreListedNewestFirst() throws {
        let scratch = try S.Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let workspace = Workspace(path: scratch.path("d.yaml"))
        var etag = try workspace.current().etag
        for n in 1...12 { etag = try workspace.save("# version \(n)\n", ifMatch: etag).etag }
        // Eleven earlier versions, most within the same second: the newest first, whatever its suffix.
        let texts = try workspace.history().map { try workspace.historyVersion($0.id) }
        #expect(texts == (1...11).reversed().map { "# version \($0)\n" }, "\(workspace.history().map(\.id))")
    }

    @Test func commentsAreFoundOutsideQuotesOnly() {
        #expect(DirectoryDocument.hasComments("issuer:\n  name: Đắk R'Lấp  # ghi chú\n"))
        #expect(DirectoryDocument.hasComments("# đầu tệp\nissuer: {name: X}\n"))
        #expect(DirectoryDocument.hasComments("link: \"a\\\"b\" # x\n"))
        #expect(!DirectoryDocument.hasComments("link: \"https://x.vn/#trang\"\nname: 'it''s # no'\n"))
        #expect(!DirectoryDocument.hasComments("phone: 0272#3800\n"))
    }

    @Test func aDroppedCSVKeepsItsWarningsAndHowNumbersArePrinted() async throws {
        let app = try MockhoaServer.application(S.options())
        let base = try #require(DirectoryDocument.read(yaml: Self.everyField)?.document)
        let csv = "Tên,Loại,Điện thoại,Cách ghi số\nPhường 1,phường,2763822001,0276.3822.001\n"
        try await app.test(.live) { client in
            let reply = try await client.execute(
                uri: "/api/import", method: .post, headers: S.json,
                body: try S.body(
                    ImportRequest(name: "danh-ba.csv", data: Data(csv.utf8).base64EncodedString(), document: base)))
            #expect(reply.status == .ok)
            let imported = try S.decode(ImportReply.self, reply)
            #expect(imported.document?.communes.map(\.display) == ["0276.3822.001"])
            #expect(
                imported.problems.contains { $0.severity == "warning" && $0.text.hasPrefix("danh-ba.csv:2: warning: ") },
                "\(imported.problems.map(\.text))")
            // A YAML file in a legacy encoding is refused, not garbled into a draft.
            let latin1 = try await client.execute(
                uri: "/api/import", method: .post, headers: S.json,
                body: try S.body(
                    ImportRequest(
                        name: "cu.yaml",
                        data: Data([0x64, 0x69, 0x73, 0x74, 0x72, 0x69, 0x63, 0x74, 0x3A, 0x20, 0xE1, 0x0A]).base64EncodedString(),
                        document: base)))
            #expect(latin1.status == .unprocessableContent)
            #expect(try S.decode(ImportReply.self, latin1).document == nil)
        }
    }
}

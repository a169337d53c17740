import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockhoaCore
import Testing
@testable import MockhoaServer

/// A file dropped on the page: its problems name that file and its own lines, never the
/// server's directory file, a temporary path or a line of the draft the import makes.
@Suite struct ImportProblemsTests {
    typealias S = ServerTests
    typealias F = DirectoryFormTests

    private func importing(
        _ name: String, _ bytes: Data, into base: DirectoryDocument, data: String? = nil
    )
        async throws -> (status: HTTPResponse.Status, problems: [Problem])
    {
        let app = try MockhoaServer.application(S.options(data: data))
        return try await app.test(.live) { client in
            let reply = try await client.execute(
                uri: "/api/import", method: .post, headers: S.json,
                body: try S.body(
                    F.ImportRequest(name: name, data: bytes.base64EncodedString(), sheet: nil, document: base)))
            return (reply.status, try S.decode(F.ImportReply.self, reply).problems)
        }
    }

    @Test func aCSVsProblemsInTheDraftNameTheCSV() async throws {
        let scratch = try S.Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        var base = try #require(DirectoryDocument.read(yaml: F.everyField)?.document)
        base.issuer.hotline = [.init(phone: "0276 38")]  // a problem of the draft, not of the table
        let csv = Data("Tên,Loại,Điện thoại\nPhường 1,phường,0276 3822 001\nPhường 2,phường,0276 38\n".utf8)
        let result = try await importing("xa.csv", csv, into: base, data: scratch.path("danh-ba.yaml"))
        #expect(result.status == .unprocessableContent)
        #expect(result.problems.contains { $0.text.hasPrefix("xa.csv:3: error: commune \"Phường 2\"") }, "\(result.problems.map(\.text))")
        #expect(
            result.problems.contains { $0.text.hasPrefix("xa.csv: error: ") && $0.field == "issuer.hotline" },
            "\(result.problems.map(\.text))")
        #expect(!result.problems.contains { $0.text.contains("danh-ba.yaml") || $0.text.contains("/") })
    }

    @Test func aYAMLWithAnAnchoredHugeValueIsCheckedAtItsOwnLines() async throws {
        let scratch = try S.Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        // One 200,001-character value anchored once and used as name, kind and phone by 200 communes:
        // never written into a draft 600 times, refused at each commune's own line.
        var yaml =
            "issuer: {level: province, name: Tây Ninh, hotline: \"0276 3800 000\"}\nbig: &big \(String(repeating: "x", count: 200_001))\ncommunes:\n"
        for _ in 0..<200 { yaml += "  - {name: *big, kind: *big, phone: *big}\n" }
        let result = try await importing("lon.yaml", Data(yaml.utf8), into: S.sampleDocument(), data: scratch.path("danh-ba.yaml"))
        #expect(result.status == .unprocessableContent)
        let errors = result.problems.filter { $0.severity == "error" }.map(\.text)
        #expect(errors.first?.hasPrefix("lon.yaml:4: error: field \"name\": \"xxx") == true, "\(errors.first?.prefix(200) ?? "")")
        #expect(errors.contains { $0.hasPrefix("lon.yaml:8: error: field \"phone\": \"xxx") })
        #expect(!result.problems.contains { $0.text.contains("danh-ba.yaml") || $0.text.contains("/") })
    }
}

import Foundation
import Mockhoa
import MockhoaCore
import Testing

// The order sheet as the office and the maker read it: order.csv in a spreadsheet (UTF-8 with a
// BOM, one row per commune, totals), and the same table as the overview's last page.

@Suite("Order sheet", .serialized)
struct OrderSheetTests {
    @Test("batch writes order.csv: BOM, CRLF, a row per commune with pieces, copies per sheet and sheets, the totals")
    func printedOrder() throws {
        try withTemporaryFolder { dir in
            try #require(try Tools.mockhoa(["batch", "--formats", "pdf,overview", "--quiet", "--output", "out"], in: dir).status == 0)
            let bytes = try dir.appending("out/can-giuoc/order.csv").bytes()
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            let rows = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.first == ["Commune", "Kind", "Pieces", "Per sheet", "Sheets", "Template", "Date"])
            #expect(rows.count == 1 + 17 + 1)
            #expect(rows.contains { $0.prefix(5) == ["Long Hậu", "xã", "1500", "18", "84"] })
            #expect(rows.contains { $0.prefix(2) == ["Cần Giuộc", "thị trấn"] })
            let body = rows.dropFirst().dropLast()
            let total = try #require(rows.last)
            #expect(total[0] == "Total" && Int(total[2]) == body.compactMap { Int($0[2]) }.reduce(0, +)
                    && Int(total[4]) == body.compactMap { Int($0[4]) }.reduce(0, +))
            #expect(total[5] == "default" && total[6].count == 10)
            // The manifest records it; the overview's last page is the same table.
            let manifest = String(decoding: try dir.appending("out/can-giuoc/manifest.json").bytes(), as: UTF8.self)
            #expect(manifest.contains("\"order.csv\""))
            let pages = try PDF.pageSizes(dir.appending("out/can-giuoc/overview.pdf")).count
            let last = try PDF.text(dir.appending("out/can-giuoc/overview.pdf"), pages: pages...pages)
            #expect(last.contains("Order sheet") && last.contains("Long Hậu") && last.contains(total[2]) && last.contains(total[4]), "\(last)")
            // A re-run keeps it, unchanged.
            try #require(try Tools.mockhoa(["batch", "--formats", "pdf,overview", "--quiet", "--output", "out"], in: dir).status == 0)
            #expect(try dir.appending("out/can-giuoc/order.csv").bytes() == bytes)
        }
    }

    @Test("for a mould template the order counts moulds: the shared front once, a back per commune")
    func mouldOrder() throws {
        let yaml = directoryYAML(communes: [
            CommuneSpec(name: "Long Hậu", phone: "0272 3800 001", neighbours: ["Tân Kim"], quantity: 2000),
            CommuneSpec(name: "Tân Kim", phone: "0272 3800 002", neighbours: ["Long Hậu"], quantity: nil),
        ])
        try withTemporaryFolder { dir in
            try dir.appending("d.yaml").write(yaml)
            let run = try Tools.mockhoa(["batch", "--data", "d.yaml", "--template", Tools.packageRoot.appending("Templates/mould.yaml").path,
                                         "--formats", "pdf,overview", "--quiet", "--output", "out"], in: dir)
            try #require(run.status == 0, "\(run)")
            let text = String(decoding: try dir.appending("out/thu/order.csv").bytes().dropFirst(3), as: UTF8.self)
            let rows = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.map { Array($0.prefix(4)) } == [["Commune", "Kind", "Pieces", "Moulds"], ["Long Hậu", "xã", "2000", "2"],
                                                           ["Tân Kim", "xã", "", "1"], ["Total", "2 communes", "2000", "3"]])
        }
    }
}

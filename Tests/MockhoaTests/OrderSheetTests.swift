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
            #expect(
                total[0] == "Total" && Int(total[2]) == body.compactMap { Int($0[2]) }.reduce(0, +)
                    && Int(total[4]) == body.compactMap { Int($0[4]) }.reduce(0, +))
            #expect(total[5] == "default" && total[6].count == 10)
            // The manifest records it; the overview's last page is the same table.
            let manifest = String(decoding: try dir.appending("out/can-giuoc/manifest.json").bytes(), as: UTF8.self)
            #expect(manifest.contains("\"order.csv\""))
            let pages = try PDF.pageSizes(dir.appending("out/can-giuoc/overview.pdf")).count
            let last = try PDF.text(dir.appending("out/can-giuoc/overview.pdf"), pages: pages...pages)
            #expect(
                last.contains("Order sheet") && last.contains("Long Hậu") && last.contains(total[2]) && last.contains(total[4]), "\(last)")
            // A re-run keeps it, unchanged.
            try #require(try Tools.mockhoa(["batch", "--formats", "pdf,overview", "--quiet", "--output", "out"], in: dir).status == 0)
            #expect(try dir.appending("out/can-giuoc/order.csv").bytes() == bytes)
        }
    }

    @Test("in Vietnamese the overview, order page and order.csv read Vietnamese; a re-run in English makes them again")
    func vietnameseDocuments() throws {
        try withTemporaryFolder { dir in
            let run = ["batch", "--formats", "pdf,overview", "--quiet", "--output", "out"]
            try #require(try Tools.mockhoa(["--lang", "vi"] + run, in: dir).status == 0)
            let csv = String(decoding: try dir.appending("out/can-giuoc/order.csv").bytes().dropFirst(3), as: UTF8.self)
            #expect(csv.hasPrefix("Đơn vị,Loại,Số chiếc,Mỗi tờ,Số tờ,Mẫu,Ngày\r\n"), "\(csv.prefix(80))")
            #expect(csv.contains("\r\nTổng,17 đơn vị,"))
            let overview = dir.appending("out/can-giuoc/overview.pdf")
            let first = try PDF.text(overview, pages: 1...1)
            #expect(first.contains("17 đơn vị — trang 1/") && first.contains("1500 chiếc · 18 chiếc/tờ · 84 tờ"), "\(first)")
            let pages = try PDF.pageSizes(overview).count
            #expect(try PDF.text(overview, pages: pages...pages).contains("Bảng đặt hàng"))
            // Nothing but the language changed: the communes are skipped, the overview is made again.
            try #require(try Tools.mockhoa(["--lang", "en"] + run, in: dir).status == 0)
            let english = String(decoding: try dir.appending("out/can-giuoc/order.csv").bytes().dropFirst(3), as: UTF8.self)
            #expect(english.hasPrefix("Commune,Kind,Pieces,"))
            #expect(try PDF.text(overview, pages: 1...1).contains("17 communes — page 1 of"))
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
            let run = try Tools.mockhoa(
                [
                    "batch", "--data", "d.yaml", "--template", Tools.packageRoot.appending("Templates/mould.yaml").path,
                    "--formats", "pdf,overview", "--quiet", "--output", "out",
                ], in: dir)
            try #require(run.status == 0, "\(run)")
            let text = String(decoding: try dir.appending("out/thu/order.csv").bytes().dropFirst(3), as: UTF8.self)
            let rows = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(
                rows.map { Array($0.prefix(4)) } == [
                    ["Commune", "Kind", "Pieces", "Moulds"], ["Long Hậu", "xã", "2000", "2"],
                    ["Tân Kim", "xã", "", "1"], ["Total", "2 communes", "2000", "3"],
                ])
        }
    }

    @Test("names a spreadsheet would run as formulas are written to order.csv as text (CSV injection)")
    func formulasAreMadeText() throws {
        let names = ["=HYPERLINK(\"http://x.vn\",\"Mở\")", "+Long Hậu", "-Tân Kim", "@SUM(A1)"]
        let yaml = directoryYAML(communes: names.map { CommuneSpec(name: $0, phone: "0272 3800 001") })
        try withTemporaryFolder { dir in
            try dir.appending("d.yaml").write(yaml)
            let run = try Tools.mockhoa(["batch", "--data", "d.yaml", "--formats", "pdf,overview", "--quiet", "--output", "out"], in: dir)
            try #require(run.status == 0, "\(run)")
            let read = try CommuneCSV.read(Data(try dir.appending("out/thu/order.csv").bytes()), file: "order.csv")
            #expect(read.rows.map(\.first) == names.map { "'" + $0 } + ["Total"])
            #expect(read.rows.dropLast().allSatisfy { $0[2] == "500" })
        }
    }
}

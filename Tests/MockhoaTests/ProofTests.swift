import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender
import Testing

// The mould proof checked as the factory would read it: no fonts (all text outlined), only the
// template's spot colours, and dimensions that match the template, measured on a raster.

@Suite("Mould proof", .serialized)
struct ProofTests {
    static let mould = Tools.packageRoot.appending("Templates/mould.yaml").path

    @Test("a proof page: no fonts, no extractable text, the template's spot colours only, A4")
    func proofHasOutlinesAndSpots() throws {
        try withTemporaryFolder { dir in
            let run = try Tools.mockhoa(["proof", "--template", Self.mould, "--commune", "Phước Lại", "-o", "p.pdf"], in: dir)
            try #require(run.status == 0, "\(run)")
            let file = dir.appending("p.pdf")
            #expect(try PDF.fonts(file).isEmpty)
            #expect(try PDF.text(file).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            let sizes = try PDF.pageSizes(file)
            #expect(sizes.count == 1 && abs(sizes[0].width - 595.28) < 0.1 && abs(sizes[0].height - 841.89) < 0.1)
            let plates = try PDF.separations(file, in: dir).keys.sorted()
            let spots = Set(plates.map { String($0.dropFirst(3).dropLast(5)) }).subtracting(["Cyan", "Magenta", "Yellow", "Black", ""])
            #expect(spots == ["PANTONE 485 C", "White"], "plates: \(plates)")
            let report = try Preflight(file, in: dir)
            #expect(
                report.operators["rg", default: 0] == 0 && report.operators["Tj", default: 0] == 0
                    && report.operators["TJ", default: 0] == 0)
        }
    }

    @Test("the 1:1 drawing measures as the template says, to 0.1 mm: outline, hole diameter and position")
    func dimensionsMatchTheTemplate() throws {
        let template = try TemplateLoader.load(Self.mould)
        let hole = try #require(template.hole)
        try withTemporaryFolder { dir in
            try #require(
                try Tools.mockhoa(["proof", "--template", Self.mould, "--commune", "Long Hậu", "-o", "p.pdf"], in: dir).status == 0)
            // 600 dpi over the 1:1 front and 2 mm around it.
            let dpi = 600.0, px = dpi / 25.4
            let origin = ProofPage.actualSizeOrigin
            let x0 = Int((origin.x - 2) * px), y0 = Int((origin.y - 2) * px)
            let w = Int((template.size.width + 4) * px), h = Int((template.size.height + 4) * px)
            _ = try Tools.output(
                "pdftoppm",
                [
                    "-r", "600", "-x", "\(x0)", "-y", "\(y0)", "-W", "\(w)", "-H", "\(h)",
                    "-singlefile", "p.pdf", "crop",
                ], in: dir)
            let image = try RGBImage(ppm: dir.appending("crop.ppm").bytes())
            func isRed(_ x: Int, _ y: Int) -> Bool { let p = image.rgb(x, y); return p.r > 140 && p.g < 110 && p.b < 110 }
            var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
            for y in 0..<image.height {
                for x in 0..<image.width where isRed(x, y) {
                    minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                }
            }
            let width = Double(maxX - minX + 1) / px, height = Double(maxY - minY + 1) / px
            #expect(abs(width - template.size.width) <= 0.1, "outline width \(width) mm")
            #expect(abs(height - template.size.height) <= 0.1, "outline height \(height) mm")
            // The hole: the run of non-red pixels around its expected centre, along its row and column.
            let cx = minX + Int(hole.center.x * px), cy = minY + Int(hole.center.y * px)
            var left = cx, right = cx, top = cy, bottom = cy
            while left > 0, !isRed(left - 1, cy) { left -= 1 }
            while right < image.width - 1, !isRed(right + 1, cy) { right += 1 }
            while top > 0, !isRed(cx, top - 1) { top -= 1 }
            while bottom < image.height - 1, !isRed(cx, bottom + 1) { bottom += 1 }
            let across = Double(right - left + 1) / px, down = Double(bottom - top + 1) / px
            #expect(abs(across - hole.diameter) <= 0.1 && abs(down - hole.diameter) <= 0.1, "hole \(across) × \(down) mm")
            let centreX = (Double(left + right + 1) / 2 - Double(minX)) / px, centreY = (Double(top + bottom + 1) / 2 - Double(minY)) / px
            #expect(abs(centreX - hole.center.x) <= 0.1 && abs(centreY - hole.center.y) <= 0.1, "hole centre (\(centreX), \(centreY)) mm")
        }
    }

    @Test("batch --formats proof writes one proof per commune, recorded in the manifest")
    func batchWritesProofs() throws {
        try withTemporaryFolder { dir in
            try dir.appending("d.yaml").write(
                directoryYAML(communes: [
                    CommuneSpec(name: "Long Hậu", phone: "0272 3800 001", neighbours: ["Tân Kim"]),
                    CommuneSpec(name: "Tân Kim", phone: "0272 3800 002", neighbours: ["Long Hậu"]),
                ]))
            let run = try Tools.mockhoa(
                [
                    "batch", "--data", "d.yaml", "--template", Self.mould, "--formats", "proof",
                    "--quiet", "--output", "out",
                ], in: dir)
            try #require(run.status == 0, "\(run)")
            let files = dir.appending("out").filesBelow()
            #expect(files.filter { $0.hasSuffix("/proof.pdf") }.count == 2, "\(files)")
            #expect(!files.contains { $0.hasSuffix("sheet.pdf") || $0.hasSuffix(".png") })
            let manifest = String(decoding: try dir.appending("out/thu/manifest.json").bytes(), as: UTF8.self)
            #expect(manifest.contains("long-hau/proof.pdf") && manifest.contains("tan-kim/proof.pdf"))
        }
    }

    @Test("the mould template fits every commune of the sample; its limits are enforced by check and the template")
    func mouldLimits() throws {
        try withTemporaryFolder { dir in
            let ok = try Tools.mockhoa(["check", "--template", Self.mould], in: dir)
            #expect(ok.status == 0, "\(ok)")
            let yaml = String(decoding: try Tools.packageRoot.appending("Templates/mould.yaml").bytes(), as: UTF8.self)
            try dir.appending("tall.yaml").write(yaml.replacingOccurrences(of: "letter-height: 2 ", with: "letter-height: 3 "))
            let tall = try Tools.mockhoa(["check", "--template", "tall.yaml"], in: dir)
            #expect(
                tall.status != 0 && tall.stderr.contains("capitals 3 mm tall for the mould") && tall.stderr.contains("front side"),
                "\(tall.stderr)")
            try dir.appending("thin.yaml").write(
                yaml.replacingOccurrences(of: "border: {inset: 1.2, width: 1}", with: "border: {inset: 0.5, width: 0.6}"))
            let thin = try Tools.mockhoa(["check", "--template", "thin.yaml"], in: dir)
            #expect(thin.status != 0 && thin.stderr.contains("border.width") && thin.stderr.contains("border.inset"), "\(thin.stderr)")
            try dir.appending("qr.yaml").write(
                yaml.replacingOccurrences(of: "front:\n", with: "front:\n  - qr: \"{{district.hotline.tel}}\"\n    size: 14\n"))
            let qr = try Tools.mockhoa(["check", "--template", "qr.yaml"], in: dir)
            #expect(qr.status != 0 && qr.stderr.contains("raised line"), "\(qr.stderr)")
        }
    }
}

import Foundation
import Mockhoa
import MockhoaCore
import MockhoaRender
import Testing

/// The built-in designs as shipped (read from Templates/, so an edit there shows as a diff),
/// resolved and drawn for three communes of the built-in samples, compared with stored golden
/// files: every side's items, where a sheet puts copies, cut lines and crop marks on A4 and A3
/// in a grid and in nested rows (turned and not), and pictures of a preview, a sheet, a proof and an overview
/// drawn with the repository's fonts. `swift test --filter Golden` runs exactly these.
@Suite struct GoldenTests {
    static let templates = ["default", "ward", "mould", "round", "compact", "slogan", "tricolour"]
    /// Three communes of three samples: a xã, a phường with a long name, a province's commune.
    static let communes = [("can-giuoc-2018", "Long Hậu"), ("phu-xuan-2025", "Phú Xuân"), ("tay-ninh-2025", "Phước Vĩnh Tây")]
    static let date = "2023-11-14"

    static func renderer(template: String, sample: String) throws -> KeychainRenderer {
        let directory = try #require(BuiltInSample.named(sample)).load().directory
        let template = try TemplateLoader.load(Tools.packageRoot.appending("Templates/\(template).yaml").path)
        return KeychainRenderer(inputs: Inputs(directory: directory, template: template), fonts: .folder(Golden.fonts))
    }

    static func commune(_ name: String, of renderer: KeychainRenderer) throws -> Commune {
        try renderer.inputs.commune(named: name)
    }

    @Test("every side of every built-in design, for three communes", arguments: templates)
    func sides(template: String) throws {
        var sides: [String: Golden.Value] = [:]
        for (sample, name) in Self.communes {
            let renderer = try Self.renderer(template: template, sample: sample)
            let commune = try Self.commune(name, of: renderer)
            // A design made for another kind of issuer may not fit: its message is the golden value.
            do {
                sides["\(sample) \(commune.name)"] = .array(try renderer.scenes(for: commune).map(\.golden))
            } catch {
                sides["\(sample) \(commune.name)"] = .string(error.message(in: .en))
            }
        }
        try Golden.expect(Golden.Value.object(sides), matches: "sides-\(template)")
    }

    @Test(
        "a sheet's pages: where the copies, cut lines, crop marks and slug line go",
        arguments: [
            ("a4-grid", "A4", 3.0), ("a4-nested", "A4", 12.0), ("a3-grid", "A3", 5.0), ("a3-nested", "A3", 3.0),
        ])
    func sheetPlans(name: String, paper: String, gap: Double) throws {
        let renderer = try Self.renderer(template: "default", sample: "can-giuoc-2018")
        let scenes = try renderer.scenes(for: try Self.commune("Long Hậu", of: renderer))
        let plan = try renderer.imposition(SheetOptions(paper: Paper(parsing: paper), gap: gap))
        #expect(plan.arrangement == (name.hasSuffix("grid") ? .grid : .offsetRows), "the case should show its arrangement")
        let marks = SheetMarks(slugs: ["front slug", "back slug"], slugFont: renderer.inputs.template.font)
        try Golden.expect(plan.golden(frames: plan.frames(of: scenes, marks: marks)), matches: "sheet-\(name)")
    }

    @Test(
        "every shape's A4 sheet: its outline cut at every copy, crop marks clear of the neighbours, nested rows where it allows",
        arguments: ["Templates/round.yaml", "Templates/compact.yaml", "Templates/tricolour.yaml", "Tests/MockhoaTests/Golden/hexagon.yaml"])
    func shapeSheets(design: String) throws {
        let directory = try #require(BuiltInSample.named("can-giuoc-2018")).load().directory
        let template = try TemplateLoader.load(Tools.packageRoot.appending(design).path)
        let renderer = KeychainRenderer(inputs: Inputs(directory: directory, template: template), fonts: .folder(Golden.fonts))
        let commune = try Self.commune("Long Hậu", of: renderer)
        let scenes = try renderer.scenes(for: commune)
        let plan = try renderer.imposition(SheetOptions(paper: .a4))
        let marks = SheetMarks(slugs: ["front slug", "back slug"], slugFont: template.font)
        try Golden.expect(plan.golden(frames: plan.frames(of: scenes, marks: marks)), matches: "sheet-\(template.name)")
        if design.hasSuffix("hexagon.yaml") {
            try Golden.expect(png: try renderer.preview(commune, format: .png, dpi: 100, date: Self.date), matches: "preview-hexagon")
        }
    }

    @Test("a preview and a sheet, as pictures")
    func previewAndSheetPictures() throws {
        let renderer = try Self.renderer(template: "default", sample: "can-giuoc-2018")
        let commune = try Self.commune("Long Hậu", of: renderer)
        try Golden.expect(png: try renderer.preview(commune, format: .png, dpi: 200, date: Self.date), matches: "preview-default")
        let sheet = try renderer.sheet(
            commune, settings: SheetSettings(options: SheetOptions(paper: .a4)), format: .png,
            dpi: 60, date: Self.date)
        try Golden.expect(png: sheet.bytes, matches: "sheet-a4")
    }

    @Test("a mould proof and an overview page, as pictures")
    func proofAndOverviewPictures() throws {
        let mould = try Self.renderer(template: "mould", sample: "can-giuoc-2018")
        let proof = try mould.proof(try Self.commune("Long Hậu", of: mould), date: Self.date, language: .en)
        try Golden.expect(png: try Self.firstPage(of: proof, dpi: 60), matches: "proof-mould")

        let renderer = try Self.renderer(template: "default", sample: "can-giuoc-2018")
        let directory = renderer.inputs.directory
        let overview = try renderer.overview(slugs: directory.slugs, copies: 18, date: Self.date, language: .vi) { index in
            Result { () throws(LayoutError) in try renderer.scenes(for: directory.communes[index]) }
        }.pdf
        try Golden.expect(png: try Self.firstPage(of: overview, dpi: 60), matches: "overview-default")
    }

    @Test("the frames of a keychain's pages, a mould proof and an overview page")
    func documentFrames() throws {
        let renderer = try Self.renderer(template: "default", sample: "can-giuoc-2018")
        let scenes = try renderer.scenes(for: try Self.commune("Long Hậu", of: renderer))
        try Golden.expect(
            .array((KeychainPages.pages(scenes) + [KeychainPages.strip(scenes, asCut: true)]).map(\.golden)),
            matches: "frames-keychain")

        let text = TextEngine(fonts: .folder(Golden.fonts))
        let mould = try Self.renderer(template: "mould", sample: "can-giuoc-2018")
        let proof = try ProofPage.frame(
            try mould.scenes(for: try Self.commune("Long Hậu", of: mould)), template: mould.inputs.template,
            caption: .init(title: "CA xã Long Hậu", detail: "1500"), measuring: text, language: .en)
        try Golden.expect(proof.golden, matches: "frames-proof-mould")

        let communes = Array(renderer.inputs.directory.communes.prefix(3))
        let overview = OverviewPages(
            heading: "Cần Giuộc", count: 3, keychain: renderer.inputs.template.size,
            font: renderer.inputs.template.font, date: Self.date, language: .en)
        let rows = try communes.map { OverviewPages.Entry(title: $0.name, detail: "1500", scenes: try renderer.scenes(for: $0)) }
        let order = OrderSheet(
            rows: communes.map { .init(commune: $0.name, kind: $0.kind.rawValue, pieces: 1500, perSheet: 18, sheets: 84) },
            template: "default", date: Self.date, moulded: false, language: .en)
        try Golden.expect(
            .array([overview.frame(page: 0, rows: rows)].map(\.golden) + overview.orderFrames(order, measuring: text).map(\.golden)),
            matches: "frames-overview")
    }

    @Test("moving the default template's hole by 1 mm fails the golden sides")
    func holeShiftIsCaught() throws {
        let shipped = try String(contentsOf: Tools.packageRoot.appending("Templates/default.yaml"), encoding: .utf8)
        let moved = shipped.replacingOccurrences(of: "hole: {diameter: 4.5, x: 5.5,", with: "hole: {diameter: 4.5, x: 6.5,")
        #expect(moved != shipped, "the shipped template's hole line changed: update this test")
        try withTemporaryFolder { folder in
            let file = folder.appending("default.yaml")
            try moved.write(to: file, atomically: true, encoding: .utf8)
            let directory = try #require(BuiltInSample.named("can-giuoc-2018")).load().directory
            let renderer = KeychainRenderer(
                inputs: Inputs(directory: directory, template: try TemplateLoader.load(file.path)),
                fonts: .folder(Golden.fonts))
            let scenes = try renderer.scenes(for: try Self.commune("Long Hậu", of: renderer))
            let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: Golden.folder.appending("sides-default.json")))
            let fresh = try JSONSerialization.jsonObject(with: Data(Golden.Value.array(scenes.map(\.golden)).json().utf8))
            let storedSides = try #require((stored as? [String: Any])?["can-giuoc-2018 Long Hậu"])
            #expect(!Golden.difference(storedSides, fresh, at: "sides").isEmpty)
        }
    }

    /// The first page of a PDF as a PNG, drawn by Poppler as a user's viewer would.
    static func firstPage(of pdf: [UInt8], dpi: Int) throws -> [UInt8] {
        try withTemporaryFolder { folder in
            try Data(pdf).write(to: folder.appending("in.pdf"))
            _ = try Tools.output(
                "pdftoppm", ["-r", "\(dpi)", "-f", "1", "-l", "1", "-singlefile", "-png", "in.pdf", "page"],
                in: folder)
            return try folder.appending("page.png").bytes()
        }
    }
}

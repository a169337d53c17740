import Foundation
import Mockhoa
import MockhoaCore
import Testing

/// A template's `image:` element through the command line: a commune's own logo found by a
/// placeholder, kept as vectors, and refused with its file and commune when it is missing or
/// cannot print in the template's inks.
@Suite struct PictureOutputTests {
    /// A white disc with a red star: the default template's own two colours.
    static let logo = """
        <svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">
        <circle cx="20" cy="20" r="18" fill="#FFFFFF"/>
        <path d="M20 6 L24 16 L34 16 L26 22 L29 32 L20 26 L11 32 L14 22 L6 16 L16 16 Z" fill="#D71920"/></svg>
        """

    /// A shipped design (`slogan` unless said) with a picture first on its back: `image` as the
    /// element names it.
    static func design(image: String, in dir: URL, base: String = "slogan") throws -> URL {
        var yaml = String(decoding: try Tools.packageRoot.appending("Templates/\(base).yaml").bytes(), as: UTF8.self)
        yaml = yaml.replacingOccurrences(of: "\nback:\n", with: "\nback:\n  - image: \"\(image)\"\n    height: 9\n")
        let file = dir.appending("logo.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appending("logos"), withIntermediateDirectories: true)
        return file
    }

    @Test("a commune's logo (logos/{{commune.slug}}.svg) is drawn at its height and stays vector in the PDF")
    func logoStaysVector() throws {
        try withTemporaryFolder { dir in
            let template = try Self.design(image: "logos/{{commune.slug}}.svg", in: dir)
            try Self.logo.write(to: dir.appending("logos/long-hau.svg"), atomically: true, encoding: .utf8)
            let run = try Tools.mockhoa(["preview", "--template", template.path, "--commune", "Long Hậu", "-o", "p.pdf"], in: dir)
            try #require(run.status == 0, "\(run.stderr)")
            let images = try Tools.output("pdfimages", ["-list", "p.pdf"], in: dir).split(separator: "\n")
            #expect(images.count == 2, "pdfimages lists pictures: \(images)")  // its two heading lines only

            let renderer = KeychainRenderer(inputs: try Inputs(dataPath: nil, template: template.path))
            let back = try renderer.scenes(for: try renderer.inputs.commune(named: "Long Hậu"))[1]
            let placed = back.items.compactMap { if case .picture(let path, let rect) = $0 { (path, rect) } else { nil } }
            try #require(placed.count == 1)
            #expect(placed[0].0.hasSuffix("logos/long-hau.svg") && abs(placed[0].1.height - 9) < 1e-9 && abs(placed[0].1.width - 9) < 1e-9)
            // Above the slogan, on its centre line.
            #expect(placed[0].1.maxY <= back.texts[0].inkBounds.minY && abs(placed[0].1.center.x - back.texts[0].inkBounds.center.x) < 1)

            let sheet = try Tools.mockhoa(["sheet", "--template", template.path, "--commune", "Long Hậu", "-o", "s.pdf"], in: dir)
            #expect(sheet.status == 0, "\(sheet.stderr)")
            #expect(try Tools.output("pdfimages", ["-list", "s.pdf"], in: dir).split(separator: "\n").count == 2)
        }
    }

    @Test("a commune without its picture is an error naming the commune and the file; the others still render")
    func missingPicture() throws {
        try withTemporaryFolder { dir in
            let template = try Self.design(image: "logos/{{commune.slug}}.svg", in: dir)
            try Self.logo.write(to: dir.appending("logos/long-hau.svg"), atomically: true, encoding: .utf8)
            let run = try Tools.mockhoa(["preview", "--template", template.path, "--commune", "Tân Kim", "-o", "t.png"], in: dir)
            #expect(run.status == 1)
            #expect(
                run.stderr.contains("commune \"Tân Kim\"") && run.stderr.contains("logos/tan-kim.svg")
                    && run.stderr.contains("file not found"))
            #expect(!FileManager.default.fileExists(atPath: dir.appending("t.png").path))
        }
    }

    @Test("with --colour spot a picture in a colour the template does not declare is refused, naming the picture and the colour")
    func undeclaredColour() throws {
        try withTemporaryFolder { dir in
            // A commune's own picture (named through a placeholder), in a gold the template lacks.
            let template = try Self.design(image: "logos/{{commune.slug}}.svg", in: dir)
            try Self.logo.replacingOccurrences(of: "#D71920", with: "#FFD200").write(
                to: dir.appending("logos/long-hau.svg"), atomically: true, encoding: .utf8)
            let base = ["--template", template.path, "--commune", "Long Hậu"]
            #expect(try Tools.mockhoa(["preview"] + base + ["-o", "rgb.pdf"], in: dir).status == 0)
            for command in [
                ["preview"] + base + ["--colour", "spot", "-o", "s.pdf"], ["sheet"] + base + ["--colour", "cmyk", "-o", "c.pdf"],
            ] {
                let run = try Tools.mockhoa(command, in: dir)
                #expect(run.status == 1)
                #expect(run.stderr.contains("long-hau.svg") && run.stderr.contains("#FFD200"), "\(run.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: dir.appending("s.pdf").path))
        }
    }

    @Test("check warns of a picture in pixels under 300 dpi at its printed height, naming it and its dpi")
    func coarsePicture() throws {
        try withTemporaryFolder { dir in
            let template = try Self.design(image: "logos/photo.png", in: dir)
            let png = try Tools.mockhoa(
                ["preview", "--commune", "Long Hậu", "--side", "front", "--dpi", "40", "-o", "logos/photo.png"], in: dir)
            try #require(png.status == 0, "\(png.stderr)")
            let run = try Tools.mockhoa(["check", "--template", template.path], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            let warnings = run.stderr.split(separator: "\n").filter { $0.contains("photo.png") }
            #expect(
                warnings.count == 1 && warnings[0].contains("warning") && warnings[0].contains("dpi at its printed height of 9 mm"),
                "\(run.stderr)")
        }
    }

    @Test("a mould takes vector pictures only: a PNG is refused at its line")
    func mouldRefusesPixels() throws {
        try withTemporaryFolder { dir in
            let template = try Self.design(image: "logos/photo.png", in: dir, base: "mould")
            let png = try Tools.mockhoa(
                ["preview", "--commune", "Long Hậu", "--side", "front", "--dpi", "40", "-o", "logos/photo.png"], in: dir)
            try #require(png.status == 0, "\(png.stderr)")
            let run = try Tools.mockhoa(["check", "--template", template.path], in: dir)
            #expect(run.status == 1)
            #expect(run.stderr.contains("photo.png") && run.stderr.contains("pixels"), "\(run.stderr)")
        }
    }
}

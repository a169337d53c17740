import Testing
@testable import MockhoaCore

struct TemplateTests {
    @Test func theDefaultTemplateLoads() throws {
        let t = try TemplateLoader.load("default")
        #expect(t.size == Size(width: 60, height: 40))
        #expect(t.colours.background == Color(hex: "#D71920"))
        #expect(t.font.family == "Noto Sans" && t.font.bold && t.font.minimumSize == 6)
        #expect(t.sides.map(\.name) == ["front", "back"])
        #expect(t.bleed == 3 && t.safeMargin == 2)
    }

    @Test func theDefaultTemplateDeclaresEveryColoursPrintValues() throws {
        let colours = try TemplateLoader.load("default").colours
        #expect(colours.inks.map(\.field) == ["colours.background", "colours.text", "colours.qr-modules"])
        #expect(colours.inks[0].ink == Ink(rgb: Color(hex: "#D71920")!, cmyk: [0, 100, 100, 5], spot: "PANTONE 485 C"))
        #expect(colours.inks.allSatisfy { $0.ink.cmyk != nil && $0.ink.spot != nil })
        for mode in ColourMode.allCases { #expect(colours.problems(for: mode).isEmpty) }
    }

    @Test func coloursArePlainHexOrPrintValues() throws {
        func colours(_ body: String) throws -> KeychainTemplate.Colours {
            try TemplateLoader.parse(
                yaml: """
                    size: {width: 60, height: 40}
                    font: {family: Noto Sans}
                    colours:
                    \(body)
                    styles: {title: {scale: 1, max: 10}}
                    front: [{text: x}]
                    """, name: "t", file: "t.yaml"
            ).colours
        }
        let plain = try colours("  background: \"#123456\"")
        #expect(plain.background == Color(hex: "#123456") && plain.inks.first?.ink == Ink(rgb: Color(hex: "#123456")!))
        // Without a QR code the QR colours are not the design's: only the background needs values.
        #expect(plain.problems(for: .cmyk).map(\.field) == ["colours.background"])
        #expect(plain.problems(for: .spot).count == 1 && plain.problems(for: .rgb).isEmpty)
        let spotOnly = try colours("  background: {rgb: \"#123456\", spot: Navy}")
        #expect(spotOnly.problems(for: .spot).first?.message.description.contains("CMYK") == true)
        for (body, expected) in [
            ("  background: {rgb: \"#123456\", cmyk: [0, 100, 100]}", "t.yaml:4: error: field \"colours.background.cmyk\""),
            ("  background: {rgb: \"#123456\", cmyk: [0, 100, 100, 120]}", "four percentages"),
            ("  background: {rgb: \"#123456\", spot: CutContour}", "cannot name a spot colour"),
            ("  background: {rgb: \"#123456\", cmyk: [0, 0, 0, 0], spott: X}", "did you mean \"spot\""),
            (
                "  background: {rgb: \"#FFFFFF\", cmyk: [0, 0, 0, 0]}\n  text: {rgb: \"#FFFFFF\", cmyk: [0, 0, 0, 10]}",
                "declared differently as colours.background"
            ),
        ] {
            #expect(throws: InputErrors.self, "\(body)") { _ = try colours(body) }
            do { _ = try colours(body) } catch { #expect("\(error)".contains(expected), "\(error)") }
        }
    }

    @Test func errorsNameTheFileAndField() {
        let yaml = """
            size: {width: 60, height: 40}
            font: {family: Noto Sans, weight: heavy}
            colours: {background: red}
            styles: {title: {scale: 1, max: 10}}
            front:
              - text: "x"
                style: titel
              - text: "{{#open}}"
            """
        #expect {
            try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("t.yaml:2: error: field \"font.weight\"") && text.contains("colours.background")
                && text.contains("unknown style \"titel\"") && text.contains("front[2]")
        }
    }

    @Test func typosInKeysAndListNamesAreErrorsWithTheirLine() throws {
        var yaml = String(decoding: PackageResources.default_yaml, as: UTF8.self)
        yaml = yaml.replacingOccurrences(of: "safe-margin: 2", with: "safe_margin: 2")
            .replacingOccurrences(of: "- list: neighbours", with: "- list: neighbors")
        #expect {
            try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("t.yaml:7: error: field \"safe_margin\": unknown key \"safe_margin\"; did you mean \"safe-margin\"?")
                && text.contains("unknown list \"neighbors\"")
        }
    }

    @Test func aMisspeltSectionIsOneError() {
        let yaml = String(decoding: PackageResources.default_yaml, as: UTF8.self)
            .replacingOccurrences(of: "\ncolours:", with: "\ncolors:")
        #expect {
            try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        } throws: { error in
            let lines = (error as? InputErrors)?.diagnostics.map(\.description) ?? []
            return lines.count == 1 && lines[0].contains("unknown key \"colors\"; did you mean \"colours\"?")
        }
    }

    @Test(
        "a value of the wrong kind names its line and field; a missing section is a missing field",
        arguments: [
            ("width: 60", "width: \"60\"", "t.yaml:5: error: field \"size.width\": expected a number here"),
            (
                "keep-together: true", "keep-together: maybe",
                "t.yaml:34: error: field \"front[2].keep-together\": expected true or false here"
            ),
            ("family: Noto Sans", "family: [Noto Sans]", "t.yaml:17: error: field \"font.family\": expected text here"),
            ("\nfront:", "\nfront: {text: x}\nfronts:", "t.yaml:28: error: field \"front\": expected a list here"),
            ("\nfont:", "\nfonts:", "error: field \"font\": missing required field"),
        ])
    func wrongKindsNameTheirLine(find: String, replace: String, message: String) {
        let yaml = String(decoding: PackageResources.default_yaml, as: UTF8.self).replacingOccurrences(of: find, with: replace)
        #expect(yaml.contains(replace))
        #expect {
            try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        } throws: { error in
            let lines = (error as? InputErrors)?.diagnostics.map(\.description) ?? []
            return lines.count == 1 && lines[0].hasSuffix(message)
        }
    }

    @Test("merge keys bring in shared fields; a field written beside them wins")
    func mergeKeys() throws {
        let yaml = String(decoding: PackageResources.default_yaml, as: UTF8.self)
            .replacingOccurrences(of: "  title:  {scale: 1.0,  max: 11}", with: "  title: &title {scale: 1.0, max: 11}")
            .replacingOccurrences(of: "  number: {scale: 1.15, max: 13}", with: "  number: {<<: *title, max: 13}")
        #expect(yaml.contains("<<: *title"))
        let t = try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        #expect(t.styles["number"]?.scale == 1.0 && t.styles["number"]?.maximumSize == 13)
    }

    @Test func malformedYAMLGivesTheLine() {
        #expect {
            try TemplateLoader.parse(yaml: "size: {width: 60\nfont: [", name: "t", file: "bad.yaml")
        } throws: { error in "\(error)".contains("bad.yaml:") && "\(error)".contains("invalid YAML") }
    }

    @Test func aMissingFileSaysSo() {
        #expect { try TemplateLoader.load("/nonexistent/t.yaml") } throws: { "\($0)".contains("file not found") }
    }

    @Test func textIsNotHTMLEscaped() {
        let rendered = TemplateText.render("{{name}}", ["name": "A&B \"C\" <D>"])
        #expect(rendered == "A&B \"C\" <D>")
    }

    @Test func theContentFillsEverySideFromTheData() throws {
        let directory = DirectoryLoader.sample().directory
        let commune = try #require(directory.communes.first { $0.name == "Phước Lại" })
        let sides = KeychainData(directory: directory, commune: commune).content(of: try TemplateLoader.load())
        #expect(sides.count == 2)
        #expect(sides[0].blocks.contains(.qr(payload: "tel:+842723800000", size: 13, end: .right, quietZone: 4)))
        #expect(sides[0].blocks.contains(.line("Khẩn cấp: 113", style: "label")))
        #expect(sides[1].blocks.first == .line("CA xã Phước Lại", style: "title"))
        guard case .list(let heading, let items, _, _, _)? = sides[1].blocks.last else {
            Issue.record("no neighbour list"); return
        }
        #expect(heading == "Giáp ranh")
        #expect(items.count == 7)
        #expect(items.contains("Hiệp Phước: 028 3800 0001"))
    }

    @Test func listsWithoutAnItemAndItemsWithoutADistrictPrintValuesNotTheDataDump() throws {
        let directory = DirectoryLoader.sample().directory
        let commune = try #require(directory.communes.first { $0.name == "Phước Lại" })
        let template = try TemplateLoader.parse(
            yaml: """
                size: {width: 60, height: 40}
                font: {family: Noto Sans}
                styles: {s: {scale: 1, max: 10}}
                front:
                  - list: district.hotlines
                  - list: neighbours
                    item: "{{name}} ({{district}})"
                """, name: "t", file: "t.yaml")
        let blocks = KeychainData(directory: directory, commune: commune).content(of: template)[0].blocks
        guard blocks.count == 2, case .list(_, let hotlines, _, _, _) = blocks[0], case .list(_, let neighbours, _, _, _) = blocks[1] else {
            Issue.record("two lists expected: \(blocks)"); return
        }
        #expect(hotlines == directory.issuer.hotlines.map(\.printed))
        #expect(
            neighbours.contains("Long Hậu ()") && neighbours.contains { $0.hasPrefix("Hiệp Phước (") && !$0.hasSuffix("()") },
            "\(neighbours)")
        #expect(!(hotlines + neighbours).contains { $0.contains("[") || $0.contains("phone") }, "\(hotlines + neighbours)")
    }
}

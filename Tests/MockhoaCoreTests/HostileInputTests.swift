import Foundation
import Testing
@testable import MockhoaCore

/// Input that would crash, hang, or print other than it reads: refused with the commune and field.
struct HostileInputTests {
    private func errors(_ yaml: String) -> [String] {
        do { _ = try DirectoryLoader.load(yaml: yaml, path: "d.yaml"); return [] } catch {
            return error.diagnostics.map(\.description)
        }
    }

    private let issuer = "issuer: {level: province, name: Tây Ninh, hotline: \"0276 3800 000\"}\n"

    @Test func invisibleCharactersAreRefused() {
        // A right-to-left override would print "Mỹ Lộc: 0272 3800 012" backwards.
        let result = errors(
            issuer + """
                communes:
                  - {name: "Phước Lý", kind: xã, phone: "0272 3800 011", neighbours: ["\u{202E}Mỹ Lộc"]}
                  - {name: "Mỹ\u{200B}Lộc", kind: xã, phone: "0272 3800 012"}
                """)
        #expect(result.count == 2)
        #expect(
            result[0].hasPrefix(
                "d.yaml:3: error: commune \"Phước Lý\", field \"neighbours\": the text holds an invisible character U+202E RIGHT-TO-LEFT OVERRIDE"
            ))
        #expect(result[1].hasPrefix("d.yaml:4: error: field \"name\": the text holds an invisible character U+200B ZERO WIDTH SPACE"))
    }

    @Test func longNamesAndListsHaveLimits() {
        let long = String(repeating: "Phước ", count: 10_000)
        let result = errors(issuer + "communes:\n  - {name: \"\(long)\", kind: xã, phone: \"0272 3800 011\"}\n")
        #expect(result.count == 1 && result[0].contains("characters long; at most 200 are allowed"))
        #expect(result[0].count < 400)  // the value is quoted short
        let many = Array(repeating: "Mỹ Lộc", count: 1_000).joined(separator: ", ")
        let lists = errors(issuer + "communes:\n  - {name: A, kind: xã, phone: \"0272 3800 011\", neighbours: [\(many)]}\n")
        #expect(lists == ["d.yaml:3: error: commune \"A\", field \"neighbours\": the list has 1000 items; at most 100 are allowed"])
    }

    @Test func repeatedProblemsAreCounted() {
        let communes = (1...30).map { "  - {name: X\($0), kind: xã, phone: \"0272 38\"}" }.joined(separator: "\n")
        let result = errors(issuer + "communes:\n" + communes + "\n")
        // Each commune is its own subject: 30 errors, one per commune, nothing collapsed.
        #expect(result.count == 30)
        let neighbours = Array(repeating: "Nowhere", count: 50).joined(separator: ", ")
        let repeated = errors(issuer + "communes:\n  - {name: A, kind: xã, phone: \"0272 3800 011\", neighbours: [B, \(neighbours)]}\n")
        #expect(repeated.count == 3 + LoadLog.repeatsShown)  // unknown B, unknown Nowhere, 5 × twice, "… and 44 more"
        #expect(repeated.last?.hasSuffix("… and 44 more like this") == true)
    }

    @Test func suggestionsAreIndexed() throws {
        // 5,000 communes, every neighbour typed with a typo: pairwise that is 25 million edit
        // distances (minutes in a debug build); indexed, seconds. (`scripts/bench` times 20,000.)
        let count = 5_000
        func name(_ i: Int) -> String { "Phước Thạnh \(i)" }
        var yaml = issuer + "communes:\n"
        for i in 0..<count {
            yaml += "  - {name: \(name(i)), kind: xã, phone: \"0272 3800 011\", neighbours: [Phuoc Thanh \((i + 1) % count)x]}\n"
        }
        let start = Date()
        let result = errors(yaml)
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.count == count)
        #expect(result[0].hasSuffix("did you mean \"Phước Thạnh 1\"?"))
        #expect(elapsed < 120, "took \(elapsed) s")
    }

    @Test func misspeltPlaceholdersAreErrorsWithTheirLine() {
        let yaml = """
            size: {width: 60, height: 40}
            font: {family: Noto Sans}
            styles: {s: {scale: 1, max: 10}}
            front:
              - text: "CA {{commune.kind}} {{commune.nmae}}"
              - list: neighbours
                item: "{{name}}: {{phome}}"
              - text: "{{uppercased(issuer.name)}} {{#issuer.emergency}}{{issuer.emergency}}{{/issuer.emergency}}"
              - text: "{{#neighbours}}{{#neighbours}}{{name}}{{/neighbours}}{{/neighbours}}"
            """
        #expect {
            try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        } throws: { error in
            let lines = (error as! InputErrors).diagnostics.map(\.description)
            return lines == [
                "t.yaml:5: error: field \"front[1]\": unknown placeholder \"commune.nmae\": the data has no such value, so it would print nothing; did you mean \"commune.name\"?",
                "t.yaml:6: error: field \"front[2]\": unknown placeholder \"phome\": the data has no such value, so it would print nothing; did you mean \"phone\"?",
                "t.yaml:9: error: field \"front[4]\": the list \"neighbours\" is walked inside another list: the text would multiply; use a list: element",
            ]
        }
    }

    @Test func deeplyNestedSectionsAreRefusedBeforeParsing() {
        let deep = String(repeating: "{{#commune.name}}", count: 5_000) + String(repeating: "{{/commune.name}}", count: 5_000)
        let yaml =
            "size: {width: 60, height: 40}\nfont: {family: Noto Sans}\nstyles: {s: {scale: 1, max: 10}}\nfront:\n  - text: \"\(deep)\"\n"
        #expect {
            try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml")
        } throws: { error in
            "\(error)".contains("the text is 170000 characters long; a template line holds at most 2000")
        }
        let nested = String(repeating: "{{#commune.name}}", count: 20) + String(repeating: "{{/commune.name}}", count: 20)
        #expect {
            try TemplateLoader.parse(
                yaml:
                    "size: {width: 60, height: 40}\nfont: {family: Noto Sans}\nstyles: {s: {scale: 1, max: 10}}\nfront:\n  - text: \"\(nested)\"\n",
                name: "t", file: "t.yaml")
        } throws: { error in "\(error)".contains("sections are nested more than 8 deep") }
    }

    @Test func theShippedTemplatesUseOnlyKnownPlaceholders() throws {
        for name in TemplateLoader.builtInNames { _ = try TemplateLoader.load(name) }
    }
}

/// The second round of hostile and careless input (issue 22): a number or a name that would print
/// other than the officer's, refused with the file, line, commune and field.
struct HostileInputRoundTwoTests {
    private func errors(_ communes: String) -> [String] {
        let yaml = "issuer: {level: province, name: Tây Ninh, hotline: \"0276 3800 000\"}\ncommunes:\n" + communes
        do { _ = try DirectoryLoader.load(yaml: yaml, path: "d.yaml"); return [] } catch {
            return error.diagnostics.map(\.description)
        }
    }

    private func commune(display: String) -> String {
        "  - {name: Phước Lý, kind: xã, phone: \"0272 3800 011\", display: \"\(display)\"}\n"
    }

    @Test(
        "a display with a letter for a digit, a marked digit, a superscript or a fraction is refused",
        arguments: [
            "0272 3800 O011", "0272 3800 0l11", "0272 3800 0118\u{034F}", "0272 3800 0118\u{FE00}",
            "0272 3800 0118\u{0301}", "0272 3800 011²", "0272 3800 011½", "0272 3800 011 ext",
        ])
    func displayShowsOnlyDigitsAndSeparators(display: String) {
        let result = errors(commune(display: display))
        #expect(result.count == 1, "\(result)")
        #expect(
            result.first?.hasPrefix(
                "d.yaml:3: error: commune \"Phước Lý\", field \"display\": invalid phone number \"\(display)\": the display shows '")
                == true,
            "\(result)")
        #expect(result.first?.contains("neither a digit nor a separator") == true)
    }

    @Test func aMarkOnADigitIsNamed() {
        let result = errors(commune(display: "0272 3800 0118\u{034F}"))
        #expect(result.first?.contains("(U+0038 DIGIT EIGHT + U+034F COMBINING GRAPHEME JOINER)") == true, "\(result)")
    }

    @Test func aLeadingZeroIsDroppedOnlyAfterTheCountryCode() {
        #expect(
            errors(commune(display: "00272 3800 011")).first?
                .hasSuffix("the display must show the same digits as the number 0272 3800 011, it shows 002723800011") == true)
        for display in ["+84 272 3800 011", "+84 0272 3800 011", "(0272) 3800.011"] {
            #expect(errors(commune(display: display)).isEmpty, "\(display)")
        }
        #expect(errors(commune(display: "0272 3800 011+84")).count == 1)
    }

    @Test(
        "a name made of combining marks or starting with one is refused", arguments: ["\u{0303}Long Hậu", "\u{0303}\u{0301}", "\u{0309}"])
    func markWithoutLetter(name: String) {
        let result = errors("  - {name: \"\(name)\", kind: xã, phone: \"0272 3800 011\"}\n")
        #expect(result.count == 1, "\(result)")
        #expect(result.first?.hasPrefix("d.yaml:3: error: field \"name\": the text has a combining mark U+0") == true, "\(result)")
        #expect(result.first?.contains("at its start, with no letter before it") == true)
        #expect(errors("  - {name: \"Long Ha\u{0323}\u{0302}u\", kind: xã, phone: \"0272 3800 011\"}\n").isEmpty)  // decomposed: fine
    }

    @Test func aJoinerIsRefusedKeepingTheLettersAroundIt() {
        let result = errors("  - {name: \"Phước L\u{200D}ý\", kind: xã, phone: \"0272 3800 011\"}\n")
        #expect(result.count == 1)
        #expect(
            result.first?.hasSuffix(
                "U+200D ZERO WIDTH JOINER, which would print other than it reads; delete it (the text without it: \"Phước Lý\")") == true,
            "\(result)")
    }

    @Test func aControlCharacterIsNamed() {
        let result = errors("  - {name: \"Phước \\e[2JLý\", kind: xã, phone: \"0272 3800 011\"}\n")
        #expect(result.first?.contains("invisible character U+001B (control character), which") == true, "\(result)")
    }

    private func templateErrors(_ front: String) -> [String] {
        let yaml = "size: {width: 60, height: 40}\nfont: {family: Noto Sans}\nstyles: {s: {scale: 1, max: 10}}\nfront:\n" + front
        do { _ = try TemplateLoader.parse(yaml: yaml, name: "t", file: "t.yaml"); return [] } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test(
        "a template text naming a list, a group of values, nothing or a partial is refused with its line",
        arguments: [
            ("{{issuer.hotlines}}", "names a list"), ("{{commune.contacts}}", "names a list"),
            ("{{commune}}", "names a group of values"), ("{{{commune}}}", "names a group of values"),
            ("{{& district}}", "names a group of values"), ("{{.}}", "names a group of values"),
            ("{{#commune.contacts}}{{.}}{{/commune.contacts}}", "names a list"),
            ("{{}}", "\"{{}}\" names nothing to print"), ("{{> commune}}", "includes another template (a partial)"),
        ])
    func placeholdersNameValues(text: String, problem: String) {
        let result = templateErrors("  - text: Hello\n  - text: \"\(text)\"\n")
        #expect(result.count == 1, "\(result)")
        #expect(result.first?.hasPrefix("t.yaml:6: error: field \"front[2]\": ") == true, "\(result)")
        #expect(result.first?.contains(problem) == true, "\(result)")
    }

    @Test func valuesInSectionsAndItemsStillPass() {
        #expect(
            templateErrors(
                """
                  - text: "{{#issuer.hotline}}{{.}}{{/issuer.hotline}} {{count(commune.contacts)}} {{link}} {{commune.phone.tel}}"
                  - list: neighbours
                    item: "{{name}} {{district}}: {{phone}}"
                  - text: "{{#commune.contacts}}{{name}} {{phone}}{{/commune.contacts}}"

                """) == [])
        #expect(templateErrors("  - list: neighbours\n    item: \"{{.}}\"\n").first?.contains("names a group of values") == true)
    }

    @Test(
        "a parse error is told at the user's own column, in words",
        arguments: [
            ("CA {{#commune.name}}x", "column", "never closed"),
            ("CA {{commune.name", "column", "ends inside a tag"),
            ("CA {{#commune.name}}x{{/commune.kind}}", "column", "closed with another name"),
        ])
    func parseErrorsInWords(text: String, place: String, words: String) {
        let result = templateErrors("  - text: \"\(text)\"\n")
        #expect(result.count == 1, "\(result)")
        let line = result.first ?? ""
        #expect(line.hasPrefix("t.yaml:5: error: field \"front[1]\": template text \"\(text)\" does not parse at column "), "\(line)")
        #expect(line.contains(words), "\(line)")
        #expect(!line.contains("CONTENT_TYPE") && !line.contains("ParserError") && !line.contains("Mustache"), "\(line)")
    }

    @Test func aParseErrorCountsColumnsFromTheUsersText() {
        let result = templateErrors("  - text: \"{{#commune.name}}x{{/commune.kind}}\"\n")
        let column = result.first?.firstMatch(of: /at column (\d+):/).map { Int($0.1)! }
        #expect(column != nil && column! <= "{{#commune.name}}x{{/commune.kind}}".count, "\(result)")
        let lines = templateErrors("  - text: \"CA\\n{{commune.name\"\n")
        #expect(lines.first?.contains("at line 2, column ") == true, "\(lines)")
    }
}

import Testing
@testable import MockhoaCore

/// Today's administration (2025): issuers at three levels, the new kinds, contacts, links,
/// merged units and numbers printed the way a unit publishes them.
struct IssuerTests {
    private func load(_ yaml: String) throws(InputErrors) -> LoadedDirectory { try DirectoryLoader.load(yaml: yaml, path: "d.yaml") }

    private func errors(_ yaml: String) -> [String] {
        do { _ = try load(yaml); return [] } catch { return error.diagnostics.map(\.description) }
    }

    private let communes = """
        communes:
          - {name: Phước Lý, kind: xã, phone: "0272 3800 011"}
        """

    @Test func provinceIssuerDerivesItsPoliceName() throws {
        let d = try load("issuer: {level: province, name: Tây Ninh, hotline: \"0276 3800 000\"}\n" + communes).directory
        #expect(d.issuer.level == .province)
        #expect(d.issuer.province == nil)
        #expect(d.issuer.police == "Công an tỉnh Tây Ninh")
        #expect(d.issuer.policeShort == "CA tỉnh Tây Ninh")
        #expect(d.issuer.title == "Tây Ninh")
        let hue = try load("issuer: {level: province, name: Huế, hotline: \"0234 3800 000\"}\n" + communes).directory
        #expect(hue.issuer.police == "Công an thành phố Huế")
    }

    @Test func theDataNamesTheUnitWhenItSays() throws {
        let d = try load(
            """
            issuer: {level: commune, name: Phú Xuân, kind: phường, province: Huế, hotline: "0234 3800 000",
                     police: "Công an phường Phú Xuân (Huế)"}
            communes:
              - {name: Phú Xuân, kind: phường, phone: "0234 3800 000"}
            """
        ).directory
        #expect(d.issuer.police == "Công an phường Phú Xuân (Huế)")
        #expect(d.issuer.policeShort == "CA phường Phú Xuân (Huế)")
        let derived = try load(
            """
            issuer: {level: commune, name: Phú Xuân, kind: phường, hotline: "0234 3800 000"}
            communes: [{name: Phú Xuân, kind: phường, phone: "0234 3800 000"}]
            """
        ).directory
        #expect(derived.issuer.police == "Công an phường Phú Xuân")
    }

    @Test func a2018DistrictIsADistrictLevelIssuer() throws {
        let d = DirectoryLoader.sample().directory
        #expect(d.issuer.level == .district)
        #expect(d.issuer.police == "Công an huyện Cần Giuộc")
        #expect(d.issuer.title == "Cần Giuộc, Long An")
        #expect(d.district == d.issuer)
    }

    @Test func levelAndTopUnitAreChecked() {
        #expect(
            errors("issuer: {name: X, hotline: \"113\"}\n" + communes)
                == ["d.yaml:1: error: field \"issuer.level\": required field is missing"])
        #expect(
            errors("issuer: {level: ward, name: X, hotline: \"113\"}\n" + communes)
                == ["d.yaml:1: error: field \"issuer.level\": unknown level \"ward\": expected province, district or commune"])
        #expect(
            errors(
                "issuer: {level: province, name: X, hotline: \"113\"}\ndistrict: {name: Y, province: Z, hotline: \"113\"}\n"
                    + communes
            ).first?.contains("give issuer: or district: (the 2018 form), not both") == true)
    }

    @Test func newKindsAndAWarningForTownsAfter2025() throws {
        let loaded = try load(
            """
            issuer: {level: province, name: Khánh Hòa, hotline: "0258 3800 000"}
            communes:
              - {name: Trường Sa, kind: đặc khu, phone: "0258 3800 001"}
              - {name: Vạn Giã, kind: thị trấn, phone: "0258 3800 002"}
            """)
        #expect(loaded.directory.communes.map(\.kind) == [.dacKhu, .thiTran])
        #expect(
            loaded.warnings.map(\.description) == [
                "d.yaml:4: warning: commune \"Vạn Giã\", field \"kind\": \"thị trấn\" units were abolished on 1 July 2025 "
                    + "with the districts; since then a town is a xã or a phường"
            ])
        // A district's file of 2018 uses it without a warning.
        #expect(DirectoryLoader.sample().warnings.isEmpty)
    }

    @Test func displayShowsTheSameDigitsOrIsAnError() throws {
        let d = try load(
            """
            issuer:
              level: province
              name: Tây Ninh
              hotline: [{phone: "0276 3800 000", display: "0276.3800.000"}]
              contacts: [{name: Đường dây nóng ma túy, phone: "0769 040 404", display: "0769.04.04.04"}]
            communes:
              - {name: Phước Lý, kind: xã, phone: "0272 3800 011", display: "(0272) 3800 011"}
            """
        ).directory
        #expect(d.issuer.hotlines.map(\.printed) == ["0276.3800.000"])
        #expect(d.issuer.contacts.map(\.phone.printed) == ["0769.04.04.04"])
        #expect(d.issuer.contacts[0].phone.formatted == "0769 040 404")
        #expect(d.communes[0].phone.printed == "(0272) 3800 011")
        #expect(d.communes[0].phone.telURI == "tel:+842723800011")
        #expect(
            errors(
                """
                issuer: {level: province, name: X, hotline: "0276 3800 000"}
                communes:
                  - {name: A, kind: xã, phone: "0272 3800 011", display: "0272.3800.012"}
                """) == [
                    "d.yaml:3: error: commune \"A\", field \"display\": invalid phone number \"0272.3800.012\": "
                        + "the display must show the same digits as the number 0272 3800 011, it shows 02723800012"
                ])
    }

    @Test func shortCodesAndTheCountryCodeWithItsZero() throws {
        for code in ["111", "112", "113", "114", "115"] { #expect(try PhoneNumber(parsing: code).kind == .shortCode) }
        #expect(throws: PhoneNumber.Invalid.self) { try PhoneNumber(parsing: "116") }
        #expect(try PhoneNumber(parsing: "+84 0912 345 678").digits == "0912345678")
        #expect(try PhoneNumber(parsing: "+84 912 345 678").digits == "0912345678")
    }

    @Test func linksAreWebAddresses() throws {
        let d = try load(
            """
            issuer: {level: province, name: X, hotline: "113", link: "https://zalo.me/123"}
            communes: [{name: A, kind: xã, phone: "0272 3800 011", link: "https://example.org/a"}]
            """
        ).directory
        #expect(d.issuer.link == "https://zalo.me/123" && d.communes[0].link == "https://example.org/a")
        #expect(
            errors(
                """
                issuer: {level: province, name: X, hotline: "113", link: "zalo.me/123"}
                communes: [{name: A, kind: xã, phone: "0272 3800 011"}]
                """) == [
                    "d.yaml:1: error: field \"issuer.link\": \"zalo.me/123\" is not a web address: it must start with https:// (e.g. https://zalo.me/…)"
                ])
    }

    @Test func contactsLinkAndFormerUnitsReachTemplates() throws {
        let d = try load(
            """
            issuer:
              level: province
              name: Tây Ninh
              hotline: "0276 3800 000"
              contacts: [{name: Đường dây nóng, phone: "0769 040 404", display: "0769.04.04.04"}]
              link: "https://zalo.me/tn"
            communes:
              - name: Phước Lý
                kind: xã
                phone: "0272 3800 011"
                formerly: [Phước Lý, Long Thượng, Phước Hậu]
                contacts: [{name: Trưởng Công an xã, phone: "0912 000 011"}]
            """
        ).directory
        let template = try TemplateLoader.parse(
            yaml: """
                size: {width: 60, height: 40}
                font: {family: Noto Sans}
                styles: {s: {scale: 1, max: 10}}
                front:
                  - text: "{{issuer.police}} · {{commune.police}} · {{district.short}} · {{commune.short}}"
                  - list: contacts
                    item: "{{name}}: {{phone}}"
                  - list: commune.formerly
                    item: "{{name}}"
                  - qr: "{{link}}"
                  - text: "{{issuer.link}} {{commune.link}}"
                """, name: "t", file: "t.yaml")
        let content = KeychainData(directory: d, commune: d.communes[0]).content(of: template)
        #expect(
            content[0].blocks == [
                .line("Công an tỉnh Tây Ninh · Công an xã Phước Lý · CA tỉnh Tây Ninh · CA xã Phước Lý", style: "s"),
                .list(
                    heading: nil, items: ["Trưởng Công an xã: 0912 000 011", "Đường dây nóng: 0769.04.04.04"], style: "s",
                    headingStyle: "s", columns: .one),
                .list(heading: nil, items: ["Phước Lý", "Long Thượng", "Phước Hậu"], style: "s", headingStyle: "s", columns: .one),
                .qr(payload: "https://zalo.me/tn", size: 14, end: .right, quietZone: 4),
                .line("https://zalo.me/tn", style: "s"),
            ])
    }

    @Test func builtInSamplesLoadByName() throws {
        #expect(BuiltInSample.all.map(\.name) == ["can-giuoc-2018", "tay-ninh-2025", "phu-xuan-2025"])
        let tayNinh = try #require(BuiltInSample.named("tay-ninh-2025")).load()
        #expect(tayNinh.warnings.isEmpty)
        #expect(tayNinh.directory.issuer.level == .province)
        #expect(tayNinh.directory.communes.map(\.name) == ["Phước Lý", "Mỹ Lộc", "Cần Giuộc", "Phước Vĩnh Tây", "Tân Tập"])
        // Every one of the 15 units of 2020 is recorded in exactly one new xã.
        let merged = tayNinh.directory.communes.flatMap(\.formerly)
        #expect(merged.count == 15 && Set(merged).count == 15)
        #expect(Set(tayNinh.directory.communes.map { String($0.phone.digits.prefix(4)) }) == ["0272", "0276"])
        for commune in tayNinh.directory.communes {
            #expect(tayNinh.directory.neighbours(of: commune).count == commune.neighbourNames.count)
        }
        let ward = try #require(BuiltInSample.named("phu-xuan-2025")).load().directory
        #expect(ward.issuer.level == .commune && ward.communes.count == 1)
        #expect(ward.issuer.police == "Công an phường Phú Xuân")
        #expect(try TemplateLoader.load("ward").name == "ward")
    }
}

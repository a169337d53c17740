import Foundation
import Mockhoa
import MockhoaCore
import Testing

@Suite("Input fingerprints")
struct FingerprintTests {
    static let template = try! TemplateLoader.load("default")
    static let side = SideContent(name: "front", blocks: [.line("CA xã Long Hậu", style: "title")])

    static func hash(_ template: KeychainTemplate, side: SideContent = side) -> String {
        InputFingerprint(template: template, format: .png, dpi: 300, date: "2023-11-14").hash(side: side, at: 0)
    }

    @Test("every field of the template counts, where the file was read from does not")
    func everyTemplateFieldCounts() {
        let base = Self.hash(Self.template)
        let changes: [(String, (inout KeychainTemplate) -> Void)] = [
            ("size", { $0.size.width += 1 }), ("bleed", { $0.bleed += 0.5 }), ("safe margin", { $0.safeMargin += 0.5 }),
            ("hole clearance", { $0.hole?.clearance += 0.5 }), ("no hole", { $0.hole = nil }),
            ("border", { $0.border = nil }), ("text colour", { $0.colours.text = .black }),
            ("an ink's CMYK", { $0.colours.inks[0].ink.cmyk = [1, 2, 3, 4] }), ("mould", { $0.mould = .init() }),
            ("minimum type size", { $0.font.minimumSize += 1 }), ("line spacing", { $0.lineSpacing += 0.1 }),
            ("a style", { $0.styles["title"]?.maximumSize += 1 }), ("a side's elements", { $0.sides[0].elements.removeLast() }),
            ("name", { $0.name = "other" }),
        ]
        for (what, change) in changes {
            var t = Self.template
            change(&t)
            #expect(t != Self.template, "\(what): the change changed nothing")
            #expect(Self.hash(t) != base, "\(what) does not count")
        }
        var moved = Self.template
        moved.source = "/elsewhere/default.yaml"
        #expect(Self.hash(moved) == base)
    }

    @Test("the side's content and its place count")
    func contentCounts() {
        #expect(
            Self.hash(Self.template, side: SideContent(name: "front", blocks: [.line("CA xã Long Hậu", style: "body")]))
                != Self.hash(Self.template))
        let fingerprint = InputFingerprint(template: Self.template, format: .png, dpi: 300, date: "2023-11-14")
        #expect(fingerprint.hash(side: Self.side, at: 0) != fingerprint.hash(side: Self.side, at: 1))
    }
}

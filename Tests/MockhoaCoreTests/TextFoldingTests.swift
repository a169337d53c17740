import Foundation
import Testing
@testable import MockhoaCore

// Slugs and hidden characters as a reader of Vietnamese names meets them: every letter of the
// alphabet in both cases and both Unicode forms, the letters other languages fold, and the
// invisible characters a name must not hold.

@Suite struct TextFoldingTests {
    /// Each Vietnamese vowel with every tone and hat, then đ: upper and lower case.
    static let lettersByBase: [(base: String, letters: String)] = [
        ("a", "aàáảãạăằắẳẵặâầấẩẫậ"), ("e", "eèéẻẽẹêềếểễệ"), ("i", "iìíỉĩị"), ("o", "oòóỏõọôồốổỗộơờớởỡợ"),
        ("u", "uùúủũụưừứửữự"), ("y", "yỳýỷỹỵ"), ("d", "dđ"),
    ]

    @Test("every Vietnamese letter, composed or decomposed, upper or lower case, slugs to its base letter")
    func vietnameseLettersSlugToTheirBase() {
        for (base, letters) in Self.lettersByBase {
            for text in [letters, letters.uppercased(), letters.decomposedStringWithCanonicalMapping] {
                #expect(text.slug == String(repeating: base, count: letters.count), "\(text)")
            }
        }
    }

    @Test("names slug as a reader spells them without marks; other scripts' letters fold as Foundation folds them")
    func namesAndOtherLetters() {
        let cases = [
            ("Phước Đông", "phuoc-dong"), ("ĐỒNG THẠNH", "dong-thanh"), ("Mỹ\u{00A0}Lộc 2", "my-loc-2"),
            ("Straße", "strasse"), ("Ö Å é", "o-a-e"), ("Tân–Tập", "tan-tap"), ("Cần Giuộc", "can-giuoc"),
            ("Long \u{0301}Hậu", "long-hau"), ("中文", "unnamed"), ("", "unnamed"),
        ]
        for (name, slug) in cases { #expect(name.slug == slug, "\(name)") }
    }

    @Test("control and format characters are hidden; letters, marks and spaces are not")
    func hiddenCharacters() {
        let hidden: [Unicode.Scalar] = [
            "\u{0}", "\t", "\u{7F}", "\u{85}", "\u{AD}", "\u{200B}", "\u{200D}", "\u{202E}", "\u{2066}", "\u{FEFF}",
        ]
        let shown: [Unicode.Scalar] = ["a", " ", "\u{A0}", "đ", "Ư", "ạ", "\u{0301}", "\u{0323}", "\u{3000}", "中"]
        for scalar in hidden { #expect(LoadLog.isHidden(scalar), "U+\(String(scalar.value, radix: 16))") }
        for scalar in shown { #expect(!LoadLog.isHidden(scalar), "U+\(String(scalar.value, radix: 16))") }
    }
}

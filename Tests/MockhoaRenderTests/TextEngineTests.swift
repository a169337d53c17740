import Testing
import MockhoaCore
@testable import MockhoaRender

struct TextEngineTests {
    let bold = KeychainTemplate.Font(family: "Noto Sans", bold: true, minimumSize: 6)

    @Test func measuresVietnameseWithItsStackedMarks() throws {
        let engine = TextEngine()
        let plain = try engine.measure("AAAA", font: bold)
        let marked = try engine.measure("ẶỄỠ", font: bold)
        #expect(plain.width > 2 && plain.width < 3.5)  // about 0.7 em a capital A
        // Stacked diacritics reach well above a plain capital's ink.
        #expect(marked.inkTop > plain.inkTop + 0.15)
        let (ascent, descent) = try engine.lineMetrics(font: bold)
        #expect(ascent > 0.9 && ascent < 1.3 && descent > 0.1 && descent < 0.5)
    }

    @Test func widthsAddUpAcrossWordsSoScalingIsLinear() throws {
        let engine = TextEngine()
        let a = try engine.measure("Phước", font: bold).width, b = try engine.measure("Lại", font: bold).width
        let space = try engine.measure(" ", font: bold).width
        let whole = try engine.measure("Phước Lại", font: bold).width
        #expect(abs(whole - (a + space + b)) < 0.02)
    }

    @Test("Text of tens of thousands of characters is measured, not trapped on Pango's 32-bit units")
    func veryLongTextIsMeasuredInProportion() throws {
        let engine = TextEngine()
        let word = "Long Hậu "
        let one = try engine.measure(word, font: bold).width
        for count in [5000, 20_000] {  // 45,000 and 180,000 characters: past 20,000 ems at 100 mm
            let long = try engine.measure(String(repeating: word, count: count), font: bold)
            #expect(abs(long.width / (one * Double(count)) - 1) < 0.01, "\(count) words: \(long.width) mm")
            #expect(long.inkRight > long.inkLeft && long.inkTop > 0.5 && long.inkBottom > 0)
        }
    }

    @Test func aCharacterTheFontLacksIsAnError() {
        #expect(throws: MissingGlyphs.self) { try TextEngine().measure("Trực ban ☃", font: bold) }
        #expect(throws: MissingGlyphs.self) { try TextEngine().measure("中文", font: bold) }
    }

    @Test func aFontThatIsNotInstalledIsNamed() {
        let missing = KeychainTemplate.Font(family: "No Such Font Family", bold: true, minimumSize: 6)
        #expect {
            try TextEngine().checkInstalled(missing)
        } throws: { error in
            "\(error)".contains("No Such Font Family") && "\(error)".contains("not installed")
        }
    }
}

struct QREncoderTests {
    @Test func encodesATelURIInTheSmallestVersionThatFits() throws {
        let code = try QREncoder().encode("tel:+842723800000")
        #expect(code.size == 25)  // version 2 at level M holds 17 bytes
        #expect(code.modules.count == 625)
        // The three finder patterns: dark corners of 7 × 7 squares.
        #expect(code.isDark(row: 0, column: 0) && code.isDark(row: 0, column: 24) && code.isDark(row: 24, column: 0))
    }

    @Test func aPayloadTooLongForAnyVersionThrows() {
        #expect(throws: QREncodingFailed.self) { try QREncoder().encode(String(repeating: "x", count: 5000)) }
    }
}

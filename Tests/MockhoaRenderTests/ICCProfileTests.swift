import Foundation
import MockhoaCore
import Testing
@testable import MockhoaRender

/// `--pdfx --icc FILE`: a profile is embedded as the output intent only when it is whole.
struct ICCProfileTests {
    /// Ghostscript's CMYK profiles (v4 `ps_cmyk.icc`, v2 `default_cmyk.icc`), from libgs-common.
    private func profile(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/usr/share/color/icc/ghostscript/" + name)))
    }

    private func refusal(_ bytes: [UInt8]) -> String? {
        do { _ = try ICCProfile(bytes: bytes, name: "shop.icc"); return nil } catch { return error.description }
    }

    @Test func wholeProfilesAreAccepted() throws {
        #expect(refusal(try profile("ps_cmyk.icc")) == nil)
        #expect(refusal(try profile("default_cmyk.icc")) == nil)
    }

    @Test func truncatedAndDamagedProfilesAreRefused() throws {
        let whole = try profile("ps_cmyk.icc")
        #expect(
            refusal(Array(whole.prefix(4_000)))
                == "ICC profile shop.icc: the header gives its size as 5340 bytes, the file has 4000: truncated or damaged")
        // The header kept, everything after it garbage of the same length.
        var garbage = Array(whole.prefix(128)) + [0, 0, 0x10, 0]
        garbage += (garbage.count..<whole.count).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        #expect(refusal(garbage) == "ICC profile shop.icc: its tag table lists 4096 tags, more than the file holds")
        // A tag pointing past the end.
        var outside = whole
        outside[132 + 12 * 4 + 4..<132 + 12 * 4 + 8] = [0, 0, 0x20, 0]
        #expect(refusal(outside) == "ICC profile shop.icc: its tag 'A2B0' lies outside the profile")
        // No table back from the connection space to CMYK.
        var missing = whole
        missing[132 + 12 * 5..<132 + 12 * 5 + 4] = Array("XXXX".utf8)[...]
        #expect(refusal(missing) == "ICC profile shop.icc: it has no 'B2A0' tag, which an output profile needs")
    }

    @Test func aRefusalIsSaidInTheLanguageAsked() throws {
        let truncated = Array(try profile("ps_cmyk.icc").prefix(4_000))
        let error = try #require(throws: PDFXError.self) { try ICCProfile(bytes: truncated, name: "shop.icc") }
        #expect(
            describe(error, in: .vi) == "hồ sơ màu ICC shop.icc: phần đầu ghi kích thước 5340 byte, tệp có 4000: bị cắt cụt hoặc hỏng")
        #expect(describe(error, in: .en).hasSuffix("the file has 4000: truncated or damaged"))
    }
}

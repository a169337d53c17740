import MockhoaCore
import Testing
@testable import MockhoaRender

/// Every PNG is checked against Cairo's 32,767 pixels a side and a budget of pixel memory
/// before its surface is made, and a refusal says the size in pixels and the dpi that fits.
struct PixelBudgetTests {
    private func refusal(_ size: Size, dpi: Double) -> String? {
        do { _ = try CairoDocument(.png, size: size, dpi: dpi); return nil } catch { return "\(error)" }
    }

    @Test func aSheetTooLargeForMemoryIsRefusedWithTheDPIThatFits() {
        // 1.6 m square at 500 dpi: 31,496 pixels a side, under Cairo's limit, but 4 GB of pixels.
        let message = refusal(Size(width: 1600, height: 1600), dpi: 500)
        #expect(
            message
                == "a PNG of 1600 × 1600 mm at 500 dpi would be 31496 × 31496 pixels; a PNG is drawn up to 32767 pixels a side and 134 million pixels (about 512 MiB): use a dpi of 183 or less, or PDF"
        )
        #expect(PixelBudget.fits(Size(width: 1600, height: 1600), dpi: 183))
        #expect(!PixelBudget.fits(Size(width: 1600, height: 1600), dpi: 184))
    }

    @Test func aSidePastCairosLimitIsRefused() {
        // A strip 3 m long: few pixels in all, but one side past 32,767 at 300 dpi.
        let message = refusal(Size(width: 3000, height: 10), dpi: 300)
        #expect(message?.contains("35433 × 118 pixels") == true && message?.contains("a dpi of 277 or less") == true, "\(message ?? "")")
        #expect(refusal(Size(width: 3000, height: 10), dpi: 277) == nil)
        #expect(refusal(Size(width: 86, height: 54), dpi: 2400) == nil)
    }
}

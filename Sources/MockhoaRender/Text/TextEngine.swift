import CCairo
import Foundation
import MockhoaCore

/// Pango text for one worker: measures for the layout and draws for the backend with the
/// same settings (no glyph-position rounding, no metric hinting), so what was measured is
/// what prints. Each worker owns its own engine: Pango objects are not shared across threads.
///
/// Every string is shaped once, at one reference size, and drawn by scaling that layout:
/// shaping and font selection (fontconfig's sort) are the costly part, and a font size that
/// differs per line would repeat them for every size. A string so long that its extent at the
/// reference size would not fit Pango's 32-bit units is shaped smaller, in proportion.
public final class TextEngine: TextMeasuring {
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let context: OpaquePointer  // PangoContext *
    private var shaped: [LayoutKey: Shaped] = [:]
    private var checkedFonts: [Face: Result<FontInfo, FontNotInstalled>] = [:]

    /// Text is shaped at this size (mm) and scaled, so Pango's integer units lose nothing.
    private static let referenceSize = 100.0
    /// Characters (Unicode scalars) shaped at the full reference size. Pango's units are 32-bit
    /// (1/1024 of a unit of user space): at 100 mm an em is 102,400 of them and 20,971 ems
    /// overflow. No character advances or stacks (a combining mark, a tab, a line break) more
    /// than about 4 em, so 5,000 keep every extent in range; longer text is shaped smaller.
    private static let fullSizeLength = 5000
    /// Shaped strings kept for reuse; past this many the cache starts afresh, so memory stays
    /// flat however many communes a batch has.
    private static let cacheLimit = 4096

    /// What selects glyphs: family and weight (a template's minimum size does not).
    private struct Face: Hashable {
        var family: String, bold: Bool
        init(_ font: KeychainTemplate.Font) { family = font.family; bold = font.bold }
    }
    private struct LayoutKey: Hashable { var text: String; var face: Face }
    private struct Shaped {
        var layout: OpaquePointer
        /// The size (mm) the layout was shaped at.
        var size: Double
        var measure: TextMeasure
        var baseline: Double
        /// Characters the font itself lacks (Pango would borrow them from another font).
        var missing: MissingGlyphs?
    }
    private struct FontInfo { var font: UnsafeMutablePointer<PangoFont>; var ascent: Double; var descent: Double; var family: String }

    /// Where an engine finds its fonts.
    public enum Fonts: Sendable {
        /// The system's fonts, as fontconfig's configuration lists them.
        case system
        /// Only the font files in this folder, under no system configuration: output that does
        /// not depend on the machine's fonts (the golden tests).
        case folder(URL)
    }

    public init(fonts: Fonts = .system) {
        FontConfiguration.initialiseOnce()
        fontMap = pango_cairo_font_map_new()
        if case .folder(let folder) = fonts { FontConfiguration.use(only: folder, in: fontMap) }
        context = pango_font_map_create_context(fontMap)!
        pango_context_set_round_glyph_positions(context, 0)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        forgetShaped()
        for case .success(let info) in checkedFonts.values { g_object_unref(UnsafeMutableRawPointer(info.font)) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    // MARK: TextMeasuring

    /// The extent of `text` at 1 mm; throws `MissingGlyphs` when the font lacks a character.
    public func measure(_ text: String, font: KeychainTemplate.Font) throws -> TextMeasure {
        let shaped = try shape(text, font: font)
        if let missing = shaped.missing { throw missing }
        return shaped.measure
    }

    /// The font's ascent and descent at 1 mm.
    public func lineMetrics(font: KeychainTemplate.Font) throws -> (ascent: Double, descent: Double) {
        let info = try fontInfo(font)
        return (info.ascent, info.descent)
    }

    /// Throws `FontNotInstalled` when fontconfig would substitute another family.
    public func checkInstalled(_ font: KeychainTemplate.Font) throws { _ = try fontInfo(font) }

    // MARK: Drawing

    /// Draws `run` on `cr`, whose user space is millimetres; `asOutlines` fills the glyphs'
    /// outlines as paths (the same shapes, no font in the file) instead of showing text.
    func draw(_ run: TextRun, on cr: OpaquePointer, asOutlines: Bool = false) {
        // Keychain text was checked against the font when it was measured; a label may borrow
        // a character from a fallback font, as any Pango text does.
        guard let shaped = try? shape(run.text, font: run.font) else { return }
        let scale = run.size / shaped.size
        cairo_save(cr)
        cairo_translate(cr, run.origin.x, run.origin.y)
        cairo_scale(cr, scale, scale)
        cairo_set_source_rgb(cr, run.color.red, run.color.green, run.color.blue)
        cairo_move_to(cr, 0, -shaped.baseline)
        if asOutlines {
            pango_cairo_layout_path(cr, shaped.layout)
            cairo_fill(cr)
        } else {
            pango_cairo_show_layout(cr, shaped.layout)
        }
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    /// The string shaped at the reference size, with its extent and the characters the font
    /// lacks. Throws only when the font is not installed.
    private func shape(_ text: String, font: KeychainTemplate.Font) throws -> Shaped {
        let key = LayoutKey(text: text, face: Face(font))
        if let known = shaped[key] { return known }
        let info = try fontInfo(font)
        let length = text.unicodeScalars.count
        let size =
            length <= Self.fullSizeLength
            ? Self.referenceSize
            : Self.referenceSize * Double(Self.fullSizeLength) / Double(length)
        let layout = makeLayout(text, font: font, size: size)
        var lacking = text.filter { ch in
            !ch.isWhitespace && ch.unicodeScalars.contains { pango_font_has_char(info.font, $0.value) == 0 }
        }
        if lacking.isEmpty && pango_layout_get_unknown_glyphs_count(layout) > 0 { lacking = text.filter { !$0.isWhitespace } }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        // In Double: the sums of two Int32s could still overflow where each one does not.
        let unit = Double(PANGO_SCALE) * size
        let baseline = Double(pango_layout_get_baseline(layout))
        let measure = TextMeasure(
            width: Double(logical.width) / unit,
            inkLeft: Double(ink.x) / unit, inkRight: (Double(ink.x) + Double(ink.width)) / unit,
            inkTop: (baseline - Double(ink.y)) / unit,
            inkBottom: (Double(ink.y) + Double(ink.height) - baseline) / unit)
        if shaped.count >= Self.cacheLimit { forgetShaped() }
        let result = Shaped(
            layout: layout, size: size, measure: measure, baseline: baseline / Double(PANGO_SCALE),
            missing: lacking.isEmpty ? nil : MissingGlyphs(font: info.family, text: text, characters: Array(lacking)))
        shaped[key] = result
        return result
    }

    private func forgetShaped() {
        for entry in shaped.values { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        shaped.removeAll()
    }

    // MARK: Private

    private func makeLayout(_ text: String, font: KeychainTemplate.Font, size: Double) -> OpaquePointer {
        let layout = pango_layout_new(context)!
        let description = Self.description(font, size: size)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    private static func description(_ font: KeychainTemplate.Font, size: Double = referenceSize) -> OpaquePointer {
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, font.family)
        pango_font_description_set_weight(d, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(d, size * Double(PANGO_SCALE))
        return d
    }

    private func fontInfo(_ font: KeychainTemplate.Font) throws(FontNotInstalled) -> FontInfo {
        if let known = checkedFonts[Face(font)] { return try known.get() }
        let description = Self.description(font)
        defer { pango_font_description_free(description) }
        let result: Result<FontInfo, FontNotInstalled>
        if let loaded = pango_font_map_load_font(fontMap, context, description) {
            let described = pango_font_describe(loaded)
            let family = String(cString: pango_font_description_get_family(described))
            pango_font_description_free(described)
            if NameKey(family) == NameKey(font.family) {
                let metrics = pango_font_get_metrics(loaded, nil)
                let unit = Double(PANGO_SCALE) * Self.referenceSize
                result = .success(
                    FontInfo(
                        font: loaded, ascent: Double(pango_font_metrics_get_ascent(metrics)) / unit,
                        descent: Double(pango_font_metrics_get_descent(metrics)) / unit, family: family))
                pango_font_metrics_unref(metrics)
            } else {
                g_object_unref(UnsafeMutableRawPointer(loaded))
                result = .failure(FontNotInstalled(requested: font.family, substitute: family))
            }
        } else {
            result = .failure(FontNotInstalled(requested: font.family, substitute: "none"))
        }
        checkedFonts[Face(font)] = result
        return try result.get()
    }
}

extension TextEngine {
    /// Starts reading fontconfig's configuration (a few tens of milliseconds) on another
    /// thread; the first engine waits for it if it is not done.
    public static func startLoadingFonts() {
        Thread.detachNewThread { FontConfiguration.initialiseOnce() }
    }
}

/// fontconfig reads its configuration once, before any worker starts.
enum FontConfiguration {
    private static let initialised: Bool = { FcInit() != 0 }()
    static func initialiseOnce() { _ = initialised }

    /// Points `fontMap` at a configuration of its own that knows only the fonts in `folder`
    /// (its cache in the user's cache folder, as fontconfig's own default keeps it).
    static func use(only folder: URL, in fontMap: UnsafeMutablePointer<PangoFontMap>) {
        let config = FcConfigCreate()
        _ = FcConfigParseAndLoadFromMemory(config, "<fontconfig><cachedir prefix=\"xdg\">fontconfig</cachedir></fontconfig>", 1)
        _ = FcConfigAppFontAddDir(config, folder.path)
        pango_fc_font_map_set_config(OpaquePointer(fontMap), config)
        FcConfigDestroy(config)  // the font map holds its own reference
    }
}

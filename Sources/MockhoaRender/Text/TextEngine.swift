import CCairo
import MockhoaCore

/// Pango text for one worker: measures for the layout and draws for the backend with the
/// same settings (no glyph-position rounding, no metric hinting), so what was measured is
/// what prints. Each worker owns its own engine: Pango objects are not shared across threads.
public final class TextEngine: TextMeasuring {
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let context: OpaquePointer  // PangoContext *
    private var measures: [MeasureKey: TextMeasure] = [:]
    private var checkedFonts: [KeychainTemplate.Font: Result<FontInfo, FontNotInstalled>] = [:]

    /// Measurements are taken at this size and scaled, so Pango's integer units lose nothing.
    private static let referenceSize = 100.0

    private struct MeasureKey: Hashable { var text: String; var font: KeychainTemplate.Font }
    private struct FontInfo { var font: UnsafeMutablePointer<PangoFont>; var ascent: Double; var descent: Double; var family: String }

    public init() {
        FontConfiguration.initialiseOnce()
        fontMap = pango_cairo_font_map_new()
        context = pango_font_map_create_context(fontMap)!
        pango_context_set_round_glyph_positions(context, 0)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        for case .success(let info) in checkedFonts.values { g_object_unref(UnsafeMutableRawPointer(info.font)) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    // MARK: TextMeasuring

    public func measure(_ text: String, font: KeychainTemplate.Font) throws -> TextMeasure {
        let key = MeasureKey(text: text, font: font)
        if let known = measures[key] { return known }
        let info = try fontInfo(font)
        let missing = text.filter { ch in
            !ch.isWhitespace && ch.unicodeScalars.contains { pango_font_has_char(info.font, $0.value) == 0 }
        }
        if !missing.isEmpty { throw MissingGlyphs(font: info.family, text: text, characters: Array(missing)) }
        let layout = makeLayout(text, font: font, size: Self.referenceSize)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        if pango_layout_get_unknown_glyphs_count(layout) > 0 {
            throw MissingGlyphs(font: info.family, text: text, characters: Array(text.filter { !$0.isWhitespace }))
        }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let unit = Double(PANGO_SCALE) * Self.referenceSize
        let baseline = Double(pango_layout_get_baseline(layout))
        let result = TextMeasure(width: Double(logical.width) / unit,
                                 inkLeft: Double(ink.x) / unit, inkRight: Double(ink.x + ink.width) / unit,
                                 inkTop: (baseline - Double(ink.y)) / unit,
                                 inkBottom: (Double(ink.y + ink.height) - baseline) / unit)
        measures[key] = result
        return result
    }

    public func lineMetrics(font: KeychainTemplate.Font) throws -> (ascent: Double, descent: Double) {
        let info = try fontInfo(font)
        return (info.ascent, info.descent)
    }

    /// Throws `FontNotInstalled` when fontconfig would substitute another family.
    public func checkInstalled(_ font: KeychainTemplate.Font) throws { _ = try fontInfo(font) }

    // MARK: Drawing

    /// Draws `run` on `cr`, whose user space is millimetres.
    func draw(_ run: TextRun, on cr: OpaquePointer) {
        pango_cairo_update_context(cr, context)
        let layout = makeLayout(run.text, font: run.font, size: run.size)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let baseline = Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE)
        cairo_set_source_rgb(cr, run.color.red, run.color.green, run.color.blue)
        cairo_move_to(cr, run.origin.x, run.origin.y - baseline)
        pango_cairo_show_layout(cr, layout)
        cairo_new_path(cr)
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

    private static func description(_ font: KeychainTemplate.Font, size: Double) -> OpaquePointer {
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, font.family)
        pango_font_description_set_weight(d, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(d, size * Double(PANGO_SCALE))
        return d
    }

    private func fontInfo(_ font: KeychainTemplate.Font) throws(FontNotInstalled) -> FontInfo {
        if let known = checkedFonts[font] { return try known.get() }
        let description = Self.description(font, size: Self.referenceSize)
        defer { pango_font_description_free(description) }
        let result: Result<FontInfo, FontNotInstalled>
        if let loaded = pango_font_map_load_font(fontMap, context, description) {
            let described = pango_font_describe(loaded)
            let family = String(cString: pango_font_description_get_family(described))
            pango_font_description_free(described)
            if NameKey(family) == NameKey(font.family) {
                let metrics = pango_font_get_metrics(loaded, nil)
                let unit = Double(PANGO_SCALE) * Self.referenceSize
                result = .success(FontInfo(font: loaded, ascent: Double(pango_font_metrics_get_ascent(metrics)) / unit,
                                           descent: Double(pango_font_metrics_get_descent(metrics)) / unit, family: family))
                pango_font_metrics_unref(metrics)
            } else {
                g_object_unref(UnsafeMutableRawPointer(loaded))
                result = .failure(FontNotInstalled(requested: font.family, substitute: family))
            }
        } else {
            result = .failure(FontNotInstalled(requested: font.family, substitute: "none"))
        }
        checkedFonts[font] = result
        return try result.get()
    }
}

/// fontconfig reads its configuration once, before any worker starts.
enum FontConfiguration {
    private static let initialised: Bool = { FcInit() != 0 }()
    static func initialiseOnce() { _ = initialised }
}

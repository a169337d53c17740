import Foundation
import MockhoaCore
import MockhoaRender

/// How a commune's print sheet is made: paper, spacing, marks, colours.
public struct SheetSettings: Hashable, Sendable, Encodable {
    public var options: SheetOptions
    public var cropMarks = true
    public var cutLine = true
    public var press = PressSettings()
    public init(options: SheetOptions, cropMarks: Bool = true, cutLine: Bool = true, press: PressSettings = PressSettings()) {
        self.options = options; self.cropMarks = cropMarks; self.cutLine = cutLine; self.press = press
    }
}

/// A rendered sheet and what it means for the print run.
public struct RenderedSheet {
    public var bytes: [UInt8]
    public var imposition: Imposition
    /// Copies on one sheet.
    public var copies: Int { imposition.fronts.count }
    /// Sheets to print for the commune's quantity (nil when the data gives none).
    public var sheetsNeeded: Int?
}

extension KeychainRenderer {
    /// Plans and draws `commune`'s print sheet: PDF (fronts, then backs) or a PNG proof.
    public func sheet(
        _ commune: Commune, settings: SheetSettings, format: RenderFormat, dpi: Double = 150,
        date: String
    ) throws -> RenderedSheet {
        try sheet(plan(commune), settings: settings, format: format, dpi: dpi, date: date)
    }

    /// Draws a planned keychain's print sheet.
    public func sheet(
        _ plan: KeychainPlan, settings: SheetSettings, format: RenderFormat, dpi: Double = 150,
        date: String
    ) throws -> RenderedSheet {
        let template = inputs.template, commune = plan.commune
        let imposition = try imposition(settings.options)
        let scenes = try plan.scenes()
        let copies = imposition.fronts.count
        let sheetsNeeded = commune.quantity.map { ($0 + copies - 1) / copies }
        let slugs = zip(scenes.indices, template.sides).map { index, side in
            Self.slugLine(
                district: inputs.directory.issuer.name, commune: commune.name, side: side.name,
                copies: copies, quantity: commune.quantity, sheets: sheetsNeeded,
                template: template.name, date: date)
        }
        let marks = SheetMarks(cropMarks: settings.cropMarks, cutLine: settings.cutLine, slugs: slugs, slugFont: template.font)
        let step =
            format == .pdf
            ? try inputs.pdfStep(
                settings.press, title: "\(inputs.directory.issuer.name) · \(commune.name) · sheet", date: date, bleed: 0, scenes: scenes)
            : (colours: nil, pdfx: nil)
        let bytes = try exporter.render(
            imposition.frames(of: scenes, marks: marks), as: format, dpi: dpi, date: date,
            colours: step.colours, pdfx: step.pdfx)
        return RenderedSheet(bytes: bytes, imposition: imposition, sheetsNeeded: sheetsNeeded)
    }

    /// "Cần Giuộc · Long Hậu · front · 18-up · 1500 pcs -> 84 sheets · template default · 2026-11-29"
    /// (`->`, not `→`: the slug line is set in the template's face, and Noto Sans has no arrow;
    /// Pango would take it from another font, one more embedded font in every sheet).
    static func slugLine(
        district: String, commune: String, side: String, copies: Int, quantity: Int?,
        sheets: Int?, template: String, date: String
    ) -> String {
        var parts = [district, commune, side, "\(copies)-up"]
        if let quantity, let sheets { parts.append("\(quantity) pcs -> \(sheets) sheet\(sheets == 1 ? "" : "s")") }
        parts += ["template \(template)", date]
        return parts.joined(separator: " · ")
    }
}

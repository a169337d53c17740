import MockhoaCore
import MockhoaRender

/// How a PDF is written for the maker: its colours, and whether it is PDF/X-4.
public struct PressSettings: Hashable, Sendable, Encodable {
    /// RGB as drawn, each colour's declared CMYK, or its named spot colour.
    public var colour = ColourMode.rgb
    /// PDF/X-4 with a CMYK output intent; needs `colour` cmyk.
    public var pdfx = false
    /// The output profile (ICC) for PDF/X; nil for Ghostscript's CMYK profile (`ICCProfile.defaultPath`).
    public var icc: String?

    public init(colour: ColourMode = .rgb, pdfx: Bool = false, icc: String? = nil) {
        self.colour = colour; self.pdfx = pdfx; self.icc = icc
    }

    /// Why these settings cannot go together, or nil.
    public var problem: Message? {
        if pdfx && colour != .cmyk { return Message("press.pdfxNeedsCMYK") }
        if icc != nil && !pdfx { return Message("press.iccNeedsPDFX") }
        return nil
    }
}

/// Why press settings cannot be used.
public struct PressSettingsError: MessageError {
    public var asMessage: Message
}

extension Inputs {
    /// The template's colours for the PDF step in `mode`; nil for RGB.
    /// - Throws: one error per colour the template does not declare well enough for `mode`.
    public func printColours(_ mode: ColourMode) throws(InputErrors) -> PrintColours? {
        guard mode != .rgb else { return nil }
        let problems = template.colours.problems(for: mode)
        guard problems.isEmpty else {
            throw InputErrors(problems.map { Diagnostic($0.message, at: SourceLocation(file: template.source), field: $0.field) })
        }
        return PrintColours(mode: mode, inks: template.colours.inks.map(\.ink))
    }

    /// What the PDF step does beyond the spot strokes: the colours, and PDF/X-4 (`title` and
    /// `date` for its metadata, `bleed` in mm between the page edge and the trim). In CMYK or
    /// spot colours, the pictures on `scenes` must be in the template's declared colours.
    /// - Throws: `PressSettingsError`, `InputErrors` (the template's or a picture's colours), `PDFXError` (the profile).
    public func pdfStep(
        _ press: PressSettings, title: String, date: String,
        bleed: Double, scenes: [Scene] = []
    ) throws -> (colours: PrintColours?, pdfx: PDFX?) {
        if let problem = press.problem { throw PressSettingsError(asMessage: problem) }
        let colours = try printColours(press.colour)
        if colours != nil {
            let files = Set(scenes.flatMap(\.items).compactMap { if case .picture(let path, _) = $0 { path } else { nil } })
            let inks = template.colours.inks.map(\.ink.rgb)
            let problems = files.sorted().flatMap { PictureLibrary.shared.printProblems(atPath: $0, inks: inks) }
            guard problems.isEmpty else { throw InputErrors(problems.map { Diagnostic($0, at: SourceLocation(file: template.source)) }) }
        }
        guard press.pdfx else { return (colours, nil) }
        let profile = try ICCProfile(path: press.icc ?? ICCProfile.defaultPath)
        return (colours, PDFX(profile: profile, title: title, date: date, bleed: bleed))
    }
}

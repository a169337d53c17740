import Foundation
import MockhoaCore
import MockhoaRender

/// Plans and draws keychains for one worker. It owns its Pango and Cairo objects (one
/// renderer per worker, never shared between threads).
public final class KeychainRenderer {
    public private(set) var inputs: Inputs
    let text: TextEngine
    private(set) var layout: KeychainLayout
    /// Draws frames into files with this renderer's text engine.
    let exporter: FrameDocument

    /// A renderer with its own Pango and Cairo objects, for one thread; `fonts` pins the fonts
    /// it sets type with (the system's by default).
    public init(inputs: Inputs, fonts: TextEngine.Fonts = .system) {
        self.inputs = inputs
        text = TextEngine(fonts: fonts)
        layout = KeychainLayout(template: inputs.template, measurer: text, encoder: QREncoder(), pictures: PictureLibrary.shared)
        exporter = FrameDocument(text: text)
    }

    /// Works on `inputs` from now on (a server's next draft of the directory).
    public func use(_ inputs: Inputs) {
        if inputs.template != self.inputs.template {
            layout = KeychainLayout(template: inputs.template, measurer: text, encoder: QREncoder(), pictures: PictureLibrary.shared)
        }
        self.inputs = inputs
    }

    /// `commune`'s keychain: its content filled in and its sides laid out.
    public func plan(_ commune: Commune) -> KeychainPlan { plan(commune, content: content(of: commune)) }

    /// `commune`'s keychain from its content as `content(of:)` filled it in.
    public func plan(_ commune: Commune, content: [SideContent]) -> KeychainPlan {
        KeychainPlan(commune: commune, content: content, sides: content.indices.map { side($0, of: content) })
    }

    /// What `commune`'s keychain says, every template filled in.
    public func content(of commune: Commune) -> [SideContent] {
        KeychainData(directory: inputs.directory, commune: commune).content(of: inputs.template)
    }

    /// Every side of `commune`'s keychain, laid out. Throws `LayoutError` for the first side
    /// that does not fit.
    public func scenes(for commune: Commune) throws(LayoutError) -> [Scene] { try plan(commune).scenes() }

    private func side(_ index: Int, of content: [SideContent]) -> Result<Scene, LayoutError> {
        Result { () throws(LayoutError) in try layout.layOut(content[index], sideIndex: index) }
    }

    /// Where the copies go on a sheet with `options`: the same for every commune, planned once.
    public func imposition(_ options: SheetOptions) throws(ImpositionError) -> Imposition {
        try Self.imposition(of: inputs.template, on: options)
    }

    /// Where `template`'s copies go on a sheet with `options`, planned once per process: every
    /// worker of a batch, and the check before it starts, use the same plan (placing crop marks
    /// clear of 17 neighbours for each of 36 copies takes a few milliseconds).
    public static func imposition(of template: KeychainTemplate, on options: SheetOptions) throws(ImpositionError) -> Imposition {
        let footprint = KeychainFootprint(trim: template.size, shape: template.shape, bleed: template.bleed)
        return try plans.value(for: PlanKey(footprint: footprint, options: options)) {
            Result { () throws(ImpositionError) in try Imposition.plan(footprint, on: options) }
        }.get()
    }

    private struct PlanKey: Hashable, Sendable { var footprint: KeychainFootprint; var options: SheetOptions }
    private static let plans = MemoCache<PlanKey, Result<Imposition, ImpositionError>>(limit: 16)  // a batch uses one

    /// A keychain preview file: `sides` picks which sides (nil: all; only those must fit); `press`
    /// applies to PDF.
    public func preview(
        _ commune: Commune, sides: [Int]? = nil, format: RenderFormat, dpi: Double,
        date: String, press: PressSettings = PressSettings()
    ) throws -> [UInt8] {
        try preview(plan(commune), sides: sides, format: format, dpi: dpi, date: date, press: press)
    }

    /// A keychain preview file of a planned keychain.
    public func preview(
        _ plan: KeychainPlan, sides: [Int]? = nil, format: RenderFormat, dpi: Double,
        date: String, press: PressSettings = PressSettings()
    ) throws -> [UInt8] {
        let all = plan.sides, commune = plan.commune
        let chosen = try (sides.map { $0.filter(all.indices.contains).map { all[$0] } } ?? all).map { try $0.get() }
        let scenes = chosen.isEmpty ? try all.map { try $0.get() } : chosen
        let step =
            format == .pdf
            ? try inputs.pdfStep(
                press, title: "\(inputs.directory.issuer.name) · \(commune.name)", date: date,
                bleed: inputs.template.bleed, scenes: scenes)
            : (colours: nil, pdfx: nil)
        let frames = format == .pdf ? KeychainPages.pages(scenes) : [KeychainPages.strip(scenes, asCut: format == .png)]
        return try exporter.render(frames, as: format, dpi: dpi, date: date, colours: step.colours, pdfx: step.pdfx)
    }
}

import MockhoaCore
import MockhoaRender

/// What a commune's files are made from, written as bytes in a fixed order and hashed: how a
/// re-run knows what it may skip. The commune's part is its filled-in content (what its sides
/// say, neighbours' numbers included), which the worker needs for drawing anyway, so nothing
/// is filled twice; the rest is built by hand from the template and the options, once per
/// batch, with no reflection, and reads the same in every process. A server's picture of one
/// side is keyed the same way (`init(template:format:dpi:date:)`, `hash(side:at:)`).
public struct InputFingerprint: Sendable {
    private var bytes: [UInt8] = []

    /// What every commune of a batch shares: program version, template (colours' print values
    /// and mould limits included), issuer (its name and the title the overview and proofs print),
    /// options (colour mode, PDF/X and its profile included).
    init(template: KeychainTemplate, issuer: Issuer, options: BatchOptions) {
        add(MockhoaVersion.current)
        add(template)
        add(issuer.name); add(issuer.title)
        let sheet = options.sheet, paper = sheet.options
        add(paper.paper.name); add(paper.paper.size.width); add(paper.paper.size.height)
        add(paper.margin); add(paper.gap); add(paper.copies ?? -1); add(paper.slugHeight)
        add(sheet.cropMarks); add(sheet.cutLine)
        add(sheet.press.colour.rawValue); add(sheet.press.pdfx); add(sheet.press.icc.map { [$0] } ?? [])
        add(options.formats.map(\.rawValue).sorted()); add(options.overview); add(options.proof)
        add(options.previewDPI); add(options.date)
    }

    /// What every picture of one side shares: program version, template, format, resolution, date.
    public init(template: KeychainTemplate, format: RenderFormat, dpi: Double, date: String) {
        add(MockhoaVersion.current)
        add(template)
        add(format.rawValue); add(dpi); add(date)
    }

    /// The SHA-256 (hex) of the shared part and one side's content, the `index`th of the template.
    public func hash(side content: SideContent, at index: Int) -> String {
        var f = self
        f.add(index); f.add(content.fingerprint)
        return sha256Hex(f.bytes)
    }

    /// The SHA-256 (hex) of the shared part, `content` and what the slug line, the overview and
    /// the order sheet add (the commune's name, kind, quantity and former units).
    func hash(_ content: [SideContent], commune: Commune) -> String {
        var f = self
        f.add(content.map(\.fingerprint)); f.add(commune.name); f.add(commune.kind.rawValue); f.add(commune.quantity ?? -1)
        f.add(commune.formerly)
        return sha256Hex(f.bytes)
    }

    // MARK: Encoding: every value is length- or type-delimited, so no two inputs write the same bytes.

    private mutating func add(_ s: String) { add(s.utf8.count); bytes += s.utf8 }
    private mutating func add(_ i: Int) { withUnsafeBytes(of: Int64(i).littleEndian) { bytes += $0 } }
    private mutating func add(_ d: Double) { withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes += $0 } }
    private mutating func add(_ b: Bool) { bytes.append(b ? 1 : 0) }
    private mutating func add(_ strings: [String]) { add(strings.count); strings.forEach { add($0) } }
    private mutating func add(_ c: Color) { add(c.red); add(c.green); add(c.blue) }

    private mutating func add(_ t: KeychainTemplate) {
        add(t.name); add(t.size.width); add(t.size.height); add(t.bleed); add(t.safeMargin)
        if let h = t.hole { add(1); add(h.diameter); add(h.center.x); add(h.center.y); add(h.clearance) } else { add(0) }
        if let b = t.border { add(1); add(b.inset); add(b.width) } else { add(0) }
        let c = t.colours
        [c.background, c.text, c.border, c.qrTile, c.qrModules].forEach { add($0) }
        add(c.inks.count)
        for declared in c.inks {
            add(declared.field); add(declared.ink.rgb); add(declared.ink.spot.map { [$0] } ?? [])
            add(declared.ink.cmyk?.count ?? -1); declared.ink.cmyk?.forEach { add($0) }
        }
        if let m = t.mould {
            add(1); add(m.letterHeight); add(m.raisedLine); add(m.recessedLine); add(m.edgeClearance)
        } else { add(0) }
        add(t.font.family); add(t.font.bold); add(t.font.minimumSize); add(t.lineSpacing)
        let styles = t.styles.sorted { $0.key < $1.key }  // dictionary order varies per process
        add(styles.count)
        for (name, style) in styles { add(name); add(style.scale); add(style.maximumSize) }
        add(t.sides.count)
        for side in t.sides {
            add(side.name); add(side.elements.count)
            for element in side.elements {
                switch element {
                case .text(let template, let style, let breakable):
                    add(1); add(template); add(style); add(breakable)
                case .list(let source, let item, let heading, let style, let headingStyle, let columns):
                    add(2); add(source); add(item); add(heading.map { [$0] } ?? []); add(style); add(headingStyle)
                    add(columns.rawValue)
                case .qr(let data, let size, let end, let quietZone):
                    add(3); add(data); add(size); add(end.rawValue); add(quietZone)
                }
            }
        }
    }
}

import Foundation
import MockhoaCore
import MockhoaRender

/// What a commune's files are made from, encoded as JSON with sorted keys and hashed: how a
/// re-run knows what it may skip. The template and the sheet settings are encoded whole, so a
/// field added to them counts without a line here. The commune's part is its filled-in content
/// (what its sides say, neighbours' numbers included), which the worker needs for drawing
/// anyway. A server's picture of one side is keyed the same way (`init(template:format:dpi:date:)`,
/// `hash(side:at:)`), and so is its plan of a keychain (`init(template:)`, `hash(plan:)`).
public struct InputFingerprint: Sendable {
    /// The JSON of what every file of the batch (or every picture) shares.
    private let shared: Data

    /// What every commune of a batch shares: program version, template, issuer (its name and
    /// the title the overview and proofs print), sheet settings and what the batch makes.
    init(template: KeychainTemplate, issuer: Issuer, options: BatchOptions) {
        shared = Self.json(
            Batch(
                version: MockhoaVersion.current, template: Self.placeless(template), issuer: issuer.name,
                issuerTitle: issuer.title, sheet: options.sheet,
                formats: options.formats.map(\.rawValue).sorted(), overview: options.overview,
                proof: options.proof, previewDPI: options.previewDPI, date: options.date))
    }

    /// What every picture of one side shares: program version, template, format, resolution, date.
    public init(template: KeychainTemplate, format: RenderFormat, dpi: Double, date: String) {
        shared = Self.json(
            Picture(
                version: MockhoaVersion.current, template: Self.placeless(template), format: format.rawValue,
                dpi: dpi, date: date))
    }

    /// What every plan of a keychain shares: program version and template (a plan does not
    /// depend on format, resolution or date).
    public init(template: KeychainTemplate) {
        shared = Self.json(Plan(version: MockhoaVersion.current, template: Self.placeless(template)))
    }

    /// The SHA-256 (hex) of the shared part and what a keychain's sides say: the key of its plan.
    public func hash(plan content: [SideContent]) -> String { hash(content) }

    /// The SHA-256 (hex) of the shared part and one side's content, the `index`th of the template.
    public func hash(side content: SideContent, at index: Int) -> String {
        hash(Side(index: index, content: content))
    }

    /// The SHA-256 (hex) of the shared part, `content` and what the slug line, the overview and
    /// the order sheet add (the commune's name, kind, quantity and former units).
    func hash(_ content: [SideContent], commune: Commune) -> String {
        hash(
            Keychain(
                content: content, name: commune.name, kind: commune.kind.rawValue, quantity: commune.quantity,
                formerly: commune.formerly))
    }

    private func hash(_ part: some Encodable) -> String { sha256Hex(Array(shared) + [0x0A] + Array(Self.json(part))) }

    private static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Every part is made of strings, numbers, lists and records: encoding cannot fail.
        return try! encoder.encode(value)
    }

    /// The template without where it was read from: the same design from another folder is the same.
    private static func placeless(_ template: KeychainTemplate) -> KeychainTemplate {
        var t = template
        t.source = ""
        return t
    }

    private struct Batch: Encodable {
        var version: String, template: KeychainTemplate, issuer: String, issuerTitle: String, sheet: SheetSettings
        var formats: [String], overview: Bool, proof: Bool, previewDPI: Double, date: String
    }
    private struct Picture: Encodable { var version: String, template: KeychainTemplate, format: String, dpi: Double, date: String }
    private struct Plan: Encodable { var version: String, template: KeychainTemplate }
    private struct Side: Encodable { var index: Int, content: SideContent }
    private struct Keychain: Encodable {
        var content: [SideContent], name: String, kind: String, quantity: Int?, formerly: [String]
    }
}

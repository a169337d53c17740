import Foundation
import MockhoaCore
import MockhoaRender

extension KeychainRenderer {
    /// `commune`'s mould proof: one A4 page, every colour as its spot colour, text as outlines.
    /// - Throws: `InputErrors` when a template colour has no spot name or CMYK, `LayoutError`.
    public func proof(_ commune: Commune, date: String) throws -> [UInt8] {
        let template = inputs.template
        let colours = try inputs.printColours(.spot)!
        let issuer = inputs.directory.issuer
        var detail = [commune.quantity.map { "\($0) pcs" } ?? "quantity not given",
                      "template \(template.name) (\(template.mould == nil ? "print" : "mould"))", date]
        if template.mould == nil { detail.insert("not a mould template", at: 0) }
        let caption = ProofDocument.Caption(title: "CA \(commune.kind.rawValue) \(commune.name) — \(issuer.title)",
                                            detail: detail.joined(separator: " · "))
        return try ProofDocument(text: text).render(try scenes(for: commune), template: template, caption: caption,
                                                    date: date, colours: colours)
    }
}

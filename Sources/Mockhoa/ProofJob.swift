import Foundation
import MockhoaCore
import MockhoaRender

extension KeychainRenderer {
    /// `commune`'s mould proof: one A4 page, every colour as its spot colour, text as outlines.
    /// Its own words are in `language`.
    /// - Throws: `InputErrors` when a template colour has no spot name or CMYK, `LayoutError`.
    public func proof(_ commune: Commune, date: String, language: Language) throws -> [UInt8] {
        try proof(plan(commune), date: date, language: language)
    }

    /// A planned keychain's mould proof, its own words in `language`.
    public func proof(_ plan: KeychainPlan, date: String, language: Language) throws -> [UInt8] {
        let template = inputs.template, commune = plan.commune
        let colours = try inputs.printColours(.spot)!
        let issuer = inputs.directory.issuer
        var detail = [
            (commune.quantity.map { Message("document.pieces", $0) } ?? Message("proof.quantityMissing")).text(in: language),
            Message("proof.template", template.name, Message(template.mould == nil ? "proof.print" : "proof.mould")).text(in: language),
            date,
        ]
        if template.mould == nil { detail.insert(Message("proof.notMould").text(in: language), at: 0) }
        let caption = ProofPage.Caption(
            title: Message("proof.unit", commune.kind.rawValue, commune.name, issuer.title).text(in: language),
            detail: detail.joined(separator: " · "))
        let page = try ProofPage.frame(try plan.scenes(), template: template, caption: caption, measuring: text, language: language)
        return try FrameDocument(text: text, textAsOutlines: true).render([page], as: .pdf, date: date, colours: colours)
    }
}

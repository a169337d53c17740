import MockhoaCore

/// One commune's keychain, planned once: what each side says with every template filled in,
/// and each side laid out or why it does not fit. Sheets, previews, proofs and the overview
/// are all drawn from it.
public struct KeychainPlan: Sendable {
    public var commune: Commune
    /// What each side says.
    public var content: [SideContent]
    /// Each side laid out, or why it does not fit: a page shows the side that fits beside the
    /// error of the one that does not.
    public var sides: [Result<Scene, LayoutError>]

    /// Every side, laid out; throws `LayoutError` for the first that does not fit.
    public func scenes() throws(LayoutError) -> [Scene] {
        var out: [Scene] = []
        for side in sides { out.append(try side.get()) }
        return out
    }
}

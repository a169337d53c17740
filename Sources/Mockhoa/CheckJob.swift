import Foundation
import MockhoaCore
import MockhoaRender

/// `mockhoa check`: lays out every commune and lists each problem once.
public struct CheckReport: Sendable {
    public var diagnostics: [Diagnostic]
    public var communes: Int
    public var sides: Int
    /// The smallest type used anywhere, in points, and where.
    public var smallest: (points: Double, commune: String, side: String)?
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension KeychainRenderer {
    /// Lays out every commune. A problem several communes share (the district's front, say)
    /// is reported once, naming them all.
    public func check() -> CheckReport { check(planning: { plan($0) }) }

    /// `check()` with each commune's plan from `planning` (a server's plans kept by fingerprint).
    public func check(planning: (Commune) -> KeychainPlan) -> CheckReport {
        var smallest: (points: Double, commune: String, side: String)?
        var failures: [(error: LayoutError, communes: [Commune])] = []
        var pictures: [String: Double] = [:]  // each picture file and the height it prints at
        for commune in inputs.directory.communes {
            do {
                let sides = try planning(commune).scenes()
                for case .picture(let path, let rect) in sides.flatMap(\.items) { pictures[path] = max(pictures[path] ?? 0, rect.height) }
                for (scene, side) in zip(sides, inputs.template.sides) {
                    for run in scene.texts where smallest == nil || run.sizePoints < smallest!.points {
                        smallest = (run.sizePoints, commune.name, side.name)
                    }
                }
            } catch {
                if let i = failures.firstIndex(where: { $0.error == error }) {
                    failures[i].communes.append(commune)
                } else {
                    failures.append((error, [commune]))
                }
            }
        }
        // One commune: where it is in the data. Several: the template they share is the cause.
        let errors = failures.map { failure in
            let communes = failure.communes
            guard communes.count > 1 else {
                return Diagnostic(failure.error.asMessage, at: communes[0].source, commune: communes[0].name)
            }
            let which =
                communes.count == inputs.directory.communes.count
                ? Message("check.everyCommune")
                : Message("check.someCommunes", communes.count, communes.map(\.name).joined(separator: ", "))
            return Diagnostic(
                Message("label.prefix", which, failure.error.asMessage),
                at: SourceLocation(file: inputs.template.source))
        }
        // A picture in pixels coarser than print needs, once per file.
        let coarse = pictures.keys.sorted().compactMap { path in
            (try? PictureLibrary.shared.picture(atPath: path))?.resolutionWarning(atHeightMillimetres: pictures[path]!)
        }
        return CheckReport(
            diagnostics: inputs.warnings + coarse + errors, communes: inputs.directory.communes.count,
            sides: inputs.template.sides.count, smallest: smallest)
    }
}

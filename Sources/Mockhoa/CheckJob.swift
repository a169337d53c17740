import Foundation
import MockhoaCore

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
    public func check() -> CheckReport {
        var smallest: (points: Double, commune: String, side: String)?
        var failures: [(message: String, communes: [String])] = []
        for commune in inputs.directory.communes {
            do {
                let sides = try scenes(for: commune)
                for (scene, side) in zip(sides, inputs.template.sides) {
                    for run in scene.texts where smallest == nil || run.sizePoints < smallest!.points {
                        smallest = (run.sizePoints, commune.name, side.name)
                    }
                }
            } catch {
                if let i = failures.firstIndex(where: { $0.message == error.description }) {
                    failures[i].communes.append(commune.name)
                } else {
                    failures.append((error.description, [commune.name]))
                }
            }
        }
        let location = SourceLocation(file: inputs.template.source)
        let errors = failures.map { failure in
            failure.communes.count == 1
                ? Diagnostic(failure.message, at: location, commune: failure.communes[0])
                : Diagnostic("\(failure.communes.count == inputs.directory.communes.count ? "every commune" : "\(failure.communes.count) communes (\(failure.communes.joined(separator: ", ")))"): \(failure.message)",
                             at: location)
        }
        return CheckReport(diagnostics: inputs.warnings + errors, communes: inputs.directory.communes.count,
                           sides: inputs.template.sides.count, smallest: smallest)
    }
}

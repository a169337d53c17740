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
    public func check() -> CheckReport {
        var diagnostics = inputs.warnings
        var smallest: (points: Double, commune: String, side: String)?
        for commune in inputs.directory.communes {
            do {
                let sides = try scenes(for: commune)
                for (scene, side) in zip(sides, inputs.template.sides) {
                    for run in scene.texts where smallest == nil || run.sizePoints < smallest!.points {
                        smallest = (run.sizePoints, commune.name, side.name)
                    }
                }
            } catch {
                diagnostics.append(Diagnostic(error.description, at: SourceLocation(file: inputs.template.name),
                                              commune: commune.name))
            }
        }
        return CheckReport(diagnostics: diagnostics, communes: inputs.directory.communes.count,
                           sides: inputs.template.sides.count, smallest: smallest)
    }
}
